import { type ClientTimers, Timer } from './timers.ts';

/**
 * Tells a dead socket from a quiet one. STU3 defines no keepalive, but many hubs send heartbeats. The
 * period is learnt on each socket: the one a heartbeat declares, or the longest gap seen between two
 * heartbeats when that is longer (a hub declaring none, or beating slower than it says). Two periods
 * without any frame mean the socket is dead; until a period is known, nothing is judged.
 */
export class Liveness {
  readonly #timers: ClientTimers;
  readonly #timer: Timer;
  readonly #dead: (socket: WebSocket) => void;
  #periodMs = 0;
  #lastBeatAt: number | undefined;

  /** `dead` is told about a socket that went silent for two heartbeat periods. */
  constructor(timers: ClientTimers, dead: (socket: WebSocket) => void) {
    this.#timers = timers;
    this.#timer = new Timer(timers);
    this.#dead = dead;
  }

  /** The heartbeat period learnt on this socket so far, in ms (0: none yet). */
  get periodMs(): number {
    return this.#periodMs;
  }

  /** A new socket: nothing is known of its hub's heartbeat yet. */
  reset(): void {
    this.#periodMs = 0;
    this.#lastBeatAt = undefined;
    this.#timer.clear();
  }

  /** Any frame shows the socket alive. */
  alive(socket: WebSocket): void {
    if (this.#periodMs === 0) return;
    this.#timer.start(this.#periodMs * 2, () => this.#dead(socket));
  }

  /** A heartbeat arrived, declaring its period or not. */
  heartbeat(socket: WebSocket, declaredMs: number | undefined): void {
    const now = this.#timers.now();
    const gap = this.#lastBeatAt === undefined ? 0 : now - this.#lastBeatAt;
    this.#lastBeatAt = now;
    this.#periodMs = Math.max(this.#periodMs, declaredMs ?? 0, gap);
    this.alive(socket);
  }

  /** The socket is gone: stop watching it. */
  clear(): void {
    this.#timer.clear();
  }
}
