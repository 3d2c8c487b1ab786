import type { HumanName, ImagingStudy, Patient } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import {
  ageInYears,
  classNames,
  conceptText,
  formatCode,
  formatDate,
  formatDateTime,
  formatHumanName,
  formatPatientName,
  patientIdentifier,
  preferredName,
  stripOidPrefix,
  studyAccession,
  studyInstanceUid,
  studyModalities,
} from '../../src/components/format.ts';
import { patients, studies } from '../../src/storybook/samples.ts';

describe('formatting helpers', () => {
  it('prefers the official name, then the usual one, then the first', () => {
    const nickname: HumanName = { use: 'nickname', given: ['Annie'] };
    const usual: HumanName = { use: 'usual', given: ['Ana'], family: 'Rivera' };
    const official: HumanName = { use: 'official', given: ['Ana', 'Lucía'], family: 'Rivera' };
    expect(preferredName([nickname, usual, official])).toBe(official);
    expect(preferredName([nickname, usual])).toBe(usual);
    expect(preferredName([nickname])).toBe(nickname);
    expect(preferredName(undefined)).toBeUndefined();
  });

  it('writes a name from its text, else from prefix, given names and family', () => {
    expect(formatHumanName({ text: 'Dr Ana Rivera', family: 'Ignored' })).toBe('Dr Ana Rivera');
    expect(formatHumanName({ prefix: ['Dr.'], given: ['Ana', 'Lucía'], family: 'Rivera' })).toBe(
      'Dr. Ana Lucía Rivera',
    );
    expect(formatHumanName({ given: ['  '], family: '' })).toBeUndefined();
  });

  it('names a patient without a name "Unnamed patient", or the fallback given', () => {
    expect(formatPatientName(patients.rivera)).toBe('Ana Lucía Rivera');
    expect(formatPatientName(patients.sparse)).toBe('Unnamed patient');
    expect(formatPatientName(patients.sparse, 'Anonymous')).toBe('Anonymous');
  });

  it('survives names of the wrong shape from the hub', () => {
    const odd = { resourceType: 'Patient', name: 'Rivera' } as unknown as Patient;
    const oddParts = {
      resourceType: 'Patient',
      name: [{ given: 'Ana', family: { x: 1 } }],
    } as unknown as Patient;
    expect(formatPatientName(odd)).toBe('Unnamed patient');
    expect(formatPatientName(oddParts)).toBe('Unnamed patient');
  });

  it('picks the MR identifier as MRN, else the first labelled by its type text or ID', () => {
    expect(patientIdentifier(patients.rivera.identifier)).toEqual({ label: 'MRN', value: 'MRN-004512' });
    expect(patientIdentifier(patients.longName.identifier)).toEqual({ label: 'ID', value: 'MRN-000001' });
    expect(patientIdentifier([{ type: { text: 'Passport' }, value: 'X123' }])).toEqual({
      label: 'Passport',
      value: 'X123',
    });
    expect(patientIdentifier([{ type: { text: 'Empty' } }])).toBeUndefined();
    expect(patientIdentifier(undefined)).toBeUndefined();
  });

  it('counts age in whole years, turning a year older on the birthday', () => {
    expect(ageInYears('1961-03-14', new Date(2026, 2, 13))).toBe(64);
    expect(ageInYears('1961-03-14', new Date(2026, 2, 14))).toBe(65);
    expect(ageInYears('2026-11-26', new Date(2026, 10, 26))).toBe(0);
  });

  it('gives no age for partial, invalid or future birth dates', () => {
    const now = new Date(2026, 10, 26);
    expect(ageInYears('1961', now)).toBeUndefined();
    expect(ageInYears('1961-03', now)).toBeUndefined();
    expect(ageInYears('14/03/1961', now)).toBeUndefined();
    expect(ageInYears('2030-01-01', now)).toBeUndefined();
    expect(ageInYears(undefined, now)).toBeUndefined();
  });

  it('formats FHIR dates of every precision without shifting the day, and leaves invalid ones as they are', () => {
    expect(formatDate('1961-03-14', { locale: 'en-GB' })).toBe('14 Mar 1961');
    expect(formatDate('1961-03', { locale: 'en-GB' })).toBe('Mar 1961');
    expect(formatDate('1961', { locale: 'en-GB' })).toBe('1961');
    expect(formatDate('sometime in 1961', { locale: 'en-GB' })).toBe('sometime in 1961');
    expect(formatDate(undefined)).toBeUndefined();
  });

  it('formats date-times in the time zone given, and bare dates as dates', () => {
    const start = '2026-11-26T08:30:00Z';
    expect(formatDateTime(start, { locale: 'en-GB', timeZone: 'UTC' })).toBe('26 Nov 2026, 08:30');
    expect(formatDateTime(start, { locale: 'en-GB', timeZone: 'America/New_York' })).toBe(
      '26 Nov 2026, 03:30',
    );
    expect(formatDateTime('2026-11-26', { locale: 'en-GB' })).toBe('26 Nov 2026');
    expect(formatDateTime('not a date', { locale: 'en-GB' })).toBe('not a date');
  });

  it('turns codes into sentence case', () => {
    expect(formatCode('female')).toBe('Female');
    expect(formatCode('in-progress')).toBe('In progress');
    expect(formatCode('entered-in-error')).toBe('Entered in error');
    expect(formatCode('')).toBeUndefined();
  });

  it('reads a concept from its text, else its first coding display or code', () => {
    expect(conceptText({ text: 'Chest pain', coding: [{ code: 'X' }] })).toBe('Chest pain');
    expect(conceptText({ coding: [{ code: 'AMB', display: 'ambulatory' }] })).toBe('ambulatory');
    expect(conceptText({ coding: [{ code: 'AMB' }] })).toBe('AMB');
    expect(conceptText(undefined)).toBeUndefined();
  });

  it('finds the accession and the Study Instance UID without its urn:oid: prefix', () => {
    expect(studyAccession(studies.riveraCt)).toBe('ACC-2026-0412');
    expect(studyInstanceUid(studies.riveraCt)).toBe('2.25.163248733617946912408112215513096713810');
    expect(stripOidPrefix('2.25.1')).toBe('2.25.1');
    expect(
      studyAccession({ resourceType: 'ImagingStudy', status: 'available', subject: {} }),
    ).toBeUndefined();
  });

  it('lists modalities from the study, else from its series, each once', () => {
    const series: ImagingStudy = {
      resourceType: 'ImagingStudy',
      status: 'available',
      subject: {},
      series: [
        { uid: '1', modality: { code: 'PT' } },
        { uid: '2', modality: { code: 'CT' } },
        { uid: '3', modality: { code: 'PT' } },
      ],
    };
    expect(studyModalities(studies.riveraCt)).toBe('CT');
    expect(studyModalities(series)).toBe('PT, CT');
    expect(studyModalities({ ...series, series: [] })).toBeUndefined();
  });

  it('joins class names, dropping blanks', () => {
    expect(classNames('rfc-patient-banner', undefined, 'chart', false, '')).toBe('rfc-patient-banner chart');
  });
});
