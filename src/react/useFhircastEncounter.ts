import type { Encounter } from '@medplum/fhirtypes';
import { sameResource, selectResource } from './selectResource.ts';
import { useFhircastClient } from './useFhircastClient.ts';
import { useStoreSelector } from './useStoreSelector.ts';

/**
 * The encounter in context (the current context's `encounter`, or the open Encounter context). Re-renders only when that resource changes.
 *
 * @example
 * const encounter = useFhircastEncounter();
 */
export function useFhircastEncounter(): Encounter | undefined {
  const client = useFhircastClient('useFhircastEncounter');
  return useStoreSelector(
    client.store,
    (state) => selectResource(state, 'encounter', 'Encounter'),
    sameResource,
  ) as Encounter | undefined;
}
