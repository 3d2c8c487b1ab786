import type { SubscriberFilter, SubscriberInfo } from './transport.ts';

/**
 * Connections the hub is told to deny instead of confirming (a test and demo control, off unless armed):
 * each armed denial chooses subscribers and is used up after its count.
 */
export class ConnectionDenials {
  private readonly armed: { which: SubscriberFilter; reason: string; left: number }[] = [];

  /** Denies the next `count` connections of the subscribers `which` chooses, with `reason`. */
  arm(which: SubscriberFilter, reason: string, count: number): void {
    if (count > 0) this.armed.push({ which, reason, left: count });
  }

  /** The reason to deny this subscriber's connection, if an armed denial chooses it (one use of it). */
  take(subscriber: SubscriberInfo): string | undefined {
    const index = this.armed.findIndex((denial) => denial.which(subscriber));
    const denial = this.armed[index];
    if (!denial) return undefined;
    if (--denial.left === 0) this.armed.splice(index, 1);
    return denial.reason;
  }

  /** Disarms every denial. */
  clear(): void {
    this.armed.length = 0;
  }
}
