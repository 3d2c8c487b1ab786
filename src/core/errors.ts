/** An error from a FHIRcast operation, with the hub's HTTP status when there was one. */
export class FhircastError extends Error {
  readonly status: number | undefined;
  /** True when the client fetched the hub's context after the failure (a stale update, for instance). */
  readonly resynced: boolean;

  constructor(message: string, options: { status?: number; resynced?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FhircastError';
    this.status = options.status;
    this.resynced = options.resynced ?? false;
  }
}
