import type { EventLogEntry } from '../core/store.ts';
import { useFhircastClient } from './useFhircastClient.ts';
import { useStoreSelector } from './useStoreSelector.ts';

/**
 * The client's bounded event log, oldest first: direction, event name, time, ack status and raw message.
 *
 * @example
 * const log = useFhircastEventLog();
 * return <ol>{log.map((entry) => <li key={entry.seq}>{entry.direction} {entry.name}</li>)}</ol>;
 */
export function useFhircastEventLog(): readonly EventLogEntry[] {
  const client = useFhircastClient('useFhircastEventLog');
  return useStoreSelector(client.store, (state) => state.log);
}
