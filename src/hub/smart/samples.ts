import type { FhirResource } from '../../protocol/types.ts';

const MRN = {
  coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }],
  text: 'MRN',
};

const patient = (
  id: string,
  family: string,
  given: string[],
  mrn: string,
  gender: string,
  birthDate: string,
) => ({
  resourceType: 'Patient',
  id,
  identifier: [{ type: MRN, system: 'urn:oid:2.16.840.1.113883.19.5.99', value: mrn }],
  name: [{ use: 'official', family, given }],
  gender,
  birthDate,
});

/** The patients the EHR launch page offers. Every person and identifier here is invented. */
export const SAMPLE_PATIENTS: readonly FhirResource[] = [
  patient('pat-rivera', 'Rivera', ['Ana', 'Lucía'], 'MRN-004512', 'female', '1961-03-14'),
  patient('pat-okafor', 'Okafor', ['Chinedu'], 'MRN-007731', 'male', '1988-11-02'),
  patient('pat-lindqvist', 'Lindqvist', ['Maja'], 'MRN-002290', 'female', '1975-07-21'),
];
