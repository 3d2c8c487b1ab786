import type { ResolvedClientOptions } from './options.ts';
import { Timer } from './timers.ts';

/**
 * How long a socket on a kept endpoint (one the hub gave before) may stay open without its confirmation.
 * A hub that still knows the endpoint confirms as soon as the socket opens; some hubs that forgot it
 * (after a restart, or once the socket closed) accept the socket and then say nothing at all.
 */
export const KEPT_ENDPOINT_SILENCE_MS = 1000;

/** What happens to a socket before its confirmation. */
export interface OpeningEvents {
  frame(socket: WebSocket, data: unknown): void;
  /** The socket closed; `opened`: it had opened, so the hub is up. */
  closed(socket: WebSocket, code: number, opened: boolean): void;
  /** No confirmation came in time; `opened`: the socket had opened, so the hub is up. */
  unconfirmed(socket: WebSocket, opened: boolean): void;
}

/**
 * Opens sockets and watches for their confirmation: `confirmTimeoutMs` from the start (a socket that never
 * opens is given up on as well), and KEPT_ENDPOINT_SILENCE_MS from the moment a socket on a kept endpoint
 * opens.
 */
export class SocketOpener {
  readonly #options: ResolvedClientOptions;
  readonly #events: OpeningEvents;
  readonly #confirm: Timer;
  readonly #opened = new WeakSet<WebSocket>();
  /** The socket whose confirmation is awaited. */
  #awaiting: WebSocket | undefined;

  constructor(options: ResolvedClientOptions, events: OpeningEvents) {
    this.#options = options;
    this.#events = events;
    this.#confirm = new Timer(options.timers);
  }

  /** Opens a socket on `endpoint`; `kept`: the endpoint was given before, not just now. */
  open(endpoint: string, kept: boolean): WebSocket {
    const socket = new this.#options.WebSocket(endpoint);
    const events = this.#events;
    const unconfirmed = () => {
      this.#awaiting = undefined;
      events.unconfirmed(socket, this.#opened.has(socket));
    };
    this.#awaiting = socket;
    this.#confirm.start(this.#options.confirmTimeoutMs, unconfirmed);
    socket.addEventListener('open', () => {
      this.#opened.add(socket);
      if (kept && this.#awaiting === socket) this.#confirm.start(KEPT_ENDPOINT_SILENCE_MS, unconfirmed);
    });
    socket.addEventListener('message', (event: MessageEvent) => events.frame(socket, event.data));
    socket.addEventListener('close', (event: CloseEvent) =>
      events.closed(socket, event.code, this.#opened.has(socket)),
    );
    return socket;
  }

  /** The socket was confirmed, or went away: stop waiting. */
  settled(): void {
    this.#awaiting = undefined;
    this.#confirm.clear();
  }
}
