/**
 * What a team would use instead of the kit, for the same-run comparisons in the event-to-screen and
 * sustained-rate benchmarks: a hand-written React subscriber (fetch + WebSocket in a `useEffect`,
 * `JSON.parse`, `setState`, the `{id, status}` ack) and Medplum's `MedplumClient` FHIRcast connection
 * feeding React state. Both render the same banner markup as `PatientBanner` (the name and a polite live
 * region), so the figures differ only by what each does between the frame and the screen.
 */
import { MedplumClient } from '@medplum/core';
import type { Patient } from '@medplum/fhirtypes';
import { type ReactNode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { subscribe } from './subscribe.ts';

type Frame = {
  id?: string;
  'hub.mode'?: string;
  event?: {
    'hub.event'?: string;
    'context.versionId'?: string;
    context?: { key: string; resource?: Record<string, unknown> }[];
  };
};
type Entry = {
  request?: { method?: string; url?: string };
  resource?: { resourceType?: string; id?: string };
};

const nameOf = (patient: Patient | undefined) =>
  patient?.name?.[0]
    ? [...(patient.name[0].given ?? []), patient.name[0].family].join(' ').trim()
    : undefined;

/** The banner markup both alternatives render: as `PatientBanner` does, the name and a polite live region. */
function Banner({ patient }: { patient: Patient | undefined }): ReactNode {
  const name = nameOf(patient);
  return (
    <section aria-label="Patient" className="rfc-patient-banner">
      {name ? <p className="rfc-patient-banner__name">{name}</p> : <p>No patient in context</p>}
      <p role="status" className="rfc-visually-hidden">
        {name ? `Patient in context: ${name}` : 'No patient in context'}
      </p>
    </section>
  );
}

/** Resolves once a hand-written subscriber's socket has had the hub's confirmation. */
type Ready = () => void;

/** What a team writes without the kit: subscribe, open the socket, parse, set state, acknowledge. */
function HandWrittenBanner({ hubUrl, topic, ready }: { hubUrl: string; topic: string; ready: Ready }) {
  const [patient, setPatient] = useState<Patient>();
  useEffect(() => {
    let socket: WebSocket | undefined;
    let stopped = false;
    subscribe(hubUrl, topic, 'Patient-open').then((endpoint) => {
      if (stopped) return;
      socket = new WebSocket(endpoint);
      socket.onmessage = (message) => {
        const frame = JSON.parse(message.data) as Frame;
        if (frame['hub.mode'] === 'subscribe') ready();
        if (!frame.event || !frame.id) return;
        const item = frame.event.context?.find((entry) => entry.key === 'patient');
        if (frame.event['hub.event'] === 'Patient-open' && item?.resource)
          setPatient(item.resource as unknown as Patient);
        socket?.send(JSON.stringify({ id: frame.id, status: 200 }));
      };
    });
    return () => {
      stopped = true;
      socket?.close();
    };
  }, [hubUrl, topic, ready]);
  return <Banner patient={patient} />;
}

/** Medplum's client as its documentation shows it: subscribe, connect, and set state on each message. */
function MedplumBanner({ origin, topic, ready }: { origin: string; topic: string; ready: Ready }) {
  const [patient, setPatient] = useState<Patient>();
  useEffect(() => {
    const medplum = new MedplumClient({ baseUrl: `${origin}/` });
    let disconnect: (() => void) | undefined;
    let stopped = false;
    medplum.fhircastSubscribe(topic, ['Patient-open']).then((request) => {
      if (stopped) return;
      const connection = medplum.fhircastConnect(request);
      connection.addEventListener('connect', () => ready());
      connection.addEventListener('message', (event) => {
        const item = event.payload.event.context.find((entry) => entry.key === 'patient');
        if (item && 'resource' in item && item.resource) setPatient(item.resource as unknown as Patient);
      });
      disconnect = () => connection.disconnect();
    });
    return () => {
      stopped = true;
      disconnect?.();
    };
  }, [origin, topic, ready]);
  return <Banner patient={patient} />;
}

type Content = Map<
  string,
  { resourceType?: string; id?: string; code?: { text?: string } } & Record<string, unknown>
>;

/**
 * The hand-written counterpart of banner + ReportPanel + EventLog for the sustained rate: follows a
 * report's updates, applies each bundle's PUTs and DELETEs to a map of content, renders the list and the
 * versionId, and acknowledges every event. Subscribes again when the hub ends the subscription, as the kit does.
 */
function HandWrittenReport({ hubUrl, topic, ready }: { hubUrl: string; topic: string; ready: Ready }) {
  const [content, setContent] = useState<Content>(new Map());
  const [versionId, setVersionId] = useState<string>();
  useEffect(() => {
    let socket: WebSocket | undefined;
    let stopped = false;
    const start = () =>
      subscribe(hubUrl, topic, 'DiagnosticReport-open,DiagnosticReport-update').then((endpoint) => {
        if (stopped) return;
        socket = new WebSocket(endpoint);
        socket.onclose = () => !stopped && start();
        socket.onmessage = (message) => {
          const frame = JSON.parse(message.data) as Frame;
          if (frame['hub.mode'] === 'subscribe') ready();
          if (!frame.event || !frame.id) return;
          const updates = frame.event.context?.find((entry) => entry.key === 'updates')?.resource as
            | { entry?: Entry[] }
            | undefined;
          if (updates?.entry) {
            setContent((held) => {
              const next = new Map(held);
              for (const entry of updates.entry ?? []) {
                const key = entry.resource
                  ? `${entry.resource.resourceType}/${entry.resource.id}`
                  : entry.request?.url;
                if (!key) continue;
                if (entry.request?.method === 'DELETE') next.delete(key);
                else if (entry.resource) next.set(key, entry.resource);
              }
              return next;
            });
          }
          setVersionId(frame.event['context.versionId']);
          socket?.send(JSON.stringify({ id: frame.id, status: 200 }));
        };
      });
    start();
    return () => {
      stopped = true;
      socket?.close();
    };
  }, [hubUrl, topic, ready]);
  return (
    <section aria-label="Report">
      <p>{versionId}</p>
      <ul>
        {[...content].map(([key, resource]) => (
          <li key={key}>
            {resource.code?.text ?? key}: {JSON.stringify(resource.valueQuantity ?? resource.valueInteger)}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Mounts `render(ready)` in a new element `id`; resolves once the subscriber it renders is confirmed. */
function mount(id: string, render: (ready: Ready) => ReactNode): Promise<void> {
  const root = document.createElement('div');
  root.id = id;
  document.body.append(root);
  return new Promise((resolve) => createRoot(root).render(render(resolve)));
}

export const alternatives = {
  /** The hand-written React banner on `topic`, in `#hand`. */
  startHand: (hubUrl: string, topic: string) =>
    mount('hand', (ready) => <HandWrittenBanner hubUrl={hubUrl} topic={topic} ready={ready} />),
  /** Medplum's client feeding the banner on `topic`, in `#medplum`; `origin` is the hub's origin (its baseUrl). */
  startMedplum: (origin: string, topic: string) =>
    mount('medplum', (ready) => <MedplumBanner origin={origin} topic={topic} ready={ready} />),
  /** The hand-written report list on `topic`, in `#rate-hand`. */
  startRateHand: (hubUrl: string, topic: string) =>
    mount('rate-hand', (ready) => <HandWrittenReport hubUrl={hubUrl} topic={topic} ready={ready} />),
};
