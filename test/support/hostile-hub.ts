/**
 * A malicious FHIRcast hub on real HTTP and WebSocket: it subscribes and confirms like a hub, answers
 * get-context with an empty context, and then sends whatever frames a test gives it, recording the acks
 * that come back. Used to prove hostile frames neither corrupt a client's state nor crash an app; the
 * frames themselves are in `test/fixtures/hostile-frames.ts`.
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
