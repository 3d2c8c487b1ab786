import { type BackoffOptions, backoffDelay } from '../../src/core/backoff.ts';

/** The first reconnect delay a client with `backoff` can wait: its first step at the longest jitter. */
export const firstBackoffStepMs = (backoff: BackoffOptions = {}): number => backoffDelay(0, backoff, () => 1);

/**
 * Issue 13's target for a client with `backoff` (the default when none): connected and following again
 * within one backoff step + 1.5 s of the drop, on every hub profile, with no app option.
 */
export const recoveryTargetMs = (backoff: BackoffOptions = {}): number => firstBackoffStepMs(backoff) + 1500;
