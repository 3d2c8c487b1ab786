import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createFhircastClient } from '../../src/core/client.ts';
import type { RequestInfo } from '../../src/core/http.ts';
import type { EventContext } from '../../src/core/typed.ts';
import { type RunningHub, startHub } from '../../src/hub/index.ts';
import { waitForState } from '../core/store-helpers.ts';
import { specExample } from '../fixtures/spec.ts';

const TOKEN = 'super-secret-token-4f1c9a';
const WRONG_TOKEN = 'another-secret-token-77b2e0';
const TOPIC = 'topic-secret-2d7e1c9b-5a4f-4e0b-9a61-0c3f7b2e9d18';

describe('secrets never leak', () => {
  let hub: RunningHub;
  const printed: string[] = [];
  beforeAll(async () => {
    hub = await startHub({ tokens: [TOKEN] });
  });
  afterAll(() => hub.close());
  afterEach(() => vi.restoreAllMocks());

  function capture() {
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        printed.push(args.map(String).join(' '));
      });
    }
  }

  it('keeps the bearer token out of URLs, the event log, errors, hooks and the console, and shortens the topic', async () => {
    capture();
    const urls: string[] = [];
    const requests: RequestInfo[] = [];
    const recordingFetch: typeof fetch = (input, init) => {
      urls.push(String(input));
      return fetch(input, init);
    };
    const make = (token: string, hubUrl = hub.url) =>
      createFhircastClient({
        hubUrl,
        topic: TOPIC,
        events: ['Patient-open', 'DiagnosticReport-open', 'DiagnosticReport-update', 'syncerror'],
        token,
        fetch: recordingFetch,
        onRequest: (info) => requests.push(info),
        backoff: { steps: [20], jitter: 0 },
      });
    const errors: unknown[] = [];
    const app = make(TOKEN);
    app.connect();
    await waitForState(app.store, (s) => s.status === 'connected');
    const open = specExample('diagnosticreport-open').event.context as EventContext<'DiagnosticReport-open'>;
    await app.publish('DiagnosticReport-open', open);
    const update = specExample('diagnosticreport-update-1').event
      .context as EventContext<'DiagnosticReport-update'>;
    await app.publish('DiagnosticReport-update', update, { versionId: 'stale' }).catch((e) => errors.push(e));
    await app.publish('Patient-open', []).catch((e) => errors.push(e));

    const intruder = make(WRONG_TOKEN);
    intruder.connect();
    const refused = await waitForState(intruder.store, (s) => s.status === 'unauthorized');
    expect(refused.reason).toContain('HTTP 401');
    printed.push(String(refused.reason));
    await intruder.publish('Patient-open', []).catch((e) => errors.push(e));
    const patient = specExample('patient-open').event.context as EventContext<'Patient-open'>;
    await intruder.publish('Patient-open', patient).catch((e) => errors.push(e));

    const unreachable = make(TOKEN, 'http://127.0.0.1:9/api/hub');
    unreachable.connect();
    await waitForState(unreachable.store, (s) => s.status === 'reconnecting');
    await unreachable.publish('Patient-open', patient).catch((e) => errors.push(e));
    await Promise.all([app.disconnect(), intruder.disconnect(), unreachable.disconnect()]);

    expect(errors).toHaveLength(5);
    // What the kit reports: hooks, console, errors, reasons and the event log. (The topic is in URLs by
    // protocol: GET {hub.url}/{topic}.)
    const reported = JSON.stringify({
      requests,
      printed,
      errors: errors.map((e) => `${(e as Error).message}\n${(e as Error).stack}`),
      states: [app, intruder, unreachable].map((client) => {
        const { reason, log, lastSyncError } = client.store.getState();
        return { reason, log, lastSyncError };
      }),
    });
    for (const secret of [TOKEN, WRONG_TOKEN]) {
      expect(reported.includes(secret)).toBe(false);
      expect(urls.some((url) => url.includes(secret))).toBe(false);
    }
    expect(reported.includes(TOPIC)).toBe(false);
    expect(requests.some((info) => info.url.includes(`${TOPIC.slice(0, 4)}…`))).toBe(true);
  });
});
