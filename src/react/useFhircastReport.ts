import type { DiagnosticReport } from '@medplum/fhirtypes';
import { sameResource, selectResource } from './selectResource.ts';
import { useFhircastClient } from './useFhircastClient.ts';
import { useStoreSelector } from './useStoreSelector.ts';

/**
 * The diagnostic report in context (the current context's `report`, or the open DiagnosticReport context). Re-renders only when that resource changes.
 *
 * @example
 * const report = useFhircastReport(); return <p>Report status: {report?.status}</p>;
 */
export function useFhircastReport(): DiagnosticReport | undefined {
  const client = useFhircastClient('useFhircastReport');
  return useStoreSelector(
    client.store,
    (state) => selectResource(state, 'report', 'DiagnosticReport'),
    sameResource,
  ) as DiagnosticReport | undefined;
}
