import type { FhircastStatus } from './store.ts';

/**
 * Where the connection is. `subscribing` asks the hub for an endpoint, `opening` waits for the socket's
 * confirmation, `backoff` waits before the next attempt; `halted` stops until `retry()` (the hub refused:
 * unauthorized or denied), `stopped` until `connect()` (the app disconnected, or the user's session ended).
 */
export type ConnectionPhase =
  | 'idle'
  | 'subscribing'
  | 'opening'
  | 'connected'
  | 'backoff'
  | 'halted'
  | 'stopped';

/** Whether the client keeps (re)connecting in `phase`: every phase but idle, halted and stopped. */
export function isRunning(phase: ConnectionPhase): boolean {
  return phase !== 'idle' && phase !== 'halted' && phase !== 'stopped';
}

/** What the UI is told on entering a phase: the one place status, reason and retryAt are written. */
export interface Shown {
  status: FhircastStatus;
  reason?: string | undefined;
  retryAt?: number | undefined;
}
