import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { ContextPublisher } from '../../src/components/ContextPublisher/index.ts';
import { EventLog } from '../../src/components/EventLog/index.ts';
import type { FhircastStoryParameters, FhircastStorySeed } from '../../src/storybook/parameters.ts';
import { encounters, measurements, patients, sampleCatalogue, studies } from '../../src/storybook/samples.ts';

/** The EHR walks through a chart: four events after the app's own confirmation and resync. */
const traffic: FhircastStorySeed = async (participant) => {
  await participant.openPatient(patients.rivera);
  await participant.openEncounter(encounters.riveraClinic, patients.rivera);
  await participant.openImagingStudy(studies.riveraCt, { patient: patients.rivera });
  await participant.openPatient(patients.okafor);
};
const trafficNames = ['Patient-open', 'ImagingStudy-open', 'Encounter-open', 'Patient-open'];

/** The text of one column of the body rows, newest first. */
const column = (root: HTMLElement, name: 'name' | 'direction') =>
  [...root.querySelectorAll(`td.rfc-event-log__${name}`)].map((cell) => cell.textContent);
const eventNames = (root: HTMLElement) => column(root, 'name');
/** The events the EHR published, newest first (the app's resync may land between them). */
const contextEvents = (root: HTMLElement) => eventNames(root).filter((name) => name?.endsWith('-open'));

const meta = {
  title: 'Components/EventLog',
  component: EventLog,
  args: { maxRows: 200 },
} satisfies Meta<typeof EventLog>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Connected with no context: only the hub's confirmation and the resync that follows it. */
export const Empty: Story = {
  play: async ({ canvas, canvasElement }) => {
    await expect(await canvas.findByRole('table', { name: 'FHIRcast event log' })).toBeVisible();
    await waitFor(() => expect(eventNames(canvasElement)).toEqual(['resync', 'confirmation']));
    await expect(column(canvasElement, 'direction')).toEqual(['← in', '← in']);
  },
};

/** Several events from the EHR, newest first, each acknowledged with 200. */
export const WithTraffic: Story = {
  parameters: { fhircast: { seed: traffic } satisfies FhircastStoryParameters },
  play: async ({ canvas, canvasElement }) => {
    await waitFor(() => expect(contextEvents(canvasElement)).toEqual(trafficNames), { timeout: 3000 });
    const newest = canvas.getAllByRole('cell', { name: 'Patient-open' })[0]?.closest('tr') as HTMLElement;
    await expect(within(newest).getByText('200')).toBeVisible();
    await expect(within(newest).getByText(/^\d{2}:\d{2}:\d{2}\.\d{3}$/)).toBeVisible();
  },
};

/** The filter narrows the rows to one event name and back. */
export const Filtered: Story = {
  parameters: { fhircast: { seed: traffic } satisfies FhircastStoryParameters },
  play: async ({ canvas, canvasElement }) => {
    await waitFor(() => expect(contextEvents(canvasElement)).toEqual(trafficNames), { timeout: 3000 });
    const filter = canvas.getByLabelText('Filter by event');
    await userEvent.selectOptions(filter, 'Patient-open');
    await expect(eventNames(canvasElement)).toEqual(['Patient-open', 'Patient-open']);
    await userEvent.selectOptions(filter, 'Encounter-open');
    await expect(eventNames(canvasElement)).toEqual(['Encounter-open']);
    await userEvent.selectOptions(filter, 'All events');
    await expect(eventNames(canvasElement)).toHaveLength(6);
  },
};

/** Pause freezes the rows and counts what arrives; resuming shows it. The app publishes meanwhile. */
export const Paused: Story = {
  render: (args) => (
    <>
      <ContextPublisher samples={sampleCatalogue} />
      <EventLog {...args} />
    </>
  ),
  play: async ({ canvas, canvasElement }) => {
    await waitFor(() => expect(eventNames(canvasElement)).toEqual(['resync', 'confirmation']));
    const pause = canvas.getByRole('button', { name: 'Pause' });
    await userEvent.click(pause);
    await expect(pause).toHaveAttribute('aria-pressed', 'true');
    await expect(canvas.getByText('0 new while paused')).toBeVisible();

    await userEvent.selectOptions(
      canvas.getByLabelText('Context to open'),
      'Chinedu Okafor (MRN MRN-007731)',
    );
    await userEvent.click(canvas.getByRole('button', { name: 'Open' }));
    await expect(await canvas.findByText('Published Patient-open', {}, { timeout: 3000 })).toBeVisible();
    // What the app sent (→ out, 202) and the hub's delivery of it back to the app (← in, 200).
    await expect(await canvas.findByText('2 new while paused', {}, { timeout: 3000 })).toBeVisible();
    await expect(eventNames(canvasElement)).toEqual(['resync', 'confirmation']);

    await userEvent.click(pause);
    await expect(pause).toHaveAttribute('aria-pressed', 'false');
    await expect(canvas.queryByText(/new while paused/)).toBeNull();
    await expect(eventNames(canvasElement).slice(0, 2)).toEqual(['Patient-open', 'Patient-open']);
    await expect(column(canvasElement, 'direction')).toContain('→ out');
  },
};

/** Clear hides every row so far, and only what arrives afterwards shows. */
export const Cleared: Story = {
  parameters: { fhircast: { seed: traffic } satisfies FhircastStoryParameters },
  play: async ({ canvas, canvasElement }) => {
    await waitFor(() => expect(contextEvents(canvasElement)).toEqual(trafficNames), { timeout: 3000 });
    await userEvent.click(canvas.getByRole('button', { name: 'Clear' }));
    await expect(canvas.getByText('No events yet')).toBeVisible();
    await expect(eventNames(canvasElement)).toEqual([]);
  },
};

/** At most maxRows rows, the newest, and a note of how many there are. */
export const MaxRows: Story = {
  args: { maxRows: 3, className: 'debug-log' },
  parameters: { fhircast: { seed: traffic } satisfies FhircastStoryParameters },
  play: async ({ canvas, canvasElement }) => {
    await expect(
      await canvas.findByText('Showing the newest 3 of 6 events', {}, { timeout: 3000 }),
    ).toBeVisible();
    await expect(eventNames(canvasElement)).toHaveLength(3);
    await expect(eventNames(canvasElement)[0]).toBe('Patient-open');
    await expect(canvasElement.querySelector('.rfc-event-log')).toHaveClass('debug-log');
  },
};

/** A radiologist at work: a report open, then 150 measurement updates, each followed by a select. */
const busyReading: FhircastStorySeed = async (participant) => {
  const {
    report,
    patient,
    studies: reportStudies,
  } = sampleCatalogue.reports[0] as (typeof sampleCatalogue.reports)[number];
  await participant.openReport(report, { patient, studies: reportStudies });
  for (let round = 0; round < 150; round++) {
    const measurement = measurements[round % measurements.length] as (typeof measurements)[number];
    const value = (measurement.valueQuantity?.value ?? 0) + round / 10;
    await participant.updateReport([
      { put: { ...measurement, valueQuantity: { ...measurement.valueQuantity, value } } },
    ]);
    await participant.selectInReport([`Observation/${measurement.id}`]);
  }
};

/** A few hundred events: the newest rows, and a note of how many the client keeps. */
export const BusySession: Story = {
  parameters: { fhircast: { seed: busyReading } satisfies FhircastStoryParameters },
  play: async ({ canvasElement }) => {
    // A plain query: a testing-library text query would print the whole 200-row table on every miss.
    const capped = () => canvasElement.querySelector('.rfc-event-log__capped')?.textContent;
    await waitFor(() => expect(capped()).toBe('Showing the newest 200 of 300 events'), { timeout: 25_000 });
    await expect(eventNames(canvasElement)).toHaveLength(200);
  },
};

/** The raw message of a hostile patient, pretty-printed as text in its disclosure. */
export const HostileStrings: Story = {
  parameters: {
    fhircast: {
      seed: (participant) => participant.openPatient(patients.hostile),
    } satisfies FhircastStoryParameters,
  },
  play: async ({ canvas, canvasElement }) => {
    const cell = await canvas.findByRole('cell', { name: 'Patient-open' }, { timeout: 3000 });
    const row = cell.closest('tr') as HTMLElement;
    await userEvent.click(within(row).getByText('Raw'));
    await waitFor(() => expect(row.querySelector('pre')).not.toBeNull());
    const raw = row.querySelector('pre');
    await expect(raw).toBeVisible();
    await expect(raw).toHaveTextContent('"family": "<img src=x onerror=alert(1)>"');
    await expect(raw).toHaveTextContent('"<script>alert(2)</script>"');
    await expect(canvasElement.querySelector('img, script, svg')).toBeNull();
  },
};

/** The hub never answers: nothing logged yet. */
export const Connecting: Story = {
  parameters: { fhircast: { scenario: 'connecting' } satisfies FhircastStoryParameters },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('No events yet')).toBeVisible();
  },
};

/** The hub is unreachable: no event has come in. */
export const Reconnecting: Story = {
  parameters: { fhircast: { scenario: 'reconnecting' } satisfies FhircastStoryParameters },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('No events yet')).toBeVisible();
  },
};

/** The hub refuses the subscription request for want of a token: no event has come in. */
export const Unauthorized: Story = {
  parameters: { fhircast: { scenario: 'unauthorized' } satisfies FhircastStoryParameters },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('No events yet')).toBeVisible();
  },
};

/** The hub denies the subscription: no event has come in. */
export const Denied: Story = {
  parameters: { fhircast: { scenario: 'denied' } satisfies FhircastStoryParameters },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('No events yet')).toBeVisible();
  },
};

/** Traffic with one raw message open, in the dark theme. */
export const Dark: Story = {
  globals: { theme: 'dark' },
  parameters: { fhircast: { seed: traffic } satisfies FhircastStoryParameters },
  play: async ({ canvas, canvasElement }) => {
    await waitFor(() => expect(contextEvents(canvasElement)).toEqual(trafficNames), { timeout: 3000 });
    const newest = canvas.getAllByRole('cell', { name: 'Patient-open' })[0]?.closest('tr') as HTMLElement;
    await userEvent.click(within(newest).getByText('Raw'));
    await waitFor(() => expect(newest.querySelector('pre')).toHaveTextContent('"hub.event": "Patient-open"'));
    await expect(canvasElement.querySelector('[data-rfc-theme="dark"]')).not.toBeNull();
  },
};
