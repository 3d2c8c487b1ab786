/** Timers the client uses; injectable so tests drive backoff, leases and liveness with fake time. */
export interface ClientTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

/** The platform's timers and clock. */
export const platformTimers: ClientTimers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

/** The longest delay setTimeout honours (2^31 - 1 ms, about 24.8 days). */
const MAX_TIMER_MS = 2_147_483_647;

/** One timer slot: starting it again replaces what was waiting. Each part of the client owns its own. */
export class Timer {
  readonly #timers: ClientTimers;
  #handle: unknown;
  #pending = false;

  constructor(timers: ClientTimers) {
    this.#timers = timers;
  }

  /** Runs `run` after `ms`, replacing a run still waiting. */
  start(ms: number, run: () => void): void {
    this.clear();
    this.#pending = true;
    this.#handle = this.#timers.setTimeout(
      () => {
        this.#pending = false;
        run();
      },
      // Longer delays overflow platform timers, which then fire at once (a lease of a month or more).
      Math.min(ms, MAX_TIMER_MS),
    );
  }

  /** Cancels the waiting run, if any. */
  clear(): void {
    if (!this.#pending) return;
    this.#pending = false;
    this.#timers.clearTimeout(this.#handle);
  }
}
