import type { Requirement } from './requirement.ts';

/** One test of a run: its file (relative to the repository), its full name, and how it ended. */
export interface TestOutcome {
  readonly file: string;
  /** Its full name: the titles of its describe blocks, outermost first, then its own. */
  readonly titles: readonly string[];
  readonly status: 'passed' | 'failed' | 'skipped';
}

/** How a requirement stands after the run. */
export type RowResult = 'pass' | 'fail' | 'not run' | 'no test' | 'unsupported';

/** One requirement with the tests whose names claim it. */
export interface StatementRow {
  readonly requirement: Requirement;
  readonly tests: readonly TestOutcome[];
  readonly result: RowResult;
}

/** The statement, and every reason the run cannot stand as proof (the script exits 1 on any). */
export interface Statement {
  readonly rows: readonly StatementRow[];
  readonly problems: readonly string[];
}

/** A bracketed group that starts like a requirement id: `[FC-…]`, `[IRA-… IRA-…]`, `[ira …]`. */
const ID_GROUP = /\[((?:FC|IRA)\b[^\]]*)\]/gi;

/** The requirement ids a test name claims, in order, from every bracketed group that starts like an id. */
export function claimedIds(name: string): string[] {
  return [...name.matchAll(ID_GROUP)].flatMap((match) =>
    (match[1] as string).split(/[\s,]+/).filter((token) => token !== ''),
  );
}

/** A test's titles as a reader wants them: the id groups taken out, and titles left empty dropped. */
export function shownTitles(test: TestOutcome): string[] {
  return test.titles
    .map((title) => title.replace(ID_GROUP, '').replace(/\s+/g, ' ').trim())
    .filter((title) => title !== '');
}

/** A test named for messages: its file and shown titles, joined with " › ". */
export const testLabel = (test: TestOutcome) => [test.file, ...shownTitles(test)].join(' › ');

/**
 * Maps each requirement to the tests that claim its id and judges it: pass when every such test passed,
 * fail when one failed, not run when all were skipped, no test when none claims it. `runErrors` are
 * failures outside any test (a file that did not load). Problems: duplicate ids in the catalogue, ids in
 * test names the catalogue lacks, tests claiming an unsupported requirement, requirements left unproven,
 * and every failed test, claimed or not.
 */
export function buildStatement(
  requirements: readonly Requirement[],
  tests: readonly TestOutcome[],
  runErrors: readonly string[] = [],
): Statement {
  const problems: string[] = [];
  const claims = new Map<string, TestOutcome[]>(requirements.map((requirement) => [requirement.id, []]));
  const seen = new Set<string>();
  for (const { id } of requirements) {
    if (seen.has(id)) problems.push(`the catalogue lists ${id} twice`);
    seen.add(id);
  }
  for (const test of tests) {
    const unknown: string[] = [];
    for (const id of new Set(claimedIds(test.titles.join(' ')))) {
      const claimed = claims.get(id);
      if (claimed) claimed.push(test);
      else unknown.push(id);
    }
    if (unknown.length > 0)
      problems.push(`${testLabel(test)} names ${unknown.join(', ')}: not in the catalogue`);
  }
  const rows = requirements.map((requirement): StatementRow => {
    const claimed = [...(claims.get(requirement.id) ?? [])].sort(byLabel);
    const result = judge(requirement, claimed);
    if (requirement.unsupported !== undefined && claimed.length > 0) {
      const by = claimed.map(testLabel).join('; ');
      problems.push(`${requirement.id} is marked unsupported, yet ${by} claims it`);
    }
    if (result === 'no test') problems.push(`no test proves ${requirement.id}`);
    if (result === 'not run') problems.push(`every test of ${requirement.id} was skipped`);
    return { requirement, tests: claimed, result };
  });
  for (const test of tests) if (test.status === 'failed') problems.push(`failed: ${testLabel(test)}`);
  problems.push(...runErrors);
  return { rows, problems };
}

function judge(requirement: Requirement, tests: readonly TestOutcome[]): RowResult {
  if (requirement.unsupported !== undefined) return 'unsupported';
  if (tests.length === 0) return 'no test';
  if (tests.some((test) => test.status === 'failed')) return 'fail';
  return tests.some((test) => test.status === 'passed') ? 'pass' : 'not run';
}

function byLabel(a: TestOutcome, b: TestOutcome): number {
  return testLabel(a).localeCompare(testLabel(b));
}
