/**
 * `npm run conformance`: runs the `node` and `jsdom` test projects (the browser and Storybook ones take too
 * long for this), maps each requirement of `conformance/requirements.ts` to the tests whose names carry its
 * id in brackets, prints the table and writes CONFORMANCE.md. Exits 1 when a requirement has no test, any
 * test fails, or a test names an id the catalogue does not have.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderConsole, renderMarkdown } from '../conformance/render.ts';
import { REQUIREMENTS } from '../conformance/requirements.ts';
import { buildStatement } from '../conformance/statement.ts';
import { readVitestReport, type VitestJsonReport } from '../conformance/vitest-results.ts';

const repo = fileURLToPath(new URL('..', import.meta.url));

/** Runs the tests into a JSON report in `work`, writes the statement, and answers the exit code. */
function conformance(work: string): number {
  const reportPath = join(work, 'vitest.json');
  const vitest = join(repo, 'node_modules', 'vitest', 'vitest.mjs');
  const args = ['run', '--project', 'node', '--project', 'jsdom', '--reporter=dot', '--reporter=json'];
  const run = spawnSync(process.execPath, [vitest, ...args, `--outputFile.json=${reportPath}`], {
    cwd: repo,
    stdio: 'inherit',
  });
  if (!existsSync(reportPath)) {
    console.error(`conformance: Vitest wrote no report (exit ${run.status ?? run.signal})`);
    return 1;
  }
  const report = JSON.parse(readFileSync(reportPath, 'utf8')) as VitestJsonReport;
  const { tests, runErrors } = readVitestReport(report, repo);
  // A failure Vitest saw outside every test file (an unhandled error, say) spoils the run all the same.
  if (run.status !== 0 && runErrors.length === 0 && !tests.some((test) => test.status === 'failed')) {
    runErrors.push(`Vitest exited with ${run.status ?? run.signal} though no test failed`);
  }
  const statement = buildStatement(REQUIREMENTS, tests, runErrors);
  writeFileSync(join(repo, 'CONFORMANCE.md'), renderMarkdown(statement));
  console.log(`\n${renderConsole(statement)}\nwrote CONFORMANCE.md`);
  return statement.problems.length > 0 ? 1 : 0;
}

const work = mkdtempSync(join(tmpdir(), 'react-fhircast-conformance-'));
try {
  process.exitCode = conformance(work);
} finally {
  rmSync(work, { recursive: true, force: true });
}
