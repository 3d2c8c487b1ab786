import { FhircastError } from './errors.ts';
import type { ClientTimers } from './timers.ts';

interface Pending {
  resolve: (echoed: boolean) => void;
  reject: (error: Error) => void;
  timer: unknown;
}

/** Tracks publishes waiting for their echo: resolved by the echo, rejected by a sync error about them. */
export class PublishTracker {
  readonly #pending = new Map<string, Pending>();
  readonly #timers: ClientTimers;
  readonly #timeoutMs: number;

  constructor(timers: ClientTimers, timeoutMs: number) {
    this.#timers = timers;
    this.#timeoutMs = timeoutMs;
  }

  /** Starts waiting for the echo of `id`; the promise resolves true on the echo, false on time-out. */
  expect(id: string): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      const timer = this.#timers.setTimeout(
        () => this.#settle(id, (entry) => entry.resolve(false)),
        this.#timeoutMs,
      );
      this.#pending.set(id, { resolve, reject, timer });
    });
  }

  /** The echo of `id` arrived. */
  echoed(id: string): void {
    this.#settle(id, (entry) => entry.resolve(true));
  }

  /** A sync error names `id`: its publish rejects. */
  refused(id: string, diagnostics: string): void {
    this.#settle(id, (entry) =>
      entry.reject(new FhircastError(`publish refused by a subscriber: ${diagnostics}`)),
    );
  }

  /** Stops waiting for `id` without settling (the caller settles it itself). */
  forget(id: string): void {
    const entry = this.#pending.get(id);
    if (!entry) return;
    this.#timers.clearTimeout(entry.timer);
    this.#pending.delete(id);
    entry.resolve(false);
  }

  /** Resolves every waiting publish without its echo (the socket went away). */
  flush(): void {
    for (const id of [...this.#pending.keys()]) this.#settle(id, (entry) => entry.resolve(false));
  }

  #settle(id: string, how: (entry: Pending) => void): void {
    const entry = this.#pending.get(id);
    if (!entry) return;
    this.#timers.clearTimeout(entry.timer);
    this.#pending.delete(id);
    how(entry);
  }
}
