import { useEffect } from 'react';
import type { EventListener } from '../core/client.ts';
import { useLatest } from './useLatest.ts';
import { useProvidedClient } from './useProvidedClient.ts';

/**
 * Calls `handler` for every inbound event named `names` (case-insensitive; `*` for all). The latest
 * handler is always used and the listener is registered once per name list, not on every render.
 * Return a status of 300 or more (409 is usual) to refuse the event: the ack carries it and the
 * context does not change.
 *
 * @example
 * useFhircastEvent('Patient-open', (event) => {
 *   if (hasUnsavedWork()) return 409;
 * });
 */
export function useFhircastEvent(names: string | readonly string[], handler: EventListener): void {
  const client = useProvidedClient('useFhircastEvent');
  const latest = useLatest(handler);
  const key = typeof names === 'string' ? names : names.join(',');
  useEffect(() => client.on(key.split(','), (event) => latest.current(event)), [client, key, latest]);
}
