import type { Reference } from '@medplum/fhirtypes';
import { useProvidedClient } from './useProvidedClient.ts';
import { useStoreSlice } from './useStoreSlice.ts';

/**
 * The current selection (references), replaced wholesale by each select event; empty when none.
 *
 * @example
 * const selected = new Set(useFhircastSelection().map((reference) => reference.reference));
 */
export function useFhircastSelection(): readonly Reference[] {
  const client = useProvidedClient('useFhircastSelection');
  return useStoreSlice(client.store, (state) => state.selection) as readonly Reference[];
}
