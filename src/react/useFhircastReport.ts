import type { DiagnosticReport } from '@medplum/fhirtypes';
import { useAnchorResource } from './useAnchorResource.ts';

/**
 * The diagnostic report in context (the current context's `report`, or the open DiagnosticReport context). Re-renders only when that resource changes.
 *
 * @example
 * const report = useFhircastReport(); return <p>Report status: {report?.status}</p>;
 */
export function useFhircastReport(): DiagnosticReport | undefined {
  return useAnchorResource('useFhircastReport', 'report', 'DiagnosticReport') as DiagnosticReport | undefined;
}
