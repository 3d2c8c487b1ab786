import { describe, expect, it, vi } from 'vitest';
import type { FhircastClient } from '../../src/core/client.ts';
import { createPublishers } from '../../src/core/publishers.ts';
import { createLoopbackHub, type LoopbackHub } from '../../src/hub/loopback.ts';
import { clientsForEachTest } from '../support/clients.ts';
import { recordSlice, waitForState } from '../support/store.ts';

const TOPIC = 'reading-room';
const PATIENT = { resourceType: 'Patient' as const, id: 'p1', name: [{ family: 'Rivera' }] };

// Reconnecting after 20 ms, so that a test need not wait long.
const { clientFor, afterClients } = clientsForEachTest({
  topic: TOPIC,
  events: ['Patient-open', 'Patient-close'],
  backoff: { steps: [20], jitter: 0 },
});

let loopback: LoopbackHub;

/** The test's loopback hub, closed after the test once its apps are disconnected. */
function newLoopback(): LoopbackHub {
  const hub = createLoopbackHub();
  afterClients(() => hub.close());
  return hub;
}

/** A connected app on the loopback hub. */
async function app(name: string): Promise<FhircastClient> {
  const client = clientFor(loopback, { subscriberName: name });
  client.connect();
  await waitForState(client.store, (state) => state.status === 'connected');
  return client;
}

/** Subscribes on the loopback hub with a raw request and answers the endpoint. */
async function subscribe(events: string): Promise<string> {
  const body = new URLSearchParams({
    'hub.channel.type': 'websocket',
    'hub.mode': 'subscribe',
    'hub.topic': TOPIC,
    'hub.events': events,
  });
  const answer = await loopback.fetch(loopback.url, { method: 'POST', body });
  return (await answer.json())['hub.channel.endpoint'];
}

/** Publishes a Patient-open with the given id on the loopback hub. */
function publish(id: string): Promise<Response> {
  const event = {
    'hub.topic': TOPIC,
    'hub.event': 'Patient-open',
    context: [{ key: 'patient', resource: PATIENT }],
  };
  const body = JSON.stringify({ timestamp: new Date().toISOString(), id, event });
  return loopback.fetch(loopback.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
}

const viewer = (subscriber: { name: string | undefined }) => subscriber.name === 'viewer';

describe('the loopback hub’s fault controls', () => {
  it('drops every socket; each app reconnects to its subscription and keeps the context', async () => {
    loopback = newLoopback();
    const [viewer, editor] = [await app('viewer'), await app('editor')];
    await createPublishers(editor).openPatient(PATIENT);
    await waitForState(viewer.store, (state) => state.current === 'Patient');
    const statuses = recordSlice(viewer.store, (state) => state.status);

    expect(loopback.dropSockets()).toBe(2);
    await waitForState(viewer.store, (state) => state.status === 'connected');
    expect(statuses).toEqual(['connected', 'reconnecting', 'connected']);
    expect(viewer.store.getState().reason).toBeUndefined();
    expect(viewer.store.getState().current).toBe('Patient');
    expect(loopback.hub.subscriptionCount(TOPIC)).toBe(2);
  });

  it('drops only the sockets of the subscribers a filter chooses', async () => {
    loopback = newLoopback();
    const [chosen, other] = [await app('viewer'), await app('editor')];
    const others = recordSlice(other.store, (state) => state.status);
    expect(loopback.dropSockets(viewer)).toBe(1);
    await waitForState(chosen.store, (state) => state.status === 'reconnecting');
    await waitForState(chosen.store, (state) => state.status === 'connected');
    expect(others).toEqual(['connected']);
  });

  it('expires a lease: the app is told, and subscribes again at once', async () => {
    loopback = newLoopback();
    const client = await app('viewer');
    const statuses = recordSlice(client.store, (state) => state.status);
    expect(loopback.expireLeases(viewer)).toBe(1);
    await waitForState(client.store, (state) => state.status === 'reconnecting');
    await waitForState(client.store, (state) => state.status === 'connected');
    expect(statuses).toEqual(['connected', 'reconnecting', 'connected']);
    expect(client.store.getState().log.some((entry) => entry.note === 'lease expired')).toBe(true);
  });

  it('denies a subscription and, once armed, its next connection too: the app halts with the reason', async () => {
    loopback = newLoopback();
    const client = await app('viewer');
    loopback.deny(viewer, 'revoked by the hub');
    loopback.hub.denyNextConnections(viewer, 'revoked by the hub');
    const state = await waitForState(client.store, (next) => next.status === 'denied');
    expect(state.reason).toBe('the hub denied the subscription: revoked by the hub');

    client.retry();
    await waitForState(client.store, (next) => next.status === 'connected');
    expect(loopback.hub.subscriptionCount(TOPIC)).toBe(1);
  });

  it('restarts keeping its state: apps reconnect to the same subscriptions and context', async () => {
    loopback = newLoopback();
    const client = await app('viewer');
    await createPublishers(client).openPatient(PATIENT);
    await waitForState(client.store, (state) => state.current === 'Patient');
    const before = loopback.hub;
    await loopback.restart({ keepState: true });
    expect(loopback.hub).toBe(before);
    await waitForState(client.store, (state) => state.status === 'reconnecting');
    const state = await waitForState(client.store, (next) => next.status === 'connected');
    expect(state.current).toBe('Patient');
  });

  it('restarts losing its state: apps subscribe anew and the context is empty, as the hub’s', async () => {
    loopback = newLoopback();
    const client = await app('viewer');
    await createPublishers(client).openPatient(PATIENT);
    await waitForState(client.store, (state) => state.current === 'Patient');
    await loopback.restart({ keepState: false });
    await waitForState(client.store, (state) => state.status === 'reconnecting');
    const state = await waitForState(
      client.store,
      (next) => next.status === 'connected' && next.current === undefined,
    );
    expect(state.anchors).toEqual({});
    expect(loopback.hub.subscriptionCount(TOPIC)).toBe(1);
    expect((await (await loopback.fetch(`${loopback.url}/${TOPIC}`)).json())['context.type']).toBe('');
  });

  it('delays every frame by the time armed, keeping their order', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      loopback = newLoopback();
      const frames: string[] = [];
      const socket = new loopback.WebSocket(await subscribe('Patient-open'));
      socket.onmessage = (event) => frames.push(JSON.parse(event.data).id ?? 'confirmation');
      await vi.advanceTimersByTimeAsync(0);
      expect(frames).toEqual(['confirmation']);

      loopback.faults.delayFrames(1000);
      for (const id of ['first', 'second']) expect((await publish(id)).status).toBe(202);
      await vi.advanceTimersByTimeAsync(999);
      expect(frames).toEqual(['confirmation']);
      await vi.advanceTimersByTimeAsync(1);
      expect(frames).toEqual(['confirmation', 'first', 'second']);
      socket.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('fails and hangs HTTP requests as armed, sparing CORS preflights', async () => {
    loopback = newLoopback();
    loopback.faults.failHttp(503, 1);
    const preflight = await loopback.fetch(loopback.url, { method: 'OPTIONS' });
    expect(preflight.status).toBe(204);
    const failed = await loopback.fetch(`${loopback.url}/${TOPIC}`);
    expect([failed.status, await failed.text()]).toEqual([503, 'injected fault']);
    expect((await loopback.fetch(`${loopback.url}/${TOPIC}`)).status).toBe(200);
  });
});
