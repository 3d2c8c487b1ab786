/**
 * The parts a client is wired from (resolved options, the store and its writer, the hub requests), built
 * one by one so that a unit test can put one more part on top of them: a connection, a lease.
 */
import { type FhircastClientOptions, resolveClientOptions } from '../../src/core/options.ts';
import { Redactor } from '../../src/core/redact.ts';
import { HubRequests } from '../../src/core/requests.ts';
import { createFhircastStore, type FhircastState, type FhircastStore } from '../../src/core/store.ts';
import { StoreWriter } from '../../src/core/writer.ts';
import type { HubAccess } from './clients.ts';
import { ON_FAKE_TIME } from './clock.ts';

/** The topic every part is built for. */
export const PARTS_TOPIC = 'topic-parts-0001';

/**
 * Options resolved for a client of `hub` on fake time (jitter at the middle of its range), following
 * Patient-open; `options` win. The requests time out after 30 s, as the client's do.
 */
export function clientParts(hub: HubAccess, options: Partial<FhircastClientOptions> = {}) {
  const resolved = resolveClientOptions({
    hubUrl: hub.url,
    topic: PARTS_TOPIC,
    events: ['Patient-open'],
    fetch: hub.fetch,
    WebSocket: hub.WebSocket,
    ...ON_FAKE_TIME,
    ...options,
  });
  const store = createFhircastStore(resolved.topic);
  const redactor = new Redactor(() => [resolved.topic]);
  const writer = new StoreWriter(store, redactor, () => resolved.timers.now(), resolved.logLimit);
  const requests = new HubRequests(resolved, {
    fetch: resolved.fetch,
    redactor,
    timers: resolved.timers,
    timeoutMs: 30_000,
  });
  return { options: resolved, store, writer, requests };
}

/** What the UI is shown of the connection: status, reason and retryAt. */
export type Shown = Pick<FhircastState, 'status' | 'reason' | 'retryAt'>;

/** Records what the store shows of the connection, each time one of status, reason or retryAt changes. */
export function recordShown(store: FhircastStore): Shown[] {
  const shown = ({ status, reason, retryAt }: FhircastState): Shown => ({ status, reason, retryAt });
  const seen = [shown(store.getState())];
  store.subscribe((state) => {
    const last = seen.at(-1) as Shown;
    const next = shown(state);
    if (next.status !== last.status || next.reason !== last.reason || next.retryAt !== last.retryAt) {
      seen.push(next);
    }
  });
  return seen;
}
