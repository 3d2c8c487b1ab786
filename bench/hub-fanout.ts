/**
 * Hub fan-out, memory and publish throughput, against raw `ws` doing the same socket work in the same run.
 * Subscribers live in this process and behave identically in both set-ups (parse, record, ack).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { WebSocket, WebSocketServer } from 'ws';
import { startHub } from '../src/hub/server.ts';
import type { FhircastNotification } from '../src/protocol/types.ts';
import { type BenchRow, markdownTable } from './report.ts';

const SUBSCRIBERS = 1000;
const ROUNDS = 50;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

function notification(topic: string, n: number): FhircastNotification {
  return {
    timestamp: new Date().toISOString(),
    id: `bench-${n}-${Math.random()}`,
    event: {
      'hub.topic': topic,
      'hub.event': 'Patient-open',
      context: [
        { key: 'patient', resource: { resourceType: 'Patient', id: `p${n}`, name: [{ family: `F${n}` }] } },
      ],
    },
  };
}

/** A subscriber socket that parses each frame, counts it and acks events, as a client would. */
function subscriber(url: string, onFrame: () => void): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { id?: string; event?: unknown };
      if (frame.event && frame.id) socket.send(JSON.stringify({ id: frame.id, status: 200 }));
      onFrame();
    });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Times rounds of `send` until `count` frames arrived, one round after another. */
async function timeRounds(send: (round: number) => void, counter: { value: number }, count: number) {
  const times: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const target = counter.value + count;
    const start = performance.now();
    send(round);
    while (counter.value < target) await new Promise((resolve) => setImmediate(resolve));
    times.push(performance.now() - start);
  }
  return times;
}

async function fanOut(): Promise<BenchRow[]> {
  const hub = await startHub({ pingIntervalMs: 3_600_000, ackTimeoutMs: 600_000 });
  const raw = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  const sockets: WebSocket[] = [];
  try {
    const topic = 'fan-out';
    const hubFrames = { value: 0 };
    const endpoints: string[] = [];
    for (let i = 0; i < SUBSCRIBERS; i++) {
      const form = `hub.channel.type=websocket&hub.mode=subscribe&hub.topic=${topic}&hub.events=Patient-open&subscriber.name=s${i}`;
      const answer = await fetch(hub.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form,
      });
      endpoints.push(((await answer.json()) as Record<string, string>)['hub.channel.endpoint'] as string);
    }
    for (const endpoint of endpoints) sockets.push(await subscriber(endpoint, () => hubFrames.value++));
    while (hubFrames.value < SUBSCRIBERS) await new Promise((resolve) => setTimeout(resolve, 10));
    hubFrames.value = 0;
    const hubTimes = await timeRounds((n) => hub.hub.publish(notification(topic, n)), hubFrames, SUBSCRIBERS);

    const rawFrames = { value: 0 };
    const rawPort = (raw.address() as AddressInfo).port;
    for (let i = 0; i < SUBSCRIBERS; i++) {
      sockets.push(await subscriber(`ws://127.0.0.1:${rawPort}`, () => rawFrames.value++));
    }
    const rawTimes = await timeRounds(
      (n) => {
        const text = JSON.stringify(notification(topic, n));
        for (const client of raw.clients) client.send(text);
      },
      rawFrames,
      SUBSCRIBERS,
    );
    const row = (p: number): BenchRow => ({
      group: 'Hub fan-out',
      metric: `publish → last of ${SUBSCRIBERS} subscribers, p${p}`,
      value: percentile(hubTimes, p),
      unit: 'ms',
      baseline: { name: 'raw ws broadcast of the same bytes', value: percentile(rawTimes, p) },
      target: '≤ 1.5× baseline',
      met: percentile(hubTimes, p) <= 1.5 * percentile(rawTimes, p),
      note: `${ROUNDS} rounds, hub.publish() in process`,
    });
    return [row(50), row(99)];
  } finally {
    for (const socket of sockets) socket.terminate();
    await new Promise((resolve) => raw.close(resolve));
    await hub.close();
  }
}

async function memoryPerSubscriber(): Promise<BenchRow> {
  const hub = await startHub({ pingIntervalMs: 3_600_000 });
  try {
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 10_000; i++) {
      hub.hub.subscription(
        {
          mode: 'subscribe',
          topic: `t${i % 100}`,
          events: ['Patient-open', 'Patient-close'],
          subscriberName: `s${i}`,
        },
        'ws://127.0.0.1:1',
      );
    }
    gc();
    const after = process.memoryUsage().heapUsed;
    return {
      group: 'Hub memory',
      metric: 'heap per subscription',
      value: Math.round((after - before) / 10_000),
      unit: 'B',
      note: '10,000 subscriptions on 100 topics, hub state only (no socket buffers)',
    };
  } finally {
    await hub.close();
  }
}

async function throughput(): Promise<BenchRow> {
  const hub = await startHub({ pingIntervalMs: 3_600_000 });
  const received = { value: 0 };
  const sockets: WebSocket[] = [];
  const rawSockets = new WebSocketServer({ noServer: true });
  const rawServer = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      for (const client of rawSockets.clients) client.send(body);
      response.writeHead(202, { 'content-type': 'application/json' }).end('{"success":true}');
    });
  });
  rawServer.on('upgrade', (request, socket, head) =>
    rawSockets.handleUpgrade(request, socket, head, (ws) => rawSockets.emit('connection', ws)),
  );
  await new Promise<void>((resolve) => rawServer.listen(0, '127.0.0.1', resolve));
  try {
    const topic = 'throughput';
    for (let i = 0; i < 10; i++) {
      const answer = await fetch(hub.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `hub.channel.type=websocket&hub.mode=subscribe&hub.topic=${topic}&hub.events=Patient-open&subscriber.name=s${i}`,
      });
      const endpoint = ((await answer.json()) as Record<string, string>)['hub.channel.endpoint'] as string;
      sockets.push(await subscriber(endpoint, () => received.value++));
    }
    const rawUrl = `http://127.0.0.1:${(rawServer.address() as AddressInfo).port}`;
    for (let i = 0; i < 10; i++) sockets.push(await subscriber(rawUrl.replace('http', 'ws'), () => {}));
    const rate = async (url: string) => {
      let accepted = 0;
      let n = 0;
      const end = performance.now() + 2000;
      const worker = async () => {
        while (performance.now() < end) {
          const answer = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(notification(topic, n++)),
          });
          await answer.arrayBuffer();
          if (answer.status === 202) accepted++;
        }
      };
      await Promise.all(Array.from({ length: 8 }, worker));
      return accepted / 2;
    };
    received.value = 0;
    const hubRate = await rate(hub.url);
    const expected = hubRate * 2 * 10;
    while (received.value < expected) await new Promise((resolve) => setTimeout(resolve, 10));
    const rawRate = await rate(rawUrl);
    return {
      group: 'Hub throughput',
      metric: 'publishes per second, one topic, 10 subscribers',
      value: Math.round(hubRate),
      unit: '/s',
      baseline: { name: 'node:http 202 + raw ws broadcast', value: Math.round(rawRate) },
      note: '8 concurrent HTTP publishers for 2 s; every subscriber received every event',
    };
  } finally {
    for (const socket of sockets) socket.terminate();
    rawSockets.close();
    await new Promise((resolve) => rawServer.close(resolve));
    await hub.close();
  }
}

/** Fan-out latency, memory per subscription and publish throughput. */
export async function hubBenchmark(): Promise<BenchRow[]> {
  return [...(await fanOut()), await memoryPerSubscriber(), await throughput()];
}

if (import.meta.main) console.log(markdownTable(await hubBenchmark()));
