import type { DiagnosticReport, ImagingStudy, Patient, Resource } from '@medplum/fhirtypes';
import type { FhircastStoryParticipant } from '../../src/storybook/parameters.ts';

/** Opens a report as the viewer, then shares `content` and selects `selected` in it. */
export async function seedReport(
  participant: FhircastStoryParticipant,
  report: { report: DiagnosticReport; patient: Patient; studies: ImagingStudy[] },
  content: Resource[] = [],
  selected: string[] = [],
): Promise<void> {
  // Resolves once the open's echo reached the participant, so that the updates below name its version.
  await participant.openReport(report.report, { patient: report.patient, studies: report.studies });
  for (const resource of content) await participant.updateReport([{ put: resource }]);
  if (selected.length > 0) await participant.selectInReport(selected);
}
