import type { ImagingStudy } from '@medplum/fhirtypes';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect } from 'storybook/test';
import { ImagingStudyCard } from '../../src/components/ImagingStudyCard/index.ts';
import type { FhircastStoryParameters } from '../../src/storybook/parameters.ts';
import { patients, studies } from '../../src/storybook/samples.ts';

const meta = {
  title: 'Components/ImagingStudyCard',
  component: ImagingStudyCard,
  // A fixed locale and time zone, so the study date reads the same on every machine.
  args: { locale: 'en-GB', timeZone: 'UTC' },
} satisfies Meta<typeof ImagingStudyCard>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Connected, before any ImagingStudy-open. */
export const Empty: Story = {
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('No imaging study in context')).toBeVisible();
  },
};

/** The app's own empty text and a class for its layout. */
export const CustomEmptyText: Story = {
  args: { emptyText: 'Open a study in the viewer', className: 'viewer__study' },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('Open a study in the viewer')).toBeVisible();
    await expect(canvas.getByRole('region', { name: 'Imaging study' })).toHaveClass(
      'rfc-imaging-study-card',
      'viewer__study',
    );
  },
};

/** PACS opens a CT: description, accession, UID without urn:oid:, modality, date and counts. */
export const WithStudy: Story = {
  parameters: {
    fhircast: {
      seed: (participant) => participant.openImagingStudy(studies.riveraCt, { patient: patients.rivera }),
    } satisfies FhircastStoryParameters,
  },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('CT chest, abdomen and pelvis with contrast')).toBeVisible();
    await expect(canvas.getByText('ACC-2026-0412')).toBeVisible();
    await expect(canvas.getByText('2.25.163248733617946912408112215513096713810')).toBeVisible();
    await expect(canvas.getByText('CT')).toBeVisible();
    await expect(canvas.getByText('26 Nov 2026, 09:12')).toHaveAttribute('datetime', '2026-11-26T09:12:00Z');
    await expect(canvas.getByText('4')).toBeVisible();
    await expect(canvas.getByText('812')).toBeVisible();
  },
};

const longStudy = {
  ...studies.riveraCt,
  id: 'study-long',
  description:
    'CT chest, abdomen and pelvis with and without intravenous contrast, arterial and portal venous phases, thin-slice lung reconstructions',
} satisfies ImagingStudy;

/** A long description and a 44-digit UID wrap instead of overflowing. */
export const LongNames: Story = {
  parameters: {
    fhircast: {
      seed: (participant) => participant.openImagingStudy(longStudy, { patient: patients.longName }),
    } satisfies FhircastStoryParameters,
  },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText(longStudy.description)).toBeVisible();
    await expect(canvas.getByText('2.25.163248733617946912408112215513096713810')).toBeVisible();
  },
};

const sparseStudy = {
  resourceType: 'ImagingStudy',
  id: 'study-sparse',
  status: 'available',
  subject: { reference: 'Patient/pat-sparse' },
} satisfies ImagingStudy;

/** A study with no description, identifiers or modality: a generic title and no list. */
export const MissingFields: Story = {
  parameters: {
    fhircast: {
      seed: (participant) => participant.openImagingStudy(sparseStudy, { patient: patients.sparse }),
    } satisfies FhircastStoryParameters,
  },
  play: async ({ canvas, canvasElement }) => {
    await expect(await canvas.findByText('Imaging study')).toBeVisible();
    await expect(canvasElement.querySelector('dl')).toBeNull();
  },
};

const hostileStudy = {
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

/** Markup in the description and identifiers is shown as text, never parsed. */
export const HostileStrings: Story = {
  parameters: {
    fhircast: {
      seed: (participant) => participant.openImagingStudy(hostileStudy, { patient: patients.hostile }),
    } satisfies FhircastStoryParameters,
  },
  play: async ({ canvas, canvasElement }) => {
    await expect(await canvas.findByText('<img src=x onerror=alert(1)>')).toBeVisible();
    await expect(canvas.getByText('"><svg onload=alert(3)>')).toBeVisible();
    await expect(canvas.getByText('<script>alert(2)</script>')).toBeVisible();
    await expect(canvasElement.querySelector('img, script, svg')).toBeNull();
  },
};

/** The hub never answers: no study yet. */
export const Connecting: Story = {
  parameters: { fhircast: { scenario: 'connecting' } satisfies FhircastStoryParameters },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('No imaging study in context')).toBeVisible();
  },
};

/** The hub is unreachable and the client waits to try again. */
export const Reconnecting: Story = {
  parameters: { fhircast: { scenario: 'reconnecting' } satisfies FhircastStoryParameters },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('No imaging study in context')).toBeVisible();
  },
};

/** The hub wants a bearer token the app does not have. */
export const Unauthorized: Story = {
  parameters: { fhircast: { scenario: 'unauthorized' } satisfies FhircastStoryParameters },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('No imaging study in context')).toBeVisible();
  },
};

/** The hub denies the subscription. */
export const Denied: Story = {
  parameters: { fhircast: { scenario: 'denied' } satisfies FhircastStoryParameters },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('No imaging study in context')).toBeVisible();
  },
};

/** The filled card in the dark theme. */
export const Dark: Story = {
  globals: { theme: 'dark' },
  parameters: {
    fhircast: {
      seed: (participant) => participant.openImagingStudy(studies.riveraCt, { patient: patients.rivera }),
    } satisfies FhircastStoryParameters,
  },
  play: async ({ canvas, canvasElement }) => {
    await expect(await canvas.findByText('CT chest, abdomen and pelvis with contrast')).toBeVisible();
    await expect(canvas.getByText('ACC-2026-0412')).toBeVisible();
    await expect(canvasElement.querySelector('[data-rfc-theme="dark"]')).not.toBeNull();
  },
};
