import { describe, expect, it } from 'vitest';
import { cell, renderConsole, renderMarkdown, summary } from '../../conformance/render.ts';
import { buildStatement } from '../../conformance/statement.ts';
import { readVitestReport } from '../../conformance/vitest-results.ts';

describe('readVitestReport', () => {
  it('takes each test with its file relative to the root, its titles and how it ended', () => {
    const read = readVitestReport(
      {
        testResults: [
          {
            name: '/repo/test/core/a.test.ts',
            status: 'failed',
            assertionResults: [
              { ancestorTitles: ['outer', 'inner'], title: 'passes', status: 'passed' },
              { ancestorTitles: [], title: 'fails', status: 'failed' },
              { ancestorTitles: ['outer'], title: 'is skipped', status: 'skipped' },
              { ancestorTitles: ['outer'], title: 'is to do', status: 'todo' },
              { ancestorTitles: ['outer'], title: 'is pending', status: 'pending' },
            ],
          },
        ],
      },
      '/repo',
    );
    expect(read).toEqual({
      tests: [
        { file: 'test/core/a.test.ts', titles: ['outer', 'inner', 'passes'], status: 'passed' },
        { file: 'test/core/a.test.ts', titles: ['fails'], status: 'failed' },
        { file: 'test/core/a.test.ts', titles: ['outer', 'is skipped'], status: 'skipped' },
        { file: 'test/core/a.test.ts', titles: ['outer', 'is to do'], status: 'skipped' },
        { file: 'test/core/a.test.ts', titles: ['outer', 'is pending'], status: 'skipped' },
      ],
      runErrors: [],
    });
  });

  it('reports a file that failed with no failing test, by the first line of its message', () => {
    const read = readVitestReport(
      {
        testResults: [
          {
            name: '/repo/test/b.test.ts',
            status: 'failed',
            message: 'Failed to load url ../missing.ts\n    at stack',
            assertionResults: [],
          },
        ],
      },
      '/repo',
    );
    expect(read.runErrors).toEqual([
      'test/b.test.ts failed outside its tests: Failed to load url ../missing.ts',
    ]);
  });
});

describe('rendering the statement', () => {
  const statement = buildStatement(
    [
      { id: 'FC-2.5-ack-every-event', source: 'FHIRcast §2.5', requires: 'acks every event | with a status' },
      { id: 'IRA-RAD-154-resumed', source: 'IRA RAD-154', requires: 'resumes reports' },
      {
        id: 'IRA-LAUNCH-start-session',
        source: 'IRA volume 1',
        requires: 'starts',
        unsupported: 'the app’s part',
      },
    ],
    [
      { file: 'test/a.test.ts', titles: ['acks', 'with <200> [FC-2.5-ack-every-event]'], status: 'passed' },
      { file: 'test/b.test.ts', titles: ['acks *too* [FC-2.5-ack-every-event]'], status: 'failed' },
    ],
  );

  it('counts the rows by result', () => {
    expect(summary(statement)).toBe('3 requirements: 1 fail, 1 no test, 1 unsupported');
  });

  it('writes a row per requirement under its standard, the tests by file and shown name', () => {
    const markdown = renderMarkdown(statement);
    expect(markdown).toContain(
      '| `FC-2.5-ack-every-event` | FHIRcast §2.5 | acks every event \\| with a status | `test/a.test.ts` › acks › with \\<200\\><br>`test/b.test.ts` › acks \\*too\\* (failed) | fail |',
    );
    expect(markdown).toContain(
      '| `IRA-RAD-154-resumed` | IRA RAD-154 | resumes reports | no test | no test |',
    );
    expect(markdown).toContain(
      '| `IRA-LAUNCH-start-session` | IRA volume 1 | starts | unsupported: the app’s part | unsupported |',
    );
    expect(markdown.indexOf('## FHIRcast')).toBeLessThan(markdown.indexOf('FC-2.5-ack-every-event`'));
    expect(markdown.indexOf('## IHE IRA')).toBeLessThan(markdown.indexOf('IRA-RAD-154-resumed`'));
    expect(markdown).toContain(
      '## Not yet proof\n\n- no test proves IRA-RAD-154-resumed\n- failed: test/b.test.ts › acks \\*too\\*\n',
    );
  });

  it('prints a line per requirement and the problems for a terminal', () => {
    expect(renderConsole(statement).split('\n')).toEqual([
      'fail        FC-2.5-ack-every-event    2 tests',
      'no test     IRA-RAD-154-resumed       0 tests',
      'unsupported IRA-LAUNCH-start-session  the app’s part',
      '',
      '✗ no test proves IRA-RAD-154-resumed',
      '✗ failed: test/b.test.ts › acks *too*',
      '',
      '3 requirements: 1 fail, 1 no test, 1 unsupported',
    ]);
  });

  it('keeps a table cell on one line and escapes what Markdown would act on', () => {
    expect(cell('a | b\nc `d` *e* _f_ <g> [h] \\i')).toBe(
      'a \\| b c \\`d\\` \\*e\\* \\_f\\_ \\<g\\> \\[h\\] \\\\i',
    );
  });
});
