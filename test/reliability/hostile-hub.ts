/**
 * A malicious FHIRcast hub on real HTTP and WebSocket: it subscribes and confirms like a hub, answers
 * get-context with an empty context, and then sends whatever frames a test gives it, recording the acks
 * that come back. Used to prove hostile frames neither corrupt a client's state nor crash an app.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

export interface HostileHub {
  url: string;
  /** Acks received, in order. */
  acks: { id: unknown; status: unknown }[];
  /** Sends a frame (text as is, anything else as JSON) on the newest socket. */
  send(frame: unknown): void;
  /** Resolves once a socket is open and confirmed. */
  connected(): Promise<void>;
  /** Waits until `count` acks have arrived. */
  waitForAcks(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startHostileHub(topic: string): Promise<HostileHub> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const { port } = server.address() as AddressInfo;
      if (req.method === 'POST' && req.headers['content-type']?.startsWith('application/x-www-form')) {
        res
          .writeHead(202, { 'content-type': 'application/json' })
          .end(JSON.stringify({ 'hub.channel.endpoint': `ws://127.0.0.1:${port}/ws/hostile` }));
      } else if (req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
      } else {
        res.writeHead(202, { 'content-type': 'application/json' }).end('{}');
      }
    });
  });
  const sockets = new WebSocketServer({ server });
  const acks: HostileHub['acks'] = [];
  const waiters = new Set<() => void>();
  let newest: WebSocket | undefined;
  let confirmed!: () => void;
  const ready = new Promise<void>((resolve) => {
    confirmed = resolve;
  });
  sockets.on('connection', (socket) => {
    newest = socket;
    socket.on('message', (data) => {
      try {
        const ack = JSON.parse(String(data)) as { id: unknown; status: unknown };
        acks.push({ id: ack.id, status: ack.status });
      } catch {
        acks.push({ id: undefined, status: String(data) });
      }
      for (const waiter of waiters) waiter();
    });
    socket.send(
      JSON.stringify({
        'hub.mode': 'subscribe',
        'hub.topic': topic,
        'hub.events': 'Patient-open,Patient-close,DiagnosticReport-open,DiagnosticReport-update',
        'hub.lease_seconds': 3600,
      }),
    );
    confirmed();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hub`,
    acks,
    send: (frame) => newest?.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
    connected: () => ready,
    waitForAcks: (count, timeoutMs = 5000) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (acks.length < count) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`expected ${count} acks, got ${JSON.stringify(acks)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    close: async () => {
      for (const socket of sockets.clients) socket.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A Patient-open for `topic` with event id `id` and the patient `family`/`id`. */
export function patientOpen(topic: string, id: string, patientId: string, family: string) {
  return {
    timestamp: new Date().toISOString(),
    id,
    event: {
      'hub.topic': topic,
      'hub.event': 'Patient-open',
      context: [{ key: 'patient', resource: { resourceType: 'Patient', id: patientId, name: [{ family }] } }],
    },
  };
}

/** Nests `depth` arrays, as text (building it as an object would overflow the stack of JSON.stringify). */
function deeplyNested(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

/**
 * Hostile frames, each with the ack a careful client owes it: 400 for a frame with an id it refuses,
 * none for a frame without a usable id. None of them may change the context.
 */
export function hostileFrames(topic: string): { label: string; frame: unknown; ack?: number }[] {
  const evil = (id: string) => patientOpen(topic, id, 'evil', 'Evil');
  /** A Patient-open whose "patient" is not a Patient: valid JSON, invalid event. */
  const wrongResource = (id: string, extra: Record<string, unknown> = {}) => ({
    ...evil(id),
    event: {
      ...evil(id).event,
      context: [{ key: 'patient', resource: { resourceType: 'Observation', id: 'x', ...extra } }],
    },
  });
  const pollutionInEvent = `{"timestamp":"2026-01-01T00:00:00Z","id":"proto-event","__proto__":{"polluted":true},"event":{"__proto__":{"polluted":true},"hub.topic":"${topic}","hub.event":"Patient-open","context":[{"key":"__proto__","resource":{"polluted":true}}]}}`;
  const pollutionInResource = JSON.stringify(wrongResource('proto-resource')).replace(
    '"resourceType":"Observation"',
    '"resourceType":"Observation","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}',
  );
  return [
    { label: 'not JSON', frame: '{"id": "broken", ' },
    { label: 'deeply nested JSON', frame: deeplyNested(200_000) },
    { label: 'an enormous text that is not JSON', frame: 'z'.repeat(16e6) },
    {
      label: 'an enormous event with a wrong resource',
      frame: wrongResource('enormous', { note: 'y'.repeat(12e6) }),
      ack: 400,
    },
    {
      label: 'an event for another topic',
      frame: { ...evil('other-topic'), event: { ...evil('x').event, 'hub.topic': 'another-topic' } },
      ack: 400,
    },
    { label: 'prototype pollution in the event', frame: pollutionInEvent, ack: 400 },
    { label: 'prototype pollution in a resource', frame: pollutionInResource, ack: 400 },
    { label: 'a numeric id', frame: { ...evil('x'), id: 5 } },
    {
      label: 'an event that is a string',
      frame: { id: 'event-string', timestamp: 'now', event: 'x' },
      ack: 400,
    },
    {
      label: 'a hub.event that is a number',
      frame: { ...evil('x'), id: 'event-number', event: { ...evil('x').event, 'hub.event': 42 } },
      ack: 400,
    },
    {
      label: 'a context that is an object',
      frame: { ...evil('x'), id: 'context-object', event: { ...evil('x').event, context: { patient: {} } } },
      ack: 400,
    },
    {
      label: 'an update without its bundle, with an object versionId',
      frame: {
        ...evil('x'),
        id: 'version-object',
        event: {
          'hub.topic': topic,
          'hub.event': 'DiagnosticReport-update',
          'context.versionId': { $ne: null },
          context: [{ key: 'report', reference: { reference: 'DiagnosticReport/none' } }],
        },
      },
      ack: 400,
    },
  ];
}
