import { relative } from 'node:path';
import type { TestOutcome } from './statement.ts';

/** The part of Vitest's `json` reporter output the statement reads. */
export interface VitestJsonReport {
  testResults: {
    /** Absolute path of the test file. */
    name: string;
    status: string;
    message?: string;
    assertionResults: { ancestorTitles: string[]; title: string; status: string }[];
  }[];
}

/**
 * The tests of a Vitest JSON report, with files relative to `root`, and the files that failed without a
 * failing test to show for it (one that did not load, or failed in a hook outside any test).
 */
export function readVitestReport(
  report: VitestJsonReport,
  root: string,
): { tests: TestOutcome[]; runErrors: string[] } {
  const tests: TestOutcome[] = [];
  const runErrors: string[] = [];
  for (const file of report.testResults) {
    const path = relative(root, file.name).split('\\').join('/');
    for (const result of file.assertionResults) {
      tests.push({
        file: path,
        titles: [...result.ancestorTitles, result.title],
        status: statusOf(result.status),
      });
    }
    if (file.status === 'failed' && !file.assertionResults.some((result) => result.status === 'failed')) {
      const message = file.message?.trim().split('\n')[0] || 'no message';
      runErrors.push(`${path} failed outside its tests: ${message}`);
    }
  }
  return { tests, runErrors };
}

/** Vitest's "passed" and "failed" stand; "skipped", "pending" and "todo" proved nothing. */
function statusOf(status: string): TestOutcome['status'] {
  if (status === 'passed' || status === 'failed') return status;
  return 'skipped';
}
