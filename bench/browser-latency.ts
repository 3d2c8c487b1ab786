/**
 * In Chromium: event → screen latency against a hand-written React subscriber, Medplum's client and bare
 * WebSockets in the same page, render counts, and heap after 1,000 versus 100,000 events. The real
 * development hub sends real WebSocket frames.
 */
import { chromium, type Page } from 'playwright';
import { CHROMIUM_ARGS, findChromium } from '../scripts/chromium.ts';
import { type RunningHub, startHub } from '../src/hub/server.ts';
import type { FhircastNotification } from '../src/protocol/types.ts';
import { callBench as call, putUpdate, servePage } from './page-server.ts';
import { type BenchRow, markdownTable } from './report.ts';

const EVENTS = 1000;
type Bench = Record<string, (...args: unknown[]) => unknown>;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

const patientOpen = (topic: string, family: string): FhircastNotification => ({
  timestamp: new Date().toISOString(),
  id: `${topic}-${family}-${Math.random()}`,
  event: {
    'hub.topic': topic,
    'hub.event': 'Patient-open',
    context: [{ key: 'patient', resource: { resourceType: 'Patient', id: family, name: [{ family }] } }],
  },
});

/**
 * A clock this process and the page share, in the page's terms (ms since its navigation start). Each
 * process's `timeOrigin + performance.now()` is its own estimate of the wall clock, and two such estimates
 * differed here by up to 0.6 ms, as much as the latencies measured (a run even came out negative). Both
 * processes count on the system's monotonic clock, though, and CDP reports the page's navigation start on
 * it. The clock is checked: each reading of the page's clock must fall between this process's readings
 * just before and after it; `offset` is the interval that leaves for any difference between the two.
 */
async function sharedClock(page: Page): Promise<{ pageTime: () => number; offset: [number, number] }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  const navigationStart = metrics.find((metric) => metric.name === 'NavigationStart')?.value;
  if (navigationStart === undefined)
    throw new Error('event-to-screen benchmark: CDP reported no NavigationStart');
  const pageTime = () => Number(process.hrtime.bigint()) / 1e6 - navigationStart * 1000;
  let low = Number.NEGATIVE_INFINITY;
  let high = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 200; i++) {
    const before = pageTime();
    const reading = (await page.evaluate(() => performance.now())) as number;
    const after = pageTime();
    low = Math.max(low, reading - after);
    high = Math.min(high, reading - before);
  }
  // 0.01 ms: the page's clock is coarsened to 5 µs even when cross-origin isolated.
  if (low > 0.01 || high < -0.01) {
    throw new Error(
      `event-to-screen benchmark: the page's clock is ${low.toFixed(3)}–${high.toFixed(3)} ms off this process's monotonic clock`,
    );
  }
  return { pageTime, offset: [low, high] };
}

/** The subscribers timed against each other, each on its own topic: `shows` is the page's watcher. */
const CONTENDERS = [
  ['kit', 'kitShows'],
  ['hand', 'handShows'],
  ['medplum', 'medplumShows'],
  ['baseline', 'baselineShows'],
  ['baseline-ack', 'baselineShows'],
] as const;
type Contender = (typeof CONTENDERS)[number][0];

async function latency(page: Page, hub: RunningHub): Promise<BenchRow[]> {
  const times = Object.fromEntries(CONTENDERS.map(([topic]) => [topic, [] as number[]])) as Record<
    Contender,
    number[]
  >;
  const clock = await sharedClock(page);
  const [low, high] = clock.offset;
  for (let i = 0; i < EVENTS; i++) {
    // Each event goes to every contender in turn, starting with a different one each time.
    for (let k = 0; k < CONTENDERS.length; k++) {
      const [topic, shows] = CONTENDERS[(i + k) % CONTENDERS.length] as (typeof CONTENDERS)[number];
      const family = `${topic}-family${i}`;
      const shown = call(page, shows, family) as Promise<number>;
      await page.evaluate(() => 0);
      const sent = clock.pageTime();
      hub.hub.publish(patientOpen(topic, family));
      times[topic].push((await shown) - sent);
    }
  }
  const kit = times.kit;
  const note =
    `${EVENTS} events each, interleaved, real hub and sockets; banner alone in each; times on the ` +
    `monotonic clock the page and the hub share (checked over CDP, which can only bound a difference by ` +
    `its round trip: ${low.toFixed(2)} to ${high.toFixed(2)} ms)`;
  const against = (p: number, other: Contender, name: string, bound?: number): BenchRow => {
    const value = percentile(kit, p);
    const base = percentile(times[other], p);
    return {
      group: 'Event to screen',
      metric: `hub sends Patient-open → PatientBanner shows the name, p${p}, against ${name}`,
      value,
      unit: 'ms',
      baseline: { name, value: base },
      ...(bound === undefined
        ? { note: 'informative' }
        : { target: `≤ ${bound}× baseline`, met: value <= bound * base, note }),
    };
  };
  const hand = 'hand-written React (useEffect, WebSocket, JSON.parse, setState, ack)';
  const medplum = "Medplum's MedplumClient FHIRcast connection feeding React state";
  return [
    against(50, 'hand', hand, 1.15),
    against(99, 'hand', hand, 1.3),
    against(50, 'medplum', medplum, 1.0),
    against(99, 'medplum', medplum, 1.0),
    against(50, 'baseline', 'bare WebSocket writing the name into the DOM'),
    against(99, 'baseline', 'bare WebSocket writing the name into the DOM'),
    against(50, 'baseline-ack', 'bare WebSocket writing the name, then acking'),
    against(99, 'baseline-ack', 'bare WebSocket writing the name, then acking'),
  ];
}

/** Waits until the page's client holds the hub's current versionId: every update sent so far is applied. */
async function caughtUp(page: Page, hub: RunningHub): Promise<void> {
  const versionId = hub.hub.currentContext('kit')['context.versionId'];
  await page.waitForFunction(
    (v) => (window as unknown as { bench: Bench }).bench.versionId?.() === v,
    versionId,
  );
}

async function renderCost(page: Page, hub: RunningHub): Promise<BenchRow[]> {
  const report = {
    resourceType: 'DiagnosticReport',
    id: 'r1',
    status: 'preliminary',
    subject: { reference: 'Patient/stable' },
  };
  const patient = { resourceType: 'Patient', id: 'stable', name: [{ family: 'Stable' }] };
  hub.hub.publish({
    timestamp: new Date().toISOString(),
    id: 'report-open',
    event: {
      'hub.topic': 'kit',
      'hub.event': 'DiagnosticReport-open',
      context: [
        { key: 'report', resource: report },
        { key: 'patient', resource: patient },
      ],
    },
  });
  await page.waitForFunction(() => document.getElementById('kit')?.textContent?.includes('Stable'));
  const before = (await call(page, 'bannerRenders')) as number;
  for (let i = 0; i < EVENTS; i++) {
    const versionId = hub.hub.currentContext('kit')['context.versionId'] as string;
    const update = i % 2 === 0;
    hub.hub.publish({
      timestamp: new Date().toISOString(),
      id: `noise-${i}`,
      event: {
        'hub.topic': 'kit',
        'hub.event': update ? 'DiagnosticReport-update' : 'DiagnosticReport-select',
        ...(update ? { 'context.versionId': versionId } : {}),
        context: [
          { key: 'report', reference: { reference: 'DiagnosticReport/r1' } },
          update
            ? putUpdate({
                resourceType: 'Observation',
                id: `o${i % 20}`,
                status: 'preliminary',
                valueInteger: i,
              })
            : { key: 'select', reference: { reference: `Observation/o${(i - 1) % 20}` } },
        ],
      },
    });
    if (update && (i % 100 === 98 || i === EVENTS - 2)) await caughtUp(page, hub);
  }
  await page.waitForTimeout(200);
  const noiseRenders = ((await call(page, 'bannerRenders')) as number) - before;
  const beforePatients = (await call(page, 'bannerRenders')) as number;
  for (let i = 0; i < 100; i++) {
    const family = `Render${i}`;
    const shown = call(page, 'kitShows', family);
    hub.hub.publish(patientOpen('kit', family));
    await shown;
  }
  await page.waitForTimeout(100);
  const perPatient = (((await call(page, 'bannerRenders')) as number) - beforePatients) / 100;
  return [
    {
      group: 'Render cost',
      metric: `PatientBanner renders during ${EVENTS} update/select events`,
      value: noiseRenders,
      unit: 'renders',
      target: '0',
      met: noiseRenders === 0,
    },
    {
      group: 'Render cost',
      metric: 'PatientBanner renders per Patient-open of a new patient',
      value: perPatient,
      unit: 'renders',
      target: '1',
      met: perPatient === 1,
      note: '100 patients; ReportPanel and EventLog mounted too',
    },
  ];
}

async function memory(page: Page, hub: RunningHub, total: number): Promise<BenchRow> {
  // Uncaught errors are kept, with their stacks, by the DevTools console that Playwright enables, so a page that throws
  // grows its heap through them: they are counted, and a run with any does not meet the target.
  const pageErrors: string[] = [];
  const onPageError = (error: Error) => pageErrors.push(error.message);
  page.on('pageerror', onPageError);
  const cdp = await page.context().newCDPSession(page);
  const heap = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  };
  const send = async (count: number, offset: number) => {
    for (let i = 0; i < count; i++) {
      hub.hub.publish(patientOpen('kit', `Mem${offset + i}`));
      if (i % 250 === 249) {
        const target = offset + i;
        await page.waitForFunction(
          (t) => document.getElementById('kit')?.textContent?.includes(`Mem${t}`),
          target,
          { timeout: 60_000 },
        );
      }
    }
    await page.waitForFunction(
      (t) => document.getElementById('kit')?.textContent?.includes(`Mem${t}`),
      offset + count - 1,
      { timeout: 60_000 },
    );
  };
  await send(1000, 0);
  const after1k = await heap();
  await send(total - 1000, 1000);
  const afterAll = await heap();
  page.off('pageerror', onPageError);
  const errors =
    pageErrors.length === 0 ? '' : `; ${pageErrors.length} uncaught page errors: ${pageErrors[0]}`;
  return {
    group: 'Memory',
    metric: `JS heap after ${total.toLocaleString('en')} events minus after 1,000`,
    value: Math.round((afterAll - after1k) / 1024),
    unit: 'KiB',
    target: '≤ 2048 KiB (flat), no page errors',
    met: afterAll - after1k <= 2 * 1024 * 1024 && pageErrors.length === 0,
    note: `${(after1k / 2 ** 20).toFixed(1)} MiB after 1,000; EventLog mounted, log bounded at 300${errors}`,
  };
}

/** Every in-browser figure, in one Chromium, against the development hub. */
export async function browserBenchmark(): Promise<BenchRow[]> {
  const hub = await startHub({ ackTimeoutMs: 600_000 });
  const { server, origin } = await servePage('page');
  const launch = await findChromium();
  const browser = await chromium.launch({
    executablePath: launch.executablePath,
    args: CHROMIUM_ARGS,
    env: { ...process.env, ...launch.env } as Record<string, string>,
  });
  try {
    const page = await browser.newPage();
    await page.goto(origin);
    await page.waitForFunction(() => 'bench' in window);
    await call(page, 'startKit', hub.url, 'kit');
    await call(page, 'startBaseline', hub.url, 'baseline');
    await call(page, 'startBaseline', hub.url, 'baseline-ack', true);
    await call(page, 'startHand', hub.url, 'hand');
    await call(page, 'startMedplum', hub.origin, 'medplum');
    const total = Number(process.env.BENCH_MEMORY_EVENTS ?? 100_000);
    const rows = await latency(page, hub);
    await call(page, 'mountExtras');
    return [...rows, ...(await renderCost(page, hub)), await memory(page, hub, total)];
  } finally {
    await browser.close();
    server.close();
    await hub.close();
  }
}

if (import.meta.main) console.log(markdownTable(await browserBenchmark()));
