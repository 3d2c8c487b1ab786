/**
 * The kit's synthetic clinical data: what the Storybook addon's panel opens unless a story gives its own
 * (`parameters.fhircast.samples`), and the ContextPublisher's demo catalogue. Every person, identifier and
 * UID here is invented; DICOM UIDs use the 2.25 (UUID-derived) root.
 */
import type { DiagnosticReport, Encounter, ImagingStudy, Observation, Patient } from '@medplum/fhirtypes';
import type { ContextPublisherSamples } from '../components/ContextPublisher/sampleOptions.ts';

const MR = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }], text: 'MRN' };
const ACSN = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'ACSN' }] };

export const patients = {
  rivera: {
    resourceType: 'Patient',
    id: 'pat-rivera',
    identifier: [
      { system: 'urn:oid:2.16.840.1.113883.19.5', value: 'SSN-REDACTED' },
      { type: MR, system: 'urn:oid:2.16.840.1.113883.19.5.99', value: 'MRN-004512' },
    ],
    name: [{ use: 'official', family: 'Rivera', given: ['Ana', 'Lucía'] }],
    gender: 'female',
    birthDate: '1961-03-14',
  },
  okafor: {
    resourceType: 'Patient',
    id: 'pat-okafor',
    identifier: [{ type: MR, system: 'urn:oid:2.16.840.1.113883.19.5.99', value: 'MRN-007731' }],
    name: [{ use: 'official', family: 'Okafor', given: ['Chinedu'] }],
    gender: 'male',
    birthDate: '1988-11-02',
  },
  longName: {
    resourceType: 'Patient',
    id: 'pat-long',
    identifier: [{ system: 'urn:example:mrn', value: 'MRN-000001' }],
    name: [
      {
        use: 'official',
        family: 'Vandenberghe-Oyelaran-Kowalczyk',
        given: ['Maximiliana', 'Theodora', 'Wilhelmina'],
        prefix: ['Dr.'],
      },
    ],
    gender: 'other',
    birthDate: '2001-07-30',
  },
  sparse: { resourceType: 'Patient', id: 'pat-sparse' },
  hostile: {
    resourceType: 'Patient',
    id: 'pat-hostile',
    name: [{ family: '<img src=x onerror=alert(1)>', given: ['<script>alert(2)</script>'] }],
    identifier: [{ type: MR, value: '"><svg onload=alert(3)>' }],
    gender: 'unknown',
  },
} satisfies Record<string, Patient>;

export const encounters = {
  riveraClinic: {
    resourceType: 'Encounter',
    id: 'enc-rivera-1',
    status: 'in-progress',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB', display: 'ambulatory' },
    type: [{ text: 'Oncology follow-up' }],
    subject: { reference: 'Patient/pat-rivera' },
    period: { start: '2026-11-26T08:30:00Z' },
    identifier: [{ system: 'urn:example:visit', value: 'V-88213' }],
  },
  okaforEmergency: {
    resourceType: 'Encounter',
    id: 'enc-okafor-1',
    status: 'in-progress',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'EMER', display: 'emergency' },
    type: [{ text: 'Chest pain' }],
    subject: { reference: 'Patient/pat-okafor' },
    period: { start: '2026-11-26T06:05:00Z' },
  },
} satisfies Record<string, Encounter>;

export const studies = {
  riveraCt: {
    resourceType: 'ImagingStudy',
    id: 'study-rivera-ct',
    status: 'available',
    identifier: [
      { system: 'urn:dicom:uid', value: 'urn:oid:2.25.163248733617946912408112215513096713810' },
      { type: ACSN, system: 'urn:oid:2.16.840.1.113883.19.5.1', value: 'ACC-2026-0412' },
    ],
    subject: { reference: 'Patient/pat-rivera' },
    started: '2026-11-26T09:12:00Z',
    modality: [{ system: 'http://dicom.nema.org/resources/ontology/DCM', code: 'CT' }],
    description: 'CT chest, abdomen and pelvis with contrast',
    numberOfSeries: 4,
    numberOfInstances: 812,
  },
  okaforXray: {
    resourceType: 'ImagingStudy',
    id: 'study-okafor-cr',
    status: 'available',
    identifier: [
      { system: 'urn:dicom:uid', value: 'urn:oid:2.25.301764958222176021466290836547160115577' },
      { type: ACSN, system: 'urn:oid:2.16.840.1.113883.19.5.1', value: 'ACC-2026-0418' },
    ],
    subject: { reference: 'Patient/pat-okafor' },
    started: '2026-11-26T06:40:00Z',
    modality: [{ system: 'http://dicom.nema.org/resources/ontology/DCM', code: 'CR' }],
    description: 'Chest X-ray, 2 views',
  },
} satisfies Record<string, ImagingStudy>;

export const reports = {
  riveraCt: {
    resourceType: 'DiagnosticReport',
    id: 'report-rivera-ct',
    status: 'preliminary',
    identifier: [{ system: 'urn:example:reports', value: 'RPT-2026-0412' }],
    code: {
      coding: [{ system: 'http://loinc.org', code: '18748-4', display: 'Diagnostic imaging study' }],
      text: 'CT chest, abdomen and pelvis report',
    },
    subject: { reference: 'Patient/pat-rivera' },
    imagingStudy: [{ reference: 'ImagingStudy/study-rivera-ct' }],
  },
  okaforXray: {
    resourceType: 'DiagnosticReport',
    id: 'report-okafor-cr',
    status: 'registered',
    code: {
      coding: [{ system: 'http://loinc.org', code: '36643-5', display: 'XR Chest 2 Views' }],
      text: 'Chest X-ray report',
    },
    subject: { reference: 'Patient/pat-okafor' },
    imagingStudy: [{ reference: 'ImagingStudy/study-okafor-cr' }],
  },
} satisfies Record<string, DiagnosticReport>;

const measurement = (id: string, display: string, value: number, bodySite: string): Observation => ({
  resourceType: 'Observation',
  id,
  status: 'preliminary',
  category: [
    { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'imaging' }] },
  ],
  code: { coding: [{ system: 'http://www.radlex.org', code: 'RID39123', display }], text: display },
  subject: { reference: 'Patient/pat-rivera' },
  partOf: [{ reference: 'ImagingStudy/study-rivera-ct' }],
  valueQuantity: { value, unit: 'mm', system: 'http://unitsofmeasure.org', code: 'mm' },
  bodySite: { text: bodySite },
});

/** Measurements a viewer shares into the open report, one update each. */
export const measurements: Observation[] = [
  measurement('obs-lesion-1', 'Lesion long axis', 23.4, 'Right upper lobe'),
  measurement('obs-lesion-2', 'Lesion long axis', 11.8, 'Segment VII of the liver'),
  measurement('obs-node-1', 'Lymph node short axis', 9.2, 'Right paratracheal'),
];

/** An R5 ImagingSelection (Medplum's R4 types have none): the region a measurement was made on. */
export const imagingSelections = [
  {
    resourceType: 'ImagingSelection',
    id: 'sel-lesion-1',
    status: 'available',
    subject: { reference: 'Patient/pat-rivera' },
    code: { text: 'Lesion outline, series 3 image 112' },
    studyUid: '2.25.163248733617946912408112215513096713810',
    seriesUid: '2.25.163248733617946912408112215513096713811',
  },
];

/** The catalogue the panel and ContextPublisher offer: each entry knows what its open and close carry. */
export const sampleCatalogue: ContextPublisherSamples = {
  patients: [patients.rivera, patients.okafor, patients.longName],
  encounters: [
    { encounter: encounters.riveraClinic, patient: patients.rivera },
    { encounter: encounters.okaforEmergency, patient: patients.okafor },
  ],
  studies: [
    { study: studies.riveraCt, patient: patients.rivera },
    { study: studies.okaforXray, patient: patients.okafor },
  ],
  reports: [
    { report: reports.riveraCt, patient: patients.rivera, studies: [studies.riveraCt] },
    { report: reports.okaforXray, patient: patients.okafor, studies: [studies.okaforXray] },
  ],
  measurements,
};
