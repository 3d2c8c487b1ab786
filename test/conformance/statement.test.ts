import { describe, expect, it } from 'vitest';
import type { Requirement } from '../../conformance/requirement.ts';
import { buildStatement, claimedIds, type TestOutcome, testLabel } from '../../conformance/statement.ts';

const ACK: Requirement = { id: 'FC-2.5-ack-every-event', source: 'FHIRcast §2.5', requires: 'acks' };
const RESUME: Requirement = { id: 'IRA-RAD-154-resumed', source: 'IRA RAD-154', requires: 'resumes' };
const LAUNCH: Requirement = {
  id: 'IRA-LAUNCH-start-session',
  source: 'IRA volume 1',
  requires: 'starts sessions',
  unsupported: 'the app does that',
};

const test = (titles: string[], status: TestOutcome['status'] = 'passed', file = 'test/a.test.ts') => ({
  file,
  titles,
  status,
});

describe('claimedIds', () => {
  it('reads one id, several ids in one group, and ids in several groups', () => {
    expect(claimedIds('acks every event [FC-2.5-ack-every-event]')).toEqual(['FC-2.5-ack-every-event']);
    expect(claimedIds('resumes [IRA-RAD-154-resumed, IRA-RAD-153-after-close] and [FC-2.4-denial]')).toEqual([
      'IRA-RAD-154-resumed',
      'IRA-RAD-153-after-close',
      'FC-2.4-denial',
    ]);
    expect(claimedIds('[IRA-MULTI-HUB] [IRA-HUB-409-not-open] two hubs')).toEqual([
      'IRA-MULTI-HUB',
      'IRA-HUB-409-not-open',
    ]);
  });

  it('leaves brackets that are not ids alone', () => {
    expect(claimedIds('takes localhost, 127.0.0.1 and [::1] for one host')).toEqual([]);
    expect(claimedIds('answers 400 when event["hub.topic"] differs')).toEqual([]);
    expect(claimedIds('[FCx] and [IRAQ] are words, not ids')).toEqual([]);
  });

  it('reads a group that starts like an id in any case, so its misspellings can be caught', () => {
    expect(claimedIds('[IRA RAD-154 Report Creator] resumes')).toEqual([
      'IRA',
      'RAD-154',
      'Report',
      'Creator',
    ]);
    expect(claimedIds('[fc-2.5-ack-every-event] acks')).toEqual(['fc-2.5-ack-every-event']);
  });
});

describe('testLabel', () => {
  it('joins the file and the titles with › and leaves the ids out, dropping a title that was only ids', () => {
    const tagged = test(['[IRA-RAD-154-resumed]', 'a report', 'comes back [FC-2.4-denial]  whole']);
    expect(testLabel(tagged)).toBe('test/a.test.ts › a report › comes back whole');
  });
});

describe('buildStatement', () => {
  it('passes a requirement every claiming test passed, a describe around them claiming it too', () => {
    const statement = buildStatement(
      [ACK],
      [
        test(['acks 200 [FC-2.5-ack-every-event]'], 'passed', 'test/z.test.ts'),
        test(['acknowledgements [FC-2.5-ack-every-event]', 'acks a heartbeat'], 'passed'),
        test(['does something else'], 'passed'),
      ],
    );
    expect(statement.problems).toEqual([]);
    expect(statement.rows).toEqual([
      {
        requirement: ACK,
        result: 'pass',
        tests: [
          test(['acknowledgements [FC-2.5-ack-every-event]', 'acks a heartbeat'], 'passed'),
          test(['acks 200 [FC-2.5-ack-every-event]'], 'passed', 'test/z.test.ts'),
        ],
      },
    ]);
  });

  it('fails a requirement one of whose tests failed, and names every failed test, claimed or not', () => {
    const statement = buildStatement(
      [ACK],
      [
        test(['acks [FC-2.5-ack-every-event]'], 'failed'),
        test(['acks too [FC-2.5-ack-every-event]']),
        test(['other'], 'failed'),
      ],
    );
    expect(statement.rows.map((row) => row.result)).toEqual(['fail']);
    expect(statement.problems).toEqual(['failed: test/a.test.ts › acks', 'failed: test/a.test.ts › other']);
  });

  it('says which requirements no test proves, and which only skipped tests claim', () => {
    const statement = buildStatement([ACK, RESUME], [test(['resumes [IRA-RAD-154-resumed]'], 'skipped')]);
    expect(statement.rows.map((row) => [row.requirement.id, row.result])).toEqual([
      ['FC-2.5-ack-every-event', 'no test'],
      ['IRA-RAD-154-resumed', 'not run'],
    ]);
    expect(statement.problems).toEqual([
      'no test proves FC-2.5-ack-every-event',
      'every test of IRA-RAD-154-resumed was skipped',
    ]);
  });

  it('lists an unsupported requirement without a test, and refuses a test that claims it', () => {
    expect(buildStatement([LAUNCH], [])).toEqual({
      rows: [{ requirement: LAUNCH, tests: [], result: 'unsupported' }],
      problems: [],
    });
    const claimed = buildStatement([LAUNCH], [test(['starts [IRA-LAUNCH-start-session]'])]);
    expect(claimed.rows.map((row) => row.result)).toEqual(['unsupported']);
    expect(claimed.problems).toEqual([
      'IRA-LAUNCH-start-session is marked unsupported, yet test/a.test.ts › starts claims it',
    ]);
  });

  it('refuses ids the catalogue does not have, the old bracket form included', () => {
    const statement = buildStatement(
      [ACK],
      [test(['acks [FC-2.5-ack-evry-event, FC-2.5-ack-every-event]']), test(['[IRA RAD-154] resumes'])],
    );
    expect(statement.rows.map((row) => row.result)).toEqual(['pass']);
    expect(statement.problems).toEqual([
      'test/a.test.ts › acks names FC-2.5-ack-evry-event: not in the catalogue',
      'test/a.test.ts › resumes names IRA, RAD-154: not in the catalogue',
    ]);
  });

  it('refuses a catalogue that lists an id twice, and adds the errors of the run', () => {
    const statement = buildStatement(
      [ACK, ACK],
      [test(['[FC-2.5-ack-every-event]'])],
      ['a.test.ts did not load'],
    );
    expect(statement.problems).toEqual([
      'the catalogue lists FC-2.5-ack-every-event twice',
      'a.test.ts did not load',
    ]);
  });

  it('counts a test once for an id it names twice', () => {
    const statement = buildStatement(
      [ACK],
      [test(['[FC-2.5-ack-every-event]', 'acks [FC-2.5-ack-every-event]'])],
    );
    expect(statement.rows[0]?.tests).toHaveLength(1);
  });
});
