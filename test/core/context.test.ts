import { describe, expect, it } from 'vitest';
import {
  type ContextOutcome,
  type ContextState,
  EMPTY_CONTEXT,
  parseTimestamp,
  reduceContext,
  replaceContext,
} from '../../src/core/context.ts';
import { parseCurrentContext } from '../../src/protocol/messages.ts';
import type { FhircastNotification } from '../../src/protocol/types.ts';
import { specExample } from '../fixtures/spec.ts';

const REPORT_A = 'DiagnosticReport/2402d3bd-e988-414b-b7f2-4322e86c9327';
const REPORT_B = 'DiagnosticReport/report-b';
const PATIENT = 'Patient/503824b8-fe8c-4227-b061-7181ba6c3926';
const V1 = 'b9574cb0-e9e5-4be1-8957-5fcb51ef33c1';
const V2 = 'efcac43a-ed38-49e4-8d79-73f78290292a';
const OBS_1 = 'Observation/40afe766-3628-4ded-b5bd-925727c013b3';
const OBS_2 = 'Observation/e25ce4c2-95c1-4078-8ef5-84aab1a69036';

/** Guide-style timestamps (no zone, three-digit hours) in order, then proper ISO ones. */
const T_OPEN = '2023-04-01T011:14:24.31';
const T_LATER = '2023-04-01T011:20:00.00';
const T_LATEST = '2023-04-01T11:30:00Z';

/** A spec example with another timestamp and, when given, a versionId. */
function example(name: string, timestamp?: string, versionId?: string): FhircastNotification {
  const note = specExample(name);
  if (timestamp !== undefined) note.timestamp = timestamp;
  if (versionId !== undefined) note.event['context.versionId'] = versionId;
  return note;
}

/** The guide DiagnosticReport-open (report A), or the same for report B. */
function reportOpen(report: 'A' | 'B', timestamp = T_OPEN, versionId?: string): FhircastNotification {
  const note = example('diagnosticreport-open', timestamp, versionId);
  if (report === 'B') {
    const resource = { resourceType: 'DiagnosticReport', id: 'report-b', subject: { reference: PATIENT } };
    note.event.context = note.event.context.map((item) =>
      item.key === 'report' ? { key: 'report', resource } : item,
    );
  }
  return note;
}

/** The guide select, selecting the given references (none clears the selection). */
function select(...references: string[]): FhircastNotification {
  const note = example('diagnosticreport-select');
  note.event.context = [
    ...note.event.context.filter((item) => item.key !== 'select'),
    ...references.map((reference) => ({ key: 'select', reference: { reference } })),
  ];
  return note;
}

function stateOf(outcome: ContextOutcome): ContextState {
  if (outcome.kind !== 'applied') throw new Error(`expected applied, got ${JSON.stringify(outcome)}`);
  return outcome.state;
}

const kind = (state: ContextState, note: FhircastNotification) => reduceContext(state, note).kind;

/** Applies events in order, each of which must apply. */
function run(state: ContextState, ...notes: FhircastNotification[]): ContextState {
  return notes.reduce((current, note) => stateOf(reduceContext(current, note)), state);
}

/** Every test starting from EMPTY_CONTEXT also checks that it is never modified. */
deepFreeze(EMPTY_CONTEXT);

const keysOf = (state: ContextState) => state.content.map((r) => `${r.resourceType}/${r.id}`);

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** The state once the client's fetch after an open confirmed the content (what the client does). */
const fetched = (state: ContextState): ContextState => ({ ...state, contentPending: undefined });

/** Report A open at v0 (its content fetched) with the guide's first update applied: version V1, three resources. */
const reportWithContent = () =>
  run(fetched(run(EMPTY_CONTEXT, reportOpen('A', T_OPEN, 'v0'))), example('diagnosticreport-update-1'));

describe('reduceContext: open and close', () => {
  it('opens a report: anchor, current, version, empty content, no selection', () => {
    const open = reportOpen('A', T_OPEN, 'v0');
    expect(reduceContext(EMPTY_CONTEXT, open)).toEqual({
      kind: 'applied',
      state: {
        anchors: {
          DiagnosticReport: {
            anchor: 'DiagnosticReport',
            ref: REPORT_A,
            context: open.event.context,
            versionId: 'v0',
          },
        },
        current: 'DiagnosticReport',
        versionId: 'v0',
        content: [],
        selection: [],
        setAt: Date.UTC(2023, 3, 1, 11, 14, 24, 310),
        retained: {},
        resumed: false,
        contentPending: REPORT_A,
      },
      fetch: true,
    });
  });

  it('asks to fetch the content after an open at a version whose content it does not hold, and only then', () => {
    const a = reportWithContent();
    const b = run(a, reportOpen('B', T_LATER, 'vB'));
    const fetches = (state: ContextState, notification: FhircastNotification) =>
      (reduceContext(state, notification) as { fetch?: true }).fetch === true;
    expect(fetches(a, reportOpen('B', T_LATER, 'vB'))).toBe(true);
    expect(fetches(b, reportOpen('A', T_LATEST, V1))).toBe(false);
    expect(fetches(b, reportOpen('A', T_LATEST, 'v9'))).toBe(true);
    expect(fetches(b, reportOpen('B', T_LATEST, 'vB'))).toBe(false);
    expect(fetches(b, reportOpen('A', T_LATEST))).toBe(false);
    expect(fetches(EMPTY_CONTEXT, reportOpen('A', T_OPEN))).toBe(false);
  });

  it('clears the selection and content when another report opens', () => {
    const before = run(reportWithContent(), select(OBS_1));
    const after = run(before, reportOpen('B', T_LATER, 'vB'));
    expect(after.anchors.DiagnosticReport?.ref).toBe(REPORT_B);
    expect([after.versionId, after.content, after.selection]).toEqual(['vB', [], []]);
  });

  it('keeps an open of another anchor type and makes the new one current', () => {
    const patient = run(EMPTY_CONTEXT, example('patient-open'));
    const both = run(patient, reportOpen('A'));
    expect(Object.keys(both.anchors).sort()).toEqual(['DiagnosticReport', 'Patient']);
    expect(both.anchors.Patient).toBe(patient.anchors.Patient);
    expect(both.anchors.Patient?.ref).toBe(PATIENT);
    expect(both.current).toBe('DiagnosticReport');
  });

  it('closing the current context clears current, version, content and selection but keeps other anchors [IRA-RAD-154-close-clears]', () => {
    const open = run(EMPTY_CONTEXT, example('patient-open'), reportOpen('A', T_OPEN, 'v0'));
    const withContent = run(open, example('diagnosticreport-update-1'), select(OBS_1));
    const closed = run(withContent, example('diagnosticreport-close'));
    expect(closed).toMatchObject({ current: undefined, versionId: undefined, content: [], selection: [] });
    expect(Object.keys(closed.anchors)).toEqual(['Patient']);
    expect(closed.anchors.Patient).toBe(open.anchors.Patient);
  });

  it('closing an anchor that is not current removes it and keeps the current context', () => {
    const open = run(EMPTY_CONTEXT, example('patient-open'), reportOpen('A', T_OPEN, 'v0'));
    const closed = run(open, example('patient-close', T_LATER));
    expect(Object.keys(closed.anchors)).toEqual(['DiagnosticReport']);
    expect([closed.current, closed.versionId]).toEqual(['DiagnosticReport', 'v0']);
  });

  it('a close of something that is not open is unchanged', () => {
    expect(reduceContext(EMPTY_CONTEXT, example('patient-close'))).toEqual({
      kind: 'unchanged',
      reason: `${PATIENT} is not open`,
    });
    expect(kind(run(EMPTY_CONTEXT, reportOpen('B')), example('diagnosticreport-close'))).toBe('unchanged');
  });

  it("ignores an open or close older than the event that set the current context, asking for the hub's (guide timestamps) [FC-2.5-ignore-older]", () => {
    const open = run(EMPTY_CONTEXT, reportOpen('A'));
    const reason = 'older than the event that set the current context';
    expect(reduceContext(open, example('patient-open'))).toEqual({
      kind: 'resync',
      reason,
      olderBy: 2_180_150,
    });
    expect(reduceContext(open, example('diagnosticreport-close', '2023-04-01T011:14:24.30'))).toEqual({
      kind: 'resync',
      reason,
      olderBy: 10,
    });
    expect(kind(open, example('diagnosticreport-close', '2023-04-01T011:14:24.31'))).toBe('applied');
  });

  it('ignores an open or close older than the current one (ISO timestamps with offsets)', () => {
    const open = run(EMPTY_CONTEXT, reportOpen('A', '2023-04-01T11:14:24.310Z'));
    expect(kind(open, example('diagnosticreport-close', '2023-04-01T12:14:24+01:00'))).toBe('resync');
    expect(kind(open, reportOpen('B', '2023-04-01T06:14:24.309-05:00'))).toBe('resync');
    expect(kind(open, example('diagnosticreport-close', '2023-04-01T12:14:25+01:00'))).toBe('applied');
  });

  it('applies an event whose timestamp cannot be read, keeping the time of the last one', () => {
    const open = run(EMPTY_CONTEXT, reportOpen('A'));
    const next = run(open, example('patient-open', 'yesterday'));
    expect(next.current).toBe('Patient');
    expect(next.setAt).toBe(open.setAt);
  });

  it('ignores an anchor event that names no anchor resource', () => {
    const open = example('patient-open');
    delete open.event.context[0]?.resource?.id;
    expect(reduceContext(EMPTY_CONTEXT, open)).toEqual({
      kind: 'unchanged',
      reason: 'the event names no anchor resource',
    });
  });

  it('ignores events that are not context events', () => {
    const heartbeat: FhircastNotification = {
      timestamp: T_LATEST,
      id: 'hb',
      event: { 'hub.topic': 't', 'hub.event': 'heartbeat', context: [{ key: 'period', decimal: '10' }] },
    };
    const unknown = structuredClone(heartbeat);
    unknown.event['hub.event'] = 'Medication-open';
    const state = reportWithContent();
    for (const note of [
      example('syncerror'),
      example('user-logout'),
      example('home-open'),
      heartbeat,
      unknown,
    ]) {
      expect(reduceContext(state, note)).toEqual({ kind: 'unchanged', reason: 'not a context event' });
    }
  });
});

describe('reduceContext: content, versions and selection', () => {
  it('applies the guide updates in order, taking each new versionId [FC-2.10-track-version] [FC-2.10-apply-in-order]', () => {
    const first = reportWithContent();
    expect(first.versionId).toBe(V1);
    expect(keysOf(first)).toEqual(['ImagingStudy/7e9deb91-0017-4690-aebd-951cef34aba4', OBS_1, REPORT_A]);
    const second = run(first, example('diagnosticreport-update-2'));
    expect(second.versionId).toBe(V2);
    expect(keysOf(second).sort()).toEqual(keysOf(first).sort());
    const third = run(second, example('diagnosticreport-update-3'));
    expect(third.versionId).toBe(V2);
    expect(keysOf(third)).toEqual(['ImagingStudy/7e9deb91-0017-4690-aebd-951cef34aba4', REPORT_A]);
  });

  it('asks for a resync when priorVersionId is not the version held, without applying it [IRA-RAD-154-version-gap]', () => {
    const open = run(EMPTY_CONTEXT, reportOpen('A', T_OPEN, 'v0'));
    expect(reduceContext(open, example('diagnosticreport-update-2'))).toEqual({
      kind: 'resync',
      reason: `missed an update: holding version v0, update follows ${V1}`,
    });
  });

  it('asks for a resync when the update bundle cannot be applied', () => {
    const open = run(EMPTY_CONTEXT, reportOpen('A', T_OPEN, 'v0'));
    const post = example('diagnosticreport-update-1');
    const entry = [{ request: { method: 'POST' }, resource: { resourceType: 'Observation' } }];
    post.event.context = post.event.context.map((item) =>
      item.key === 'updates'
        ? { key: 'updates', resource: { resourceType: 'Bundle', type: 'transaction', entry } }
        : item,
    );
    expect(reduceContext(open, post)).toEqual({
      kind: 'resync',
      reason:
        'could not apply the update: updates.entry[0]: POST is not allowed in a FHIRcast update; use PUT with an id',
    });
  });

  it('asks for a resync on an update or select for a report that is not the current context (a missed open)', () => {
    const notCurrent = (event: string) => ({
      kind: 'resync',
      reason: `${event} for ${REPORT_A}, which is not the current context here`,
    });
    const patientOnly = run(EMPTY_CONTEXT, example('patient-open'));
    expect(reduceContext(patientOnly, example('diagnosticreport-update-1'))).toEqual(
      notCurrent('DiagnosticReport-update'),
    );
    const reportB = run(EMPTY_CONTEXT, reportOpen('A'), reportOpen('B', T_LATER));
    expect(reduceContext(reportB, example('diagnosticreport-update-1'))).toEqual(
      notCurrent('DiagnosticReport-update'),
    );
    expect(reduceContext(reportB, select(OBS_1))).toEqual(notCurrent('DiagnosticReport-select'));
    const displaced = run(EMPTY_CONTEXT, reportOpen('A'), example('patient-open', T_LATER));
    expect(reduceContext(displaced, select(OBS_1))).toEqual(notCurrent('DiagnosticReport-select'));
  });

  it('replaces the selection wholesale and clears it with an empty select [IRA-RAD-154-select-clears]', () => {
    const open = run(EMPTY_CONTEXT, reportOpen('A'));
    const two = run(open, example('diagnosticreport-select'));
    expect(two.selection).toEqual([{ reference: OBS_1 }, { reference: OBS_2 }]);
    const one = run(two, select(OBS_2));
    expect(one.selection).toEqual([{ reference: OBS_2 }]);
    expect(run(one, select()).selection).toEqual([]);
  });

  it('reopening the current report keeps its content and selection', () => {
    const held = run(reportWithContent(), select(OBS_1));
    for (const reopen of [reportOpen('A', T_LATER), reportOpen('A', T_LATER, V1)]) {
      const next = run(held, reopen);
      expect(next.content).toBe(held.content);
      expect(next.selection).toBe(held.selection);
      expect(next.versionId).toBe(V1);
    }
  });

  it('resumes a displaced report with its content when reopened at its version, not at another', () => {
    const a = reportWithContent();
    const b = fetched(run(a, reportOpen('B', T_LATER, 'vB')));
    expect([b.current, b.versionId, b.content]).toEqual(['DiagnosticReport', 'vB', []]);
    expect(b.retained).toEqual({ [REPORT_A]: { versionId: V1, content: a.content } });
    const resumed = run(b, reportOpen('A', T_LATEST, V1));
    expect(resumed.anchors.DiagnosticReport?.ref).toBe(REPORT_A);
    expect(resumed.versionId).toBe(V1);
    expect(resumed.content).toBe(a.content);
    expect(resumed.retained).toEqual({ [REPORT_B]: { versionId: 'vB', content: [] } });
    const afresh = run(b, reportOpen('A', T_LATEST, 'v9'));
    expect([afresh.versionId, afresh.content, Object.keys(afresh.retained)]).toEqual(['v9', [], [REPORT_B]]);
  });

  it('tells a resumed report from a new one, restoring its version, content and selection [IRA-RAD-154-resumed]', () => {
    const a = run(reportWithContent(), select(OBS_1));
    expect(a.resumed).toBe(false);
    const b = fetched(run(a, reportOpen('B', T_LATER, 'vB')));
    expect([b.resumed, b.selection]).toEqual([false, []]);
    const back = run(b, reportOpen('A', T_LATEST, V1));
    expect([back.resumed, back.versionId, back.content, back.selection]).toEqual([
      true,
      V1,
      a.content,
      [{ reference: OBS_1 }],
    ]);
    const again = run(back, reportOpen('A', T_LATEST, V1));
    expect(again.resumed).toBe(true);
    const closed = run(again, example('diagnosticreport-close', T_LATEST));
    expect(closed.resumed).toBe(false);
  });

  it('keeps the 20 most recently displaced contexts, newest last, and forgets older ones', () => {
    const patientOpen = (id: string, versionId: string): FhircastNotification => {
      const note = example('patient-open', T_OPEN, versionId);
      note.event.context = [{ key: 'patient', resource: { resourceType: 'Patient', id } }];
      return note;
    };
    const ids = Array.from({ length: 25 }, (_, i) => `p${i}`);
    // Each open's content counts as fetched before the next, as content still being fetched is never kept.
    const state = ids.reduce(
      (current, id, i) => fetched(run(current, patientOpen(id, `v${i}`))),
      EMPTY_CONTEXT,
    );
    expect(Object.keys(state.retained)).toEqual(ids.slice(4, 24).map((id) => `Patient/${id}`));
    expect(state.retained['Patient/p23']).toEqual({ versionId: 'v23', content: [] });
    // Reopening a forgotten one starts afresh; reopening a kept one resumes it and takes it off the list.
    expect(stateOf(reduceContext(state, patientOpen('p0', 'v0')))).toMatchObject({
      contentPending: 'Patient/p0',
    });
    const back = run(state, patientOpen('p10', 'v10'));
    expect([back.versionId, back.contentPending, Object.hasOwn(back.retained, 'Patient/p10')]).toEqual([
      'v10',
      undefined,
      false,
    ]);
  });

  it('keeps no content for a report displaced while its content was still being fetched', () => {
    const pending = run(EMPTY_CONTEXT, reportOpen('A', T_OPEN, 'v0'), example('diagnosticreport-update-1'));
    expect(pending.contentPending).toBe(REPORT_A);
    const b = run(pending, reportOpen('B', T_LATER, 'vB'));
    expect(b.retained).toEqual({ [REPORT_A]: { versionId: V1, content: [], contentUnknown: true } });
    const back = reduceContext(fetched(b), reportOpen('A', T_LATEST, V1));
    expect(back).toMatchObject({
      kind: 'applied',
      fetch: true,
      state: { content: [], contentPending: REPORT_A, resumed: true },
    });
  });

  it('resumes a displaced report with its version and content when reopened without a versionId', () => {
    const a = reportWithContent();
    const b = run(a, reportOpen('B', T_LATER, 'vB'));
    const resumed = run(b, reportOpen('A', T_LATEST));
    expect([resumed.versionId, resumed.anchors.DiagnosticReport?.versionId]).toEqual([V1, V1]);
    expect(resumed.content).toBe(a.content);
  });

  it('forgets the content of a displaced report once it is closed', () => {
    const byReport = run(reportWithContent(), reportOpen('B', T_LATER, 'vB'));
    const closedB = run(byReport, example('diagnosticreport-close', T_LATEST));
    expect(closedB.retained).not.toHaveProperty(REPORT_A);
    const byStudy = run(reportWithContent(), example('imagingstudy-open', T_LATER));
    expect(byStudy.retained).toHaveProperty(REPORT_A);
    const closed = run(byStudy, example('diagnosticreport-close', T_LATEST));
    expect(closed.anchors).not.toHaveProperty('DiagnosticReport');
    expect(closed.retained).toEqual({});
    const reopened = run(closed, reportOpen('A', '2023-04-01T12:00:00Z', V1));
    expect(reopened.content).toEqual([]);
  });
});

describe('reduceContext: purity', () => {
  it('keeps unchanged slices by identity', () => {
    const prev = run(reportWithContent(), reportOpen('B', T_LATER, 'vB'), reportOpen('A', T_LATEST, V1));
    const selected = run(prev, select(OBS_1));
    expect(selected.anchors).toBe(prev.anchors);
    expect(selected.content).toBe(prev.content);
    expect(selected.retained).toBe(prev.retained);
    const updated = run(selected, example('diagnosticreport-update-2'));
    expect(updated.anchors).toBe(selected.anchors);
    expect(updated.selection).toBe(selected.selection);
    expect(updated.retained).toBe(selected.retained);
    const patient = run(updated, example('patient-open', '2023-04-01T12:00:00Z'));
    expect(patient.anchors.DiagnosticReport).toBe(updated.anchors.DiagnosticReport);
  });

  it('never modifies the input state or the notification (EMPTY_CONTEXT is frozen too)', () => {
    const state = deepFreeze(
      run(
        EMPTY_CONTEXT,
        example('patient-open'),
        reportOpen('A', T_OPEN, 'v0'),
        example('diagnosticreport-update-1'),
      ),
    );
    const withSelection = deepFreeze(run(state, select(OBS_1)));
    const snapshot = structuredClone(withSelection);
    const notes = [
      select(OBS_2),
      example('diagnosticreport-update-2'),
      example('diagnosticreport-update-3'),
      reportOpen('B', T_LATER, 'vB'),
      reportOpen('A', T_LATER, V1),
      example('imagingstudy-open', T_LATER),
      example('diagnosticreport-close', T_LATER),
      example('patient-close', T_LATER),
    ].map(deepFreeze);
    for (const note of notes) expect(() => reduceContext(withSelection, note)).not.toThrow();
    expect(() => replaceContext(withSelection, parseCurrentContext([]))).not.toThrow();
    expect(withSelection).toEqual(snapshot);
  });
});

describe('replaceContext', () => {
  const hubAnswer = () => parseCurrentContext(specExample<unknown>('current-context-diagnosticreport'));
  /** An open of the report the spec current-context answer holds. */
  const hubReportOpen = (versionId?: string) => {
    const open = example('diagnosticreport-open', T_OPEN, versionId);
    open.event.context = hubAnswer().context;
    return open;
  };

  it('replaces current, version and content with the hub answer [IRA-RAD-153-treat-as-open]', () => {
    const next = replaceContext(run(reportWithContent(), select(OBS_1)), hubAnswer());
    expect(next).toEqual({
      anchors: {
        DiagnosticReport: {
          anchor: 'DiagnosticReport',
          ref: 'DiagnosticReport/40012366',
          context: hubAnswer().context,
          versionId: '023fe970-a6d9-442f-a499-dfb71f1edba6',
        },
      },
      current: 'DiagnosticReport',
      versionId: '023fe970-a6d9-442f-a499-dfb71f1edba6',
      content: hubAnswer().content,
      selection: [],
      setAt: undefined,
      retained: {},
      resumed: false,
    });
  });

  it('keeps only the anchors of other types listed in keep', () => {
    const state = run(EMPTY_CONTEXT, example('patient-open'), example('imagingstudy-open'), reportOpen('A'));
    const next = replaceContext(state, hubAnswer(), new Set(['Patient']));
    expect(Object.keys(next.anchors).sort()).toEqual(['DiagnosticReport', 'Patient']);
    expect(next.anchors.Patient).toBe(state.anchors.Patient);
    expect(next.anchors.DiagnosticReport?.ref).toBe('DiagnosticReport/40012366');
  });

  it('empties the context for an empty answer, keeping listed anchors and retained content', () => {
    const state = run(reportWithContent(), reportOpen('B', T_LATER, 'vB'), example('patient-open', T_LATEST));
    const empty = parseCurrentContext(specExample<unknown>('current-context-empty'));
    expect(replaceContext(state, empty)).toEqual({ ...EMPTY_CONTEXT, retained: state.retained });
    const kept = replaceContext(state, empty, new Set(['Patient']));
    expect(kept).toEqual({
      ...EMPTY_CONTEXT,
      anchors: { Patient: state.anchors.Patient },
      retained: state.retained,
    });
  });

  it('keeps the selection only when the same context stays current', () => {
    const answer = hubAnswer();
    const selectOnHub = select(OBS_1);
    selectOnHub.event.context[0] = { key: 'report', reference: { reference: 'DiagnosticReport/40012366' } };
    const held = run(EMPTY_CONTEXT, hubReportOpen(), selectOnHub);
    expect(held.selection).toEqual([{ reference: OBS_1 }]);
    expect(replaceContext(held, answer).selection).toBe(held.selection);
    const other = run(reportWithContent(), select(OBS_1));
    expect(replaceContext(other, answer).selection).toEqual([]);
  });

  it('drops the retained content of the context the hub reports as current', () => {
    const state = run(fetched(run(EMPTY_CONTEXT, hubReportOpen('v7'))), reportOpen('B', T_LATER, 'vB'));
    expect(Object.keys(state.retained)).toEqual(['DiagnosticReport/40012366']);
    expect(replaceContext(state, hubAnswer()).retained).toEqual({});
  });
});

describe('parseTimestamp', () => {
  it('reads ISO timestamps with Z and with offsets', () => {
    expect(parseTimestamp('2023-04-01T11:14:24.310Z')).toBe(Date.UTC(2023, 3, 1, 11, 14, 24, 310));
    expect(parseTimestamp('2023-04-01T12:14:24+01:00')).toBe(Date.UTC(2023, 3, 1, 11, 14, 24));
    expect(parseTimestamp('2023-04-01T06:14:24-05:00')).toBe(Date.UTC(2023, 3, 1, 11, 14, 24));
    expect(parseTimestamp('2023-04-01T12:14:24+0100')).toBe(Date.UTC(2023, 3, 1, 11, 14, 24));
  });

  it('reads a timestamp without a zone as UTC', () => {
    expect(parseTimestamp('2019-11-25T13:16:00.00')).toBe(Date.UTC(2019, 10, 25, 13, 16));
    expect(parseTimestamp('2018-01-08T01:37:05.14')).toBe(Date.UTC(2018, 0, 8, 1, 37, 5, 140));
    expect(parseTimestamp('2023-04-01T11:14')).toBe(Date.UTC(2023, 3, 1, 11, 14));
  });

  it('reads the guide three-digit hours such as T011:', () => {
    expect(parseTimestamp('2023-04-01T011:14:24.31')).toBe(Date.UTC(2023, 3, 1, 11, 14, 24, 310));
    expect(parseTimestamp('2023-04-01T010:38:04.16')).toBe(Date.UTC(2023, 3, 1, 10, 38, 4, 160));
  });

  it('keeps milliseconds of a long fraction', () => {
    expect(parseTimestamp('2023-04-01T11:14:24.1239999Z')).toBe(Date.UTC(2023, 3, 1, 11, 14, 24, 123));
  });

  it('answers undefined for garbage and empty values', () => {
    for (const value of ['garbage', '', undefined, '2023-04-01T25:00:00Z', '2023-13-45T10:00:00Z']) {
      expect(parseTimestamp(value)).toBeUndefined();
    }
  });
});
