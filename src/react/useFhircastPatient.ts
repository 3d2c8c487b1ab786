import type { Patient } from '@medplum/fhirtypes';
import { useAnchorResource } from './useAnchorResource.ts';

/**
 * The patient in context: the current context's `patient`, or the open Patient context when none is current. Re-renders only when that resource changes.
 *
 * @example
 * const patient = useFhircastPatient(); return <h1>{patient?.name?.[0]?.family ?? 'No patient'}</h1>;
 */
export function useFhircastPatient(): Patient | undefined {
  return useAnchorResource('useFhircastPatient', 'patient', 'Patient') as Patient | undefined;
}
