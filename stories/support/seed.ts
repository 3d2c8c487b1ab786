import type { DiagnosticReport, ImagingStudy, Patient, Resource } from '@medplum/fhirtypes';
import { createFhircastClient, type FhircastClient } from '../../src/core/client.ts';
import { createPublishers, type FhircastPublishers } from '../../src/core/publishers.ts';
import type { HubAccess } from './hubAccess.ts';

/** Another participant on the story's topic (the EHR, PACS or viewer) with typed publishers. */
export type StoryParticipant = FhircastPublishers & { client: FhircastClient };

/** Publishes context as another participant before (or while) a story shows. */
export type StorySeed = (participant: StoryParticipant) => Promise<unknown>;

/** Creates a participant on the story's hub and topic; connect it only when it must follow context. */
export function createParticipant(access: HubAccess, name = 'Story EHR'): StoryParticipant {
  const client = createFhircastClient({
    hubUrl: access.url,
    topic: access.topic,
    events: ['DiagnosticReport-open', 'DiagnosticReport-update', 'DiagnosticReport-select'],
    fetch: access.fetch,
    WebSocket: access.WebSocket,
    subscriberName: name,
  });
  return { ...createPublishers(client), client };
}

/** Resolves once `client` holds a current context of `anchor` (after connecting it if needed). */
export function followContext(client: FhircastClient, anchor: string): Promise<void> {
  client.connect();
  return new Promise((resolve) => {
    const check = () => client.store.getState().current === anchor;
    if (check()) return resolve();
    const stop = client.store.subscribe(() => {
      if (!check()) return;
      stop();
      resolve();
    });
  });
}

/** Opens a report as the viewer, then shares `content` and selects `selected` in it. */
export async function seedReport(
  participant: StoryParticipant,
  report: { report: DiagnosticReport; patient: Patient; studies: ImagingStudy[] },
  content: Resource[] = [],
  selected: string[] = [],
): Promise<void> {
  await participant.openReport(report.report, { patient: report.patient, studies: report.studies });
  await followContext(participant.client, 'DiagnosticReport');
  for (const resource of content) await participant.updateReport([{ put: resource }]);
  if (selected.length > 0) await participant.selectInReport(selected);
}
