import type { DiagnosticReport, Observation } from '@medplum/fhirtypes';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor } from 'storybook/test';
import { ReportPanel } from '../../src/components/ReportPanel/index.ts';
import type { FhircastStoryParameters, FhircastStorySeed } from '../../src/storybook/parameters.ts';
import { measurements, patients, sampleCatalogue } from '../../src/storybook/samples.ts';
import { seedReport } from '../support/seeds.ts';

/** Long enough for a publish to reach the hub and come back to the app. */
const roundTrip = { timeout: 3000 };

const rivera = sampleCatalogue.reports[0] as (typeof sampleCatalogue.reports)[number];
const lesion = 'Lesion long axis: 23.4 mm, Right upper lobe';
const liverLesion = 'Lesion long axis: 11.8 mm, Segment VII of the liver';
/** The viewer opens the Rivera CT report and shares three measurements, one update each. */
const shareMeasurements: FhircastStorySeed = (participant) => seedReport(participant, rivera, measurements);
/** As above, then selects the first lesion. */
const selectLesion: FhircastStorySeed = (participant) =>
  seedReport(participant, rivera, measurements, ['Observation/obs-lesion-1']);

const meta = {
  title: 'Components/ReportPanel',
  component: ReportPanel,
  args: { selectable: false },
} satisfies Meta<typeof ReportPanel>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Connected, before any DiagnosticReport-open. */
export const Empty: Story = {
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('No report open')).toBeVisible();
    await expect(canvas.queryByText('No measurements shared yet')).toBeNull();
  },
};

/** The viewer opens a report and has shared nothing in it yet. */
export const ReportOpen: Story = {
  parameters: {
    fhircast: { seed: (participant) => seedReport(participant, rivera) } satisfies FhircastStoryParameters,
  },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('CT chest, abdomen and pelvis report')).toBeVisible();
    await expect(canvas.getByText('Preliminary')).toBeVisible();
    await expect(canvas.getByText('RPT-2026-0412')).toBeVisible();
    await expect(canvas.getByText('No measurements shared yet')).toBeVisible();
  },
};

/** Three measurements shared in the open report, one update each. */
export const WithMeasurements: Story = {
  parameters: {
    fhircast: { seed: shareMeasurements } satisfies FhircastStoryParameters,
  },
  play: async ({ canvas }) => {
    const list = await canvas.findByRole('list', { name: 'Measurements' }, roundTrip);
    await waitFor(() => expect(list.querySelectorAll('li')).toHaveLength(3), roundTrip);
    await expect(canvas.getByText('23.4 mm')).toBeVisible();
    await expect(canvas.getByText('Segment VII of the liver')).toBeVisible();
    await expect(canvas.getByText('Lymph node short axis')).toBeVisible();
  },
};

/** The radiologist points at a lesion in the viewer: it is highlighted and announced. */
export const WithSelection: Story = {
  parameters: {
    fhircast: { seed: selectLesion } satisfies FhircastStoryParameters,
  },
  play: async ({ canvas }) => {
    const announcement = await canvas.findByText(`Selected: ${lesion}`, {}, roundTrip);
    await expect(announcement).toHaveAttribute('role', 'status');
    await expect(canvas.getByText('23.4 mm').closest('li')).toHaveAttribute('aria-current', 'true');
    await expect(canvas.getByText('11.8 mm').closest('li')).not.toHaveAttribute('aria-current');
  },
};

/** Each item is a button: choosing one selects it for every participant, and it comes back highlighted. */
export const Selectable: Story = {
  args: { selectable: true },
  parameters: {
    fhircast: { seed: shareMeasurements } satisfies FhircastStoryParameters,
  },
  play: async ({ canvas }) => {
    const item = await canvas.findByRole('button', { name: liverLesion }, roundTrip);
    await expect(item).not.toHaveAttribute('aria-current');
    await userEvent.click(item);
    await waitFor(() => expect(item).toHaveAttribute('aria-current', 'true'), roundTrip);
    await expect(item.closest('li')).toHaveAttribute('data-selected');
    await expect(canvas.getByRole('status')).toHaveTextContent(`Selected: ${liverLesion}`);
    await expect(canvas.getByRole('button', { name: lesion })).not.toHaveAttribute('aria-current');
  },
};

const sparseReport = {
  resourceType: 'DiagnosticReport',
  id: 'report-sparse',
  status: 'registered',
  code: {},
} satisfies DiagnosticReport;
const bareObservation = {
  resourceType: 'Observation',
  id: 'obs-bare',
  status: 'preliminary',
  code: {},
} satisfies Observation;
const sparseCase = { report: sparseReport, patient: patients.sparse, studies: [] };

/** A report with no code or identifier, and a measurement with no name, value or site. */
export const MissingFields: Story = {
  parameters: {
    fhircast: {
      seed: (participant) => seedReport(participant, sparseCase, [bareObservation]),
    } satisfies FhircastStoryParameters,
  },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('Untitled report')).toBeVisible();
    await expect(canvas.getByText('Registered')).toBeVisible();
    await expect(canvas.queryByText('Identifier')).toBeNull();
    await expect(await canvas.findByText('Observation', {}, roundTrip)).toBeVisible();
  },
};

const hostileReport = {
  resourceType: 'DiagnosticReport',
  id: 'report-hostile',
  status: 'preliminary',
  code: { text: '<img src=x onerror=alert(1)>' },
  identifier: [{ value: '"><svg onload=alert(3)>' }],
} satisfies DiagnosticReport;
const hostileObservation = {
  resourceType: 'Observation',
  id: 'obs-hostile',
  status: 'preliminary',
  code: { text: '<script>alert(2)</script>' },
  valueString: '<img src=x onerror=alert(4)>',
  bodySite: { text: '<svg onload=alert(5)>' },
} satisfies Observation;
const hostileCase = { report: hostileReport, patient: patients.hostile, studies: [] };

/** Markup in the report and in a shared measurement is shown as text, never parsed. */
export const HostileStrings: Story = {
  parameters: {
    fhircast: {
      seed: (participant) => seedReport(participant, hostileCase, [hostileObservation]),
    } satisfies FhircastStoryParameters,
  },
  play: async ({ canvas, canvasElement }) => {
    await expect(await canvas.findByText('<img src=x onerror=alert(1)>')).toBeVisible();
    await expect(canvas.getByText('"><svg onload=alert(3)>')).toBeVisible();
    await expect(await canvas.findByText('<script>alert(2)</script>', {}, roundTrip)).toBeVisible();
    await expect(canvas.getByText('<img src=x onerror=alert(4)>')).toBeVisible();
    await expect(canvas.getByText('<svg onload=alert(5)>')).toBeVisible();
    await expect(canvasElement.querySelector('img, script, svg')).toBeNull();
  },
};

/** The hub never answers: no report yet. */
export const Connecting: Story = {
  parameters: { fhircast: { scenario: 'connecting' } satisfies FhircastStoryParameters },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('No report open')).toBeVisible();
  },
};

/** The hub is unreachable and the client waits to try again. */
export const Reconnecting: Story = {
  parameters: { fhircast: { scenario: 'reconnecting' } satisfies FhircastStoryParameters },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('No report open')).toBeVisible();
  },
};

/** The hub wants a bearer token the app does not have. */
export const Unauthorized: Story = {
  parameters: { fhircast: { scenario: 'unauthorized' } satisfies FhircastStoryParameters },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('No report open')).toBeVisible();
  },
};

/** The hub denies the subscription. */
export const Denied: Story = {
  parameters: { fhircast: { scenario: 'denied' } satisfies FhircastStoryParameters },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('No report open')).toBeVisible();
  },
};

/** Measurements with a selection, in the dark theme. */
export const Dark: Story = {
  globals: { theme: 'dark' },
  parameters: {
    fhircast: { seed: selectLesion } satisfies FhircastStoryParameters,
  },
  play: async ({ canvas, canvasElement }) => {
    const announcement = await canvas.findByText(`Selected: ${lesion}`, {}, roundTrip);
    await expect(announcement).toHaveAttribute('role', 'status');
    await expect(canvas.getByText('23.4 mm').closest('li')).toHaveAttribute('aria-current', 'true');
    await expect(canvasElement.querySelector('[data-rfc-theme="dark"]')).not.toBeNull();
  },
};
