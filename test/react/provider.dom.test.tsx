import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RunningHub, startHub } from '../../src/hub/index.ts';
import { FhircastProvider } from '../../src/react/FhircastProvider.tsx';
import { useFhircastContext } from '../../src/react/useFhircastContext.ts';
import { useFhircastPatient } from '../../src/react/useFhircastPatient.ts';
import { useFhircastStatus } from '../../src/react/useFhircastStatus.ts';
import { exampleFor } from '../fixtures/spec.ts';
import { freshTopic, postJson } from '../support/hub-requests.ts';
import { recordingFetch, subscribes } from '../support/recorded-fetch.ts';

const EVENTS = [
  'Patient-open',
  'Patient-close',
  'Encounter-open',
  'DiagnosticReport-open',
  'DiagnosticReport-update',
];

/** The example with a current timestamp: the client ignores opens older than the one that set its context. */
const now = <T extends { timestamp: string }>(notification: T): T => ({
  ...notification,
  timestamp: new Date().toISOString(),
});

function Status() {
  const { status } = useFhircastStatus();
  return <p data-testid="status">{status}</p>;
}

function PatientName() {
  const patient = useFhircastPatient();
  return <p data-testid="patient">{patient?.name?.[0]?.family ?? 'none'}</p>;
}

function Current() {
  const { current } = useFhircastContext();
  return <p data-testid="current">{current ?? 'none'}</p>;
}

describe('FhircastProvider against the development hub', () => {
  let hub: RunningHub;
  const subscribed: string[] = [];
  beforeAll(async () => {
    hub = await startHub({ log: (line) => line.startsWith('subscribed') && subscribed.push(line) });
  });
  afterAll(() => hub.close());
  afterEach(() => {
    cleanup();
    subscribed.length = 0;
  });

  it('connects in an effect and re-renders when context arrives', async () => {
    const topic = freshTopic();
    render(
      <FhircastProvider hubUrl={hub.url} topic={topic} events={EVENTS}>
        <Status />
        <PatientName />
      </FhircastProvider>,
    );
    expect(screen.getByTestId('status').textContent).toBe('idle');
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('connected'));
    await postJson(hub.url, exampleFor('patient-open', topic));
    await waitFor(() => expect(screen.getByTestId('patient').textContent).toBe('Smith'));
  });

  it('makes exactly one subscription at the hub under StrictMode', async () => {
    const topic = freshTopic();
    const { fetch: recorded, calls } = recordingFetch(fetch);
    render(
      <StrictMode>
        <FhircastProvider hubUrl={hub.url} topic={topic} events={EVENTS} fetch={recorded}>
          <Status />
        </FhircastProvider>
      </StrictMode>,
    );
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('connected'));
    // A connect makes its subscribe request within microtasks, and "connected" takes a round trip to the hub
    // and back over a socket: every connect the double mount started has made its request by now.
    expect(subscribes(calls)).toHaveLength(1);
    expect(calls.filter((call) => call.form?.get('hub.mode') === 'unsubscribe')).toEqual([]);
    expect(subscribed).toHaveLength(1);
    expect(hub.hub.subscriptionCount(topic)).toBe(1);
  });

  it('unsubscribes and closes when unmounted [FC-2.5-shutdown]', async () => {
    const topic = freshTopic();
    const { unmount } = render(
      <FhircastProvider hubUrl={hub.url} topic={topic} events={EVENTS}>
        <Status />
      </FhircastProvider>,
    );
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('connected'));
    unmount();
    await waitFor(() => expect(hub.hub.subscriptionCount(topic)).toBe(0));
  });

  it('moves to a new topic cleanly when the topic changes', async () => {
    const first = freshTopic();
    const second = freshTopic();
    const tree = (topic: string) => (
      <FhircastProvider hubUrl={hub.url} topic={topic} events={EVENTS}>
        <Status />
        <PatientName />
      </FhircastProvider>
    );
    const { rerender } = render(tree(first));
    await waitFor(() => expect(hub.hub.subscriptionCount(first)).toBe(1));
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('connected'));
    rerender(tree(second));
    await waitFor(() => expect(hub.hub.subscriptionCount(second)).toBe(1));
    await waitFor(() => expect(hub.hub.subscriptionCount(first)).toBe(0));
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('connected'));
    await postJson(hub.url, exampleFor('patient-open', second));
    await waitFor(() => expect(screen.getByTestId('patient').textContent).toBe('Smith'));
  });

  it('re-subscribes on the same socket when its events change', async () => {
    const topic = freshTopic();
    const tree = (events: string[]) => (
      <FhircastProvider hubUrl={hub.url} topic={topic} events={events}>
        <Status />
        <Current />
      </FhircastProvider>
    );
    const { rerender } = render(tree(['Patient-open']));
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('connected'));
    rerender(tree(['Patient-open', 'Encounter-open']));
    await waitFor(() => expect(subscribed).toHaveLength(2));
    expect(subscribed[1]).toContain(': 2 events, lease');
    expect(hub.hub.subscriptionCount(topic)).toBe(1);
    await postJson(hub.url, now(exampleFor('encounter-open', topic)));
    await waitFor(() => expect(screen.getByTestId('current').textContent).toBe('Encounter'));
  });

  it('keeps two providers on two topics apart', async () => {
    const left = freshTopic();
    const right = freshTopic();
    render(
      <>
        <div data-testid="left">
          <FhircastProvider hubUrl={hub.url} topic={left} events={EVENTS}>
            <Current />
          </FhircastProvider>
        </div>
        <div data-testid="right">
          <FhircastProvider hubUrl={hub.url} topic={right} events={EVENTS}>
            <Current />
          </FhircastProvider>
        </div>
      </>,
    );
    // Whether or not a socket is up yet when the opens are published, each client learns its topic's
    // context (replayed on connecting, or fetched after).
    await waitFor(() => expect(hub.hub.subscriptionCount(left) + hub.hub.subscriptionCount(right)).toBe(2));
    await postJson(hub.url, exampleFor('patient-open', left));
    await postJson(hub.url, exampleFor('encounter-open', right));
    const [leftCurrent, rightCurrent] = screen.getAllByTestId('current');
    await waitFor(() => expect(leftCurrent?.textContent).toBe('Patient'));
    await waitFor(() => expect(rightCurrent?.textContent).toBe('Encounter'));
  });

  it('renders on the server with status idle and opens no connection', () => {
    const topic = freshTopic();
    const html = renderToString(
      <FhircastProvider hubUrl={hub.url} topic={topic} events={EVENTS}>
        <Status />
        <PatientName />
      </FhircastProvider>,
    );
    expect(html).toContain('idle');
    expect(html).toContain('none');
    expect(hub.hub.subscriptionCount(topic)).toBe(0);
  });

  it('re-renders a patient reader once per patient change, never for encounter, update or select traffic', async () => {
    const topic = freshTopic();
    const renders: string[] = [];
    function CountingPatient() {
      const patient = useFhircastPatient();
      renders.push(patient?.id ?? 'none');
      return <p data-testid="patient">{patient?.name?.[0]?.family ?? 'none'}</p>;
    }
    render(
      <FhircastProvider hubUrl={hub.url} topic={topic} events={EVENTS}>
        <Status />
        <Current />
        <CountingPatient />
      </FhircastProvider>,
    );
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('connected'));
    const patientOpen = now(exampleFor('patient-open', topic));
    await postJson(hub.url, patientOpen);
    await waitFor(() => expect(screen.getByTestId('patient').textContent).toBe('Smith'));
    const afterOpen = renders.length;
    const open = await (await postJson(hub.url, now(exampleFor('diagnosticreport-open', topic)))).json();
    const versionId = open.event.event['context.versionId'];
    await postJson(
      hub.url,
      exampleFor('diagnosticreport-update-1', topic, { 'context.versionId': versionId }),
    );
    await postJson(hub.url, now(exampleFor('diagnosticreport-select', topic)));
    await postJson(hub.url, now(exampleFor('encounter-open', topic)));
    await waitFor(() => expect(screen.getByTestId('current').textContent).toBe('Encounter'));
    // Another patient, published last, arrives after all of that traffic: the only render since the first
    // patient must be the one for it.
    const otherPatient = now(exampleFor('patient-open', topic));
    const patientItem = otherPatient.event.context[0] as { resource: { id: string } };
    patientItem.resource = { ...patientItem.resource, id: 'another-patient' };
    await postJson(hub.url, otherPatient);
    await waitFor(() => expect(renders.slice(afterOpen)).toEqual(['another-patient']));
  });
});
