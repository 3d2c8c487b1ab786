import type { SyncErrorInfo } from '../core/store.ts';
import { useProvidedClient } from './useProvidedClient.ts';
import { useStoreSlice } from './useStoreSlice.ts';

/**
 * The latest sync errors the hub reported, newest last (at most 20). Those with `own: true` name an event
 * this app published in the 15 s before: another app refused it or never acknowledged it.
 *
 * @example
 * const refusals = useFhircastSyncErrors().filter((error) => error.own);
 */
export function useFhircastSyncErrors(): readonly SyncErrorInfo[] {
  const client = useProvidedClient('useFhircastSyncErrors');
  return useStoreSlice(client.store, (state) => state.syncErrors);
}
