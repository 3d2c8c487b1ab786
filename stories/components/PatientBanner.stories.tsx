import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect } from 'storybook/test';
import { PatientBanner } from '../../src/components/PatientBanner/index.ts';
import type { FhircastStoryParameters } from '../../src/storybook/parameters.ts';
import { patients } from '../../src/storybook/samples.ts';

const meta = {
  title: 'Components/PatientBanner',
  component: PatientBanner,
  // A fixed "now" and locale, so the age and birth date read the same on every machine.
  args: { now: new Date('2026-11-26T12:00:00Z'), locale: 'en-GB' },
  // "now" as a date picker; the control hands over a timestamp, which the banner gets as a Date.
  argTypes: { now: { control: 'date' } },
  render: ({ now, ...args }) => (
    <PatientBanner {...args} now={now === undefined ? undefined : new Date(now)} />
  ),
} satisfies Meta<typeof PatientBanner>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Connected, before any Patient-open. */
export const Empty: Story = {
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('No patient in context')).toBeVisible();
  },
};

/** The app's own empty text and a class for its layout. */
export const CustomEmptyText: Story = {
  args: { emptyText: 'Select a patient in the EHR', className: 'app-header__patient' },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('Select a patient in the EHR')).toBeVisible();
    await expect(canvas.getByRole('region', { name: 'Patient' })).toHaveClass(
      'rfc-patient-banner',
      'app-header__patient',
    );
  },
};

/** The EHR opens a chart: name, MRN (not the SSN), birth date with age, gender. */
export const WithPatient: Story = {
  parameters: {
    fhircast: {
      seed: (participant) => participant.openPatient(patients.rivera),
    } satisfies FhircastStoryParameters,
  },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('Ana Lucía Rivera')).toBeVisible();
    await expect(canvas.getByText('MRN-004512')).toBeVisible();
    await expect(canvas.getByText('14 Mar 1961')).toHaveAttribute('datetime', '1961-03-14');
    await expect(canvas.getByText('(65 years)')).toBeVisible();
    await expect(canvas.getByText('Female')).toBeVisible();
    await expect(canvas.queryByText('SSN-REDACTED')).toBeNull();
  },
};

/** A prefix, three given names and a triple-barrelled family name wrap instead of overflowing. */
export const LongNames: Story = {
  parameters: {
    fhircast: {
      seed: (participant) => participant.openPatient(patients.longName),
    } satisfies FhircastStoryParameters,
  },
  play: async ({ canvas }) => {
    const name = 'Dr. Maximiliana Theodora Wilhelmina Vandenberghe-Oyelaran-Kowalczyk';
    await expect(await canvas.findByText(name)).toBeVisible();
    await expect(canvas.getByText('ID')).toBeVisible();
    await expect(canvas.getByText('MRN-000001')).toBeVisible();
    await expect(canvas.getByText('(25 years)')).toBeVisible();
  },
};

/** A Patient with only resourceType and id: a generic name and no details list. */
export const MissingFields: Story = {
  parameters: {
    fhircast: {
      seed: (participant) => participant.openPatient(patients.sparse),
    } satisfies FhircastStoryParameters,
  },
  play: async ({ canvas, canvasElement }) => {
    await expect(await canvas.findByText('Unnamed patient')).toBeVisible();
    await expect(canvasElement.querySelector('dl')).toBeNull();
  },
};

/** Markup in names and identifiers is shown as text, never parsed. */
export const HostileStrings: Story = {
  parameters: {
    fhircast: {
      seed: (participant) => participant.openPatient(patients.hostile),
    } satisfies FhircastStoryParameters,
  },
  play: async ({ canvas, canvasElement }) => {
    await expect(
      await canvas.findByText('<script>alert(2)</script> <img src=x onerror=alert(1)>'),
    ).toBeVisible();
    await expect(canvas.getByText('"><svg onload=alert(3)>')).toBeVisible();
    await expect(canvas.getByText('Unknown')).toBeVisible();
    await expect(canvasElement.querySelector('img, script, svg')).toBeNull();
  },
};

/** The hub never answers: no patient yet. */
export const Connecting: Story = {
  parameters: { fhircast: { scenario: 'connecting' } satisfies FhircastStoryParameters },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('No patient in context')).toBeVisible();
  },
};

/** The hub is unreachable and the client waits to try again. */
export const Reconnecting: Story = {
  parameters: { fhircast: { scenario: 'reconnecting' } satisfies FhircastStoryParameters },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('No patient in context')).toBeVisible();
  },
};

/** The hub wants a bearer token the app does not have. */
export const Unauthorized: Story = {
  parameters: { fhircast: { scenario: 'unauthorized' } satisfies FhircastStoryParameters },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('No patient in context')).toBeVisible();
  },
};

/** The hub denies the subscription. */
export const Denied: Story = {
  parameters: { fhircast: { scenario: 'denied' } satisfies FhircastStoryParameters },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('No patient in context')).toBeVisible();
  },
};

/** The filled banner in the dark theme. */
export const Dark: Story = {
  globals: { theme: 'dark' },
  parameters: {
    fhircast: {
      seed: (participant) => participant.openPatient(patients.rivera),
    } satisfies FhircastStoryParameters,
  },
  play: async ({ canvas, canvasElement }) => {
    await expect(await canvas.findByText('Ana Lucía Rivera')).toBeVisible();
    await expect(canvas.getByText('MRN-004512')).toBeVisible();
    await expect(canvasElement.querySelector('[data-rfc-theme="dark"]')).not.toBeNull();
  },
};
