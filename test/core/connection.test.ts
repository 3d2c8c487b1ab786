import { describe, expect, it } from 'vitest';
import { Connection } from '../../src/core/connection.ts';
import type { FhircastClientOptions } from '../../src/core/options.ts';
import { clientParts, PARTS_TOPIC, recordShown } from '../support/client-parts.ts';
import { installFakeClock, tick } from '../support/clock.ts';
import { createFakeHub, type FakeHubOptions } from '../support/fake-hubs.ts';
import type { FakeSocket } from '../support/fake-sockets.ts';
import { type FetchCall, json, subscribes, text } from '../support/recorded-fetch.ts';

const FIRST = 'ws://fake.hub/ws/endpoint-1';
const SECOND = 'ws://fake.hub/ws/endpoint-2';

/**
 * A connection machine over a fake hub whose sockets open and then say nothing: the test confirms and
 * denies on them itself, as the inbound frame handler would. `gone` notes when the connection said its
 * socket went away (ms since the test began).
 */
function machine(hubOptions: FakeHubOptions = {}, options: Partial<FhircastClientOptions> = {}) {
  const hub = createFakeHub(PARTS_TOPIC, { onOpen: () => {}, ...hubOptions });
  const { options: resolved, requests, writer, store } = clientParts(hub, options);
  const start = Date.now();
  const gone: number[] = [];
  const connection = new Connection(resolved, requests, writer, {
    frame: () => {},
    socketGone: () => gone.push(Date.now() - start),
  });
  const shown = recordShown(store);
  const socket = (index: number) => hub.sockets[index] as FakeSocket & WebSocket;
  return { hub, connection, store, shown, start, gone, socket };
}

/** A machine connected on FIRST: subscribed, socket open, confirmed with a lease of an hour. */
async function connected(hubOptions: FakeHubOptions = {}, options: Partial<FhircastClientOptions> = {}) {
  const parts = machine(hubOptions, options);
  parts.connection.connect();
  await tick(0);
  parts.connection.confirmed(['Patient-open'], 3600);
  return parts;
}

/** Answers subscribe requests with `status` while `refusing()` holds; the fake hub's defaults otherwise. */
const refusingSubscribe =
  (status: number, refusing: () => boolean = () => true) =>
  (call: FetchCall) =>
    call.form?.get('hub.mode') === 'subscribe' && refusing() ? text(status, 'no') : undefined;

/** Holds the first subscribe request until `answer` is called; the fake hub answers the others. */
function heldSubscribe() {
  let answer: (endpoint: string) => void = () => {};
  let held = false;
  const intercept = (call: FetchCall) => {
    if (call.form?.get('hub.mode') !== 'subscribe' || held) return undefined;
    held = true;
    return new Promise<Response>((resolve) => {
      answer = (endpoint) => resolve(json(202, { 'hub.channel.endpoint': endpoint }));
    });
  };
  return { intercept, answer: (endpoint: string) => answer(endpoint) };
}

const modes = (calls: readonly FetchCall[]) =>
  calls.map((call) => [call.form?.get('hub.mode'), call.form?.get('hub.channel.endpoint') ?? undefined]);

installFakeClock();

describe('Connection: connecting', () => {
  it('goes idle → subscribing → opening → connected, showing connecting and then connected [FC-2.4-connect-and-confirm]', async () => {
    const { hub, connection, store, shown, start } = machine();
    expect([connection.phase, connection.running]).toEqual(['idle', false]);
    connection.connect();
    expect([connection.phase, connection.running]).toEqual(['subscribing', true]);
    await tick(0);
    expect(connection.phase).toBe('opening');
    expect([connection.endpoint, hub.sockets.map((socket) => socket.url)]).toEqual([FIRST, [FIRST]]);
    expect(connection.confirmed(['Patient-open'], 3600)).toBe(true);
    expect(connection.phase).toBe('connected');
    expect(connection.confirmed(['Patient-open'], 3600)).toBe(false);
    expect(shown).toEqual([
      { status: 'idle', reason: undefined, retryAt: undefined },
      { status: 'connecting', reason: undefined, retryAt: undefined },
      { status: 'connected', reason: undefined, retryAt: undefined },
    ]);
    expect(store.getState()).toMatchObject({ events: ['Patient-open'], leaseEndsAt: start + 3_600_000 });
  });

  it('does nothing on connect() while it runs', async () => {
    const { hub, connection } = machine();
    connection.connect();
    connection.connect();
    await tick(0);
    connection.connect();
    expect(subscribes(hub.calls)).toHaveLength(1);
    expect(hub.sockets).toHaveLength(1);
  });

  it('subscribes to the events in their canonical spelling, and to new ones on the same endpoint [FC-2.3-event-names-any-case]', async () => {
    const { hub, connection } = await connected({}, { events: ['patient-OPEN', 'Worklist-refresh'] });
    connection.setEvents(['patient-close']);
    await tick(0);
    expect(
      subscribes(hub.calls).map((form) => [form.get('hub.events'), form.get('hub.channel.endpoint')]),
    ).toEqual([
      ['Patient-open,Worklist-refresh', null],
      ['Patient-close', FIRST],
    ]);
    expect(connection.phase).toBe('connected');
  });
});

describe('Connection: losing the socket', () => {
  it('waits one backoff step showing reconnecting, its reason and retryAt, then reopens the same endpoint', async () => {
    const { hub, connection, shown, gone, socket } = await connected();
    const lostAt = Date.now();
    socket(0).serverClose(1006);
    expect(connection.phase).toBe('backoff');
    expect(shown.at(-1)).toEqual({
      status: 'reconnecting',
      reason: 'connection lost (code 1006)',
      retryAt: lostAt + 250,
    });
    expect(gone).toEqual([0]);
    await tick(249);
    expect(hub.sockets).toHaveLength(1);
    await tick(1);
    expect(connection.phase).toBe('opening');
    expect(hub.sockets.map((one) => one.url)).toEqual([FIRST, FIRST]);
    expect(subscribes(hub.calls)).toHaveLength(1);
    expect(shown.at(-1)?.status).toBe('reconnecting');
    connection.drop(socket(0), 'a socket it no longer holds');
    expect(connection.phase).toBe('opening');
    connection.confirmed(undefined, undefined);
    expect(shown.at(-1)).toEqual({ status: 'connected', reason: undefined, retryAt: undefined });
  });

  it('climbs the backoff table while attempts fail, and starts it again once confirmed', async () => {
    let reachable = false;
    const { connection, shown, start, socket } = machine({
      intercept: () => (reachable ? undefined : Promise.reject(new TypeError('fetch failed'))),
    });
    connection.connect();
    await tick(1000);
    reachable = true;
    await tick(750);
    expect(connection.phase).toBe('opening');
    connection.confirmed(undefined, 3600);
    const lostAt = Date.now();
    socket(0).serverClose(1006);
    expect(shown.flatMap((seen) => (seen.retryAt === undefined ? [] : [seen.retryAt - start]))).toEqual([
      250,
      750,
      1750,
      lostAt - start + 250,
    ]);
    expect(shown[2]).toEqual({
      status: 'reconnecting',
      reason: 'could not reach the hub (subscribe): fetch failed',
      retryAt: start + 250,
    });
  });

  it('gives up on a socket the hub never confirms and subscribes afresh', async () => {
    const { hub, connection, store, shown, socket } = machine();
    connection.connect();
    await tick(4999);
    expect(connection.phase).toBe('opening');
    await tick(1);
    expect(connection.phase).toBe('backoff');
    expect(shown.at(-1)?.reason).toBe('the hub sent no confirmation');
    expect(socket(0).closes).toEqual([{ code: 4000, reason: 'reconnecting' }]);
    expect(store.getState().log.map((entry) => [entry.name, entry.note])).toEqual([
      ['confirmation', 'no confirmation: subscribing again'],
    ]);
    await tick(250);
    expect(hub.sockets.map((one) => one.url)).toEqual([FIRST, SECOND]);
  });
});

describe('Connection: failures to subscribe', () => {
  it.each([
    [401, 'unauthorized'],
    [403, 'unauthorized'],
    [400, 'denied'],
    [404, 'denied'],
    [422, 'denied'],
  ])('halts on %i, showing %s with the hub’s answer, and tries no more', async (status, shownStatus) => {
    const { hub, connection, shown } = machine({ intercept: refusingSubscribe(status) });
    connection.connect();
    await tick(0);
    expect([connection.phase, connection.running]).toEqual(['halted', false]);
    expect(shown.at(-1)).toEqual({
      status: shownStatus,
      reason: `subscribe failed: HTTP ${status}: no`,
      retryAt: undefined,
    });
    await tick(60 * 60_000);
    expect(subscribes(hub.calls)).toHaveLength(1);
    expect(hub.sockets).toHaveLength(0);
  });

  it.each([408, 429, 500, 503])('waits a backoff step on %i and tries again', async (status) => {
    const { hub, connection, shown, start } = machine({ intercept: refusingSubscribe(status) });
    connection.connect();
    await tick(0);
    expect(connection.phase).toBe('backoff');
    expect(shown.at(-1)).toEqual({
      status: 'reconnecting',
      reason: `subscribe failed: HTTP ${status}: no`,
      retryAt: start + 250,
    });
    await tick(250);
    expect(subscribes(hub.calls)).toHaveLength(2);
  });

  it('halts as denied on an endpoint it will not follow, without opening it', async () => {
    const { hub, connection, shown } = machine({
      intercept: (call) =>
        call.form?.get('hub.mode') === 'subscribe'
          ? json(202, { 'hub.channel.endpoint': 'ws://evil.example/ws/1' })
          : undefined,
    });
    connection.connect();
    await tick(0);
    expect(connection.phase).toBe('halted');
    expect(shown.at(-1)?.status).toBe('denied');
    expect(shown.at(-1)?.reason).toMatch(
      /^subscribe refused: the hub gave a WebSocket endpoint on evil\.example/,
    );
    expect(hub.sockets).toHaveLength(0);
  });
});

describe('Connection: retry', () => {
  it('from halted, subscribes again at once and connects', async () => {
    let refusing = true;
    const { connection, shown } = machine({ intercept: refusingSubscribe(401, () => refusing) });
    connection.connect();
    await tick(0);
    expect(connection.phase).toBe('halted');
    refusing = false;
    connection.retry();
    expect(connection.phase).toBe('subscribing');
    expect(shown.at(-1)).toEqual({ status: 'connecting', reason: undefined, retryAt: undefined });
    await tick(0);
    expect(connection.phase).toBe('opening');
    connection.confirmed(undefined, 3600);
    expect(shown.map((seen) => seen.status)).toEqual([
      'idle',
      'connecting',
      'unauthorized',
      'connecting',
      'connected',
    ]);
  });

  it('during a backoff wait, tries at once instead, and only once', async () => {
    let reachable = false;
    const { hub, connection } = machine({
      intercept: () => (reachable ? undefined : Promise.reject(new TypeError('fetch failed'))),
    });
    connection.connect();
    await tick(0);
    expect(connection.phase).toBe('backoff');
    reachable = true;
    connection.retry();
    await tick(0);
    expect(connection.phase).toBe('opening');
    await tick(1000);
    expect(subscribes(hub.calls)).toHaveLength(2);
    expect(hub.sockets).toHaveLength(1);
  });

  it('after a stop, connects again (the Retry button of a disconnected app) [FC-2.4-new-endpoint-after-unsubscribe]', async () => {
    const { hub, connection, shown } = await connected();
    connection.stop('disconnected by the app');
    connection.retry();
    expect([connection.phase, shown.at(-1)?.status]).toEqual(['subscribing', 'connecting']);
    await tick(0);
    expect(hub.sockets.map((socket) => socket.url)).toEqual([FIRST, SECOND]);
  });

  it('does nothing while a socket is open', async () => {
    const { hub, connection } = await connected();
    connection.retry();
    await tick(1000);
    expect(connection.phase).toBe('connected');
    expect([subscribes(hub.calls).length, hub.sockets.length]).toEqual([1, 1]);
  });

  it('while still subscribing, makes the earlier attempt give up and unsubscribe the endpoint it gets', async () => {
    const held = heldSubscribe();
    const { hub, connection } = machine({ intercept: held.intercept });
    connection.connect();
    connection.retry();
    await tick(0);
    expect(connection.phase).toBe('opening');
    held.answer('ws://fake.hub/ws/late');
    await tick(0);
    expect(modes(hub.calls)).toEqual([
      ['subscribe', undefined],
      ['subscribe', undefined],
      ['unsubscribe', 'ws://fake.hub/ws/late'],
    ]);
    expect(hub.sockets.map((socket) => socket.url)).toEqual([FIRST]);
    expect(connection.endpoint).toBe(FIRST);
  });
});

describe('Connection: stop', () => {
  it('stops at once while subscribing, and unsubscribes the endpoint that arrives afterwards', async () => {
    const held = heldSubscribe();
    const { hub, connection, shown } = machine({ intercept: held.intercept });
    connection.connect();
    expect(connection.stop('disconnected by the app')).toBeUndefined();
    expect([connection.phase, connection.running]).toEqual(['stopped', false]);
    expect(shown.at(-1)).toEqual({
      status: 'disconnected',
      reason: 'disconnected by the app',
      retryAt: undefined,
    });
    held.answer('ws://fake.hub/ws/late');
    await tick(60_000);
    expect(modes(hub.calls)).toEqual([
      ['subscribe', undefined],
      ['unsubscribe', 'ws://fake.hub/ws/late'],
    ]);
    expect(hub.sockets).toHaveLength(0);
    expect([connection.phase, connection.endpoint]).toEqual(['stopped', undefined]);
  });

  it('ignores a subscribe that fails after the stop', async () => {
    let fail: (error: Error) => void = () => {};
    const { connection, shown } = machine({
      intercept: () => new Promise<Response>((_resolve, reject) => (fail = reject)),
    });
    connection.connect();
    connection.stop('disconnected by the app');
    fail(new TypeError('fetch failed'));
    await tick(60_000);
    expect(connection.phase).toBe('stopped');
    expect(shown.at(-1)?.status).toBe('disconnected');
  });

  it('closes the socket with 1000, stops every timer and answers the endpoint it forgets', async () => {
    const { hub, connection, gone, socket } = await connected();
    expect(connection.stop('disconnected by the app')).toBe(FIRST);
    expect(socket(0).closes).toEqual([{ code: 1000, reason: 'client disconnected' }]);
    expect(gone).toEqual([0]);
    await tick(60 * 60_000);
    expect([subscribes(hub.calls).length, hub.sockets.length]).toEqual([1, 1]);
    expect([connection.phase, connection.endpoint, connection.socket]).toEqual([
      'stopped',
      undefined,
      undefined,
    ]);
  });

  it('keeps the endpoint when asked, and connect() reopens it without subscribing while its lease lasts', async () => {
    const { hub, connection, store } = await connected();
    connection.stop('user hibernated', true);
    store.setState({ sessionEnd: { event: 'userHibernate', time: Date.now() } });
    connection.connect();
    expect(connection.phase).toBe('opening');
    expect(hub.sockets.map((socket) => socket.url)).toEqual([FIRST, FIRST]);
    expect(subscribes(hub.calls)).toHaveLength(1);
    expect(store.getState()).toMatchObject({ status: 'connecting', sessionEnd: undefined });
  });

  it('subscribes afresh on connect() when the kept endpoint’s lease has ended', async () => {
    const { hub, connection } = await connected();
    connection.stop('user hibernated', true);
    await tick(3600_000);
    connection.connect();
    expect(connection.phase).toBe('subscribing');
    await tick(0);
    expect(hub.sockets.map((socket) => socket.url)).toEqual([FIRST, SECOND]);
  });
});

describe('Connection: denials', () => {
  it('halts as denied when the hub denies an endpoint it has just given and never confirmed', async () => {
    const { hub, connection, shown, gone, socket } = machine();
    connection.connect();
    await tick(0);
    connection.denied(socket(0), 'no such topic');
    expect(connection.phase).toBe('halted');
    expect(shown.at(-1)).toEqual({
      status: 'denied',
      reason: 'the hub denied the subscription: no such topic',
      retryAt: undefined,
    });
    expect(socket(0).closes).toEqual([{ code: 1000, reason: 'denied' }]);
    expect([gone, connection.endpoint]).toEqual([[0], undefined]);
    await tick(60 * 60_000);
    expect(subscribes(hub.calls)).toHaveLength(1);
  });

  it('subscribes again at once when the hub ends a confirmed subscription, and halts if it denies the new one too [FC-2.4-denial]', async () => {
    const { hub, connection, shown, socket } = await connected();
    const deniedAt = Date.now();
    connection.denied(socket(0), 'lease expired');
    expect(connection.phase).toBe('backoff');
    expect(shown.at(-1)).toEqual({
      status: 'reconnecting',
      reason: 'the hub ended the subscription: lease expired',
      retryAt: deniedAt,
    });
    expect(socket(0).closes).toEqual([{ code: 4000, reason: 'reconnecting' }]);
    await tick(0);
    expect(hub.sockets.map((one) => one.url)).toEqual([FIRST, SECOND]);
    connection.denied(socket(1), 'lease expired');
    expect(connection.phase).toBe('halted');
    expect(shown.at(-1)?.reason).toBe('the hub denied the subscription: lease expired');
  });

  it('subscribes again, not halts, when an endpoint it reconnects to is denied, even one never confirmed', async () => {
    const { hub, connection, shown, socket } = machine();
    connection.connect();
    await tick(0);
    socket(0).serverClose(1006);
    await tick(250);
    expect(hub.sockets.map((one) => one.url)).toEqual([FIRST, FIRST]);
    const deniedAt = Date.now();
    connection.denied(socket(1), 'unknown or expired subscription');
    expect(connection.phase).toBe('backoff');
    expect(shown.at(-1)).toEqual({
      status: 'reconnecting',
      reason: 'the hub ended the subscription: unknown or expired subscription',
      retryAt: deniedAt,
    });
    await tick(0);
    expect(hub.sockets.map((one) => one.url)).toEqual([FIRST, FIRST, SECOND]);
  });
});
