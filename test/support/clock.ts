/**
 * Time in tests. A client's timers are injectable: `installFakeClock()` fakes the global timers and
 * `fakeTimers` hands them to a client; a hub's clock is the `clock` option, and `ManualClock` moves it.
 */
import { afterEach, beforeEach, vi } from 'vitest';
import type { ClientTimers } from '../../src/core/options.ts';

/** Client timers that call the global (faked) functions at call time, so `vi.useFakeTimers()` drives them. */
export const fakeTimers: ClientTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

/** Installs fake timers (and a fake Date) around every test of the calling file. */
export function installFakeClock(): void {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}

/** Advances fake time by `ms`, running timers and the promises they settle. */
export async function tick(ms = 0): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
}

/**
 * The loopback hub opens a socket with `setTimeout(0)`; fake timers run a zero-delay timer created while
 * they advance one millisecond later, so a socket opened by a timer-driven reconnect opens 1 ms late.
 */
export const OPEN_DELAY = 1;

/** Options that put a client on fake time, with the jitter of its backoff fixed at the middle of the range. */
export const ON_FAKE_TIME = { timers: fakeTimers, random: () => 0.5 } as const;

/** A hub clock (the `clock` option) that moves only when a test advances it, running the timers that fall due. */
export class ManualClock {
  private time = Date.now();
  private nextId = 1;
  private readonly timers = new Map<number, { at: number; callback: () => void }>();

  now = (): number => this.time;

  setTimeout = (callback: () => void, ms: number): unknown => {
    const id = this.nextId++;
    this.timers.set(id, { at: this.time + ms, callback });
    return id;
  };

  clearTimeout = (handle: unknown): void => {
    this.timers.delete(handle as number);
  };

  /** Moves time forward by `ms`, running every timer due on the way in order (timers they set included). */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      let due: [number, { at: number; callback: () => void }] | undefined;
      for (const entry of this.timers)
        if (entry[1].at <= end && (!due || entry[1].at < due[1].at)) due = entry;
      if (!due) break;
      this.timers.delete(due[0]);
      this.time = Math.max(this.time, due[1].at);
      due[1].callback();
    }
    this.time = end;
  }
}
