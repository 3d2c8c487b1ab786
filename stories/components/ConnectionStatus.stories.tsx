import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect } from 'storybook/test';
import { ConnectionStatus } from '../../src/components/ConnectionStatus/index.ts';
import type { FhircastStoryParameters } from '../../src/storybook/parameters.ts';

const meta = {
  title: 'Components/ConnectionStatus',
  component: ConnectionStatus,
} satisfies Meta<typeof ConnectionStatus>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Subscribed and confirmed by the hub: a green pill and nothing to retry. */
export const Connected: Story = {
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('Connected')).toBeVisible();
    await expect(canvas.getByRole('status')).toHaveTextContent(/^Connected$/);
    await expect(canvas.queryByRole('button', { name: 'Retry' })).toBeNull();
  },
};

/** A class for the app's layout on the root, beside the component's own. */
export const WithClassName: Story = {
  args: { className: 'app-header__status' },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('Connected')).toBeVisible();
    await expect(canvas.getByRole('status').parentElement).toHaveClass(
      'rfc-connection-status',
      'app-header__status',
    );
  },
};

/** The hub never answers the subscription request. */
export const Connecting: Story = {
  parameters: { fhircast: { scenario: 'connecting' } satisfies FhircastStoryParameters },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('Connecting…')).toBeVisible();
    await expect(canvas.queryByRole('button', { name: 'Retry' })).toBeNull();
  },
};

/** The hub is unreachable: a countdown to the next attempt, the reason, and Retry. */
export const Reconnecting: Story = {
  parameters: { fhircast: { scenario: 'reconnecting' } satisfies FhircastStoryParameters },
  play: async ({ canvas }) => {
    const countdown = await canvas.findByText(/^Reconnecting in \d s$/);
    await expect(countdown).toBeVisible();
    // The countdown is hidden from screen readers; the live region says "Reconnecting…" once.
    await expect(countdown).toHaveAttribute('aria-hidden', 'true');
    await expect(canvas.getByRole('status')).toContainElement(canvas.getByText('Reconnecting…'));
    await expect(
      canvas.getByText('could not reach the hub (subscribe): Failed to fetch: hub unreachable'),
    ).toBeVisible();
    await expect(canvas.getByRole('button', { name: 'Retry' })).toBeEnabled();
  },
};

/** The hub wants a bearer token the app does not have. */
export const Unauthorized: Story = {
  parameters: { fhircast: { scenario: 'unauthorized' } satisfies FhircastStoryParameters },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('Not authorised')).toBeVisible();
    await expect(
      canvas.getByText(
        'subscribe failed: HTTP 401: A valid bearer token is required (Authorization: Bearer <token>)',
      ),
    ).toBeVisible();
    await expect(canvas.getByRole('button', { name: 'Retry' })).toBeEnabled();
  },
};

/** The hub denies a subscription to an event name it does not know. */
export const Denied: Story = {
  parameters: { fhircast: { scenario: 'denied' } satisfies FhircastStoryParameters },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('Subscription denied')).toBeVisible();
    await expect(
      canvas.getByText('subscribe failed: HTTP 400: hub.events: "not an event!" is not an event name'),
    ).toBeVisible();
    await expect(canvas.getByRole('button', { name: 'Retry' })).toBeEnabled();
  },
};

/** The app ended its subscription. */
export const Disconnected: Story = {
  parameters: { fhircast: { scenario: 'disconnected' } satisfies FhircastStoryParameters },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('Disconnected')).toBeVisible();
    await expect(canvas.getByText('disconnected by the app')).toBeVisible();
    await expect(canvas.getByRole('button', { name: 'Retry' })).toBeEnabled();
  },
};

/** Connected, in the dark theme. */
export const Dark: Story = {
  globals: { theme: 'dark' },
  play: async ({ canvas, canvasElement }) => {
    await expect(await canvas.findByText('Connected')).toBeVisible();
    await expect(canvasElement.querySelector('[data-rfc-theme="dark"]')).not.toBeNull();
  },
};

/** Not authorised in the dark theme: the muted reason and the Retry button on the dark surface. */
export const DarkUnauthorized: Story = {
  globals: { theme: 'dark' },
  parameters: { fhircast: { scenario: 'unauthorized' } satisfies FhircastStoryParameters },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('Not authorised')).toBeVisible();
    await expect(canvas.getByRole('button', { name: 'Retry' })).toBeEnabled();
  },
};
