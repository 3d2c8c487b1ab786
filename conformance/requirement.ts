/** One requirement the conformance statement accounts for. */
export interface Requirement {
  /**
   * Stable id, written in brackets in the names of the tests that prove it: `FC-<section>-<name>` for
   * FHIRcast 3.0.0, `IRA-RAD-<transaction>-<name>` or `IRA-<AREA>-<name>` for IHE IRA.
   */
  readonly id: string;
  /** Where the rule is written: the FHIRcast section, or the IRA transaction and the actors it binds. */
  readonly source: string;
  /** What the rule asks of the kit, in one line of our own words. */
  readonly requires: string;
  /** Why the kit does not do it; such a requirement needs no test, and no test may claim it. */
  readonly unsupported?: string;
}
