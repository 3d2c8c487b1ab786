import type { ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { EventLog } from '../../src/components/EventLog/index.ts';
import { PatientBanner } from '../../src/components/PatientBanner/index.ts';
import { ReportPanel } from '../../src/components/ReportPanel/index.ts';
import { createFhircastClient, type FhircastClient } from '../../src/core/client.ts';
import { FhircastProvider } from '../../src/react/FhircastProvider.tsx';
import { useFhircastPatient } from '../../src/react/useFhircastPatient.ts';
import { alternatives } from './alternatives.tsx';
import { subscribe } from './subscribe.ts';

/**
 * The page's clock for the latency benchmark: ms since navigation start, on the system's monotonic clock (the
 * benchmark adds the navigation start it reads over CDP to compare with its own). The page is served
 * cross-origin isolated, so this has 5 µs resolution rather than 100 µs.
 */
const now = () => performance.now();
let bannerRenders = 0;
let client: FhircastClient | undefined;

/** Resolves with the time `text` first appears inside `root`. */
function whenShown(root: HTMLElement, text: string): Promise<number> {
  return new Promise((resolve) => {
    if (root.textContent?.includes(text)) return resolve(now());
    const observer = new MutationObserver(() => {
      if (!root.textContent?.includes(text)) return;
      observer.disconnect();
      resolve(now());
    });
    observer.observe(root, { childList: true, subtree: true, characterData: true });
  });
}

/**
 * PatientBanner, counted: this wrapper reads the same slice with the same hook, so it renders exactly when
 * the banner's subscription makes it render (React's Profiler is inert in production builds).
 */
function CountedBanner(): ReactNode {
  useFhircastPatient();
  bannerRenders++;
  return <PatientBanner />;
}

const kitRoot = document.getElementById('kit') as HTMLElement;
let kitReact: ReturnType<typeof createRoot> | undefined;

function renderKit(extras: boolean): void {
  kitReact?.render(
    <FhircastProvider client={client as FhircastClient}>
      <CountedBanner />
      {extras && <ReportPanel />}
      {extras && <EventLog maxRows={50} />}
    </FhircastProvider>,
  );
}
const baselineRoot = document.getElementById('baseline') as HTMLElement;

const bench = {
  /** Mounts the kit on `topic`: a provider and a PatientBanner. */
  async startKit(hubUrl: string, topic: string): Promise<void> {
    client = createFhircastClient({
      hubUrl,
      topic,
      events: ['Patient-open', 'DiagnosticReport-open', 'DiagnosticReport-update', 'DiagnosticReport-select'],
      subscriberName: 'bench kit',
    });
    kitReact = createRoot(kitRoot);
    renderKit(false);
    await new Promise<void>((resolve) => {
      const check = () => client?.store.getState().status === 'connected' && resolve();
      client?.store.subscribe(check);
      check();
    });
  },
  /**
   * A bare WebSocket on `topic` whose onmessage writes the patient's family name into a DOM node and, with
   * `acks`, then acknowledges the event as every FHIRcast subscriber must.
   */
  async startBaseline(hubUrl: string, topic: string, acks = false): Promise<void> {
    const endpoint = await subscribe(hubUrl, topic, 'Patient-open');
    const node = document.createElement('p');
    baselineRoot.append(node);
    await new Promise<void>((resolve) => {
      const socket = new WebSocket(endpoint);
      socket.onmessage = (event) => {
        const frame = JSON.parse(event.data);
        if (frame['hub.mode'] === 'subscribe') resolve();
        const family = frame.event?.context?.[0]?.resource?.name?.[0]?.family;
        if (family) node.textContent = family;
        if (acks && frame.id)
          socket.send(JSON.stringify({ id: frame.id, timestamp: new Date().toISOString(), status: 200 }));
      };
    });
  },
  /** Adds ReportPanel and EventLog beside the banner (the latency run measures the banner alone). */
  mountExtras: () => renderKit(true),
  kitShows: (text: string) => whenShown(kitRoot, text),
  baselineShows: (text: string) => whenShown(baselineRoot, text),
  bannerRenders: () => bannerRenders,
  /** Sequence number of the newest event-log entry: how far the client has got. */
  seq: () => client?.store.getState().log.at(-1)?.seq ?? 0,
  versionId: () => client?.store.getState().versionId,
};

(window as unknown as { bench: typeof bench }).bench = bench;

// The alternatives a team would use instead (bench/page/alternatives.tsx), each watched as the kit is.
const shownIn = (id: string) => (text: string) => whenShown(document.getElementById(id) as HTMLElement, text);
Object.assign(bench, alternatives, { handShows: shownIn('hand'), medplumShows: shownIn('medplum') });

// Sustained rate (bench/sustained-rate.ts): a second kit on its own topic with PatientBanner, ReportPanel
// and EventLog mounted; a bare WebSocket that acknowledges every event as the baseline; the page's long
// tasks (every main-thread task over 50 ms, which is what Chromium reports as a long task).

/** One long task: start (page clock) and duration, in ms. */
interface LongTask {
  start: number;
  duration: number;
}
const longTasks: LongTask[] = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) longTasks.push({ start: entry.startTime, duration: entry.duration });
}).observe({ type: 'longtask', buffered: true });

let rateClient: FhircastClient | undefined;

const rateBench = {
  /** Mounts a kit on `topic` with PatientBanner, ReportPanel and EventLog; resolves once connected. */
  async startRate(hubUrl: string, topic: string): Promise<void> {
    const client = createFhircastClient({
      hubUrl,
      topic,
      events: ['DiagnosticReport-open', 'DiagnosticReport-update'],
      subscriberName: 'bench rate kit',
    });
    rateClient = client;
    const root = document.createElement('div');
    root.id = 'rate';
    document.body.append(root);
    createRoot(root).render(
      <FhircastProvider client={client}>
        <PatientBanner />
        <ReportPanel />
        <EventLog maxRows={50} />
      </FhircastProvider>,
    );
    await new Promise<void>((resolve) => {
      const check = () => client.store.getState().status === 'connected' && resolve();
      client.store.subscribe(check);
      check();
    });
  },
  /** The rate kit's versionId: equal to the hub's once every update sent so far is applied. */
  rateVersionId: () => rateClient?.store.getState().versionId,
  /**
   * A bare WebSocket on `topic`, subscribed to DiagnosticReport-update, whose onmessage parses the frame,
   * writes the event's versionId into a DOM node and acknowledges the event with status 200.
   */
  async startRateBaseline(hubUrl: string, topic: string): Promise<void> {
    const endpoint = await subscribe(hubUrl, topic, 'DiagnosticReport-update');
    const node = document.createElement('p');
    document.body.append(node);
    await new Promise<void>((resolve) => {
      const socket = new WebSocket(endpoint);
      // A hub that ended the subscription (three events unacknowledged) gets a new one, as the kit's does.
      socket.onclose = () => void rateBench.startRateBaseline(hubUrl, topic);
      socket.onmessage = (event) => {
        const frame = JSON.parse(event.data);
        if (frame['hub.mode'] === 'subscribe') resolve();
        if (!frame.event || typeof frame.id !== 'string') return;
        node.textContent = frame.event['context.versionId'] ?? '';
        socket.send(JSON.stringify({ id: frame.id, status: 200 }));
      };
    });
  },
  /** The long tasks seen since the last reset. */
  longTasks: (): LongTask[] => [...longTasks],
  resetLongTasks: () => {
    longTasks.length = 0;
  },
};

Object.assign(bench, rateBench);
