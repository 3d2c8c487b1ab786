import { describe, expect, it } from 'vitest';
import { FhircastError } from '../../src/core/errors.ts';
import { createPublishers } from '../../src/core/publishers.ts';
import type { EventContext } from '../../src/protocol/typed.ts';
import { specExample, syncErrorAbout } from '../fixtures/spec.ts';
import { clientsForEachTest } from '../support/clients.ts';
import { installFakeClock, ON_FAKE_TIME, OPEN_DELAY, tick } from '../support/clock.ts';
import { createFakeHub } from '../support/fake-hubs.ts';
import { FakeSocket } from '../support/fake-sockets.ts';
import { json, recordingFetch, subscribes, text } from '../support/recorded-fetch.ts';
import { recordSlice } from '../support/store.ts';

const TOPIC = 'topic-compat-0001';
const EVENTS = ['patient-open', 'patient-close', 'syncerror'];
const SANDBOX = 'http://localhost:3000/api/hub';

installFakeClock();
const { clientFor, afterClients, loopback } = clientsForEachTest({
  topic: TOPIC,
  events: EVENTS,
  ...ON_FAKE_TIME,
});

/**
 * A hub behaving like the reference sandbox (PROTOCOL.md, "What real implementations do"): a bare
 * confirmation, a 15 s heartbeat with one fixed id and no context, no acks, publish only at
 * `{hub}/{topic}` answering `200 "OK"` (a JSON POST to `{hub}` makes it exit), get-context answering
 * `contextBody`, and silence on a second connection to an endpoint.
 */
function sandboxHub(contextBody = '[]') {
  const sockets: FakeSocket[] = [];
  const bound = new Set<string>();
  const confirmed = new Set<FakeSocket>();
  const state = { exited: false };
  let subscriptions = 0;
  const broadcast = (frame: unknown) => {
    for (const socket of confirmed) socket.message(frame);
  };
  const { fetch, calls } = recordingFetch(undefined, (call) => {
    if (state.exited) return Promise.reject(new TypeError('fetch failed'));
    if (call.form?.get('hub.mode') === 'subscribe') {
      return json(202, { 'hub.channel.endpoint': `ws://localhost:3000/bind/sub-${++subscriptions}` });
    }
    if (call.form) return json(202, {});
    if (call.method === 'GET' && call.url === `${SANDBOX}/${TOPIC}`) return new Response(contextBody);
    if (call.method === 'POST' && call.url === `${SANDBOX}/${TOPIC}`) {
      broadcast(JSON.parse(call.body));
      return text(200, 'OK');
    }
    if (call.method === 'POST' && call.url === SANDBOX) state.exited = true;
    return text(404, 'Not Found');
  });
  class SandboxSocket extends FakeSocket {
    constructor(endpoint: string) {
      super(endpoint);
      sockets.push(this);
      queueMicrotask(() => {
        if (state.exited) return this.serverClose(1006);
        this.open();
        if (bound.has(endpoint)) return;
        bound.add(endpoint);
        confirmed.add(this);
        const id = endpoint.split('/').at(-1);
        this.message({
          timestamp: new Date().toISOString(),
          bound: id,
          'hub.mode': 'subscribe',
          'hub.lease_seconds': 7200,
        });
      });
    }
  }
  const heartbeat = setInterval(
    () =>
      broadcast({
        timestamp: new Date().toISOString(),
        id: 'sandbox-heartbeat',
        event: { 'hub.topic': TOPIC, 'hub.event': 'heartbeat' },
      }),
    15_000,
  );
  afterClients(() => clearInterval(heartbeat));
  return {
    url: SANDBOX,
    fetch,
    calls,
    sockets,
    state,
    WebSocket: SandboxSocket as unknown as typeof WebSocket,
  };
}

/** The guide's Patient-open context, typed as the typed publish expects (the example is plain JSON). */
const patientItem = () => specExample('patient-open').event.context as EventContext<'Patient-open'>;

describe('hubs that answer late, forget endpoints or grant odd leases', () => {
  it('gives up on a request the hub never answers after 30 s, and tries again', async () => {
    let hang = true;
    const peer = loopback({}, () => (hang ? new Promise<Response>(() => {}) : undefined));
    const client = clientFor(peer);
    const start = Date.now();
    client.connect();
    await tick(29_999);
    expect(client.store.getState().status).toBe('connecting');
    hang = false;
    await tick(1);
    expect(client.store.getState()).toMatchObject({
      status: 'reconnecting',
      reason: 'could not reach the hub (subscribe): no answer within 30 s',
      retryAt: start + 30_250,
    });
    await tick(250 + OPEN_DELAY);
    expect(client.store.getState().status).toBe('connected');
    expect(peer.hub.subscriptionCount(TOPIC)).toBe(1);
  });

  it('subscribes again when a socket never opens', async () => {
    const hub = createFakeHub(TOPIC, { neverOpens: (index) => index === 0 });
    const client = clientFor(hub);
    client.connect();
    await tick(5000);
    expect(client.store.getState()).toMatchObject({
      status: 'reconnecting',
      reason: 'the hub sent no confirmation',
    });
    expect(hub.sockets[0]?.closes).toEqual([{ code: 4000, reason: 'reconnecting' }]);
    await tick(250);
    expect(client.store.getState().status).toBe('connected');
    expect(hub.sockets.map((socket) => socket.url)).toEqual([
      'ws://fake.hub/ws/endpoint-1',
      'ws://fake.hub/ws/endpoint-2',
    ]);
  });

  it('keeps renewing on a hub that answers renewals with 202 but no new confirmation', async () => {
    const hub = createFakeHub(TOPIC, {
      onOpen: (socket) => socket.message({ 'hub.mode': 'subscribe', 'hub.lease_seconds': 100 }),
    });
    const client = clientFor(hub);
    const start = Date.now();
    client.connect();
    await tick(170_000);
    const renewals = hub.calls.filter((call) => call.form?.has('hub.channel.endpoint'));
    expect(renewals.map((call) => call.time - start)).toEqual([80_000, 160_000]);
    expect(client.store.getState()).toMatchObject({ status: 'connected', leaseEndsAt: start + 260_000 });
    expect(hub.sockets).toHaveLength(1);
  });

  it('renews a lease of 0.001 s no more often than every 5 s, whether or not the hub confirms each renewal', async () => {
    for (const confirmsRenewals of [false, true]) {
      const lease = { 'hub.mode': 'subscribe', 'hub.topic': TOPIC, 'hub.lease_seconds': 0.001 };
      const hub = createFakeHub(TOPIC, {
        onOpen: (socket) => socket.message(lease),
        intercept: (call) => {
          const endpoint = call.form?.get('hub.channel.endpoint');
          if (!endpoint || !confirmsRenewals) return undefined;
          queueMicrotask(() => hub.sockets[0]?.message(lease));
          return json(202, { 'hub.channel.endpoint': endpoint });
        },
      });
      const client = clientFor(hub);
      const start = Date.now();
      client.connect();
      await tick(1500);
      expect(subscribes(hub.calls)).toHaveLength(1);
      await tick(18_500);
      const renewals = hub.calls.filter((call) => call.form?.has('hub.channel.endpoint'));
      expect(renewals.map((call) => call.time - start)).toEqual([5000, 10_000, 15_000, 20_000]);
      expect(client.store.getState().status).toBe('connected');
      await client.disconnect();
    }
  });

  it('does not renew at once when the hub grants a lease longer than a timer can wait', async () => {
    const hub = createFakeHub(TOPIC, {
      onOpen: (socket) => socket.message({ 'hub.mode': 'subscribe', 'hub.lease_seconds': 10_000_000 }),
    });
    const client = clientFor(hub);
    const start = Date.now();
    client.connect();
    await tick(60_000);
    expect(client.store.getState()).toMatchObject({
      status: 'connected',
      leaseEndsAt: start + 10_000_000_000,
    });
    expect(subscribes(hub.calls)).toHaveLength(1);
  });

  it('subscribes anew when the hub no longer knows the endpoint it reconnects to', async () => {
    const peer = loopback();
    const client = clientFor(peer);
    const statuses = recordSlice(client.store, (state) => state.status);
    client.connect();
    await tick(0);
    peer.hub.close();
    await tick(250 + OPEN_DELAY);
    expect(client.store.getState()).toMatchObject({
      status: 'reconnecting',
      reason: 'the hub ended the subscription: unknown or expired subscription',
    });
    await tick(500 + OPEN_DELAY);
    expect(statuses).toEqual(['idle', 'connecting', 'connected', 'reconnecting', 'connected']);
    const urls = peer.sockets.map((socket) => socket.url);
    expect(urls).toEqual([urls[0], urls[0], expect.not.stringMatching(urls[0] as string)]);
    expect(peer.hub.subscriptionCount(TOPIC)).toBe(1);
  });
});

describe('a sandbox-style hub', () => {
  it('shares content in a report the hub opened without a versionId, sending none, and follows its own update', async () => {
    const hub = sandboxHub();
    const client = clientFor(hub, {
      publishTo: 'topic',
      events: ['DiagnosticReport-open', 'DiagnosticReport-update', 'syncerror'],
    });
    client.connect();
    await tick(0);
    const publish = createPublishers(client);
    const open = specExample('diagnosticreport-open').event.context;
    const resource = (key: string) => open.find((item) => item.key === key)?.resource as never;
    await publish.openReport(resource('report'), { patient: resource('patient') });
    expect(client.store.getState()).toMatchObject({ current: 'DiagnosticReport', versionId: undefined });
    const measurement = {
      resourceType: 'Observation',
      id: 'm1',
      status: 'preliminary',
      code: { text: 'size' },
    };
    const result = await publish.updateReport([{ put: measurement as never }]);
    expect(result.echoed).toBe(true);
    expect(result.event.event['context.versionId']).toBeUndefined();
    const sent = JSON.parse(hub.calls.at(-1)?.body ?? '{}');
    expect(sent.event).not.toHaveProperty('context.versionId');
    expect(client.store.getState()).toMatchObject({ versionId: undefined, content: [measurement] });
  });

  it('refuses an update with no report open, saying so [FC-2.10-current-context-only]', async () => {
    const hub = sandboxHub();
    const client = clientFor(hub, { publishTo: 'topic' });
    client.connect();
    await tick(0);
    const updates = { resourceType: 'Bundle', type: 'transaction', entry: [] };
    const context = [
      { key: 'report', reference: { reference: 'DiagnosticReport/r1' } },
      { key: 'updates', resource: updates },
    ] as EventContext<'DiagnosticReport-update'>;
    await expect(client.publish('DiagnosticReport-update', context)).rejects.toThrow(
      'publish: DiagnosticReport-update needs an open DiagnosticReport context, and none is current',
    );
    expect(hub.calls.filter((call) => call.method === 'POST' && !call.form)).toEqual([]);
  });

  it('connects on a confirmation that has neither hub.topic nor hub.events', async () => {
    const hub = sandboxHub();
    const client = clientFor(hub);
    const start = Date.now();
    client.connect();
    await tick(0);
    expect(client.store.getState()).toMatchObject({
      status: 'connected',
      events: ['Patient-open', 'Patient-close', 'syncerror'],
      leaseEndsAt: start + 7_200_000,
    });
    expect(client.store.getState().log.map((entry) => [entry.name, entry.note])).toEqual([
      ['confirmation', undefined],
      ['resync', "context replaced with the hub's (empty)"],
    ]);
  });

  it.each([
    [
      'a bare context array',
      JSON.stringify(patientItem()),
      'Patient',
      "context replaced with the hub's (Patient)",
    ],
    ['an empty object', '{}', undefined, "context replaced with the hub's (empty)"],
    ['an empty body', '', undefined, "context replaced with the hub's (empty)"],
  ])('reads a current context answered as %s', async (_shape, body, current, note) => {
    const hub = sandboxHub(body);
    const client = clientFor(hub);
    client.connect();
    await tick(0);
    const state = client.store.getState();
    expect(state).toMatchObject({ status: 'connected', current });
    expect(state.log.find((entry) => entry.name === 'resync')?.note).toBe(note);
    if (current) expect(state.anchors.Patient?.ref).toBe('Patient/503824b8-fe8c-4227-b061-7181ba6c3926');
  });

  it('stays connected on 15 s heartbeats that all carry one id and no context, never logging them', async () => {
    const hub = sandboxHub();
    const client = clientFor(hub);
    const statuses = recordSlice(client.store, (state) => state.status);
    client.connect();
    await tick(120_000);
    expect(statuses).toEqual(['idle', 'connecting', 'connected']);
    expect(hub.sockets).toHaveLength(1);
    expect(hub.sockets[0]?.sent).toEqual(Array(8).fill({ id: 'sandbox-heartbeat', status: 200 }));
    expect(client.store.getState().log.map((entry) => entry.name)).toEqual(['confirmation', 'resync']);
    expect(subscribes(hub.calls)).toHaveLength(1);
  });

  it('subscribes again when reconnecting to the old endpoint meets silence', async () => {
    const hub = sandboxHub();
    const client = clientFor(hub);
    const statuses = recordSlice(client.store, (state) => state.status);
    client.connect();
    await tick(0);
    hub.sockets[0]?.serverClose(1006);
    await tick(250);
    expect(hub.sockets.map((socket) => socket.url)).toEqual([
      'ws://localhost:3000/bind/sub-1',
      'ws://localhost:3000/bind/sub-1',
    ]);
    expect(client.store.getState().status).toBe('reconnecting');
    await tick(5000 + 500);
    expect(hub.sockets.map((socket) => socket.url).at(-1)).toBe('ws://localhost:3000/bind/sub-2');
    expect(hub.sockets[1]?.closes).toEqual([{ code: 4000, reason: 'reconnecting' }]);
    expect(statuses).toEqual(['idle', 'connecting', 'connected', 'reconnecting', 'connected']);
  });

  it('is connected again within one backoff step and a second after the drop when the old endpoint stays silent', async () => {
    const hub = sandboxHub();
    const client = clientFor(hub);
    client.connect();
    await tick(0);
    const dropped = Date.now();
    hub.sockets[0]?.serverClose(1006);
    await tick(250 + 999);
    expect(client.store.getState().status).toBe('reconnecting');
    await tick(1 + OPEN_DELAY);
    expect(client.store.getState().status).toBe('connected');
    expect(Date.now() - dropped).toBe(250 + 1000 + OPEN_DELAY);
    const unsubscribed = hub.calls.filter((call) => call.form?.get('hub.mode') === 'unsubscribe');
    expect(unsubscribed.map((call) => call.form?.get('hub.channel.endpoint'))).toEqual([
      'ws://localhost:3000/bind/sub-1',
    ]);
    expect(
      client.store
        .getState()
        .log.map((entry) => entry.note)
        .filter(Boolean),
    ).toContain('no confirmation: subscribing again');
  });

  it('subscribes again at once when a socket on the old endpoint opens and is closed before any confirmation', async () => {
    let forget = false;
    const hub = createFakeHub(TOPIC, {
      onOpen: (socket, index) => {
        if (forget && index > 0) return socket.serverClose(1008, 'unknown endpoint');
        socket.message({ 'hub.mode': 'subscribe', 'hub.topic': TOPIC, 'hub.events': 'Patient-open' });
      },
    });
    const client = clientFor(hub);
    client.connect();
    await tick(0);
    forget = true;
    hub.sockets[0]?.serverClose(1006);
    await tick(250 + OPEN_DELAY);
    expect(hub.sockets.map((socket) => socket.url)).toEqual([
      'ws://fake.hub/ws/endpoint-1',
      'ws://fake.hub/ws/endpoint-1',
      'ws://fake.hub/ws/endpoint-2',
    ]);
  });

  it('publishes to {hub.url}/{topic} when told to, takes 200 "OK" as accepted and never posts to hub.url', async () => {
    const hub = sandboxHub();
    const client = clientFor(hub, { publishTo: 'topic' });
    client.connect();
    await tick(0);
    const result = await client.publish('Patient-open', patientItem(), { id: 'publish-1' });
    expect(result).toMatchObject({ id: 'publish-1', status: 200, echoed: true, event: { id: 'publish-1' } });
    const posts = hub.calls.filter((call) => call.method === 'POST' && !call.form);
    expect(posts.map((call) => call.url)).toEqual([`${SANDBOX}/${TOPIC}`]);
    expect(hub.state.exited).toBe(false);
    expect(client.store.getState().current).toBe('Patient');
  });
});

describe('frames the client cannot use', () => {
  it('logs invalid frames, refuses those with an id with 400, and refuses frames for another topic', async () => {
    const hub = createFakeHub(TOPIC);
    const client = clientFor(hub);
    client.connect();
    await tick(0);
    const socket = hub.sockets[0] as FakeSocket;
    const before = client.store.getState().log.length;
    const missingKey = specExample('patient-open');
    missingKey.id = 'bad-1';
    missingKey.event['hub.topic'] = TOPIC;
    missingKey.event.context = [];
    const otherTopic = specExample('patient-open');
    otherTopic.id = 'other-1';
    otherTopic.event['hub.topic'] = 'some-other-topic';
    expect(() => {
      socket.message('not json {');
      socket.message([1, 2]);
      socket.message({ id: 'no-event-1' });
      socket.message(missingKey);
      socket.message(otherTopic);
    }).not.toThrow();
    expect(socket.sent).toEqual([
      { id: 'no-event-1', status: 400 },
      { id: 'bad-1', status: 400 },
      { id: 'other-1', status: 400 },
    ]);
    const entries = client.store.getState().log.slice(before);
    expect(entries.map(({ name, id, status, note }) => ({ name, id, status, note }))).toEqual([
      { name: 'invalid', id: undefined, status: undefined, note: 'frame is not JSON' },
      { name: 'invalid', id: undefined, status: undefined, note: 'frame is not a JSON object' },
      { name: 'invalid', id: 'no-event-1', status: 400, note: 'frame has no hub.mode and no event' },
      {
        name: 'invalid',
        id: 'bad-1',
        status: 400,
        note: 'Patient-open: missing required context key "patient"',
      },
      { name: 'Patient-open', id: 'other-1', status: 400, note: 'event for another topic: refused' },
    ]);
    expect(client.store.getState()).toMatchObject({ status: 'connected', current: undefined, anchors: {} });
  });

  it('refuses an event without hub.topic with 400, yet acknowledges a heartbeat without one, which changes nothing', async () => {
    const hub = createFakeHub(TOPIC);
    const client = clientFor(hub);
    client.connect();
    await tick(0);
    const socket = hub.sockets[0] as FakeSocket;
    const before = client.store.getState().log.length;
    const noTopic = specExample('patient-open');
    noTopic.id = 'no-topic-1';
    delete (noTopic.event as Partial<typeof noTopic.event>)['hub.topic'];
    socket.message(noTopic);
    socket.message({ timestamp: '2026-01-01T00:00:00Z', id: 'beat-1', event: { 'hub.event': 'heartbeat' } });
    expect(socket.sent).toEqual([
      { id: 'no-topic-1', status: 400 },
      { id: 'beat-1', status: 200 },
    ]);
    const entries = client.store.getState().log.slice(before);
    expect(entries.map(({ name, id, status, note }) => ({ name, id, status, note }))).toEqual([
      { name: 'Patient-open', id: 'no-topic-1', status: 400, note: 'event without hub.topic: refused' },
    ]);
    expect(client.store.getState()).toMatchObject({ status: 'connected', current: undefined, anchors: {} });
  });

  it('refuses an event with any status of 300 or more a listener returns, and follows one it returns 2xx for [FC-2.5-ack-numeric-status] [FC-2.5-refuse-with-error-status]', async () => {
    const hub = createFakeHub(TOPIC);
    const client = clientFor(hub);
    const answers = new Map([
      ['redirected', 302],
      ['conflict', 409],
      ['fine', 204],
    ]);
    client.on('Patient-open', (notification) => answers.get(notification.id));
    client.connect();
    await tick(0);
    const socket = hub.sockets[0] as FakeSocket;
    for (const id of answers.keys()) {
      const open = specExample('patient-open');
      open.id = id;
      open.event['hub.topic'] = TOPIC;
      socket.message(open);
    }
    expect(socket.sent).toEqual([
      { id: 'redirected', status: 302 },
      { id: 'conflict', status: 409 },
      { id: 'fine', status: 200 },
    ]);
    const notes = client.store.getState().log.filter((entry) => entry.name === 'Patient-open');
    expect(notes.map(({ id, status, note }) => [id, status, note])).toEqual([
      ['redirected', 302, 'refused by the app'],
      ['conflict', 409, 'refused by the app'],
      ['fine', 200, undefined],
    ]);
    expect(client.store.getState().current).toBe('Patient');
  });

  it('answers 500 when a listener throws, delivers unknown events, and keeps going [FC-2.3-unknown-events] [FC-2.5-refuse-with-error-status]', async () => {
    const hub = createFakeHub(TOPIC);
    const client = clientFor(hub);
    const seen: string[] = [];
    client.on('*', (notification) => {
      seen.push(notification.event['hub.event']);
      if (notification.id === 'boom-1') throw new Error('listener bug');
    });
    client.connect();
    await tick(0);
    const socket = hub.sockets[0] as FakeSocket;
    const boom = specExample('patient-open');
    boom.id = 'boom-1';
    boom.event['hub.topic'] = TOPIC;
    const custom = {
      timestamp: '2024-05-01T10:00:00',
      id: 'custom-1',
      event: { 'hub.topic': TOPIC, 'hub.event': 'Worklist-refresh', context: [] },
    };
    expect(() => {
      socket.message(boom);
      socket.message(custom);
    }).not.toThrow();
    expect(socket.sent).toEqual([
      { id: 'boom-1', status: 500 },
      { id: 'custom-1', status: 200 },
    ]);
    expect(seen).toEqual(['Patient-open', 'Worklist-refresh']);
    expect(client.store.getState()).toMatchObject({ status: 'connected', current: undefined });
    expect(client.store.getState().log.at(-1)).toMatchObject({
      name: 'Worklist-refresh',
      id: 'custom-1',
      status: 200,
    });
  });
});

describe('publishing', () => {
  it('rejects, without hanging, a publish made while the hub cannot be reached', async () => {
    let reachable = true;
    const peer = loopback({}, () => (reachable ? undefined : Promise.reject(new TypeError('fetch failed'))));
    const client = clientFor(peer);
    client.connect();
    await tick(0);
    reachable = false;
    peer.sockets[0]?.close(1006, 'network gone');
    await tick(0);
    expect(client.store.getState().status).toBe('reconnecting');
    const error = await client.publish('Patient-open', patientItem()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FhircastError);
    expect(error).toMatchObject({
      message: 'could not reach the hub (publish): fetch failed',
      status: undefined,
    });
  });

  it('rejects a publish the hub never answers once 30 s have passed', async () => {
    const hub = createFakeHub(TOPIC, {
      intercept: (call) =>
        call.method === 'POST' && !call.form ? new Promise<Response>(() => {}) : undefined,
    });
    const client = clientFor(hub);
    client.connect();
    await tick(0);
    const outcome = client.publish('Patient-open', patientItem()).catch((e: unknown) => e);
    await tick(30_000);
    expect(await outcome).toMatchObject({
      name: 'FhircastError',
      message: 'could not reach the hub (publish): no answer within 30 s',
    });
    expect(client.store.getState().status).toBe('connected');
  });

  it('rejects a publish when a sync error names it before its echo [FC-2.6-rejected-request] [FC-3.2.1-read-syncerror]', async () => {
    const hub = createFakeHub(TOPIC);
    const client = clientFor(hub);
    client.connect();
    await tick(0);
    const outcome = client
      .publish('Patient-open', patientItem(), { id: 'publish-2' })
      .catch((e: unknown) => e);
    await tick(0);
    hub.sockets[0]?.message(syncErrorAbout(TOPIC, 'publish-2'));
    const error = await outcome;
    expect(error).toBeInstanceOf(FhircastError);
    expect((error as Error).message).toBe(
      'publish refused by a subscriber: Acme Product failed to follow context',
    );
    expect(client.store.getState().lastSyncError).toMatchObject({
      eventId: 'publish-2',
      eventName: 'Patient-open',
      subscriberName: 'Acme Product',
    });
    expect(client.store.getState().current).toBeUndefined();
  });

  it('rejects a publish whose sync error arrives before the hub answered the request', async () => {
    let answer: (response: Response) => void = () => {};
    const hub = createFakeHub(TOPIC, {
      intercept: (call) =>
        call.method === 'POST' && !call.form
          ? new Promise<Response>((resolve) => (answer = resolve))
          : undefined,
    });
    const client = clientFor(hub);
    client.connect();
    await tick(0);
    const outcome = client
      .publish('Patient-open', patientItem(), { id: 'publish-3' })
      .catch((e: unknown) => e);
    await tick(0);
    hub.sockets[0]?.message(syncErrorAbout(TOPIC, 'publish-3'));
    await tick(1000);
    answer(json(202, { success: true }));
    expect(await outcome).toMatchObject({
      message: 'publish refused by a subscriber: Acme Product failed to follow context',
    });
  });
});
