import { describe, expect, it } from 'vitest';
import { type ClientTimers, Timer } from '../../src/core/timers.ts';
import { installFakeClock, tick } from '../support/clock.ts';

/** Fake-clock timers that also note each setTimeout's delay and each clearTimeout, in order. */
function notingTimers() {
  const noted: string[] = [];
  const timers: ClientTimers = {
    setTimeout: (callback, ms) => {
      noted.push(`set ${ms}`);
      return setTimeout(callback, ms);
    },
    clearTimeout: (handle) => {
      noted.push('clear');
      clearTimeout(handle as ReturnType<typeof setTimeout>);
    },
    now: () => Date.now(),
  };
  return { timers, noted };
}

installFakeClock();

describe('Timer: one timer slot', () => {
  it('runs once, after the delay it was started with', async () => {
    const { timers } = notingTimers();
    const runs: number[] = [];
    const start = Date.now();
    new Timer(timers).start(1000, () => runs.push(Date.now() - start));
    await tick(999);
    expect(runs).toEqual([]);
    await tick(5000);
    expect(runs).toEqual([1000]);
  });

  it('replaces the run still waiting when started again', async () => {
    const { timers, noted } = notingTimers();
    const timer = new Timer(timers);
    const runs: string[] = [];
    timer.start(1000, () => runs.push('first'));
    await tick(500);
    timer.start(1000, () => runs.push('second'));
    await tick(5000);
    expect(runs).toEqual(['second']);
    expect(noted).toEqual(['set 1000', 'clear', 'set 1000']);
  });

  it('cancels the waiting run on clear, and clears nothing when nothing waits', async () => {
    const { timers, noted } = notingTimers();
    const timer = new Timer(timers);
    const runs: string[] = [];
    timer.clear();
    timer.start(1000, () => runs.push('run'));
    timer.clear();
    timer.clear();
    await tick(5000);
    expect(runs).toEqual([]);
    expect(noted).toEqual(['set 1000', 'clear']);
  });

  it('may be started again from its own run, and that run can be cleared', async () => {
    const { timers, noted } = notingTimers();
    const timer = new Timer(timers);
    const runs: number[] = [];
    const start = Date.now();
    timer.start(100, () => {
      runs.push(Date.now() - start);
      timer.start(100, () => runs.push(Date.now() - start));
    });
    await tick(150);
    timer.clear();
    await tick(1000);
    expect(runs).toEqual([100]);
    expect(noted).toEqual(['set 100', 'set 100', 'clear']);
  });

  it('waits at most 2^31 - 1 ms, the longest delay a platform timer honours, instead of firing at once', async () => {
    const { timers, noted } = notingTimers();
    const timer = new Timer(timers);
    const runs: string[] = [];
    timer.start(30 * 24 * 3600_000, () => runs.push('a month'));
    await tick(2_147_483_646);
    expect(runs).toEqual([]);
    await tick(1);
    expect(runs).toEqual(['a month']);
    timer.start(2_147_483_647, () => {});
    timer.start(2_147_483_648, () => {});
    expect(noted).toEqual(['set 2147483647', 'set 2147483647', 'clear', 'set 2147483647']);
  });
});
