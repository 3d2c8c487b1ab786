import type { ImagingStudy } from '@medplum/fhirtypes';
import { useAnchorResource } from './useAnchorResource.ts';

/**
 * The imaging study in context (the current context's first `study`, or the open ImagingStudy context). Re-renders only when that resource changes.
 *
 * @example
 * const study = useFhircastStudy(); const accession = study?.identifier?.find((id) => id.type?.coding?.[0]?.code === 'ACSN');
 */
export function useFhircastStudy(): ImagingStudy | undefined {
  return useAnchorResource('useFhircastStudy', 'study', 'ImagingStudy') as ImagingStudy | undefined;
}
