import type { ImagingStudy } from '@medplum/fhirtypes';
import { sameResource, selectResource } from './selectResource.ts';
import { useFhircastClient } from './useFhircastClient.ts';
import { useStoreSelector } from './useStoreSelector.ts';

/**
 * The imaging study in context (the current context's first `study`, or the open ImagingStudy context). Re-renders only when that resource changes.
 *
 * @example
 * const study = useFhircastStudy(); const accession = study?.identifier?.find((id) => id.type?.coding?.[0]?.code === 'ACSN');
 */
export function useFhircastStudy(): ImagingStudy | undefined {
  const client = useFhircastClient('useFhircastStudy');
  return useStoreSelector(
    client.store,
    (state) => selectResource(state, 'study', 'ImagingStudy'),
    sameResource,
  ) as ImagingStudy | undefined;
}
