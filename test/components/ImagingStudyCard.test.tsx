import type { ImagingStudy } from '@medplum/fhirtypes';
import { cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ImagingStudyCard } from '../../src/components/ImagingStudyCard/index.ts';
import { patients, studies } from '../../src/storybook/samples.ts';
import { axeViolations, type Harness, renderWithHub } from '../support/render-with-hub.tsx';

describe('ImagingStudyCard', () => {
  let harness: Harness | undefined;
  afterEach(() => {
    harness?.unmount();
    harness = undefined;
    cleanup();
  });

  const definitionOf = (term: string) => screen.getByText(term).nextElementSibling?.textContent;

  it('says no imaging study is in context before any ImagingStudy-open, inside a section named Imaging study', async () => {
    harness = await renderWithHub(<ImagingStudyCard />);
    expect(screen.getByRole('region', { name: 'Imaging study' }).textContent).toBe(
      'No imaging study in context',
    );
  });

  it('shows the empty text it is given', async () => {
    harness = await renderWithHub(<ImagingStudyCard emptyText="Open a study in the viewer" />);
    screen.getByText('Open a study in the viewer');
  });

  it('shows the description, accession, UID without urn:oid:, modality, date and counts in a list', async () => {
    harness = await renderWithHub(<ImagingStudyCard locale="en-GB" timeZone="UTC" />);
    await harness.ehr.openImagingStudy(studies.riveraCt, { patient: patients.rivera });
    await screen.findByText('CT chest, abdomen and pelvis with contrast');
    expect(definitionOf('Accession')).toBe('ACC-2026-0412');
    expect(definitionOf('Study Instance UID')).toBe('2.25.163248733617946912408112215513096713810');
    expect(definitionOf('Modality')).toBe('CT');
    expect(definitionOf('Date')).toBe('26 Nov 2026, 09:12');
    expect(definitionOf('Series')).toBe('4');
    expect(definitionOf('Instances')).toBe('812');
    expect(harness.container.querySelectorAll('dl dt')).toHaveLength(6);
  });

  it('follows a change of study and leaves out the counts a study does not give', async () => {
    harness = await renderWithHub(<ImagingStudyCard locale="en-GB" timeZone="UTC" />);
    await harness.ehr.openImagingStudy(studies.riveraCt, { patient: patients.rivera });
    await waitFor(() => expect(definitionOf('Accession')).toBe('ACC-2026-0412'));
    await harness.ehr.openImagingStudy(studies.okaforXray, { patient: patients.okafor });
    await waitFor(() => expect(definitionOf('Accession')).toBe('ACC-2026-0418'));
    expect(definitionOf('Modality')).toBe('CR');
    screen.getByText('Chest X-ray, 2 views');
    expect(screen.queryByText('Series')).toBeNull();
    expect(screen.queryByText('Instances')).toBeNull();
  });

  it('takes the modalities from the series when the study lists none, each once', async () => {
    const fromSeries = {
      resourceType: 'ImagingStudy',
      id: 'study-petct',
      status: 'available',
      subject: { reference: 'Patient/pat-sparse' },
      series: [
        { uid: '2.25.1', modality: { code: 'PT' } },
        { uid: '2.25.2', modality: { code: 'CT' } },
        { uid: '2.25.3', modality: { code: 'PT' } },
      ],
    } satisfies ImagingStudy;
    harness = await renderWithHub(<ImagingStudyCard />);
    await harness.ehr.openImagingStudy(fromSeries, { patient: patients.sparse });
    await waitFor(() => expect(definitionOf('Modality')).toBe('PT, CT'));
  });

  it('renders a study with only resourceType, id and status under a generic title [FC-2.3-full-or-limited-resources]', async () => {
    const sparse = {
      resourceType: 'ImagingStudy',
      id: 'study-sparse',
      status: 'available',
      subject: { reference: 'Patient/pat-sparse' },
    } satisfies ImagingStudy;
    harness = await renderWithHub(<ImagingStudyCard />);
    await harness.ehr.openImagingStudy(sparse, { patient: patients.sparse });
    await screen.findByText('Imaging study');
    expect(harness.container.querySelector('dl')).toBeNull();
  });

  it('shows hostile strings as literal text and creates no element from them', async () => {
    const hostile = {
      resourceType: 'ImagingStudy',
      id: 'study-hostile',
      status: 'available',
      subject: { reference: 'Patient/pat-hostile' },
      description: '<img src=x onerror=alert(1)>',
      identifier: [
        { type: { coding: [{ code: 'ACSN' }] }, value: '"><svg onload=alert(3)>' },
        { system: 'urn:dicom:uid', value: 'urn:oid:<script>alert(2)</script>' },
      ],
    } satisfies ImagingStudy;
    harness = await renderWithHub(<ImagingStudyCard />);
    await harness.ehr.openImagingStudy(hostile, { patient: patients.hostile });
    await screen.findByText('<img src=x onerror=alert(1)>');
    expect(definitionOf('Accession')).toBe('"><svg onload=alert(3)>');
    expect(definitionOf('Study Instance UID')).toBe('<script>alert(2)</script>');
    expect(harness.container.querySelector('img, script, svg')).toBeNull();
  });

  it('puts its className on the root section beside its own class', async () => {
    harness = await renderWithHub(<ImagingStudyCard className="viewer-sidebar" />);
    expect(screen.getByRole('region', { name: 'Imaging study' }).className).toBe(
      'rfc-imaging-study-card viewer-sidebar',
    );
  });

  it('has no axe violations, empty and with a study, in the dark theme too', async () => {
    harness = await renderWithHub(<ImagingStudyCard />, { theme: 'dark' });
    expect(await axeViolations(harness.container)).toEqual([]);
    await harness.ehr.openImagingStudy(studies.riveraCt, { patient: patients.rivera });
    await screen.findByText('CT chest, abdomen and pelvis with contrast');
    expect(await axeViolations(harness.container)).toEqual([]);
  });
});
