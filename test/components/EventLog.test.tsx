import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { EventLog } from '../../src/components/EventLog/index.ts';
import { createFhircastClient } from '../../src/core/client.ts';
import { createPublishers } from '../../src/core/publishers.ts';
import { createLoopbackHub, type LoopbackHub } from '../../src/hub/loopback.ts';
import { FhircastProvider } from '../../src/react/FhircastProvider.tsx';
import { encounters, patients } from '../../src/storybook/samples.ts';
import { deepExtensionOpen } from '../fixtures/hostile-frames.ts';
import { instrumented } from '../support/fake-sockets.ts';
import { axeViolations, type Harness, renderWithHub } from '../support/render-with-hub.tsx';

/** The body rows of the log table, newest first, each as its cells' text. */
function rowTexts(): string[][] {
  const table = screen.getByRole('table', { name: 'FHIRcast event log' });
  const [, ...rows] = within(table).getAllByRole('row');
  return rows.map((row) =>
    within(row)
      .getAllByRole('cell')
      .slice(0, 4)
      .map((cell) => cell.textContent ?? ''),
  );
}

const eventNames = () => rowTexts().map((cells) => cells[1]);

describe('EventLog', () => {
  let harness: Harness | undefined;
  let loopback: LoopbackHub | undefined;
  afterEach(() => {
    harness?.unmount();
    harness = undefined;
    cleanup();
    loopback?.close();
    loopback = undefined;
  });

  it('shows "No events yet" in the captioned table before anything is logged, with no axe violations', async () => {
    loopback = createLoopbackHub();
    const client = createFhircastClient({
      hubUrl: loopback.url,
      topic: 'event-log-empty',
      events: ['Patient-open'],
      fetch: loopback.fetch,
      WebSocket: loopback.WebSocket,
    });
    const { container } = render(
      <FhircastProvider client={client}>
        <EventLog />
      </FhircastProvider>,
    );
    screen.getByRole('table', { name: 'FHIRcast event log' });
    expect(rowTexts()).toEqual([['No events yet']]);
    expect(await axeViolations(container)).toEqual([]);
    await client.disconnect();
  });

  it('lists events newest first with direction, name, time and ack status', async () => {
    harness = await renderWithHub(<EventLog />);
    await harness.ehr.openPatient(patients.rivera);
    await harness.ehr.openEncounter(encounters.riveraClinic, patients.rivera);
    await waitFor(() => expect(eventNames()[0]).toBe('Encounter-open'));
    const [encounterRow, patientRow] = rowTexts();
    expect(encounterRow?.[0]).toBe('← in');
    expect(encounterRow?.[3]).toBe('200');
    expect(encounterRow?.[2]).toMatch(/^\d{2}:\d{2}:\d{2}\.\d{3}$/);
    expect(patientRow?.slice(0, 2)).toEqual(['← in', 'Patient-open']);
    expect(eventNames().slice(2)).toEqual(['resync', 'confirmation']);
  });

  it('keeps the element of a row that is already shown when a newer event arrives', async () => {
    harness = await renderWithHub(<EventLog />);
    await harness.ehr.openPatient(patients.rivera);
    await waitFor(() => expect(eventNames()[0]).toBe('Patient-open'));
    const patientRow = screen.getByRole('cell', { name: 'Patient-open' }).closest('tr');
    await harness.ehr.openEncounter(encounters.riveraClinic, patients.rivera);
    await waitFor(() => expect(eventNames()[0]).toBe('Encounter-open'));
    expect(screen.getByRole('cell', { name: 'Patient-open' }).closest('tr')).toBe(patientRow);
  });

  it('shows what the app published as outgoing with the hub’s HTTP status', async () => {
    harness = await renderWithHub(<EventLog />);
    await createPublishers(harness.app).openPatient(patients.okafor);
    // The publish resolves on its echo, which may come before the hub's HTTP answer is logged: wait for the row.
    const outgoing = await waitFor(() => {
      const row = rowTexts().find((cells) => cells[0] === '→ out');
      expect(row).toBeDefined();
      return row;
    });
    expect(outgoing?.[1]).toBe('Patient-open');
    expect(outgoing?.[3]).toBe('202');
  });

  it('shows a refused event with status 409 and the note "refused by the app", and no syncerror of its own', async () => {
    harness = await renderWithHub(<EventLog />);
    harness.app.on('Patient-open', () => 409);
    await harness.ehr.openPatient(patients.rivera);
    await waitFor(() => expect(eventNames()[0]).toBe('Patient-open'));
    expect(rowTexts()[0]?.[3]).toBe('409 refused by the app');
    screen.getByText('refused by the app');
    const { loopback } = harness;
    await waitFor(() => expect(loopback.hub.stats.refused).toBe(1));
    // The hub sends its syncerror to the other subscribers; an event sent after it shows none reached the app.
    await harness.ehr.closePatient(patients.rivera);
    await waitFor(() => expect(eventNames()[0]).toBe('Patient-close'));
    expect(eventNames()).not.toContain('syncerror');
  });

  it('narrows the rows to one event name with the filter, and lists "All events" plus the names seen', async () => {
    harness = await renderWithHub(<EventLog />);
    await harness.ehr.openPatient(patients.rivera);
    await harness.ehr.openEncounter(encounters.riveraClinic, patients.rivera);
    await harness.ehr.openPatient(patients.okafor);
    await waitFor(() => expect(eventNames()).toHaveLength(5));
    const filter = screen.getByLabelText('Filter by event') as HTMLSelectElement;
    expect([...filter.options].map((option) => option.text)).toEqual([
      'All events',
      'confirmation',
      'Encounter-open',
      'Patient-open',
      'resync',
    ]);
    fireEvent.change(filter, { target: { value: 'Patient-open' } });
    expect(eventNames()).toEqual(['Patient-open', 'Patient-open']);
    fireEvent.change(filter, { target: { value: '' } });
    expect(eventNames()).toHaveLength(5);
  });

  it('freezes the rows while paused, counts what arrives, and shows it on resume', async () => {
    harness = await renderWithHub(<EventLog />);
    await harness.ehr.openPatient(patients.rivera);
    await waitFor(() => expect(eventNames()[0]).toBe('Patient-open'));
    const pause = screen.getByRole('button', { name: 'Pause' });
    fireEvent.click(pause);
    expect(pause.getAttribute('aria-pressed')).toBe('true');
    screen.getByText('0 new while paused');
    await harness.ehr.openEncounter(encounters.riveraClinic, patients.rivera);
    await harness.ehr.openPatient(patients.okafor);
    await screen.findByText('2 new while paused');
    expect(eventNames()).toEqual(['Patient-open', 'resync', 'confirmation']);
    fireEvent.click(pause);
    expect(pause.getAttribute('aria-pressed')).toBe('false');
    expect(screen.queryByText(/new while paused/)).toBeNull();
    expect(eventNames()).toEqual([
      'Patient-open',
      'Encounter-open',
      'Patient-open',
      'resync',
      'confirmation',
    ]);
  });

  it('hides every existing row on Clear and shows only what arrives afterwards', async () => {
    harness = await renderWithHub(<EventLog />);
    await harness.ehr.openPatient(patients.rivera);
    await waitFor(() => expect(eventNames()[0]).toBe('Patient-open'));
    fireEvent.click(screen.getByRole('button', { name: 'Clear' }));
    expect(rowTexts()).toEqual([['No events yet']]);
    expect(harness.app.store.getState().log.length).toBe(3);
    expect(await axeViolations(harness.container)).toEqual([]);
    await harness.ehr.openEncounter(encounters.riveraClinic, patients.rivera);
    await waitFor(() => expect(eventNames()).toEqual(['Encounter-open']));
  });

  it('pretty-prints the raw message in an expandable section, hostile text shown as text', async () => {
    harness = await renderWithHub(<EventLog />);
    await harness.ehr.openPatient(patients.hostile);
    await waitFor(() => expect(eventNames()[0]).toBe('Patient-open'));
    const table = screen.getByRole('table', { name: 'FHIRcast event log' });
    const newest = within(table).getAllByRole('row')[1] as HTMLElement;
    const details = newest.querySelector('details') as HTMLDetailsElement;
    expect(details.open).toBe(false);
    expect(details.querySelector('pre')).toBeNull();
    fireEvent.click(within(newest).getByText('Raw'));
    expect(details.open).toBe(true);
    await waitFor(() => expect(details.querySelector('pre')).not.toBeNull());
    const raw = details.querySelector('pre')?.textContent ?? '';
    expect(JSON.parse(raw).event['hub.event']).toBe('Patient-open');
    expect(raw).toContain('\n  "event": {');
    expect(raw).toContain('"family": "<img src=x onerror=alert(1)>"');
    expect(raw).toContain('"<script>alert(2)</script>"');
    expect(harness.container.querySelector('img, script, svg')).toBeNull();
    expect(await axeViolations(harness.container)).toEqual([]);
  });

  it('shows a frame refused for nesting too deep as it arrived, beside its 400 and the limit', async () => {
    loopback = createLoopbackHub();
    const { WebSocket, instances } = instrumented(loopback.WebSocket);
    const topic = 'event-log-deep';
    const client = createFhircastClient({
      hubUrl: loopback.url,
      topic,
      events: ['Patient-open'],
      fetch: loopback.fetch,
      WebSocket,
    });
    render(
      <FhircastProvider client={client}>
        <EventLog />
      </FhircastProvider>,
    );
    await waitFor(() => expect(eventNames()[0]).toBe('resync'));
    // 2,000 levels: small enough for the log to keep whole, deep enough to pretty-print into megabytes.
    const frame = deepExtensionOpen(topic, 'deep', 1000);
    instances.at(-1)?.inject(frame);
    await waitFor(() => expect(eventNames()[0]).toBe('invalid'));
    expect(rowTexts()[0]?.[3]).toBe('400 frame nests deeper than 100 levels');
    const newest = within(screen.getByRole('table', { name: 'FHIRcast event log' })).getAllByRole('row')[1];
    fireEvent.click(within(newest as HTMLElement).getByText('Raw'));
    await waitFor(() => expect(newest?.querySelector('pre')).not.toBeNull());
    // As it arrived, but for the topic, which the log always shortens.
    expect(newest?.querySelector('pre')?.textContent).toBe(frame.replace(topic, 'even…'));
    await client.disconnect();
  });

  it('renders at most maxRows rows, the newest, and says how many there are', async () => {
    harness = await renderWithHub(<EventLog maxRows={2} />);
    await harness.ehr.openPatient(patients.rivera);
    await harness.ehr.openEncounter(encounters.riveraClinic, patients.rivera);
    await screen.findByText('Showing the newest 2 of 4 events');
    expect(eventNames()).toEqual(['Encounter-open', 'Patient-open']);
  });

  it('puts its className on the root beside its own class', async () => {
    harness = await renderWithHub(<EventLog className="debug-log" />);
    const root = screen.getByRole('table', { name: 'FHIRcast event log' }).closest('.rfc-event-log');
    expect(root?.className).toBe('rfc-event-log debug-log');
  });

  it('has no axe violations with events in it, in the dark theme', async () => {
    harness = await renderWithHub(<EventLog />, { theme: 'dark' });
    harness.app.on('Patient-open', () => 409);
    await harness.ehr.openPatient(patients.rivera);
    await harness.ehr.openEncounter(encounters.riveraClinic, patients.rivera);
    await waitFor(() => expect(eventNames()[0]).toBe('Encounter-open'));
    expect(await axeViolations(harness.container)).toEqual([]);
  });
});
