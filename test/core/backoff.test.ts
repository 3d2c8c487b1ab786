import { describe, expect, it } from 'vitest';
import { BACKOFF_STEPS, backoffDelay } from '../../src/core/backoff.ts';

/** The delays of attempts 0 to `count - 1`, with the random source fixed at `random`. */
const delays = (count: number, options = {}, random = 0.5) =>
  Array.from({ length: count }, (_, attempt) => backoffDelay(attempt, options, () => random));

describe('backoffDelay', () => {
  it('has the table 250 ms, 500 ms, 1 s, 2 s, 4 s, 8 s, 10 s', () => {
    expect(BACKOFF_STEPS).toEqual([250, 500, 1000, 2000, 4000, 8000, 10000]);
  });

  it('waits each step of the table in turn and repeats the last one', () => {
    expect(delays(10)).toEqual([250, 500, 1000, 2000, 4000, 8000, 10000, 10000, 10000, 10000]);
    expect(backoffDelay(1000, {}, () => 0.5)).toBe(10000);
  });

  it('spreads each delay by ±20 % by default, from 0.8 times the step (random 0) towards 1.2 times it', () => {
    expect(delays(7, {}, 0)).toEqual([200, 400, 800, 1600, 3200, 6400, 8000]);
    expect(delays(7, {}, 0.999_999)).toEqual([300, 600, 1200, 2400, 4800, 9600, 12000]);
    expect(delays(3, {}, 0.25)).toEqual([225, 450, 900]);
  });

  it('rounds to whole milliseconds', () => {
    expect(backoffDelay(0, {}, () => 0.123)).toBe(212);
    expect(backoffDelay(0, { jitter: 0.5 }, () => 0.003)).toBe(126);
  });

  it('takes another table and another jitter from the options', () => {
    expect(delays(4, { steps: [30, 60], jitter: 0 }, 0.9)).toEqual([30, 60, 60, 60]);
    expect(delays(2, { steps: [1000], jitter: 0.5 }, 0)).toEqual([500, 500]);
    expect(delays(2, { steps: [1000], jitter: 0.5 }, 0.75)).toEqual([1250, 1250]);
  });

  it('never waits less than nothing, even with a jitter of 100 % or more', () => {
    expect(delays(2, { jitter: 1 }, 0)).toEqual([0, 0]);
    expect(delays(2, { jitter: 2 }, 0)).toEqual([0, 0]);
  });

  it('waits 1 s when given an empty table', () => {
    expect(delays(3, { steps: [], jitter: 0 })).toEqual([1000, 1000, 1000]);
  });
});
