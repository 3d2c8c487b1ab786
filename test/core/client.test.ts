import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFhircastClient } from '../../src/core/client.ts';
import type { FhircastClientOptions } from '../../src/core/options.ts';
import { type RunningHub, startHub } from '../../src/hub/index.ts';
import type { EventContext } from '../../src/protocol/typed.ts';
import { exampleFor, specExample } from '../fixtures/spec.ts';
import { clientsForEachTest } from '../support/clients.ts';
import { freshTopic, postJson, subscribe } from '../support/hub-requests.ts';
import { RecordingSocket } from '../support/recording-socket.ts';
import { recordSlice, waitForState } from '../support/store.ts';

const READING_EVENTS = [
  'Patient-open',
  'Patient-close',
  'DiagnosticReport-open',
  'DiagnosticReport-close',
  'DiagnosticReport-update',
  'DiagnosticReport-select',
  'syncerror',
];

describe('createFhircastClient against the development hub', () => {
  let hub: RunningHub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.close());
  const { clientFor } = clientsForEachTest({ events: READING_EVENTS });
  const client = (topic: string, options: Partial<FhircastClientOptions> = {}) =>
    clientFor(hub, { topic, ...options });

  it('subscribes, connects and reports the granted events and lease [FC-2.4-connect-and-confirm] [IRA-RAD-146-report-events]', async () => {
    const topic = freshTopic();
    const viewer = client(topic, { subscriberName: 'viewer', leaseSeconds: 600 });
    const statuses = recordSlice(viewer.store, (state) => state.status);
    viewer.connect();
    const state = await waitForState(viewer.store, (s) => s.status === 'connected');
    expect(statuses).toEqual(['idle', 'connecting', 'connected']);
    expect(state.events).toEqual(READING_EVENTS);
    expect(state.leaseEndsAt).toBeGreaterThan(Date.now() + 590_000);
    expect(hub.hub.subscriptionCount(topic)).toBe(1);
  });

  it('follows a reporting session: open, update, select, close [FC-2.10-follow-anchor-events] [FC-2.10-track-version] [IRA-RAD-154-close-clears]', async () => {
    const topic = freshTopic();
    const viewer = client(topic);
    viewer.connect();
    await waitForState(viewer.store, (s) => s.status === 'connected');

    await postJson(hub.url, exampleFor('diagnosticreport-open', topic));
    let state = await waitForState(viewer.store, (s) => s.current === 'DiagnosticReport');
    const opened = state.versionId;
    expect(opened).toEqual(expect.any(String));
    expect(state.anchors.DiagnosticReport?.ref).toBe('DiagnosticReport/2402d3bd-e988-414b-b7f2-4322e86c9327');

    const update = exampleFor('diagnosticreport-update-1', topic, { 'context.versionId': opened });
    expect((await postJson(hub.url, update)).status).toBe(202);
    state = await waitForState(viewer.store, (s) => s.content.length === 3);
    expect(state.versionId).not.toBe(opened);
    expect(state.content.map((resource) => `${resource.resourceType}/${resource.id}`)).toEqual([
      'ImagingStudy/7e9deb91-0017-4690-aebd-951cef34aba4',
      'Observation/40afe766-3628-4ded-b5bd-925727c013b3',
      'DiagnosticReport/2402d3bd-e988-414b-b7f2-4322e86c9327',
    ]);

    await postJson(hub.url, exampleFor('diagnosticreport-select', topic));
    state = await waitForState(viewer.store, (s) => s.selection.length === 2);
    expect(state.selection.map((reference) => reference.reference)).toEqual([
      'Observation/40afe766-3628-4ded-b5bd-925727c013b3',
      'Observation/e25ce4c2-95c1-4078-8ef5-84aab1a69036',
    ]);

    await postJson(hub.url, exampleFor('diagnosticreport-close', topic));
    state = await waitForState(viewer.store, (s) => s.current === undefined);
    expect(state).toMatchObject({ versionId: undefined, content: [], selection: [] });
    expect(
      state.log
        .filter((entry) => entry.direction === 'in' && entry.id)
        .map((entry) => [entry.name, entry.status]),
    ).toEqual([
      ['DiagnosticReport-open', 200],
      ['DiagnosticReport-update', 200],
      ['DiagnosticReport-select', 200],
      ['DiagnosticReport-close', 200],
    ]);
  });

  it('tells store subscribers once per event, the context change and its log entry together', async () => {
    const topic = freshTopic();
    const viewer = client(topic);
    viewer.connect();
    // Connected, and the first fetch of the hub's context done.
    await waitForState(viewer.store, (s) => s.log.some((entry) => entry.name === 'resync'));
    const changes: [string | undefined, string | undefined][] = [];
    viewer.store.subscribe((state, previous) => {
      if (state.log === previous.log && state.versionId === previous.versionId) return;
      const entry = state.log.at(-1);
      changes.push([state.log === previous.log ? 'no log entry' : entry?.name, state.current]);
    });
    await postJson(hub.url, exampleFor('diagnosticreport-open', topic));
    const opened = (await waitForState(viewer.store, (s) => s.contentPending === undefined && !!s.versionId))
      .versionId;
    await postJson(hub.url, exampleFor('diagnosticreport-update-1', topic, { 'context.versionId': opened }));
    await waitForState(viewer.store, (s) => s.content.length === 3);
    await postJson(hub.url, exampleFor('diagnosticreport-close', topic));
    await waitForState(viewer.store, (s) => s.current === undefined);
    expect(changes).toEqual([
      ['DiagnosticReport-open', 'DiagnosticReport'],
      ['DiagnosticReport-update', 'DiagnosticReport'],
      ['DiagnosticReport-close', undefined],
    ]);
  });

  it('learns the current context of a session it joins late, content included [IRA-RAD-153-on-subscribe] [IRA-RAD-153-treat-as-open]', async () => {
    const topic = freshTopic();
    const answer = await (await postJson(hub.url, exampleFor('diagnosticreport-open', topic))).json();
    const versionId = answer.event.event['context.versionId'];
    const update = exampleFor('diagnosticreport-update-1', topic, { 'context.versionId': versionId });
    await postJson(hub.url, update);
    const late = client(topic);
    late.connect();
    const state = await waitForState(late.store, (s) => s.content.length === 3);
    expect(state.current).toBe('DiagnosticReport');
    expect(state.versionId).toBe((await (await fetch(`${hub.url}/${topic}`)).json())['context.versionId']);
  });

  it('publishes, resolves on its own echo, and the store changes only through the echo [FC-2.6-publish-request]', async () => {
    const topic = freshTopic();
    const app = client(topic);
    app.connect();
    await waitForState(app.store, (s) => s.status === 'connected');
    const patient = specExample('patient-open').event.context;
    const result = await app.publish('patient-open', patient);
    expect(result).toMatchObject({ status: 202, echoed: true, event: { id: result.id } });
    expect(app.store.getState().current).toBe('Patient');
    const outbound = app.store.getState().log.find((entry) => entry.direction === 'out');
    expect(outbound).toMatchObject({ name: 'Patient-open', id: result.id, status: 202 });
  });

  it('rejects a publish that misses a required key, naming it, before sending anything', async () => {
    const app = client(freshTopic());
    await expect(app.publish('Encounter-open', [])).rejects.toThrow(
      'Encounter-open: missing required context key "encounter"',
    );
    expect(app.store.getState().log).toEqual([]);
  });

  it('sends updates with the current versionId, and resyncs after a stale-version rejection [FC-2.6-rejected-request] [FC-2.10-update-with-version] [FC-2.10-refetch-after-failed-update]', async () => {
    const topic = freshTopic();
    const app = client(topic);
    app.connect();
    await waitForState(app.store, (s) => s.status === 'connected');
    const open = specExample('diagnosticreport-open').event.context as EventContext<'DiagnosticReport-open'>;
    await app.publish('DiagnosticReport-open', open);
    const updates = specExample('diagnosticreport-update-1').event
      .context as EventContext<'DiagnosticReport-update'>;
    const first = await app.publish('DiagnosticReport-update', updates);
    expect(first.echoed).toBe(true);
    expect(app.store.getState().content).toHaveLength(3);
    const error = await app
      .publish('DiagnosticReport-update', updates, { versionId: 'stale' })
      .catch((e) => e);
    expect(error).toMatchObject({ name: 'FhircastError', status: 400, resynced: true });
    expect(error.message).toContain('is stale');
    const hubContext = await (await fetch(`${hub.url}/${topic}`)).json();
    expect(app.store.getState().versionId).toBe(hubContext['context.versionId']);
  });

  it('acknowledges every event with 200, and records an app refusal as a 409 ack and a sync error [FC-2.5-ack-every-event] [FC-2.5-refuse-with-error-status]', async () => {
    const topic = freshTopic();
    const watcher = new RecordingSocket(await subscribe(hub.url, topic, 'syncerror'));
    await watcher.frame(1);
    const app = client(topic, { subscriberName: 'picky app' });
    app.on('Patient-open', () => 409);
    app.connect();
    await waitForState(app.store, (s) => s.status === 'connected');
    await postJson(hub.url, exampleFor('patient-open', topic));
    const state = await waitForState(app.store, (s) => s.log.some((entry) => entry.status === 409));
    expect(state.current).toBeUndefined();
    expect(state.log.find((entry) => entry.status === 409)).toMatchObject({
      name: 'Patient-open',
      note: 'refused by the app',
    });
    await watcher.waitFor(() => watcher.events('syncerror').length === 1);
    expect(JSON.stringify(watcher.events('syncerror')[0])).toContain('picky app');
    watcher.close();
  });

  it('reconnects after the hub cuts its socket and resyncs to the context it missed [IRA-RAD-153-on-subscribe]', async () => {
    const topic = freshTopic();
    const app = client(topic, { backoff: { steps: [50], jitter: 0 } });
    app.connect();
    await waitForState(app.store, (s) => s.status === 'connected');
    const statuses = recordSlice(app.store, (state) => state.status);
    hub.dropSockets();
    await waitForState(app.store, (s) => s.status === 'reconnecting');
    await postJson(hub.url, exampleFor('patient-open', topic));
    const state = await waitForState(app.store, (s) => s.status === 'connected' && s.current === 'Patient');
    expect(statuses).toEqual(['connected', 'reconnecting', 'connected']);
    expect(state.anchors.Patient?.ref).toBe('Patient/503824b8-fe8c-4227-b061-7181ba6c3926');
    expect(hub.hub.subscriptionCount(topic)).toBe(1);
  });

  it('disconnects by unsubscribing and closing with 1000 [FC-2.4-unsubscribe]', async () => {
    const topic = freshTopic();
    const app = client(topic);
    app.connect();
    await waitForState(app.store, (s) => s.status === 'connected');
    await app.disconnect();
    expect(app.store.getState()).toMatchObject({ status: 'disconnected', reason: 'disconnected by the app' });
    expect(hub.hub.subscriptionCount(topic)).toBe(0);
  });

  it('re-subscribes on the same endpoint when its events change [FC-2.3-event-names-any-case]', async () => {
    const topic = freshTopic();
    const app = client(topic, { events: ['Patient-open'] });
    app.connect();
    await waitForState(app.store, (s) => s.status === 'connected');
    app.setEvents(['Patient-open', 'encounter-open']);
    const state = await waitForState(app.store, (s) => s.events.length === 2);
    expect(state.events).toEqual(['Patient-open', 'Encounter-open']);
    expect(hub.hub.subscriptionCount(topic)).toBe(1);
    await postJson(hub.url, { ...exampleFor('encounter-open', topic), timestamp: new Date().toISOString() });
    await waitForState(app.store, (s) => s.current === 'Encounter');
  });

  it('reads the discovery document, and answers undefined where a hub has none', async () => {
    const app = client(freshTopic());
    expect(await app.discover()).toMatchObject({ fhircastVersion: '3.0.0', websocketSupport: true });
    const elsewhere = createFhircastClient({
      hubUrl: `${hub.origin}/nowhere`,
      topic: 't',
      events: ['Patient-open'],
    });
    expect(await elsewhere.discover()).toBeUndefined();
  });
});
