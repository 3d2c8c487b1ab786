import { render, waitFor } from '@testing-library/react';
import axe from 'axe-core';
import type { ReactElement } from 'react';
import { createFhircastClient, type FhircastClient } from '../../src/core/client.ts';
import type { FhircastClientOptions } from '../../src/core/options.ts';
import { createPublishers, type FhircastPublishers } from '../../src/core/publishers.ts';
import { createLoopbackHub, type LoopbackHub } from '../../src/hub/loopback.ts';
import { FhircastProvider } from '../../src/react/FhircastProvider.tsx';
import { COMPONENT_EVENTS } from '../fixtures/events.ts';

/** What a component test gets: the in-memory hub, the app's client, and an EHR publishing on the same topic. */
export interface Harness {
  loopback: LoopbackHub;
  /** The client inside the provider (the app under test). */
  app: FhircastClient;
  /** Another participant on the topic (the EHR or PACS) with typed publishers. */
  ehr: FhircastPublishers & { client: FhircastClient };
  container: HTMLElement;
  rerender: (ui: ReactElement) => void;
  unmount: () => void;
}

/**
 * Renders `ui` inside a FhircastProvider connected to a fresh in-memory hub (works in jsdom and in a real
 * browser), waits until the app is connected, and returns a second client to play the EHR.
 */
export async function renderWithHub(
  ui: ReactElement,
  options: {
    events?: readonly string[];
    topic?: string;
    theme?: 'light' | 'dark';
    readResource?: FhircastClientOptions['readResource'];
  } = {},
): Promise<Harness> {
  const loopback = createLoopbackHub();
  const topic = options.topic ?? 'component-test';
  const app = createFhircastClient({
    hubUrl: loopback.url,
    topic,
    events: options.events ?? COMPONENT_EVENTS,
    fetch: loopback.fetch,
    WebSocket: loopback.WebSocket,
    subscriberName: 'app under test',
    ...(options.readResource ? { readResource: options.readResource } : {}),
  });
  const wrap = (child: ReactElement) => (
    <div data-rfc-theme={options.theme ?? 'light'}>
      <FhircastProvider client={app}>{child}</FhircastProvider>
    </div>
  );
  const result = render(wrap(ui));
  await waitFor(() => {
    if (app.store.getState().status !== 'connected') throw new Error('not connected yet');
  });
  const ehrClient = createFhircastClient({
    hubUrl: loopback.url,
    topic,
    events: ['syncerror'],
    fetch: loopback.fetch,
    WebSocket: loopback.WebSocket,
    subscriberName: 'ehr',
  });
  return {
    loopback,
    app,
    ehr: { ...createPublishers(ehrClient), client: ehrClient },
    container: result.container,
    rerender: (next) => result.rerender(wrap(next)),
    unmount: () => {
      result.unmount();
      void app.disconnect();
      loopback.close();
    },
  };
}

/** Runs axe-core on `element` and returns the violations (id and the nodes' HTML), [] when accessible. */
export async function axeViolations(element: Element): Promise<{ id: string; nodes: string[] }[]> {
  const results = await axe.run(element, { rules: { 'color-contrast': { enabled: false } } });
  return results.violations.map((violation) => ({
    id: violation.id,
    nodes: violation.nodes.map((node) => node.html),
  }));
}
