import { describe, expect, it, vi } from 'vitest';
import type { FhircastClient } from '../../src/core/client.ts';
import { publishRequests, subscriptionRequests } from '../../src/hub/index.ts';
import { parseCurrentContext } from '../../src/protocol/messages.ts';
import type { EventContext } from '../../src/protocol/typed.ts';
import type { FhircastNotification } from '../../src/protocol/types.ts';
import { put, updates } from '../fixtures/bundles.ts';
import { REPORT_A } from '../fixtures/reports.ts';
import { specExample } from '../fixtures/spec.ts';
import { liveHubForEachTest } from '../support/clients.ts';
import { subscribe } from '../support/hub-requests.ts';
import { recordingFetch } from '../support/recorded-fetch.ts';
import { RecordingSocket } from '../support/recording-socket.ts';
import { waitForState } from '../support/store.ts';

const TOPIC = 'reading-room';
const EVENTS = [
  'DiagnosticReport-open',
  'DiagnosticReport-close',
  'DiagnosticReport-update',
  'DiagnosticReport-select',
];

const live = liveHubForEachTest({
  topic: TOPIC,
  events: EVENTS,
  backoff: { steps: [30, 60], jitter: 0 },
});
const app = live.app;

/** The radiologist's viewer: opens the report and shares measurements over HTTP, as another app would. */
async function openReport(): Promise<string> {
  const open = { ...specExample('diagnosticreport-open'), timestamp: new Date().toISOString() };
  open.event['hub.topic'] = TOPIC;
  const answer = await post(open);
  return answer.event.event['context.versionId'] as string;
}

/**
 * The test's own requests: after a restart the first one may go out on a pooled keep-alive connection that
 * the old server closed. Such a request never reached the hub, so sending it once more is safe.
 */
function hubFetch(url: string, init?: RequestInit): Promise<Response> {
  return fetch(url, init).catch(() => fetch(url, init));
}

async function post(notification: FhircastNotification) {
  const response = await hubFetch(live.hub.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(notification),
  });
  return {
    status: response.status,
    ...((await response.json().catch(() => ({}))) as { event: FhircastNotification }),
  };
}

/** Shares measurement `n` (a PUT of Observation/m{n}) on top of `versionId`; returns the new versionId. */
async function share(n: number, versionId: string): Promise<string> {
  const answer = await post({
    timestamp: new Date().toISOString(),
    id: `update-${n}-${Math.random()}`,
    event: {
      'hub.topic': TOPIC,
      'hub.event': 'DiagnosticReport-update',
      'context.versionId': versionId,
      context: [
        { key: 'report', reference: { reference: REPORT_A } },
        updates(put({ resourceType: 'Observation', id: `m${n}`, valueInteger: n })),
      ],
    },
  });
  expect(answer.status).toBe(202);
  return answer.event.event['context.versionId'] as string;
}

/** Waits until the client's context, versionId and content equal the hub's answer to get-current-context. */
async function inSyncWithHub(client: FhircastClient): Promise<void> {
  const hubContext = parseCurrentContext(await (await hubFetch(`${live.hub.url}/${TOPIC}`)).json());
  const key = (resources: readonly { resourceType: string; id?: string }[]) =>
    JSON.stringify(resources.map((r) => `${r.resourceType}/${r.id}`));
  await waitForState(
    client.store,
    (state) =>
      state.status === 'connected' &&
      state.current === hubContext.anchor &&
      state.versionId === hubContext.versionId &&
      key(state.content) === key(hubContext.content),
    5000,
  );
}

/**
 * Another subscriber on the topic that follows only sync errors: the hub sends a sync error to the
 * subscribers other than the one it is about. It never sends a frame, so faults on acks never take its own.
 */
async function syncErrorWatcher(): Promise<RecordingSocket> {
  const watcher = new RecordingSocket(
    await subscribe(live.hub.url, TOPIC, 'syncerror', { 'subscriber.name': 'watcher' }),
    false,
  );
  await watcher.frame(1);
  return watcher;
}

/** The diagnostics of each sync error `watcher` received. */
function syncErrorDiagnostics(watcher: RecordingSocket): unknown[] {
  return watcher.events('syncerror').map((frame) => {
    const outcome = frame.event.context[0]?.resource as { issue?: { diagnostics?: unknown }[] } | undefined;
    return outcome?.issue?.[0]?.diagnostics;
  });
}

const confirmations = (client: FhircastClient) =>
  client.store.getState().log.filter((entry) => entry.name === 'confirmation').length;

const logNames = (client: FhircastClient) => client.store.getState().log.map((entry) => entry.name);

describe('faults in the middle of a busy reporting session', () => {
  it('recovers from a socket cut mid-burst and ends equal to the hub [IRA-RAD-153-on-subscribe]', async () => {
    const editor = app('report editor');
    await waitForState(editor.store, (s) => s.status === 'connected');
    let version = await openReport();
    for (let n = 0; n < 30; n++) {
      if (n === 10) live.hub.dropSockets();
      version = await share(n, version);
    }
    await inSyncWithHub(editor);
    expect(editor.store.getState().content).toHaveLength(30);
    expect(logNames(editor).filter((name) => name === 'confirmation').length).toBeGreaterThanOrEqual(2);
  });

  it('notices frames lost on the way through the versionId chain, resyncs and says so in the log [IRA-RAD-154-version-gap]', async () => {
    const editor = app('report editor');
    await waitForState(editor.store, (s) => s.status === 'connected');
    let version = await openReport();
    await waitForState(editor.store, (s) => s.current === 'DiagnosticReport');
    for (let n = 0; n < 20; n++) {
      if (n === 8) live.hub.faults.dropFrames(3);
      version = await share(n, version);
    }
    await inSyncWithHub(editor);
    const notes = editor.store.getState().log.map((entry) => entry.note ?? '');
    expect(notes.some((note) => note.startsWith('missed an update'))).toBe(true);
    expect(editor.store.getState().content).toHaveLength(20);
  });

  it('subscribes again when every lease expires mid-session', async () => {
    const editor = app('report editor');
    await waitForState(editor.store, (s) => s.status === 'connected');
    let version = await openReport();
    for (let n = 0; n < 12; n++) {
      if (n === 5) live.hub.expireLeases();
      version = await share(n, version);
    }
    await inSyncWithHub(editor);
    expect(
      editor.store.getState().log.some((entry) => entry.name === 'denial' && entry.note === 'lease expired'),
    ).toBe(true);
    expect(live.hub.hub.subscriptionCount(TOPIC)).toBe(1);
  });

  it('follows a hub that restarts with its state, on the same endpoint', async () => {
    const editor = app('report editor');
    await waitForState(editor.store, (s) => s.status === 'connected');
    let version = await openReport();
    version = await share(0, version);
    await live.hub.restart({ keepState: true });
    version = await share(1, version);
    await inSyncWithHub(editor);
    expect(editor.store.getState().content).toHaveLength(2);
    expect(logNames(editor)).not.toContain('denial');
  });

  it('follows a hub that restarts without its state to the new, empty context and on [IRA-RAD-153-treat-as-open]', async () => {
    const editor = app('report editor');
    await waitForState(editor.store, (s) => s.status === 'connected');
    const version = await openReport();
    await share(0, version);
    await waitForState(editor.store, (s) => s.content.length === 1);
    await live.hub.restart();
    await inSyncWithHub(editor);
    expect(editor.store.getState().current).toBeUndefined();
    const reopened = await openReport();
    await share(7, reopened);
    await inSyncWithHub(editor);
    expect(editor.store.getState().content.map((r) => r.id)).toEqual(['m7']);
  });

  it('retries through 503s and a hanging request after a restart, then resyncs', async () => {
    const editor = app('report editor', { requestTimeoutMs: 300 });
    await waitForState(editor.store, (s) => s.status === 'connected');
    let version = await openReport();
    live.hub.faults.failHttp(503, 2, subscriptionRequests);
    live.hub.faults.hangHttp(1, (request) => request.method === 'GET');
    await live.hub.restart();
    const retried = await waitForState(
      editor.store,
      (state) => state.log.some((entry) => entry.name === 'resync' && entry.note?.includes('trying again')),
      5000,
    );
    expect(retried.log.filter((entry) => entry.name === 'confirmation').length).toBe(2);
    version = await openReport();
    version = await share(3, version);
    await inSyncWithHub(editor);
    expect(editor.store.getState().content.map((r) => r.id)).toEqual(['m3']);
  });

  it('stops on a 401 mid-session and carries on with a refreshed token after retry()', async () => {
    let token = 'first';
    const editor = app('report editor', { getToken: () => token });
    await waitForState(editor.store, (s) => s.status === 'connected');
    await openReport();
    live.hub.faults.failHttp(401, 1, subscriptionRequests);
    live.hub.expireLeases();
    const refused = await waitForState(editor.store, (s) => s.status === 'unauthorized');
    expect(refused.reason).toContain('HTTP 401');
    token = 'second';
    editor.retry();
    await inSyncWithHub(editor);
  });

  it('a publish during an outage rejects with a reason; once the hub is back it reaches the hub exactly once', async () => {
    const viewer = app('viewer');
    await waitForState(viewer.store, (s) => s.status === 'connected');
    const context = specExample('diagnosticreport-open').event
      .context as EventContext<'DiagnosticReport-open'>;
    live.hub.faults.failHttp(503, 1, publishRequests);
    await expect(viewer.publish('DiagnosticReport-open', context)).rejects.toThrow(
      'HTTP 503: injected fault',
    );
    const received: string[] = [];
    viewer.on('DiagnosticReport-open', (event) => {
      received.push(event.id);
    });
    const result = await viewer.publish('DiagnosticReport-open', context);
    expect(result.echoed).toBe(true);
    expect(received).toEqual([result.id]);
    await inSyncWithHub(viewer);
  });

  it('lets exactly one of two racing updates win a version; the loser resyncs and both match the hub [FC-2.10-refetch-after-failed-update]', async () => {
    const first = app('viewer A');
    const second = app('viewer B');
    await Promise.all([first, second].map((c) => waitForState(c.store, (s) => s.status === 'connected')));
    await openReport();
    await Promise.all(
      [first, second].map((c) => waitForState(c.store, (s) => s.current === 'DiagnosticReport')),
    );
    const race = (n: number) =>
      [
        { key: 'report', reference: { reference: REPORT_A } },
        updates(put({ resourceType: 'Observation', id: `race-${n}` })),
      ] as EventContext<'DiagnosticReport-update'>;
    const outcomes = await Promise.allSettled([
      first.publish('DiagnosticReport-update', race(1)),
      second.publish('DiagnosticReport-update', race(2)),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const loser = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(loser.reason).toMatchObject({ status: 400, resynced: true });
    await inSyncWithHub(first);
    await inSyncWithHub(second);
    expect(first.store.getState().content).toHaveLength(1);
  });
});

describe('faults that hit one subscriber, or only its acks', () => {
  it('cuts one app off mid-burst: it reconnects and resyncs, the other keeps its socket', async () => {
    const editor = app('report editor');
    const viewer = app('viewer');
    await Promise.all([editor, viewer].map((c) => waitForState(c.store, (s) => s.status === 'connected')));
    let version = await openReport();
    for (let n = 0; n < 20; n++) {
      if (n === 7) expect(live.hub.dropSockets((subscriber) => subscriber.name === 'report editor')).toBe(1);
      version = await share(n, version);
    }
    await inSyncWithHub(editor);
    await inSyncWithHub(viewer);
    expect(confirmations(editor)).toBe(2);
    expect(confirmations(viewer)).toBe(1);
    expect(editor.store.getState().content).toHaveLength(20);
  });

  it('a revoked subscription subscribes again and resyncs; the other app never notices', async () => {
    const editor = app('report editor');
    const viewer = app('viewer');
    await Promise.all([editor, viewer].map((c) => waitForState(c.store, (s) => s.status === 'connected')));
    let version = await openReport();
    for (let n = 0; n < 12; n++) {
      if (n === 4)
        expect(live.hub.deny((subscriber) => subscriber.name === 'viewer', 'revoked by an admin')).toBe(1);
      version = await share(n, version);
    }
    await inSyncWithHub(editor);
    await inSyncWithHub(viewer);
    expect(
      viewer.store
        .getState()
        .log.filter((entry) => entry.name === 'denial')
        .map((entry) => entry.note),
    ).toEqual(['revoked by an admin']);
    expect(logNames(editor)).not.toContain('denial');
    expect(live.hub.hub.subscriptionCount(TOPIC)).toBe(2);
  });

  it('acks the hub never reads: a sync error for each, unsubscribed as unresponsive after three, back in sync', async () => {
    await live.restartWith({ ackTimeoutMs: 150 });
    const editor = app('report editor', { events: [...EVENTS, 'SyncError'] });
    const watcher = await syncErrorWatcher();
    await waitForState(editor.store, (s) => s.status === 'connected');
    let version = await openReport();
    await waitForState(editor.store, (s) => s.current === 'DiagnosticReport');
    live.hub.faults.loseAcks(3);
    for (let n = 0; n < 3; n++) version = await share(n, version);
    const denied = await waitForState(editor.store, (state) =>
      state.log.some((entry) => entry.name === 'denial'),
    );
    expect(denied.log.filter((entry) => entry.name === 'denial').map((entry) => entry.note)).toEqual([
      'unresponsive: 3 events unacknowledged',
    ]);
    await watcher.waitFor(() => watcher.events('syncerror').length === 3);
    // The open's ack may still be on its way when the faults are armed: then it is the first one lost.
    expect(syncErrorDiagnostics(watcher)).toEqual([
      expect.stringMatching(
        /^report editor did not acknowledge DiagnosticReport-(open|update) within 0\.15 s$/,
      ),
      'report editor did not acknowledge DiagnosticReport-update within 0.15 s',
      'report editor did not acknowledge DiagnosticReport-update within 0.15 s',
    ]);
    expect(denied.lastSyncError).toBeUndefined();
    for (let n = 3; n < 8; n++) version = await share(n, version);
    await inSyncWithHub(editor);
    expect(editor.store.getState().content).toHaveLength(8);
    expect(live.hub.hub.stats.unanswered).toBe(3);
  });

  it('acks that arrive late but within the timeout change nothing; one past it is a sync error, not a denial', async () => {
    // Timeouts leave a wide margin (900 ms) either way: the machine may be busy with other test files.
    await live.restartWith({ ackTimeoutMs: 1000 });
    const editor = app('report editor', { events: [...EVENTS, 'SyncError'] });
    const watcher = await syncErrorWatcher();
    await waitForState(editor.store, (s) => s.status === 'connected');
    let version = await openReport();
    live.hub.faults.delayAcks(100);
    for (let n = 0; n < 10; n++) version = await share(n, version);
    await inSyncWithHub(editor);
    // Once every delivered event is acknowledged no ack timer is left to fire: the counts are final.
    await vi.waitFor(() => expect(live.hub.hub.stats.acknowledged).toBe(live.hub.hub.stats.delivered), {
      timeout: 3000,
    });
    expect(live.hub.hub.stats).toMatchObject({ unanswered: 0, refused: 0 });
    expect(watcher.events('syncerror')).toEqual([]);
    live.hub.faults.delayAcks(1900);
    version = await share(10, version);
    await watcher.waitFor(() => watcher.events('syncerror').length === 1);
    expect(syncErrorDiagnostics(watcher)).toEqual([
      'report editor did not acknowledge DiagnosticReport-update within 1 s',
    ]);
    expect(editor.store.getState().lastSyncError).toBeUndefined();
    live.hub.faults.delayAcks(0);
    await share(11, version);
    await inSyncWithHub(editor);
    expect(logNames(editor)).not.toContain('denial');
    expect(live.hub.hub.stats.unanswered).toBe(1);
  });
});

describe('what the client notices on its own', () => {
  it('fetches the context a bounded number of times, not once per queued frame, when it fell behind', async () => {
    let fetches = 0;
    const editor = app('report editor', {
      onRequest: (request) => {
        if (request.purpose === 'context') fetches++;
      },
    });
    await waitForState(editor.store, (s) => s.status === 'connected');
    let version = await openReport();
    await inSyncWithHub(editor);
    const before = fetches;
    // The first update is lost and the rest arrive late: the hub's answer to the first fetch is ahead of
    // every frame still on its way, so each of them looks like a gap in the versionId chain.
    live.hub.faults.dropFrames(1);
    live.hub.faults.delayFrames(300);
    for (let n = 0; n < 40; n++) version = await share(n, version);
    await waitForState(
      editor.store,
      (s) => s.log.filter((entry) => entry.name === 'DiagnosticReport-update').length === 39,
    );
    live.hub.faults.delayFrames(0);
    await inSyncWithHub(editor);
    expect(editor.store.getState().content).toHaveLength(40);
    const gaps = editor.store.getState().log.filter((entry) => entry.note?.startsWith('missed an update'));
    expect(gaps.length).toBeGreaterThan(20);
    expect(fetches - before).toBeGreaterThanOrEqual(1);
    expect(fetches - before).toBeLessThanOrEqual(5);
  });

  it('learns the content of a report reopened with measurements it never saw (joined after they were shared)', async () => {
    const viewer = app('viewer');
    await waitForState(viewer.store, (s) => s.status === 'connected');
    let version = await openReport();
    version = await share(1, version);
    await share(2, version);
    const other = { ...specExample('diagnosticreport-open'), timestamp: new Date().toISOString() };
    other.event['hub.topic'] = TOPIC;
    const report = other.event.context.find((item) => item.key === 'report')?.resource as { id: string };
    report.id = 'another-report';
    expect((await post(other)).status).toBe(202);
    const editor = app('report editor');
    await waitForState(editor.store, (s) => s.status === 'connected');
    await inSyncWithHub(editor);
    expect(editor.store.getState().content).toEqual([]);
    await openReport();
    await inSyncWithHub(editor);
    expect(editor.store.getState().content.map((r) => r.id)).toEqual(['m1', 'm2']);
  });

  it('does not keep, and later resume, content built on top of content it was still fetching', async () => {
    let version = await openReport();
    version = await share(1, version);
    const other = { ...specExample('diagnosticreport-open'), timestamp: new Date().toISOString() };
    other.event['hub.topic'] = TOPIC;
    (other.event.context.find((item) => item.key === 'report')?.resource as { id: string }).id = 'other';
    await post(other);
    // The editor joins now: it has never seen the first report or its measurement.
    const editor = app('report editor', { requestTimeoutMs: 300 });
    await inSyncWithHub(editor);
    // The editor's next fetch hangs, so the update below lands on content it does not know yet.
    live.hub.faults.hangHttp(1, (request) => request.method === 'GET');
    version = await openReport();
    await waitForState(editor.store, (s) => s.contentPending !== undefined);
    await share(2, version);
    await waitForState(editor.store, (s) => s.content.length === 1);
    await post({ ...other, id: crypto.randomUUID(), timestamp: new Date().toISOString() });
    // Let the hung fetch time out and its retry land while the other report is current. Fetches run one at a
    // time, so the first one to end after the failure is that retry; it always logs.
    const failed = await waitForState(editor.store, (s) =>
      s.log.some((entry) => entry.name === 'resync' && entry.note?.includes('trying again')),
    );
    const failedAt = failed.log.find((entry) => entry.note?.includes('trying again'))?.seq ?? 0;
    await waitForState(editor.store, (s) =>
      s.log.some((entry) => entry.name === 'resync' && entry.seq > failedAt),
    );
    await inSyncWithHub(editor);
    await openReport();
    await inSyncWithHub(editor);
    expect(editor.store.getState().content.map((r) => r.id)).toEqual(['m1', 'm2']);
    expect(editor.store.getState().contentPending).toBeUndefined();
  });

  it('does not fetch content after opens when it does not follow the anchor updates', async () => {
    const { fetch: recorded, calls } = recordingFetch(fetch);
    const contextFetches = () => calls.filter((call) => call.method === 'GET').length;
    const worklist = app('worklist', {
      events: ['DiagnosticReport-open', 'DiagnosticReport-close'],
      fetch: recorded,
    });
    await waitForState(worklist.store, (s) => s.log.some((entry) => entry.name === 'resync'));
    const before = contextFetches();
    // The open reaches the worklist 200 ms after its last fetch ended, past the 100 ms spacing of fetches: a
    // content fetch would start while the open is applied, and its request be recorded before the store
    // shows the open.
    live.hub.faults.delayFrames(200);
    await openReport();
    await waitForState(worklist.store, (s) => s.current === 'DiagnosticReport');
    expect(contextFetches() - before).toBe(0);
    expect(worklist.store.getState().contentPending).toBeUndefined();
  });

  it('never takes the context back to a fetch answer older than events applied meanwhile', async () => {
    let interfere = 0;
    let shared = 100;
    let editor: FhircastClient | undefined;
    // The editor's get-context answers are taken, then an update is shared and applied before they arrive.
    const slowContext: typeof fetch = async (input, init) => {
      const answer = await fetch(input, init);
      if ((init?.method ?? 'GET') !== 'GET' || interfere === 0) return answer;
      interfere--;
      const body = await answer.text();
      const current = live.hub.hub.currentContext(TOPIC)['context.versionId'] as string;
      const next = await share(shared++, current);
      await waitForState((editor as FhircastClient).store, (s) => s.versionId === next);
      return new Response(body, { status: answer.status, headers: answer.headers });
    };
    editor = app('report editor', { fetch: slowContext });
    await waitForState(editor.store, (s) => s.status === 'connected');
    await openReport();
    await inSyncWithHub(editor);
    const versions: (string | undefined)[] = [];
    editor.store.subscribe((state) => {
      if (state.versionId !== versions.at(-1)) versions.push(state.versionId);
    });
    interfere = 3;
    await editor.resync();
    await inSyncWithHub(editor);
    // Each version held once, in order: the context never went back to one it had left.
    expect(versions).toHaveLength(3);
    expect(new Set(versions).size).toBe(versions.length);
    expect(editor.store.getState().content.map((r) => r.id)).toEqual(['m100', 'm101', 'm102']);
    expect(
      editor.store
        .getState()
        .log.some((entry) => entry.note === 'the context changed during each fetch; fetching again shortly'),
    ).toBe(true);
  });

  it('fetches the context when the echo of its own accepted publish never comes', async () => {
    const viewer = app('viewer', { echoTimeoutMs: 200 });
    await waitForState(viewer.store, (s) => s.status === 'connected');
    await openReport();
    await inSyncWithHub(viewer);
    live.hub.faults.dropFrames(1);
    const result = await viewer.publish('DiagnosticReport-update', [
      { key: 'report', reference: { reference: REPORT_A } },
      updates(put({ resourceType: 'Observation', id: 'lost-echo' })),
    ] as EventContext<'DiagnosticReport-update'>);
    expect(result.echoed).toBe(false);
    await inSyncWithHub(viewer);
    expect(viewer.store.getState().content.map((r) => r.id)).toEqual(['lost-echo']);
    expect(
      viewer.store
        .getState()
        .log.some((entry) => entry.note?.startsWith('no echo of DiagnosticReport-update')),
    ).toBe(true);
  });

  it('acknowledges and logs an event even when a store subscriber throws, reports the error and tells the other subscribers', async () => {
    const reported: unknown[] = [];
    vi.stubGlobal('reportError', (error: unknown) => reported.push(error));
    try {
      const editor = app('report editor');
      await waitForState(editor.store, (s) => s.status === 'connected');
      const unsubscribe = editor.store.subscribe((state, previous) => {
        if (state.current !== previous.current) throw new Error('app bug in a subscriber');
      });
      const seenByNext: (string | undefined)[] = [];
      const unsubscribeNext = editor.store.subscribe((state) => seenByNext.push(state.current));
      await openReport();
      const logged = await waitForState(editor.store, (state) =>
        state.log.some((entry) => entry.name === 'DiagnosticReport-open'),
      );
      unsubscribe();
      unsubscribeNext();
      const entry = logged.log.find((e) => e.name === 'DiagnosticReport-open');
      expect([entry?.status, entry?.note]).toEqual([200, undefined]);
      expect(seenByNext).toContain('DiagnosticReport');
      expect(logged.current).toBe('DiagnosticReport');
      expect(reported).toEqual([new Error('app bug in a subscriber')]);
      await vi.waitFor(() => expect(live.hub.hub.stats.acknowledged).toBe(1));
      expect(live.hub.hub.stats).toMatchObject({ delivered: 1, acknowledged: 1, unanswered: 0 });
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
