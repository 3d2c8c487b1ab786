import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { HubFaults } from './faults.ts';
import { errorText, logSafely } from './guard.ts';
import { HUB_BASE_PATHS, handleHttp } from './http.ts';
import { ENDPOINT_PATH, FhircastHub, type SubscriberFilter } from './hub.ts';
import type { HubOptions } from './options.ts';

/** Options of a hub served over HTTP and WebSocket. */
export interface StartHubOptions extends HubOptions {
  /** Port to listen on; 0 picks a free one. Default 0. */
  port?: number;
  /** Interface to bind. Default `127.0.0.1`. */
  host?: string;
  /** Interval of WebSocket ping frames; a socket that missed the previous pong is closed. Default 30000 ms. */
  pingIntervalMs?: number;
  /**
   * Bytes a socket may have queued but unsent (a subscriber that stopped reading) before the hub drops it;
   * its subscription survives, and the subscriber resyncs when it reconnects. Default 8 MiB.
   */
  maxBufferedBytes?: number;
}

/** A running development hub. */
export interface RunningHub {
  /** `http://HOST:PORT/api/hub`: the `hub.url` to give clients. */
  url: string;
  /** The same hub under `/fhircast/STU3`, the path a MedplumClient uses. */
  aliasUrl: string;
  /** `http://HOST:PORT`, e.g. a MedplumClient's `baseUrl`. */
  origin: string;
  /** The hub logic, for inspection in tests (a new one after a restart without state). */
  readonly hub: FhircastHub;
  /** Test-only fault injection (HTTP failures and hangs, lost or delayed frames and acks); off unless armed. */
  faults: HubFaults;
  /**
   * Cuts WebSockets without a close frame, as a network failure would; subscriptions survive. Without
   * `which`, every socket (bound or not); with it, those of the subscribers it chooses. Answers how many.
   */
  dropSockets(which?: SubscriberFilter): number;
  /** Ends subscriptions (default every one) as if their lease had expired: a denial, then a close. */
  expireLeases(which?: SubscriberFilter): number;
  /** Revokes the subscriptions `which` chooses: a denial carrying `reason`, then a close. Answers how many. */
  deny(which: SubscriberFilter, reason?: string): number;
  /** Stops and starts again on the same port; without `keepState` every subscription and context is lost. */
  restart(options?: { keepState?: boolean }): Promise<void>;
  /** Stops listening, closes every socket and timer. */
  close(): Promise<void>;
}

interface Listener {
  cut(): number;
  close(): Promise<void>;
  port: number;
  origin: string;
}

async function listen(
  hub: () => FhircastHub,
  faults: HubFaults,
  port: number,
  host: string,
  pingIntervalMs: number,
  maxBufferedBytes: number,
): Promise<Listener> {
  const server = createServer((req, res) => serveHttp(hub(), faults, req, res));
  const sockets = new WebSocketServer({ server, maxPayload: hub().options.maxBodyBytes });
  sockets.on('connection', (socket, req) => {
    try {
      attachSocket(hub(), faults, socket, req.url ?? '', maxBufferedBytes);
    } catch (error) {
      logSafely(hub().options.log, `failed to attach a socket: ${errorText(error)}`);
      socket.close(1011, 'the hub failed to attach this socket');
    }
  });
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
  const cut = () => {
    for (const socket of sockets.clients) socket.terminate();
    return sockets.clients.size;
  };
  return {
    port: address.port,
    origin,
    cut,
    close: async () => {
      clearInterval(pinger);
      cut();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Starts the FHIRcast development hub on `node:http` and `ws`. Resolves once it is listening. */
export async function startHub(options: StartHubOptions = {}): Promise<RunningHub> {
  const {
    port = 0,
    host = '127.0.0.1',
    pingIntervalMs = 30_000,
    maxBufferedBytes = 8 * 1024 * 1024,
    ...hubOptions
  } = options;
  if (!(Number.isFinite(maxBufferedBytes) && maxBufferedBytes > 0)) {
    throw new RangeError('react-fhircast hub: option maxBufferedBytes must be a positive number');
  }
  const faults = new HubFaults();
  let hub = new FhircastHub(hubOptions);
  const open = () => listen(() => hub, faults, port, host, pingIntervalMs, maxBufferedBytes);
  let listener = await open();
  const { origin } = listener;
  return {
    url: `${origin}${HUB_BASE_PATHS[0]}`,
    aliasUrl: `${origin}${HUB_BASE_PATHS[1]}`,
    origin,
    get hub() {
      return hub;
    },
    faults,
    dropSockets: (which) => (which ? hub.dropSocketsWhere(which) : listener.cut()),
    expireLeases: (which = () => true) => hub.endWhere(which, 'lease expired'),
    deny: (which, reason = 'denied by the hub') => hub.endWhere(which, reason),
    restart: async ({ keepState = false } = {}) => {
      const boundPort = listener.port;
      if (!keepState) hub.close();
      await listener.close();
      if (!keepState) hub = new FhircastHub(hubOptions);
      listener = await listen(() => hub, faults, boundPort, host, pingIntervalMs, maxBufferedBytes);
    },
    close: async () => {
      hub.close();
      await listener.close();
    },
  };
}

function serveHttp(hub: FhircastHub, faults: HubFaults, req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > hub.options.maxBodyBytes) tooLarge = true;
    else chunks.push(chunk);
  });
  req.on('end', () => {
    // handleHttp never throws; this guards the transport's own work so that no request ends the process.
    try {
      answer(hub, faults, req, res, tooLarge ? undefined : Buffer.concat(chunks).toString('utf8'));
    } catch (error) {
      logSafely(hub.options.log, `failed to answer a ${req.method} request: ${errorText(error)}`);
      if (res.headersSent) res.destroy();
      else
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('The hub failed to answer');
    }
  });
  req.on('error', () => res.destroy());
}

/** Answers a request whose body was read; `body` is undefined when it was over the size limit. */
function answer(
  hub: FhircastHub,
  faults: HubFaults,
  req: IncomingMessage,
  res: ServerResponse,
  body: string | undefined,
): void {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const fault =
    req.method === 'OPTIONS'
      ? undefined
      : faults.takeHttpFault({
          method: req.method ?? 'GET',
          url: req.url ?? '/',
          contentType: req.headers['content-type'] ?? '',
        });
  if (fault?.kind === 'hang') return;
  if (fault) {
    res.writeHead(fault.status, { 'content-type': 'text/plain; charset=utf-8' }).end('injected fault');
    return;
  }
  const response = handleHttp(hub, {
    method: req.method ?? 'GET',
    url: req.url ?? '/',
    headers,
    body: body ?? '',
    bodyTooLarge: body === undefined,
    socketBase: `ws://${req.headers.host ?? 'localhost'}`,
  });
  res.writeHead(response.status, response.headers).end(response.body);
}

function attachSocket(
  hub: FhircastHub,
  faults: HubFaults,
  socket: WebSocket,
  url: string,
  maxBufferedBytes: number,
): void {
  const path = url.split('?')[0] ?? '';
  const send = (text: string) => {
    if (socket.readyState !== socket.OPEN) return;
    // A subscriber that stopped reading would make the hub buffer without end: drop it instead.
    if (socket.bufferedAmount > maxBufferedBytes) {
      hub.options.log(`dropped a socket with ${socket.bufferedAmount} bytes unsent: subscriber not reading`);
      socket.terminate();
      return;
    }
    socket.send(text);
  };
  let delayMs = 0;
  const connection = hub.connect(path.startsWith(ENDPOINT_PATH) ? path : '', {
    send: (text) => {
      const fault = faults.takeFrameFault(text);
      if (fault === 'drop') return;
      delayMs = fault ?? 0;
      if (delayMs > 0) setTimeout(() => send(text), delayMs);
      else send(text);
    },
    // A close waits behind the frames delayed before it, as the denial it follows must arrive first.
    close: (code, reason) =>
      delayMs > 0 ? setTimeout(() => socket.close(code, reason), delayMs) : socket.close(code, reason),
    terminate: () => socket.terminate(),
  });
  socket.on('message', (data, isBinary) => {
    if (isBinary) return;
    const text = data.toString();
    const fault = faults.takeAckFault();
    if (fault === 'drop') return;
    if (fault) setTimeout(() => connection.receive(text), fault);
    else connection.receive(text);
  });
  socket.on('close', () => connection.closed());
  socket.on('error', () => socket.terminate());
}
