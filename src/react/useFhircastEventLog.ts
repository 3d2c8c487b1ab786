import type { EventLogEntry } from '../core/store.ts';
import { useProvidedClient } from './useProvidedClient.ts';
import { useStoreSlice } from './useStoreSlice.ts';

/**
 * The client's bounded event log, oldest first: direction, event name, time, ack status and raw message.
 *
 * @example
 * const log = useFhircastEventLog();
 * return <ol>{log.map((entry) => <li key={entry.seq}>{entry.direction} {entry.name}</li>)}</ol>;
 */
export function useFhircastEventLog(): readonly EventLogEntry[] {
  const client = useProvidedClient('useFhircastEventLog');
  return useStoreSlice(client.store, (state) => state.log);
}
