import type { FhircastNotification } from '../protocol/types.ts';
import type { SyncErrorInfo } from './store.ts';
import { type ClientTimers, Timer } from './timers.ts';

/**
 * How long after a publish a sync error naming it still counts as a refusal of it, in ms. Hubs raise a sync
 * error for an ack that does not come within about 10 s, so a little more than that.
 */
export const REFUSAL_WINDOW_MS = 15_000;

interface Watch {
  notification: FhircastNotification;
  until: number;
  settle: (refusal: SyncErrorInfo | undefined) => void;
  /** Called with the refusal when the publisher asked for a refused event to be sent again. */
  onRefused: ((refusal: SyncErrorInfo) => void) | undefined;
}

/**
 * Watches this client's recent publishes for sync errors that name them: another subscriber refused the
 * event, or never acknowledged it. A publish resolves on its echo, before other subscribers have answered,
 * so their refusals come later; each watch settles with the first refusal, or with nothing once
 * REFUSAL_WINDOW_MS has passed. One timer serves every watch (they end in the order they began).
 */
export class RefusalWatch {
  readonly #timers: ClientTimers;
  readonly #timer: Timer;
  readonly #watches = new Map<string, Watch>();

  constructor(timers: ClientTimers) {
    this.#timers = timers;
    this.#timer = new Timer(timers);
  }

  /** Watches `notification`; the promise settles with the first refusal of it, or undefined. */
  watch(
    notification: FhircastNotification,
    onRefused?: (refusal: SyncErrorInfo) => void,
  ): Promise<SyncErrorInfo | undefined> {
    return new Promise((settle) => {
      const until = this.#timers.now() + REFUSAL_WINDOW_MS;
      this.#watches.set(notification.id, { notification, until, settle, onRefused });
      if (this.#watches.size === 1) this.#schedule();
    });
  }

  /** A sync error arrived; answers whether it names one of the watched publishes. */
  refused(refusal: SyncErrorInfo): boolean {
    const watch = refusal.eventId === undefined ? undefined : this.#watches.get(refusal.eventId);
    if (!watch) return false;
    this.#watches.delete(refusal.eventId as string);
    const own: SyncErrorInfo = { ...refusal, own: true };
    watch.settle(own);
    watch.onRefused?.(own);
    return true;
  }

  /** Stops watching `id` (its publish failed): it settles with no refusal. */
  forget(id: string): void {
    this.#watches.get(id)?.settle(undefined);
    this.#watches.delete(id);
  }

  /** Stops watching: every watch settles with no refusal. */
  clear(): void {
    this.#timer.clear();
    for (const watch of this.#watches.values()) watch.settle(undefined);
    this.#watches.clear();
  }

  #schedule(): void {
    const first = this.#watches.values().next().value;
    if (!first) return;
    this.#timer.start(Math.max(0, first.until - this.#timers.now()), () => {
      const now = this.#timers.now();
      for (const [id, watch] of this.#watches) {
        if (watch.until > now) break;
        this.#watches.delete(id);
        watch.settle(undefined);
      }
      this.#schedule();
    });
  }
}
