import type { Resource } from '@medplum/fhirtypes';
import { useStoreWithEqualityFn } from 'zustand/traditional';
import { useProvidedClient } from './useProvidedClient.ts';

/**
 * The content shared in the current context (FHIRcast content sharing), e.g. measurement Observations.
 * Re-renders only when an update changes it.
 *
 * @example
 * const observations = useFhircastContent().filter((resource) => resource.resourceType === 'Observation');
 */
export function useFhircastContent(): readonly Resource[] {
  const client = useProvidedClient('useFhircastContent');
  return useStoreWithEqualityFn(client.store, (state) => state.content) as readonly Resource[];
}
