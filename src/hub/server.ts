import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { HUB_BASE_PATHS, handleHttp } from './http.ts';
import { ENDPOINT_PATH, FhircastHub } from './hub.ts';
import type { HubOptions } from './options.ts';

/** Options of a hub served over HTTP and WebSocket. */
export interface StartHubOptions extends HubOptions {
  /** Port to listen on; 0 picks a free one. Default 0. */
  port?: number;
  /** Interface to bind. Default `127.0.0.1`. */
  host?: string;
  /** Interval of WebSocket ping frames; a socket that missed the previous pong is closed. Default 30000 ms. */
  pingIntervalMs?: number;
}

/** A running development hub. */
export interface RunningHub {
  /** `http://HOST:PORT/api/hub`: the `hub.url` to give clients. */
  url: string;
  /** The same hub under `/fhircast/STU3`, the path a MedplumClient uses. */
  aliasUrl: string;
  /** `http://HOST:PORT`, e.g. a MedplumClient's `baseUrl`. */
  origin: string;
  /** The hub logic, for inspection in tests. */
  hub: FhircastHub;
  /** Cuts every WebSocket without a close frame, as a network failure would; subscriptions survive. */
  dropSockets(): number;
  /** Stops listening, closes every socket and timer. */
  close(): Promise<void>;
}

/** Starts the FHIRcast development hub on `node:http` and `ws`. Resolves once it is listening. */
export async function startHub(options: StartHubOptions = {}): Promise<RunningHub> {
  const { port = 0, host = '127.0.0.1', pingIntervalMs = 30_000, ...hubOptions } = options;
  const hub = new FhircastHub(hubOptions);
  const server = createServer((req, res) => serveHttp(hub, req, res));
  const sockets = new WebSocketServer({ server, maxPayload: hub.options.maxBodyBytes });
  sockets.on('connection', (socket, req) => attachSocket(hub, socket, req.url ?? ''));
  const alive = new WeakMap<WebSocket, boolean>();
  sockets.on('connection', (socket) => {
    alive.set(socket, true);
    socket.on('pong', () => alive.set(socket, true));
  });
  const pinger = setInterval(() => {
    for (const socket of sockets.clients) {
      if (!alive.get(socket)) socket.terminate();
      alive.set(socket, false);
      socket.ping();
    }
  }, pingIntervalMs);
  pinger.unref();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const origin = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  return {
    url: `${origin}${HUB_BASE_PATHS[0]}`,
    aliasUrl: `${origin}${HUB_BASE_PATHS[1]}`,
    origin,
    hub,
    dropSockets: () => {
      for (const socket of sockets.clients) socket.terminate();
      return sockets.clients.size;
    },
    close: async () => {
      clearInterval(pinger);
      hub.close();
      for (const socket of sockets.clients) socket.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function serveHttp(hub: FhircastHub, req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > hub.options.maxBodyBytes) tooLarge = true;
    else chunks.push(chunk);
  });
  req.on('end', () => {
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const answer = handleHttp(hub, {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      headers,
      body: tooLarge ? '' : Buffer.concat(chunks).toString('utf8'),
      bodyTooLarge: tooLarge,
      socketBase: `ws://${req.headers.host ?? 'localhost'}`,
    });
    res.writeHead(answer.status, answer.headers).end(answer.body);
  });
  req.on('error', () => res.destroy());
}

function attachSocket(hub: FhircastHub, socket: WebSocket, url: string): void {
  const path = url.split('?')[0] ?? '';
  const connection = hub.connect(path.startsWith(ENDPOINT_PATH) ? path : '', {
    send: (text) => {
      if (socket.readyState === socket.OPEN) socket.send(text);
    },
    close: (code, reason) => socket.close(code, reason),
  });
  socket.on('message', (data, isBinary) => {
    if (!isBinary) connection.receive(data.toString());
  });
  socket.on('close', () => connection.closed());
  socket.on('error', () => socket.terminate());
}
