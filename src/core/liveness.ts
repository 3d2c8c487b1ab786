import { type ClientTimers, Timer } from './timers.ts';

/**
 * Tells a dead socket from a quiet one. STU3 defines no keepalive, but many hubs send heartbeats; once a
 * socket has carried one, two of its periods without any frame mean the socket is dead. A socket whose hub
 * never sent a heartbeat is never judged by one, and each socket learns the period anew.
 */
export class Liveness {
  readonly #timer: Timer;
  readonly #dead: (socket: WebSocket) => void;
  #periodMs: number | undefined;

  /** `dead` is told about a socket that went silent for two heartbeat periods. */
  constructor(timers: ClientTimers, dead: (socket: WebSocket) => void) {
    this.#timer = new Timer(timers);
    this.#dead = dead;
  }

  /** A new socket: nothing is known of its hub's heartbeat yet. */
  reset(): void {
    this.#periodMs = undefined;
    this.#timer.clear();
  }

  /** Any frame shows the socket alive. */
  alive(socket: WebSocket): void {
    if (this.#periodMs === undefined) return;
    this.#timer.start(this.#periodMs * 2, () => this.#dead(socket));
  }

  /** A heartbeat named its period. */
  heartbeat(socket: WebSocket, periodMs: number): void {
    this.#periodMs = periodMs;
    this.alive(socket);
  }

  /** The socket is gone: stop watching it. */
  clear(): void {
    this.#timer.clear();
  }
}
