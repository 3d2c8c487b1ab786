import type { HubClock } from '../../src/hub/options.ts';

/**
 * A hub clock that moves only when the test advances it, running every timer that falls due on the way
 * (timers set by those timers included), in the order they fall due.
 */
export function manualClock(start = Date.now()) {
  let now = start;
  let nextHandle = 0;
  const timers = new Map<number, { at: number; run: () => void }>();
  const clock: HubClock = {
    now: () => now,
    setTimeout: (run, ms) => {
      timers.set(++nextHandle, { at: now + ms, run });
      return nextHandle;
    },
    clearTimeout: (handle) => {
      timers.delete(handle as number);
    },
  };
  /** Moves the clock `ms` forward. */
  const advance = (ms: number): void => {
    const end = now + ms;
    for (;;) {
      let due: [number, { at: number; run: () => void }] | undefined;
      for (const entry of timers) if (entry[1].at <= end && (!due || entry[1].at < due[1].at)) due = entry;
      if (!due) break;
      timers.delete(due[0]);
      now = due[1].at;
      due[1].run();
    }
    now = end;
  };
  return { clock, advance };
}
