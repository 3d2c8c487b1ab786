import type { DiagnosticReport, Encounter, ImagingStudy } from '@medplum/fhirtypes';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor } from 'storybook/test';
import { ContextPublisher } from '../../src/components/ContextPublisher/index.ts';
import type { FhircastStoryParameters } from '../../src/storybook/parameters.ts';
import { patients, sampleCatalogue } from '../../src/storybook/samples.ts';
import { seedReport } from '../support/seeds.ts';

/** Long enough for a publish to reach the hub and come back to the app. */
const roundTrip = { timeout: 3000 };

const riveraReport = 'CT chest, abdomen and pelvis report — Ana Lucía Rivera';
const rivera = sampleCatalogue.reports[0] as (typeof sampleCatalogue.reports)[number];

const meta = {
  title: 'Components/ContextPublisher',
  component: ContextPublisher,
  args: { samples: sampleCatalogue },
} satisfies Meta<typeof ContextPublisher>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Connected with no context: anything can be opened; the report actions wait for a report. */
export const Empty: Story = {
  play: async ({ canvas }) => {
    await expect(await canvas.findByLabelText('Context to open')).toHaveDisplayValue(
      'Ana Lucía Rivera (MRN MRN-004512)',
    );
    await expect(canvas.getByRole('button', { name: 'Open' })).toBeEnabled();
    await expect(canvas.getByRole('button', { name: 'Add measurement' })).toBeDisabled();
    await expect(canvas.getByRole('button', { name: 'Select measurement' })).toBeDisabled();
    await expect(canvas.getByRole('status')).toBeEmptyDOMElement();
  },
};

/** Another participant has a report open: measurements can be shared into it. */
export const ReportOpen: Story = {
  parameters: {
    fhircast: { seed: (participant) => seedReport(participant, rivera) } satisfies FhircastStoryParameters,
  },
  play: async ({ canvas }) => {
    const add = await canvas.findByRole('button', { name: 'Add measurement' });
    await waitFor(() => expect(add).toBeEnabled(), roundTrip);
    await expect(canvas.getByRole('button', { name: 'Clear selection' })).toBeEnabled();
    await expect(canvas.getByRole('button', { name: 'Select measurement' })).toBeDisabled();
  },
};

/** The radiology workflow: open a report, share a measurement, select it; the status line follows. */
export const ReportWorkflow: Story = {
  play: async ({ canvas }) => {
    await userEvent.selectOptions(await canvas.findByLabelText('Context to open'), riveraReport);
    await userEvent.click(canvas.getByRole('button', { name: 'Open' }));
    const status = canvas.getByRole('status');
    await waitFor(() => expect(status).toHaveTextContent('Published DiagnosticReport-open'), roundTrip);

    const add = canvas.getByRole('button', { name: 'Add measurement' });
    await waitFor(() => expect(add).toBeEnabled(), roundTrip);
    await userEvent.click(add);
    await waitFor(() => expect(status).toHaveTextContent('Published DiagnosticReport-update'), roundTrip);

    const select = canvas.getByRole('button', { name: 'Select measurement' });
    await waitFor(() => expect(select).toBeEnabled(), roundTrip);
    await userEvent.click(select);
    await waitFor(() => expect(status).toHaveTextContent('Published DiagnosticReport-select'), roundTrip);
    await expect(status).not.toHaveAttribute('data-failed');
  },
};

/** Close current with nothing open: the error is announced in the status line. */
export const NothingToClose: Story = {
  play: async ({ canvas }) => {
    await userEvent.click(await canvas.findByRole('button', { name: 'Close current' }));
    const status = canvas.getByRole('status');
    await waitFor(() =>
      expect(status).toHaveTextContent('react-fhircast: there is no current context to close'),
    );
    await expect(status).toHaveAttribute('data-failed');
  },
};

/** The longest sample name in the select, opened. */
export const LongNames: Story = {
  play: async ({ canvas }) => {
    const name = 'Dr. Maximiliana Theodora Wilhelmina Vandenberghe-Oyelaran-Kowalczyk (ID MRN-000001)';
    const select = await canvas.findByLabelText('Context to open');
    await userEvent.selectOptions(select, name);
    await expect(select).toHaveDisplayValue(name);
    await userEvent.click(canvas.getByRole('button', { name: 'Open' }));
    await expect(await canvas.findByText('Published Patient-open', {}, roundTrip)).toBeVisible();
  },
};

const sparsePatient = patients.sparse;
// Encounter.class is required in R4; hubs relay encounters without it all the same.
const sparseVisit = { resourceType: 'Encounter', id: 'enc-sparse', status: 'planned' } as Encounter;
const sparseStudy = { resourceType: 'ImagingStudy', id: 'study-sparse', status: 'available' } as ImagingStudy;
const sparseReport = {
  resourceType: 'DiagnosticReport',
  id: 'report-sparse',
  status: 'registered',
  code: {},
} satisfies DiagnosticReport;

/** Samples with no names, types or descriptions get generic labels; with no measurements, none to add. */
export const MissingFields: Story = {
  args: {
    samples: {
      patients: [sparsePatient],
      encounters: [{ encounter: sparseVisit, patient: sparsePatient }],
      studies: [{ study: sparseStudy, patient: sparsePatient }],
      reports: [{ report: sparseReport, patient: sparsePatient, studies: [] }],
      measurements: [],
    },
  },
  play: async ({ canvas }) => {
    const select = await canvas.findByLabelText('Context to open');
    await expect(select).toHaveDisplayValue('Unnamed patient');
    await expect(
      canvas.getByRole('option', { name: 'Encounter enc-sparse — Unnamed patient' }),
    ).toBeEnabled();
    await expect(canvas.getByRole('option', { name: 'Imaging study — Unnamed patient' })).toBeEnabled();
    await userEvent.selectOptions(select, 'Report — Unnamed patient');
    await userEvent.click(canvas.getByRole('button', { name: 'Open' }));
    await expect(await canvas.findByText('Published DiagnosticReport-open', {}, roundTrip)).toBeVisible();
    await expect(canvas.getByRole('button', { name: 'Add measurement' })).toBeDisabled();
  },
};

/** A sample whose name and identifier are markup: listed and published as text. */
export const HostileStrings: Story = {
  args: { samples: { ...sampleCatalogue, patients: [patients.hostile] } },
  play: async ({ canvas, canvasElement }) => {
    const label = '<script>alert(2)</script> <img src=x onerror=alert(1)> (MRN "><svg onload=alert(3)>)';
    await expect(await canvas.findByLabelText('Context to open')).toHaveDisplayValue(label);
    await userEvent.click(canvas.getByRole('button', { name: 'Open' }));
    await expect(await canvas.findByText('Published Patient-open', {}, roundTrip)).toBeVisible();
    await expect(canvasElement.querySelector('img, script, svg')).toBeNull();
  },
};

/** The hub never answers: the panel waits with nothing open. */
export const Connecting: Story = {
  parameters: { fhircast: { scenario: 'connecting' } satisfies FhircastStoryParameters },
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('button', { name: 'Open' })).toBeEnabled();
    await expect(canvas.getByRole('button', { name: 'Add measurement' })).toBeDisabled();
    await expect(canvas.getByRole('status')).toBeEmptyDOMElement();
  },
};

/** The hub is unreachable: nothing open. */
export const Reconnecting: Story = {
  parameters: { fhircast: { scenario: 'reconnecting' } satisfies FhircastStoryParameters },
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('button', { name: 'Open' })).toBeEnabled();
    await expect(canvas.getByRole('button', { name: 'Add measurement' })).toBeDisabled();
    await expect(canvas.getByRole('status')).toBeEmptyDOMElement();
  },
};

/** The hub wants a token: publishing fails with its reason, shown in the status line. */
export const Unauthorized: Story = {
  parameters: { fhircast: { scenario: 'unauthorized' } satisfies FhircastStoryParameters },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('button', { name: 'Add measurement' })).toBeDisabled();
    await userEvent.click(await canvas.findByRole('button', { name: 'Open' }));
    const status = canvas.getByRole('status');
    await waitFor(() => expect(status).toHaveAttribute('data-failed'), roundTrip);
    await expect(status).toHaveTextContent(
      'publish Patient-open rejected: HTTP 401: A valid bearer token is required (Authorization: Bearer <token>)',
    );
  },
};

/** The hub denies the subscription: nothing open. */
export const Denied: Story = {
  parameters: { fhircast: { scenario: 'denied' } satisfies FhircastStoryParameters },
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('button', { name: 'Open' })).toBeEnabled();
    await expect(canvas.getByRole('button', { name: 'Add measurement' })).toBeDisabled();
    await expect(canvas.getByRole('status')).toBeEmptyDOMElement();
  },
};

/** A report open and a measurement just shared, in the dark theme. */
export const Dark: Story = {
  globals: { theme: 'dark' },
  parameters: {
    fhircast: { seed: (participant) => seedReport(participant, rivera) } satisfies FhircastStoryParameters,
  },
  play: async ({ canvas, canvasElement }) => {
    const add = await canvas.findByRole('button', { name: 'Add measurement' });
    await waitFor(() => expect(add).toBeEnabled(), roundTrip);
    await userEvent.click(add);
    await expect(await canvas.findByText('Published DiagnosticReport-update', {}, roundTrip)).toBeVisible();
    await expect(canvasElement.querySelector('[data-rfc-theme="dark"]')).not.toBeNull();
  },
};
