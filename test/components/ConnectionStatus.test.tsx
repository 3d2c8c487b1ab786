import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionStatus } from '../../src/components/ConnectionStatus/index.ts';
import { createLoopbackHub, type LoopbackHub } from '../../src/hub/loopback.ts';
import { FhircastProvider } from '../../src/react/FhircastProvider.tsx';
import { axeViolations, type Harness, renderWithHub } from '../support/render-with-hub.tsx';

describe('ConnectionStatus', () => {
  let harness: Harness | undefined;
  let loopback: LoopbackHub | undefined;
  afterEach(() => {
    harness?.unmount();
    harness = undefined;
    cleanup();
    loopback?.close();
    loopback = undefined;
  });

  it('shows Connected, coloured as connected, with no Retry button', async () => {
    harness = await renderWithHub(<ConnectionStatus />);
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Connected'));
    expect(harness.container.querySelector('.rfc-connection-status')?.getAttribute('data-status')).toBe(
      'connected',
    );
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('puts its className on the root beside its own class', async () => {
    harness = await renderWithHub(<ConnectionStatus className="toolbar-status" />);
    const root = screen.getByRole('status').parentElement;
    expect(root?.className).toBe('rfc-connection-status toolbar-status');
  });

  it('shows Not authorised with the hub’s reason when the hub wants a token, and Retry tries again', async () => {
    loopback = createLoopbackHub({ tokens: ['x'] });
    const hubFetch = loopback.fetch;
    let calls = 0;
    const countingFetch: typeof fetch = (input, init) => {
      calls++;
      return hubFetch(input, init);
    };
    const { container } = render(
      <FhircastProvider
        hubUrl={loopback.url}
        topic="status-unauthorized"
        events={['Patient-open']}
        fetch={countingFetch}
        WebSocket={loopback.WebSocket}
      >
        <ConnectionStatus />
      </FhircastProvider>,
    );
    await screen.findByText('Not authorised');
    screen.getByText(
      'subscribe failed: HTTP 401: A valid bearer token is required (Authorization: Bearer <token>)',
    );
    expect(container.querySelector('.rfc-connection-status')?.getAttribute('data-status')).toBe(
      'unauthorized',
    );
    expect(await axeViolations(container)).toEqual([]);
    const before = calls;
    const status = () => container.querySelector('.rfc-connection-status')?.getAttribute('data-status');
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(status()).toBe('connecting');
    // The attempt ends unauthorized again, and a client stopped there makes no request on its own: one new
    // attempt was a single subscribe (the token did not change, so a 401 is not retried).
    await waitFor(() => expect(status()).toBe('unauthorized'));
    expect(calls).toBe(before + 1);
  });

  it('counts down the seconds to the next attempt while reconnecting after a failed fetch', async () => {
    const unreachable: typeof fetch = () => Promise.reject(new TypeError('network is down'));
    loopback = createLoopbackHub();
    const { container } = render(
      <FhircastProvider
        hubUrl="http://hub.example.invalid/api/hub"
        topic="status-reconnecting"
        events={['Patient-open']}
        fetch={unreachable}
        WebSocket={loopback.WebSocket}
        backoff={{ steps: [3000], jitter: 0 }}
      >
        <ConnectionStatus />
      </FhircastProvider>,
    );
    await screen.findByText('Reconnecting in 3 s');
    screen.getByText('could not reach the hub (subscribe): network is down');
    screen.getByRole('button', { name: 'Retry' });
    expect(container.querySelector('.rfc-connection-status')?.getAttribute('data-status')).toBe(
      'reconnecting',
    );
    await screen.findByText('Reconnecting in 2 s', {}, { timeout: 1500 });
    await screen.findByText('Reconnecting in 1 s', {}, { timeout: 1500 });
    expect(await axeViolations(container)).toEqual([]);
  });

  it('tells a screen reader "Reconnecting" once instead of reading the countdown every second', async () => {
    const unreachable: typeof fetch = () => Promise.reject(new TypeError('network is down'));
    loopback = createLoopbackHub();
    render(
      <FhircastProvider
        hubUrl="http://hub.example.invalid/api/hub"
        topic="status-announcement"
        events={['Patient-open']}
        fetch={unreachable}
        WebSocket={loopback.WebSocket}
        backoff={{ steps: [3000], jitter: 0 }}
      >
        <ConnectionStatus />
      </FhircastProvider>,
    );
    await screen.findByText('Reconnecting in 3 s');
    expect(screen.getByText('Reconnecting in 3 s').getAttribute('aria-hidden')).toBe('true');
    expect(screen.getByText('Reconnecting…').closest('[role="status"]')).toBe(screen.getByRole('status'));
  });

  it('shows Disconnected with a Retry button that connects again', async () => {
    harness = await renderWithHub(<ConnectionStatus />);
    await harness.app.disconnect();
    await screen.findByText('Disconnected');
    screen.getByText('disconnected by the app');
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Connected'));
  });

  it('has no axe violations when connected, in the dark theme too', async () => {
    harness = await renderWithHub(<ConnectionStatus />, { theme: 'dark' });
    await screen.findByText('Connected');
    expect(await axeViolations(harness.container)).toEqual([]);
  });
});
