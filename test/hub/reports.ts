import type {
  ContextItem,
  CurrentContext,
  FhircastNotification,
  FhirResource,
} from '../../src/protocol/types.ts';
import { exampleFor } from './helpers.ts';

/** Builders for report sessions: the spec example's report (A), a second one (B), updates and their content. */

export const REPORT_A = 'DiagnosticReport/2402d3bd-e988-414b-b7f2-4322e86c9327';
export const REPORT_B = 'DiagnosticReport/report-b';
export const PATIENT = 'Patient/503824b8-fe8c-4227-b061-7181ba6c3926';

export const obs = (id: string, value = 'v1'): FhirResource => ({
  resourceType: 'Observation',
  id,
  valueString: value,
});
export const put = (resource: unknown) => ({ request: { method: 'PUT' }, resource });
export const del = (fullUrl: string) => ({ fullUrl, request: { method: 'DELETE' } });

/** A DiagnosticReport-open of the spec example (report A), or of report B: same patient, no study. */
export function reportOpen(topic: string, report = REPORT_A): FhircastNotification {
  const note = exampleFor('diagnosticreport-open', topic);
  if (report === REPORT_A) return note;
  const reportB = {
    resourceType: 'DiagnosticReport',
    id: 'report-b',
    status: 'preliminary',
    subject: { reference: PATIENT },
  };
  const context = note.event.context
    .filter((item) => item.key !== 'study')
    .map((item) => (item.key === 'report' ? { key: 'report', resource: reportB } : item));
  return { ...note, event: { ...note.event, context } };
}

/** A DiagnosticReport-update of `report` applying `entries` on top of `versionId` (omitted when undefined). */
export function reportUpdate(
  topic: string,
  versionId: string | undefined,
  entries: unknown[],
  report = REPORT_A,
) {
  const context: ContextItem[] = [
    { key: 'report', reference: { reference: report } },
    { key: 'patient', reference: { reference: PATIENT } },
    { key: 'updates', resource: { resourceType: 'Bundle', type: 'transaction', entry: entries } },
  ];
  const event: FhircastNotification['event'] = {
    'hub.topic': topic,
    'hub.event': 'DiagnosticReport-update',
    context,
  };
  if (versionId !== undefined) event['context.versionId'] = versionId;
  return { timestamp: '2024-01-01T00:00:00Z', id: crypto.randomUUID(), event } satisfies FhircastNotification;
}

/** The resources inside the `content` Bundle of a current context. */
export function contentOf(current: CurrentContext): FhirResource[] {
  const bundle = current.context.find((item) => item.key === 'content')?.resource as
    | { entry?: { resource: FhirResource }[] }
    | undefined;
  return (bundle?.entry ?? []).map((entry) => entry.resource);
}

export const keys = (resources: FhirResource[]) => resources.map((r) => `${r.resourceType}/${r.id}`).sort();
