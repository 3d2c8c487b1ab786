import type { DiagnosticReport, Encounter, ImagingStudy, Observation, Patient } from '@medplum/fhirtypes';
import type { FhircastPublishers, PublishResult } from '../../react/types.ts';
import {
  conceptText,
  formatPatientName,
  listOf,
  patientIdentifier,
  studyModalities,
  textOf,
} from '../format.ts';

/** What ContextPublisher can open, by kind, and the measurements it can share into an open report. */
export interface ContextPublisherSamples {
  patients: Patient[];
  encounters: { encounter: Encounter; patient: Patient }[];
  studies: { study: ImagingStudy; patient: Patient }[];
  reports: { report: DiagnosticReport; patient: Patient; studies: ImagingStudy[] }[];
  measurements: Observation[];
}

/** One entry of the "open" list: its value, what people read, and how to open it. */
export interface SampleOption {
  value: string;
  label: string;
  open: (publishers: FhircastPublishers) => Promise<PublishResult>;
}

/** A group of options of one kind, in the order the select lists them. */
export interface SampleGroup {
  label: string;
  options: SampleOption[];
}

function patientLabel(patient: Patient): string {
  const identifier = patientIdentifier(patient.identifier);
  const name = formatPatientName(patient);
  return identifier ? `${name} (${identifier.label} ${identifier.value})` : name;
}

const about = (what: string | undefined, fallback: string, patient: Patient) =>
  `${what ?? fallback} — ${formatPatientName(patient)}`;

/** The samples as option groups: Patients, Encounters, Imaging studies, Reports (empty groups left out). */
export function sampleGroups(samples: ContextPublisherSamples): SampleGroup[] {
  const groups: SampleGroup[] = [
    {
      label: 'Patients',
      options: samples.patients.map((patient, index) => ({
        value: `patient:${index}`,
        label: patientLabel(patient),
        open: (publish) => publish.openPatient(patient),
      })),
    },
    {
      label: 'Encounters',
      options: samples.encounters.map(({ encounter, patient }, index) => ({
        value: `encounter:${index}`,
        label: about(
          listOf(encounter.type).map(conceptText).find(Boolean) ?? textOf(encounter.class?.display),
          `Encounter ${encounter.id ?? ''}`.trim(),
          patient,
        ),
        open: (publish) => publish.openEncounter(encounter, patient),
      })),
    },
    {
      label: 'Imaging studies',
      options: samples.studies.map(({ study, patient }, index) => ({
        value: `study:${index}`,
        label: about(textOf(study.description) ?? studyModalities(study), 'Imaging study', patient),
        open: (publish) => publish.openImagingStudy(study, { patient }),
      })),
    },
    {
      label: 'Reports',
      options: samples.reports.map(({ report, patient, studies }, index) => ({
        value: `report:${index}`,
        label: about(conceptText(report.code), 'Report', patient),
        open: (publish) => publish.openReport(report, { patient, studies }),
      })),
    },
  ];
  return groups.filter((group) => group.options.length > 0);
}
