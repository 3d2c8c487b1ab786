/** Reconnect delays in ms, one per attempt; the last repeats. */
export const BACKOFF_STEPS: readonly number[] = [250, 500, 1000, 2000, 4000, 8000, 10000];

/** Backoff settings: the delay table and how much jitter (0..1) spreads each delay. */
export interface BackoffOptions {
  /** Delays per attempt in ms. Default `BACKOFF_STEPS`. */
  steps?: readonly number[];
  /** Fraction of each delay randomised either way. Default 0.2. */
  jitter?: number;
}

/** The delay before attempt `attempt` (0-based), jittered by `random()` in [0, 1). */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
): number {
  const steps = options.steps ?? BACKOFF_STEPS;
  const base = steps[Math.min(attempt, steps.length - 1)] ?? 1000;
  const jitter = options.jitter ?? 0.2;
  return Math.max(0, Math.round(base * (1 - jitter + 2 * jitter * random())));
}
