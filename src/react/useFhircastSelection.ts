import type { Reference } from '@medplum/fhirtypes';
import { useFhircastClient } from './useFhircastClient.ts';
import { useStoreSelector } from './useStoreSelector.ts';

/**
 * The current selection (references), replaced wholesale by each select event; empty when none.
 *
 * @example
 * const selected = new Set(useFhircastSelection().map((reference) => reference.reference));
 */
export function useFhircastSelection(): readonly Reference[] {
  const client = useFhircastClient('useFhircastSelection');
  return useStoreSelector(client.store, (state) => state.selection) as readonly Reference[];
}
