import type { Encounter } from '@medplum/fhirtypes';
import { useAnchorResource } from './useAnchorResource.ts';

/**
 * The encounter in context (the current context's `encounter`, or the open Encounter context). Re-renders only when that resource changes.
 *
 * @example
 * const encounter = useFhircastEncounter();
 */
export function useFhircastEncounter(): Encounter | undefined {
  return useAnchorResource('useFhircastEncounter', 'encounter', 'Encounter') as Encounter | undefined;
}
