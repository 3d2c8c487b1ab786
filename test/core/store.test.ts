import { describe, expect, it, vi } from 'vitest';
import { EMPTY_CONTEXT } from '../../src/core/context.ts';
import { appendLog } from '../../src/core/eventlog.ts';
import {
  createFhircastStore,
  type EventLogEntry,
  type FhircastState,
  initialState,
} from '../../src/core/store.ts';

const entry = (seq: number): EventLogEntry => ({
  seq,
  direction: 'in',
  name: 'Patient-open',
  time: 1_700_000_000_000 + seq,
  id: `evt-${seq}`,
  raw: { id: `evt-${seq}` },
});

const seqs = (log: readonly EventLogEntry[]) => log.map((line) => line.seq);

describe('initialState', () => {
  it('is idle, for the topic, with an empty context and log', () => {
    expect(initialState('topic-1')).toEqual({
      anchors: {},
      current: undefined,
      versionId: undefined,
      content: [],
      selection: [],
      setAt: undefined,
      retained: {},
      resumed: false,
      status: 'idle',
      reason: undefined,
      retryAt: undefined,
      topic: 'topic-1',
      events: [],
      leaseEndsAt: undefined,
      lastSyncError: undefined,
      syncErrors: [],
      contentFetching: [],
      sessionEnd: undefined,
      log: [],
    });
  });

  it('starts from the empty context', () => {
    const state = initialState('t');
    for (const key of Object.keys(EMPTY_CONTEXT) as (keyof typeof EMPTY_CONTEXT)[]) {
      expect(state[key]).toEqual(EMPTY_CONTEXT[key]);
    }
  });

  it('gives each call its own state object', () => {
    expect(initialState('t')).not.toBe(initialState('t'));
  });
});

describe('appendLog', () => {
  it('appends the newest entry last', () => {
    const log = appendLog(appendLog(appendLog([], entry(1), 10), entry(2), 10), entry(3), 10);
    expect(seqs(log)).toEqual([1, 2, 3]);
    expect(log[2]).toEqual(entry(3));
  });

  it('drops the oldest entries beyond the limit', () => {
    let log: readonly EventLogEntry[] = [];
    for (let seq = 1; seq <= 7; seq++) log = appendLog(log, entry(seq), 3);
    expect(seqs(log)).toEqual([5, 6, 7]);
  });

  it('trims a log already longer than a new, smaller limit', () => {
    const log = [entry(1), entry(2), entry(3), entry(4), entry(5)];
    expect(seqs(appendLog(log, entry(6), 2))).toEqual([5, 6]);
  });

  it('never modifies its input', () => {
    const log = Object.freeze([entry(1), entry(2)]);
    const next = appendLog(log, entry(3), 2);
    expect(next).not.toBe(log);
    expect(seqs(log)).toEqual([1, 2]);
    expect(seqs(next)).toEqual([2, 3]);
    const roomy = appendLog(log, entry(3), 10);
    expect(seqs(log)).toEqual([1, 2]);
    expect(seqs(roomy)).toEqual([1, 2, 3]);
  });

  it('keeps only the newest entry with a limit of 1', () => {
    const first = appendLog([], entry(1), 1);
    expect(seqs(first)).toEqual([1]);
    const second = appendLog(first, entry(2), 1);
    expect(seqs(second)).toEqual([2]);
    expect(seqs(first)).toEqual([1]);
  });
});

describe('createFhircastStore', () => {
  it('tells every subscriber of a change even when one throws, and reports what it threw', () => {
    const reported: unknown[] = [];
    vi.stubGlobal('reportError', (error: unknown) => reported.push(error));
    try {
      const store = createFhircastStore('topic-1');
      const seen: string[] = [];
      store.subscribe(() => seen.push('first'));
      store.subscribe(() => {
        throw new Error('app bug');
      });
      store.subscribe((state, previous) => seen.push(`third: ${previous.status} → ${state.status}`));
      store.setState({ status: 'connecting' });
      expect(seen).toEqual(['first', 'third: idle → connecting']);
      expect(reported).toEqual([new Error('app bug')]);
      expect(store.getState().status).toBe('connecting');
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('holds the initial state for the topic', () => {
    expect(createFhircastStore('topic-1').getState()).toEqual(initialState('topic-1'));
  });

  it('notifies subscribers with the new and the previous state, in order', () => {
    const store = createFhircastStore('t');
    const seen: [FhircastState['status'], FhircastState['status']][] = [];
    const unsubscribe = store.subscribe((state, previous) => seen.push([state.status, previous.status]));
    store.setState({ status: 'connecting' });
    store.setState({ status: 'connected' });
    unsubscribe();
    store.setState({ status: 'disconnected' });
    expect(seen).toEqual([
      ['connecting', 'idle'],
      ['connected', 'connecting'],
    ]);
  });

  it('keeps untouched slices by identity across unrelated updates', () => {
    const store = createFhircastStore('t');
    const select = (state: FhircastState) => state.anchors;
    const before = store.getState();
    const changes: unknown[] = [];
    store.subscribe((state, previous) => {
      if (!Object.is(select(state), select(previous))) changes.push(select(state));
    });
    store.setState({ status: 'connecting' });
    store.setState((state) => ({ log: appendLog(state.log, entry(1), 10) }));
    store.setState({ events: ['Patient-open'], leaseEndsAt: 5 });
    const after = store.getState();
    expect(changes).toEqual([]);
    expect(after.anchors).toBe(before.anchors);
    expect(after.content).toBe(before.content);
    expect(after.selection).toBe(before.selection);
    expect([after.status, seqs(after.log), after.events]).toEqual(['connecting', [1], ['Patient-open']]);
  });
});
