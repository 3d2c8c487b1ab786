import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { HubFaults } from './faults.ts';
import { errorText, logSafely } from './guard.ts';
import type { HubHostNames } from './hosts.ts';
import type { FhircastHub } from './hub.ts';
import { isOriginAllowed, originRefusal } from './origins.ts';
import { ENDPOINT_PATH } from './transport.ts';

/** What the WebSocket side of the Node server works with. */
export interface SocketSide {
  hub(): FhircastHub;
  faults: HubFaults;
  names(): HubHostNames;
  pingIntervalMs: number;
  maxBufferedBytes: number;
}

/** The server's WebSockets: how many were cut, and closing them all. */
export interface ServedSockets {
  cut(): number;
  close(): Promise<void>;
}

/**
 * Serves the hub's WebSockets on `server`: an upgrade is accepted only from an allowed origin and for a
 * Host that names this hub (403 or 421 before the upgrade otherwise); idle sockets are pinged.
 */
export function serveSockets(server: Server, side: SocketSide): ServedSockets {
  const sockets = new WebSocketServer({ noServer: true, maxPayload: side.hub().options.maxBodyBytes });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    try {
      const refusal = upgradeRefusal(side, req);
      if (refusal) refuse(socket, refusal.status, refusal.message);
      else sockets.handleUpgrade(req, socket, head, (client) => sockets.emit('connection', client, req));
    } catch (error) {
      logSafely(side.hub().options.log, `failed to upgrade a socket: ${errorText(error)}`);
      socket.destroy();
    }
  });
  sockets.on('connection', (socket: WebSocket, req: IncomingMessage) => {
    try {
      attachSocket(side, socket, req.url ?? '');
    } catch (error) {
      logSafely(side.hub().options.log, `failed to attach a socket: ${errorText(error)}`);
      socket.close(1011, 'the hub failed to attach this socket');
    }
  });
  const pinger = keepAlive(sockets, side.pingIntervalMs);
  const cut = () => {
    for (const socket of sockets.clients) socket.terminate();
    return sockets.clients.size;
  };
  return {
    cut,
    close: async () => {
      clearInterval(pinger);
      cut();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
    },
  };
}

function upgradeRefusal(
  side: SocketSide,
  req: IncomingMessage,
): { status: number; message: string } | undefined {
  const { host, origin } = req.headers;
  if (side.names().socketBase(host) === undefined) {
    return { status: 421, message: side.names().refusal(host ?? '') };
  }
  if (!isOriginAllowed(origin, side.hub().options.allowOrigins)) {
    return { status: 403, message: originRefusal(origin ?? '') };
  }
  return undefined;
}

function refuse(socket: Duplex, status: number, message: string): void {
  const reason = status === 421 ? 'Misdirected Request' : 'Forbidden';
  socket.end(
    [
      `HTTP/1.1 ${status} ${reason}`,
      'Content-Type: text/plain; charset=utf-8',
      `Content-Length: ${Buffer.byteLength(message)}`,
      'Connection: close',
      '',
      message,
    ].join('\r\n'),
  );
}

/** Pings every socket each interval and terminates one that missed the previous pong. */
function keepAlive(sockets: WebSocketServer, intervalMs: number): ReturnType<typeof setInterval> {
  const alive = new WeakMap<WebSocket, boolean>();
  sockets.on('connection', (socket: WebSocket) => {
    alive.set(socket, true);
    socket.on('pong', () => alive.set(socket, true));
  });
  const pinger = setInterval(() => {
    for (const socket of sockets.clients) {
      if (!alive.get(socket)) socket.terminate();
      alive.set(socket, false);
      socket.ping();
    }
  }, intervalMs);
  pinger.unref();
  return pinger;
}

function attachSocket(side: SocketSide, socket: WebSocket, url: string): void {
  const hub = side.hub();
  const { faults, maxBufferedBytes } = side;
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
