/**
 * Shortest time between two lease renewals, whatever lease the hub grants: a hub confirming
 * `hub.lease_seconds: 0.001` drew 239 renewals in 1.5 s. A lease shorter than this may lapse before it is
 * renewed; the hub then ends the subscription and the client subscribes again.
 */
export const MIN_RENEWAL_INTERVAL_MS = 5000;

/** When to renew a lease of `leaseMs`: at 80 % of it, never sooner than MIN_RENEWAL_INTERVAL_MS. */
export function renewalDelay(leaseMs: number): number {
  return Math.max(leaseMs * 0.8, MIN_RENEWAL_INTERVAL_MS);
}
