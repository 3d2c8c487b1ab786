import { connect, type Socket } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { type RunningHub, startHub } from '../../src/hub/index.ts';
import { exampleFor } from '../fixtures/spec.ts';
import { subscribe } from '../support/hub-requests.ts';
import { RecordingSocket } from '../support/recording-socket.ts';

describe('the development hub against a hostile client', () => {
  let hub: RunningHub;
  beforeAll(async () => {
    hub = await startHub({ maxBodyBytes: 32 * 1024 });
  });
  afterAll(() => hub.close());

  const contentTypes = fc.constantFrom(
    'application/json',
    'application/fhir+json',
    'application/x-www-form-urlencoded',
    'text/plain',
    '',
  );
  const bodies = fc.oneof(
    fc.string({ maxLength: 300 }),
    fc.jsonValue({ maxDepth: 5 }).map((value) => JSON.stringify(value)),
    fc
      .dictionary(
        fc.constantFrom('hub.mode', 'hub.topic', 'hub.events', 'hub.channel.type', 'event', 'id'),
        fc.jsonValue(),
      )
      .map((value) => JSON.stringify(value)),
  );

  it('answers every fuzzed request with a 2xx or a 4xx, never a 5xx, and keeps serving', async () => {
    await fc.assert(
      fc.asyncProperty(bodies, contentTypes, fc.constantFrom('', '/t1', '/a/b'), async (body, type, path) => {
        const response = await fetch(`${hub.url}${path}`, {
          method: 'POST',
          headers: type ? { 'content-type': type } : {},
          body,
        });
        await response.arrayBuffer();
        expect(response.status).toBeLessThan(500);
      }),
      { numRuns: 300 },
    );
    const discovery = await fetch(`${hub.url}/.well-known/fhircast-configuration`);
    expect(discovery.status).toBe(200);
  });

  it('survives fuzzed and oversized WebSocket frames and still delivers to the socket', async () => {
    const topic = 'hostile-frames';
    const socket = new RecordingSocket(await subscribe(hub.url, topic, 'Patient-open'));
    await socket.frame(1);
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        socket.send(text);
      }),
      { numRuns: 300 },
    );
    socket.send(JSON.stringify({ id: { $gt: '' }, status: { toString: 1 } }));
    await (
      await fetch(hub.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(exampleFor('patient-open', topic)),
      })
    ).arrayBuffer();
    await socket.waitFor(() => socket.events('Patient-open').length === 1);
    const big = new WebSocket((await subscribe(hub.url, topic, 'Patient-open')).toString());
    await new Promise((resolve) => big.once('open', resolve));
    const closed = new Promise<number>((resolve) => big.once('close', (code) => resolve(code)));
    big.send('x'.repeat(64 * 1024));
    expect(await closed).toBe(1009);
    socket.close();
  });

  it('keeps serving while many sockets connect to endpoints that do not exist', async () => {
    const sockets = Array.from(
      { length: 200 },
      (_, i) => new WebSocket(`${hub.origin.replace('http', 'ws')}/ws/fhircast/nope-${i}`),
    );
    const codes = await Promise.all(
      sockets.map((s) => new Promise<number>((resolve) => s.once('close', resolve))),
    );
    expect(new Set(codes)).toEqual(new Set([1008]));
    expect((await fetch(`${hub.url}/anything`)).status).toBe(200);
  });
});

describe('the development hub and a subscriber that stops reading', () => {
  /** Opens the WebSocket of `endpoint` by hand over TCP, waits for the first bytes, then never reads again. */
  async function stalledSocket(endpoint: string): Promise<Socket> {
    const url = new URL(endpoint);
    const socket = connect(Number(url.port), url.hostname);
    socket.write(
      [
        `GET ${url.pathname} HTTP/1.1`,
        `Host: ${url.host}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Key: ${Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64')}`,
        'Sec-WebSocket-Version: 13',
        '',
        '',
      ].join('\r\n'),
    );
    const first = await new Promise<string>((resolve) =>
      socket.once('data', (data) => resolve(String(data))),
    );
    expect(first).toMatch(/^HTTP\/1\.1 101/);
    socket.pause();
    return socket;
  }

  it('drops the stalled socket once too much is queued, keeps its subscription, and serves the others', async () => {
    const lines: string[] = [];
    const hub = await startHub({
      maxBufferedBytes: 256 * 1024,
      maxBodyBytes: 1024 * 1024,
      ackTimeoutMs: 60_000,
      log: (line) => lines.push(line),
    });
    const topic = 'stalled-reader';
    try {
      const stalled = await stalledSocket(await subscribe(hub.url, topic, 'Patient-open'));
      const healthy = new RecordingSocket(await subscribe(hub.url, topic, 'Patient-open'));
      await healthy.frame(1);
      const padding = 'x'.repeat(200 * 1024);
      const count = 120;
      for (let i = 0; i < count; i++) {
        const event = exampleFor('patient-open', topic);
        const patient = event.event.context[0] as { resource: Record<string, unknown> };
        patient.resource = { ...patient.resource, id: `p${i}`, text: { status: 'generated', div: padding } };
        const response = await fetch(hub.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(event),
        });
        expect(response.status).toBe(202);
      }
      await healthy.waitFor(() => healthy.events('Patient-open').length === count, 20_000);
      expect(lines.some((line) => /^dropped a socket with \d+ bytes unsent/.test(line))).toBe(true);
      expect(hub.hub.subscriptionCount(topic)).toBe(2);
      stalled.destroy();
      healthy.socket.close();
    } finally {
      await hub.close();
    }
  }, 30_000);
});
