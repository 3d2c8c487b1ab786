import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createFhircastClient } from '../../src/core/client.ts';
import type { RequestInfo } from '../../src/core/http.ts';
import { type RunningHub, startHub } from '../../src/hub/index.ts';
import type { EventContext } from '../../src/protocol/typed.ts';
import { specExample, syncErrorAbout } from '../fixtures/spec.ts';
import { createFakeHub } from '../support/fake-hubs.ts';
import type { FakeSocket } from '../support/fake-sockets.ts';
import { type FetchCall, json } from '../support/recorded-fetch.ts';
import { waitForState } from '../support/store.ts';

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

describe('a hub that echoes the Authorization header', () => {
  const ECHO_TOPIC = 'topic-echo-7c1d2e9a4b';
  const STATIC_TOKEN = 'static-secret-token-3e8a1f';
  const rotating = ['rotating-secret-token-1a2b', 'rotating-secret-token-3c4d'];

  /** An error answer that repeats the caller's credentials back, as some proxies and hubs do. */
  const echo = (status: number, call: FetchCall) =>
    json(status, {
      error: 'invalid_token',
      authorization: call.authorization,
      detail: `token ${call.authorization?.replace(/^Bearer /, '')} is not valid here`,
    });

  /** The same clinical example for every publish. */
  const patient = () => specExample('patient-open').event.context as EventContext<'Patient-open'>;

  it('keeps the token out of status reasons, the event log, sync errors and every thrown error', async () => {
    const errors: unknown[] = [];
    const keep = (e: unknown) => void errors.push(e);

    // A hub that refuses everything from this client, echoing its token.
    const refusing = createFakeHub(ECHO_TOPIC, {
      intercept: (call) => echo(call.form ? 401 : 403, call),
    });
    const refused = createFhircastClient({
      hubUrl: refusing.url,
      topic: ECHO_TOPIC,
      events: ['Patient-open'],
      token: STATIC_TOKEN,
      fetch: refusing.fetch,
      WebSocket: refusing.WebSocket,
    });
    refused.connect();
    const unauthorized = await waitForState(refused.store, (s) => s.status === 'unauthorized');
    expect(unauthorized.reason).toBe(
      'subscribe failed: HTTP 401: {"error":"invalid_token","authorization":"Bearer [redacted]","detail":"token [redacted] is not valid here"}',
    );
    await refused.publish('Patient-open', patient()).catch(keep);
    await refused.getContext().catch(keep);
    await refused.resync().catch(keep);
    await refused.discover().catch(keep);

    // A hub that accepts a client with a refreshing token, then echoes the token in frames.
    let issued = 0;
    const echoing = createFakeHub(ECHO_TOPIC, {
      intercept: (call) =>
        call.method === 'GET' && call.url.endsWith(ECHO_TOPIC) ? echo(401, call) : undefined,
    });
    const accepted = createFhircastClient({
      hubUrl: echoing.url,
      topic: ECHO_TOPIC,
      events: ['Patient-open', 'syncerror'],
      getToken: () => rotating[Math.min(issued++, rotating.length - 1)],
      fetch: echoing.fetch,
      WebSocket: echoing.WebSocket,
    });
    accepted.connect();
    await waitForState(accepted.store, (s) => s.status === 'connected');
    const publishing = accepted.publish('Patient-open', patient(), { id: 'echoed-publish' }).catch(keep);
    await waitForState(accepted.store, (s) => s.log.some((entry) => entry.id === 'echoed-publish'));
    const hubSocket = echoing.sockets[0] as FakeSocket;
    const diagnostics = `rejected Bearer ${rotating[1]} and ${rotating[0]}`;
    hubSocket.message(syncErrorAbout(ECHO_TOPIC, 'echoed-publish', diagnostics));
    await publishing;
    await accepted.getContext().catch(keep);
    hubSocket.message({
      'hub.mode': 'denied',
      'hub.topic': ECHO_TOPIC,
      'hub.reason': `revoked ${rotating[1]}`,
    });
    await waitForState(accepted.store, (s) => s.status === 'reconnecting');

    expect(errors).toHaveLength(6);
    expect(accepted.store.getState().lastSyncError?.diagnostics).toBe(
      'rejected Bearer [redacted] and [redacted]',
    );
    const reported = JSON.stringify({
      errors: errors.map((e) => `${(e as Error).message}\n${(e as Error).stack}`),
      states: [refused, accepted].map((client) => {
        const { reason, log, lastSyncError } = client.store.getState();
        return { reason, log, lastSyncError };
      }),
    });
    for (const token of [STATIC_TOKEN, ...rotating]) expect(reported).not.toContain(token);
    expect(reported).toContain('[redacted]');
    await Promise.all([refused.disconnect(), accepted.disconnect()]);
  });
});
