import { describe, expect, it, vi } from 'vitest';
import { exampleFor, specExample } from '../fixtures/spec.ts';
import { clientsForEachTest, type HubAccess } from '../support/clients.ts';
import { installFakeClock, ON_FAKE_TIME, OPEN_DELAY, tick } from '../support/clock.ts';
import { createFakeHub } from '../support/fake-hubs.ts';
import type { FakeSocket } from '../support/fake-sockets.ts';
import { type FetchCall, recordingFetch, subscribes, text } from '../support/recorded-fetch.ts';
import { recordSlice } from '../support/store.ts';

const TOPIC = 'topic-lifecycle-0001';
const EVENTS = ['Patient-open', 'Patient-close', 'userLogout', 'userHibernate', 'syncerror'];
const TABLE = [250, 500, 1000, 2000, 4000, 8000, 10000];

installFakeClock();
const { clientFor, loopback } = clientsForEachTest({ topic: TOPIC, events: EVENTS, ...ON_FAKE_TIME });

/** Publishes spec example `name` on TOPIC with event id `id`, through `peer` as another app would. */
function publishAt(peer: Pick<HubAccess, 'url' | 'fetch'>, name: string, id: string) {
  return peer.fetch(peer.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...exampleFor(name, TOPIC), id }),
  });
}

const intervals = (calls: readonly FetchCall[], start: number) =>
  calls.map((call, index) => call.time - (index === 0 ? start : (calls[index - 1] as FetchCall).time));

describe('reconnecting with backoff', () => {
  it('retries an unreachable hub at the delays of the table, repeating the last step', async () => {
    const { fetch, calls } = recordingFetch(undefined);
    const client = clientFor({ url: 'http://down.hub/api/hub', fetch, WebSocket: globalThis.WebSocket });
    const retryAts = recordSlice(client.store, (state) => state.retryAt);
    const start = Date.now();
    client.connect();
    await tick(0);
    expect(client.store.getState()).toMatchObject({
      status: 'reconnecting',
      reason: 'could not reach the hub (subscribe): fetch failed',
      retryAt: start + 250,
    });
    await tick(60_000);
    expect(intervals(calls, start)).toEqual([0, ...TABLE, 10000, 10000, 10000]);
    expect(retryAts.filter((at) => at !== undefined)).toEqual(
      calls.map((call, index) => call.time + TABLE[Math.min(index, 6)]!),
    );
    expect(client.store.getState().status).toBe('reconnecting');
  });

  it('starts the table again after a successful connection', async () => {
    let reachable = false;
    const peer = loopback({}, () => (reachable ? undefined : Promise.reject(new TypeError('fetch failed'))));
    const client = clientFor(peer);
    const start = Date.now();
    client.connect();
    await tick(1000);
    reachable = true;
    await tick(750 + OPEN_DELAY);
    expect(intervals(peer.calls, start).slice(0, 4)).toEqual([0, 250, 500, 1000]);
    expect(client.store.getState().status).toBe('connected');
    const subscribed = subscribes(peer.calls).length;

    peer.sockets[0]?.close(4001, 'cut by a proxy');
    await tick(0);
    expect(client.store.getState()).toMatchObject({
      status: 'reconnecting',
      reason: 'connection lost (code 4001)',
      retryAt: Date.now() + 250,
    });
    await tick(250 + OPEN_DELAY);
    expect(client.store.getState().status).toBe('connected');
    expect(peer.sockets.map((socket) => socket.url)).toEqual([peer.sockets[0]?.url, peer.sockets[0]?.url]);
    expect(subscribes(peer.calls)).toHaveLength(subscribed);
    expect(peer.hub.subscriptionCount(TOPIC)).toBe(1);
  });

  it('retries a 5xx answer to subscribe with backoff, then connects', async () => {
    let failures = 2;
    const peer = loopback({}, (call) =>
      call.form && failures-- > 0 ? text(503, 'hub overloaded') : undefined,
    );
    const client = clientFor(peer);
    const statuses = recordSlice(client.store, (state) => state.status);
    const start = Date.now();
    client.connect();
    await tick(0);
    expect(client.store.getState()).toMatchObject({
      status: 'reconnecting',
      reason: 'subscribe failed: HTTP 503: hub overloaded',
    });
    await tick(1000);
    expect(peer.calls.filter((call) => call.form).map((call) => call.time - start)).toEqual([0, 250, 750]);
    expect(statuses).toEqual(['idle', 'connecting', 'reconnecting', 'connected']);
  });
});

describe('authorization and refusals', () => {
  it('stops on 401 with the hub message, and retry() tries again with the token getToken gives then', async () => {
    const peer = loopback({ tokens: ['good'] });
    let token = 'bad';
    const getToken = vi.fn(() => token);
    const client = clientFor(peer, { getToken });
    client.connect();
    await tick(0);
    expect(client.store.getState()).toMatchObject({
      status: 'unauthorized',
      reason: 'subscribe failed: HTTP 401: A valid bearer token is required (Authorization: Bearer <token>)',
      retryAt: undefined,
    });
    // getToken gave the same token again after the 401, so the request was not repeated.
    expect(peer.calls.map((call) => call.authorization)).toEqual(['Bearer bad']);
    await tick(60_000);
    expect(peer.calls).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);

    token = 'good';
    client.retry();
    await tick(0);
    expect(client.store.getState()).toMatchObject({ status: 'connected', reason: undefined });
    expect(peer.calls.slice(1).map((call) => call.authorization)).toEqual(['Bearer good', 'Bearer good']);
  });

  it('stops on 403 with the hub message and makes no further attempts', async () => {
    const peer = loopback({}, (call) =>
      call.form ? text(403, 'not allowed to join this session') : undefined,
    );
    const client = clientFor(peer, { token: 'token-1' });
    client.connect();
    await tick(60_000);
    expect(client.store.getState()).toMatchObject({
      status: 'unauthorized',
      reason: 'subscribe failed: HTTP 403: not allowed to join this session',
    });
    expect(peer.calls).toHaveLength(1);
  });

  it('asks getToken for every request, and once more after a 401, so a refreshed token succeeds [FC-2.4-bearer-token]', async () => {
    const peer = loopback({ tokens: ['new'] });
    const tokens = ['old'];
    const getToken = vi.fn(() => tokens.shift() ?? 'new');
    const client = clientFor(peer, { getToken });
    client.connect();
    await tick(0);
    expect(client.store.getState().status).toBe('connected');
    expect(peer.calls.map((call) => [call.method, call.authorization])).toEqual([
      ['POST', 'Bearer old'],
      ['POST', 'Bearer new'],
      ['GET', 'Bearer new'],
    ]);
    expect(getToken).toHaveBeenCalledTimes(3);
  });

  it('reports a 400 to subscribe as denied with the hub reason, without a retry loop', async () => {
    const peer = loopback();
    const client = clientFor(peer, { leaseSeconds: -5 });
    client.connect();
    await tick(60_000);
    expect(client.store.getState()).toMatchObject({
      status: 'denied',
      reason: 'subscribe failed: HTTP 400: hub.lease_seconds must be a positive integer',
      retryAt: undefined,
    });
    expect(peer.calls).toHaveLength(1);
  });

  it('stops as denied when the hub denies a fresh endpoint before confirming it [FC-2.4-denial]', async () => {
    const hub = createFakeHub(TOPIC, {
      onOpen: (socket) => {
        socket.message({ 'hub.mode': 'denied', 'hub.topic': TOPIC, 'hub.reason': 'session is closed' });
        socket.serverClose(1008, 'session is closed');
      },
    });
    const client = clientFor(hub);
    client.connect();
    await tick(60_000);
    expect(client.store.getState()).toMatchObject({
      status: 'denied',
      reason: 'the hub denied the subscription: session is closed',
    });
    expect(subscribes(hub.calls)).toHaveLength(1);
    expect(hub.sockets).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('retry() while a subscribe is under way leaves one subscription and one socket', async () => {
    const peer = loopback();
    const client = clientFor(peer);
    client.connect();
    client.retry();
    await tick(0);
    expect(client.store.getState().status).toBe('connected');
    expect(peer.hub.subscriptionCount(TOPIC)).toBe(1);
    expect(peer.sockets.filter((socket) => socket.readyState === 1)).toHaveLength(1);
  });
});

describe('confirmation and leases', () => {
  it('subscribes again when an opened socket is never confirmed', async () => {
    const hub = createFakeHub(TOPIC, {
      onOpen: (socket, index) => {
        if (index > 0)
          socket.message({ 'hub.mode': 'subscribe', 'hub.topic': TOPIC, 'hub.lease_seconds': 60 });
      },
    });
    const client = clientFor(hub, { confirmTimeoutMs: 3000 });
    client.connect();
    await tick(2999);
    expect(client.store.getState().status).toBe('connecting');
    await tick(1);
    expect(client.store.getState()).toMatchObject({
      status: 'reconnecting',
      reason: 'the hub sent no confirmation',
    });
    expect(hub.sockets[0]?.closes).toEqual([{ code: 4000, reason: 'reconnecting' }]);
    await tick(250);
    const forms = subscribes(hub.calls);
    expect(forms.map((form) => form.get('hub.channel.endpoint'))).toEqual([null, null]);
    expect(hub.sockets.map((socket) => socket.url)).toEqual([
      'ws://fake.hub/ws/endpoint-1',
      'ws://fake.hub/ws/endpoint-2',
    ]);
    expect(client.store.getState().status).toBe('connected');
  });

  it('renews the lease on the same endpoint at 80 % and stays connected past its end [IRA-RAD-147-renew-lease]', async () => {
    const peer = loopback({ leaseSeconds: 100 });
    const client = clientFor(peer);
    const statuses = recordSlice(client.store, (state) => state.status);
    const start = Date.now();
    client.connect();
    await tick(0);
    expect(client.store.getState().leaseEndsAt).toBe(start + 100_000);
    await tick(79_999);
    expect(subscribes(peer.calls)).toHaveLength(1);
    await tick(1);
    const forms = subscribes(peer.calls);
    expect(forms).toHaveLength(2);
    expect(forms[1]?.get('hub.channel.endpoint')).toBe(peer.sockets[0]?.url);
    await tick(70_000);
    expect(client.store.getState()).toMatchObject({ status: 'connected', leaseEndsAt: start + 180_000 });
    expect(statuses).toEqual(['idle', 'connecting', 'connected']);
    expect(peer.sockets).toHaveLength(1);
    expect(peer.hub.subscriptionCount(TOPIC)).toBe(1);
  });

  it('backs off between failing renewals, and subscribes anew at once when the hub ends the lease', async () => {
    const renewals: number[] = [];
    const peer = loopback({ leaseSeconds: 100 }, (call) => {
      if (!call.form?.has('hub.channel.endpoint') || call.form.get('hub.mode') !== 'subscribe')
        return undefined;
      renewals.push(call.time);
      return text(503, 'try later');
    });
    const client = clientFor(peer);
    const statuses = recordSlice(client.store, (state) => state.status);
    const start = Date.now();
    client.connect();
    await tick(100_000);
    expect(renewals.map((time) => time - start)).toEqual([
      80_000, 80_250, 80_750, 81_750, 83_750, 87_750, 95_750,
    ]);
    expect(client.store.getState()).toMatchObject({
      status: 'reconnecting',
      reason: 'the hub ended the subscription: lease expired',
    });
    // The hub is up (it sent the denial), so the client subscribes again at once, with no backoff step.
    await tick(1 + OPEN_DELAY);
    expect(client.store.getState()).toMatchObject({
      status: 'connected',
      leaseEndsAt: start + 200_001 + OPEN_DELAY,
    });
    expect(statuses).toEqual(['idle', 'connecting', 'connected', 'reconnecting', 'connected']);
    expect(peer.sockets).toHaveLength(2);
    expect(peer.sockets[1]?.url).not.toBe(peer.sockets[0]?.url);
    expect(peer.hub.subscriptionCount(TOPIC)).toBe(1);
  });
});

describe('liveness', () => {
  it('never shows heartbeats, and reconnects when they stop for twice their period', async () => {
    const peer = loopback({ heartbeatSeconds: 10 });
    const client = clientFor(peer);
    const statuses = recordSlice(client.store, (state) => state.status);
    client.connect();
    await tick(35_000);
    const socket = peer.sockets[0];
    expect(socket?.sent.map((frame) => frame.status)).toEqual([200, 200, 200]);
    expect(client.store.getState().log.map((entry) => entry.name)).toEqual(['confirmation', 'resync']);
    expect(client.store.getState()).toMatchObject({ current: undefined, anchors: {}, setAt: undefined });

    if (socket) socket.muted = true;
    await tick(14_999);
    expect(client.store.getState().status).toBe('connected');
    await tick(1);
    expect(client.store.getState()).toMatchObject({
      status: 'reconnecting',
      reason: 'no heartbeat from the hub',
    });
    expect(socket?.closes).toEqual([{ code: 4000, reason: 'reconnecting' }]);
    await tick(250 + OPEN_DELAY);
    expect(statuses).toEqual(['idle', 'connecting', 'connected', 'reconnecting', 'connected']);
    expect(peer.sockets.map((each) => each.url)).toEqual([socket?.url, socket?.url]);
    expect(peer.hub.subscriptionCount(TOPIC)).toBe(1);
    await tick(60_000);
    expect(client.store.getState().status).toBe('connected');
    expect(client.store.getState().log.some((entry) => entry.name === 'heartbeat')).toBe(false);
  });

  it('learns the period of heartbeats that declare none from their gaps, and a late beat costs no reconnect', async () => {
    const hub = createFakeHub(TOPIC);
    const client = clientFor(hub);
    client.connect();
    await tick(0);
    const socket = hub.sockets[0] as FakeSocket;
    const beat = () =>
      socket.message({ id: 'beat', event: { 'hub.topic': TOPIC, 'hub.event': 'heartbeat' } });
    for (const gap of [15_000, 15_000, 22_000, 29_000]) {
      await tick(gap);
      beat();
    }
    expect(client.store.getState().status).toBe('connected');
    await tick(2 * 29_000 - 1);
    expect(client.store.getState().status).toBe('connected');
    await tick(1);
    expect(client.store.getState()).toMatchObject({
      status: 'reconnecting',
      reason: 'no heartbeat from the hub',
    });
    expect(hub.sockets).toHaveLength(1);
  });

  it('never judges a socket by a declared period shorter than the gaps its hub has shown', async () => {
    const hub = createFakeHub(TOPIC);
    const client = clientFor(hub);
    client.connect();
    await tick(0);
    const socket = hub.sockets[0] as FakeSocket;
    const context = [{ key: 'period', decimal: '10' }];
    const beat = () =>
      socket.message({ id: 'beat', event: { 'hub.topic': TOPIC, 'hub.event': 'heartbeat', context } });
    beat();
    await tick(15_000);
    beat();
    await tick(29_999);
    expect(client.store.getState().status).toBe('connected');
    beat();
    await tick(2 * 29_999);
    expect(client.store.getState().status).toBe('reconnecting');
  });

  it('leaves no liveness timer running once a new subscription is denied outright', async () => {
    const heartbeat = {
      id: 'beat',
      event: { 'hub.topic': TOPIC, 'hub.event': 'heartbeat', context: [{ key: 'period', decimal: '10' }] },
    };
    const hub = createFakeHub(TOPIC, {
      onOpen: (socket, index) => {
        if (index === 0) {
          socket.message({ 'hub.mode': 'subscribe', 'hub.lease_seconds': 3600 });
          socket.message(heartbeat);
          socket.message({ 'hub.mode': 'denied', 'hub.reason': 'lease expired' });
          socket.serverClose(1000);
        } else {
          socket.message({ 'hub.mode': 'denied', 'hub.reason': 'too many subscribers' });
        }
      },
    });
    const client = clientFor(hub);
    client.connect();
    await tick(250);
    expect(client.store.getState()).toMatchObject({
      status: 'denied',
      reason: 'the hub denied the subscription: too many subscribers',
    });
    expect(hub.sockets[1]?.closes).toEqual([{ code: 1000, reason: 'denied' }]);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('session events and disconnecting', () => {
  it('stops on userLogout, records it, and leaves no subscription at the hub', async () => {
    const peer = loopback();
    const client = clientFor(peer);
    client.connect();
    await tick(0);
    await publishAt(peer, 'user-logout', 'logout-1');
    await tick(0);
    expect(client.store.getState()).toMatchObject({
      status: 'disconnected',
      reason: 'the user logged out',
      sessionEnd: { event: 'userLogout', code: 'user-initiated', time: Date.now() },
    });
    expect(peer.hub.subscriptionCount(TOPIC)).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    client.connect();
    await tick(0);
    expect(client.store.getState()).toMatchObject({ status: 'connected', sessionEnd: undefined });
    expect(peer.hub.subscriptionCount(TOPIC)).toBe(1);
  });

  it('pauses on userHibernate and resumes the same subscription on connect()', async () => {
    const peer = loopback();
    const client = clientFor(peer);
    client.connect();
    await tick(0);
    await publishAt(peer, 'user-hibernate', 'hibernate-1');
    await tick(0);
    expect(client.store.getState()).toMatchObject({
      status: 'disconnected',
      reason: 'the user session is hibernating',
      sessionEnd: { event: 'userHibernate', code: 'user-initiated' },
    });
    expect(peer.sockets[0]?.closes).toEqual([{ code: 1000, reason: 'client disconnected' }]);
    client.connect();
    await tick(0);
    expect(client.store.getState()).toMatchObject({ status: 'connected', sessionEnd: undefined });
    expect(peer.sockets.map((socket) => socket.url)).toEqual([peer.sockets[0]?.url, peer.sockets[0]?.url]);
    expect(peer.hub.subscriptionCount(TOPIC)).toBe(1);
  });

  it('disconnect() right after a session event leaves no timer behind', async () => {
    const peer = loopback();
    const client = clientFor(peer);
    client.connect();
    await tick(0);
    const hibernate = specExample('user-hibernate');
    hibernate.event['hub.topic'] = TOPIC;
    peer.sockets[0]?.inject(hibernate);
    await client.disconnect();
    expect(vi.getTimerCount()).toBe(0);
    await tick(1000);
    expect(client.store.getState()).toMatchObject({
      status: 'disconnected',
      reason: 'disconnected by the app',
    });
    expect(peer.hub.subscriptionCount(TOPIC)).toBe(0);
  });

  it('disconnect() unsubscribes, closes with 1000 and leaves no timer behind [FC-2.5-shutdown]', async () => {
    const peer = loopback({ leaseSeconds: 100 });
    const client = clientFor(peer);
    client.connect();
    await tick(0);
    expect(vi.getTimerCount()).toBeGreaterThan(0);
    await client.disconnect();
    expect(vi.getTimerCount()).toBe(0);
    await tick(0);
    expect(client.store.getState()).toMatchObject({ status: 'disconnected', retryAt: undefined });
    expect(peer.hub.subscriptionCount(TOPIC)).toBe(0);
    expect(peer.sockets[0]?.closes).toEqual([{ code: 1000, reason: 'client disconnected' }]);
    const unsubscribe = peer.calls.at(-1)?.form;
    expect(unsubscribe?.get('hub.mode')).toBe('unsubscribe');
    expect(unsubscribe?.get('subscriber.name')).toMatch(/^react-fhircast-/);
  });

  it('disconnect() while waiting to reconnect or while subscribing leaves nothing behind', async () => {
    const down = recordingFetch(undefined);
    const waiting = clientFor({
      url: 'http://down.hub/api/hub',
      fetch: down.fetch,
      WebSocket: globalThis.WebSocket,
    });
    waiting.connect();
    await tick(0);
    expect(waiting.store.getState().status).toBe('reconnecting');
    await waiting.disconnect();
    expect(vi.getTimerCount()).toBe(0);

    const peer = loopback();
    const subscribing = clientFor(peer);
    subscribing.connect();
    await subscribing.disconnect();
    await tick(0);
    expect(subscribing.store.getState().status).toBe('disconnected');
    expect(peer.hub.subscriptionCount(TOPIC)).toBe(0);
    expect(peer.sockets).toHaveLength(0);
    expect(peer.calls.at(-1)?.form?.get('subscriber.name')).toMatch(/^react-fhircast-/);
    expect(vi.getTimerCount()).toBe(0);
  });
});
