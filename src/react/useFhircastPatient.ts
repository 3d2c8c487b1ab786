import type { Patient } from '@medplum/fhirtypes';
import { sameResource, selectResource } from './selectResource.ts';
import { useFhircastClient } from './useFhircastClient.ts';
import { useStoreSelector } from './useStoreSelector.ts';

/**
 * The patient in context: the current context's `patient`, or the open Patient context when none is current. Re-renders only when that resource changes.
 *
 * @example
 * const patient = useFhircastPatient(); return <h1>{patient?.name?.[0]?.family ?? 'No patient'}</h1>;
 */
export function useFhircastPatient(): Patient | undefined {
  const client = useFhircastClient('useFhircastPatient');
  return useStoreSelector(
    client.store,
    (state) => selectResource(state, 'patient', 'Patient'),
    sameResource,
  ) as Patient | undefined;
}
