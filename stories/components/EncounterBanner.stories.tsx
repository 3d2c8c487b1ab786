import type { Encounter } from '@medplum/fhirtypes';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect } from 'storybook/test';
import { EncounterBanner } from '../../src/components/EncounterBanner/index.ts';
import type { FhircastStoryParameters } from '../../src/storybook/parameters.ts';
import { encounters, patients } from '../../src/storybook/samples.ts';

const meta = {
  title: 'Components/EncounterBanner',
  component: EncounterBanner,
  // A fixed locale and time zone, so the start reads the same on every machine.
  args: { locale: 'en-GB', timeZone: 'UTC' },
} satisfies Meta<typeof EncounterBanner>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Connected, before any Encounter-open. */
export const Empty: Story = {
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('No encounter in context')).toBeVisible();
  },
};

/** The app's own empty text and a class for its layout. */
export const CustomEmptyText: Story = {
  args: { emptyText: 'No visit selected', className: 'app-header__visit' },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('No visit selected')).toBeVisible();
    await expect(canvas.getByRole('region', { name: 'Encounter' })).toHaveClass(
      'rfc-encounter-banner',
      'app-header__visit',
    );
  },
};

/** The EHR opens a visit: type, class, status, start and visit number. */
export const WithEncounter: Story = {
  parameters: {
    fhircast: {
      seed: (participant) => participant.openEncounter(encounters.riveraClinic, patients.rivera),
    } satisfies FhircastStoryParameters,
  },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('Oncology follow-up')).toBeVisible();
    await expect(canvas.getByText('ambulatory')).toBeVisible();
    await expect(canvas.getByText('In progress')).toBeVisible();
    await expect(canvas.getByText('26 Nov 2026, 08:30')).toHaveAttribute('datetime', '2026-11-26T08:30:00Z');
    await expect(canvas.getByText('V-88213')).toBeVisible();
  },
};

const longVisit = {
  ...encounters.riveraClinic,
  id: 'enc-long',
  type: [
    { text: 'Multidisciplinary thoracic oncology tumour board follow-up with interventional radiology' },
  ],
  class: { code: 'AMB', display: 'ambulatory outpatient visit at the regional cancer centre annex' },
} satisfies Encounter;

/** Long type and class texts wrap instead of overflowing. */
export const LongNames: Story = {
  parameters: {
    fhircast: {
      seed: (participant) => participant.openEncounter(longVisit, patients.longName),
    } satisfies FhircastStoryParameters,
  },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText(longVisit.type[0]?.text ?? '')).toBeVisible();
    await expect(canvas.getByText(longVisit.class.display)).toBeVisible();
  },
};

// Encounter.class is required in R4; hubs relay encounters without it all the same.
const sparseVisit = { resourceType: 'Encounter', id: 'enc-sparse', status: 'planned' } as Encounter;

/** An encounter with only a status: the other rows are left out. */
export const MissingFields: Story = {
  parameters: {
    fhircast: {
      seed: (participant) => participant.openEncounter(sparseVisit, patients.sparse),
    } satisfies FhircastStoryParameters,
  },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('Planned')).toBeVisible();
    await expect(canvas.getByText('Status')).toBeVisible();
    await expect(canvas.queryByText('Type')).toBeNull();
    await expect(canvas.queryByText('Started')).toBeNull();
  },
};

const hostileVisit = {
  resourceType: 'Encounter',
  id: 'enc-hostile',
  status: 'in-progress',
  type: [{ text: '<img src=x onerror=alert(1)>' }],
  identifier: [{ value: '"><svg onload=alert(3)>' }],
  class: { code: '<script>alert(2)</script>' },
} satisfies Encounter;

/** Markup in the type, class and identifier is shown as text, never parsed. */
export const HostileStrings: Story = {
  parameters: {
    fhircast: {
      seed: (participant) => participant.openEncounter(hostileVisit, patients.hostile),
    } satisfies FhircastStoryParameters,
  },
  play: async ({ canvas, canvasElement }) => {
    await expect(await canvas.findByText('<img src=x onerror=alert(1)>')).toBeVisible();
    await expect(canvas.getByText('"><svg onload=alert(3)>')).toBeVisible();
    await expect(canvas.getByText('<script>alert(2)</script>')).toBeVisible();
    await expect(canvasElement.querySelector('img, script, svg')).toBeNull();
  },
};

/** The hub never answers: no encounter yet. */
export const Connecting: Story = {
  parameters: { fhircast: { scenario: 'connecting' } satisfies FhircastStoryParameters },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('No encounter in context')).toBeVisible();
  },
};

/** The hub is unreachable and the client waits to try again. */
export const Reconnecting: Story = {
  parameters: { fhircast: { scenario: 'reconnecting' } satisfies FhircastStoryParameters },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('No encounter in context')).toBeVisible();
  },
};

/** The hub wants a bearer token the app does not have. */
export const Unauthorized: Story = {
  parameters: { fhircast: { scenario: 'unauthorized' } satisfies FhircastStoryParameters },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('No encounter in context')).toBeVisible();
  },
};

/** The hub denies the subscription. */
export const Denied: Story = {
  parameters: { fhircast: { scenario: 'denied' } satisfies FhircastStoryParameters },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('No encounter in context')).toBeVisible();
  },
};

/** The filled banner in the dark theme. */
export const Dark: Story = {
  globals: { theme: 'dark' },
  parameters: {
    fhircast: {
      seed: (participant) => participant.openEncounter(encounters.riveraClinic, patients.rivera),
    } satisfies FhircastStoryParameters,
  },
  play: async ({ canvas, canvasElement }) => {
    await expect(await canvas.findByText('Oncology follow-up')).toBeVisible();
    await expect(canvas.getByText('V-88213')).toBeVisible();
    await expect(canvasElement.querySelector('[data-rfc-theme="dark"]')).not.toBeNull();
  },
};
