import { describe, expect, it } from 'vitest';
import type { FhircastClientOptions } from '../../src/core/options.ts';
import { clientsForEachTest } from '../support/clients.ts';
import { installFakeClock, ON_FAKE_TIME, tick } from '../support/clock.ts';
import { createFakeHub, type FakeHubOptions } from '../support/fake-hubs.ts';
import type { FakeSocket } from '../support/fake-sockets.ts';
import { type FetchCall, json, subscribes } from '../support/recorded-fetch.ts';

const TOPIC = 'topic-endpoints-0001';

installFakeClock();
const { clientFor } = clientsForEachTest({ topic: TOPIC, events: ['Patient-open'], ...ON_FAKE_TIME });

/** A fake hub whose subscribe answers give `endpoint` (or what it returns for the call), and a client of it. */
function hubGiving(
  endpoint: string | ((call: FetchCall) => string),
  options: Partial<FhircastClientOptions> = {},
  hubOptions: FakeHubOptions = {},
) {
  const hub = createFakeHub(TOPIC, {
    intercept: (call) =>
      call.form?.get('hub.mode') === 'subscribe'
        ? json(202, { 'hub.channel.endpoint': typeof endpoint === 'string' ? endpoint : endpoint(call) })
        : undefined,
    ...hubOptions,
  });
  return { hub, client: clientFor(hub, options) };
}

describe('WebSocket endpoints the client follows', () => {
  it('stops as denied, never connecting, when the hub gives an endpoint on another host', async () => {
    const { hub, client } = hubGiving('ws://evil.example/ws/fhircast/abc123');
    client.connect();
    await tick(60_000);
    expect(client.store.getState()).toMatchObject({
      status: 'denied',
      reason:
        'subscribe refused: the hub gave a WebSocket endpoint on evil.example, not on the hub’s host fake.hub (allow it with allowedEndpointHosts)',
    });
    expect(hub.sockets).toHaveLength(0);
    expect(subscribes(hub.calls)).toHaveLength(1);
    const unsubscribe = hub.calls.find((call) => call.form?.get('hub.mode') === 'unsubscribe');
    expect(unsubscribe?.form?.get('hub.channel.endpoint')).toBe('ws://evil.example/ws/fhircast/abc123');
  });

  it('stops as denied when an https hub gives a ws:// endpoint, and connects to its wss:// one', async () => {
    const insecure = hubGiving('ws://fake.hub/ws/fhircast/abc123', { hubUrl: 'https://fake.hub/api/hub' });
    insecure.client.connect();
    await tick(60_000);
    expect(insecure.client.store.getState()).toMatchObject({
      status: 'denied',
      reason: 'subscribe refused: an https hub gave a ws:// endpoint; only wss:// keeps its frames private',
    });
    expect(insecure.hub.sockets).toHaveLength(0);

    const secure = hubGiving('wss://fake.hub/ws/fhircast/abc123', { hubUrl: 'https://fake.hub/api/hub' });
    secure.client.connect();
    await tick(0);
    expect(secure.client.store.getState().status).toBe('connected');
  });

  it('follows an endpoint on another host listed in allowedEndpointHosts', async () => {
    const { hub, client } = hubGiving('ws://sockets.fake.hub:8443/ws/fhircast/abc123', {
      allowedEndpointHosts: ['sockets.fake.hub'],
    });
    client.connect();
    await tick(0);
    expect(client.store.getState().status).toBe('connected');
    expect(hub.sockets.map((socket) => socket.url)).toEqual([
      'ws://sockets.fake.hub:8443/ws/fhircast/abc123',
    ]);
  });

  it('takes localhost, 127.0.0.1 and [::1] for one host, on any port', async () => {
    const { client } = hubGiving('ws://127.0.0.1:7002/ws/fhircast/abc123', {
      hubUrl: 'http://localhost:7001/api/hub',
    });
    client.connect();
    await tick(0);
    expect(client.store.getState().status).toBe('connected');
  });

  it('stops as denied, closing its socket, when a lease renewal moves the subscription to another host', async () => {
    const { hub, client } = hubGiving(
      (call) =>
        call.form?.has('hub.channel.endpoint')
          ? 'ws://evil.example/ws/fhircast/moved'
          : 'ws://fake.hub/ws/fhircast/abc123',
      {},
      {
        onOpen: (socket) =>
          socket.message({ 'hub.mode': 'subscribe', 'hub.topic': TOPIC, 'hub.lease_seconds': 100 }),
      },
    );
    client.connect();
    await tick(0);
    expect(client.store.getState().status).toBe('connected');
    await tick(80_000);
    await tick(60_000);
    expect(client.store.getState()).toMatchObject({
      status: 'denied',
      reason:
        'subscribe refused: the hub gave a WebSocket endpoint on evil.example, not on the hub’s host fake.hub (allow it with allowedEndpointHosts)',
    });
    expect(hub.sockets).toHaveLength(1);
    expect((hub.sockets[0] as FakeSocket).readyState).toBe(3);
    expect(subscribes(hub.calls)).toHaveLength(2);
  });
});
