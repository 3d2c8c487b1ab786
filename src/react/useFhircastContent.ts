import type { Resource } from '@medplum/fhirtypes';
import { useProvidedClient } from './useProvidedClient.ts';
import { useStoreSlice } from './useStoreSlice.ts';

/**
 * The content shared in the current context (FHIRcast content sharing), e.g. measurement Observations.
 * Re-renders only when an update changes it.
 *
 * @example
 * const observations = useFhircastContent().filter((resource) => resource.resourceType === 'Observation');
 */
export function useFhircastContent(): readonly Resource[] {
  const client = useProvidedClient('useFhircastContent');
  return useStoreSlice(client.store, (state) => state.content) as readonly Resource[];
}
