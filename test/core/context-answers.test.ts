import { describe, expect, it } from 'vitest';
import type { FhircastClient } from '../../src/core/client.ts';
import type { FhircastClientOptions } from '../../src/core/options.ts';
import { deepExtensionOpen, patientOpen } from '../fixtures/hostile-frames.ts';
import { clientsForEachTest } from '../support/clients.ts';
import { installFakeClock, ON_FAKE_TIME, tick } from '../support/clock.ts';
import { createFakeHub } from '../support/fake-hubs.ts';
import { json } from '../support/recorded-fetch.ts';

const TOPIC = 'topic-answers-0001';

installFakeClock();
const { clientFor } = clientsForEachTest({
  topic: TOPIC,
  events: ['Patient-open', 'Patient-close'],
  ...ON_FAKE_TIME,
});

/** A client of a fake hub that answers get-context with `answers` in turn, the last one from then on. */
function clientOfHubAnswering(answers: (() => Response)[], options: Partial<FhircastClientOptions> = {}) {
  let served = 0;
  const hub = createFakeHub(TOPIC, {
    intercept: (call) => {
      if (call.method !== 'GET') return undefined;
      const answer = answers[Math.min(served++, answers.length - 1)] as () => Response;
      return answer();
    },
  });
  return { hub, client: clientFor(hub, options) };
}

/** A current-context answer holding the context of a Patient-open. */
const contextOf = (open: { event: { context: unknown } }) =>
  json(200, { 'context.type': 'Patient', context: open.event.context });

const resyncNotes = (client: FhircastClient) =>
  client.store
    .getState()
    .log.filter((entry) => entry.name === 'resync')
    .map((entry) => entry.note);

describe('answers to get-context the client cannot use', () => {
  it('takes an answer nested deeper than 100 levels as a failed fetch, and fetches again after a backoff step', async () => {
    const deep = JSON.parse(deepExtensionOpen(TOPIC, 'deep', 200));
    const { client } = clientOfHubAnswering([
      () => contextOf(deep),
      () => contextOf(patientOpen(TOPIC, 'fine', 'a', 'Able')),
    ]);
    client.connect();
    await tick(0);
    expect(client.store.getState()).toMatchObject({ status: 'connected', current: undefined });
    expect(resyncNotes(client)).toEqual([
      'FhircastError: get context failed: the answer nests deeper than 100 levels; trying again',
    ]);
    await tick(250);
    expect(client.store.getState().anchors.Patient?.ref).toBe('Patient/a');
  });

  it('takes an answer longer than maxMessageLength as a failed fetch, and fetches again after a backoff step', async () => {
    // Padded with the topic, which messages shorten: the limit applies to the answer as it came.
    const long = patientOpen(TOPIC, 'long', 'l', TOPIC.repeat(60));
    const { client } = clientOfHubAnswering(
      [() => contextOf(long), () => contextOf(patientOpen(TOPIC, 'fine', 'a', 'Able'))],
      { maxMessageLength: 1000 },
    );
    client.connect();
    await tick(0);
    expect(client.store.getState()).toMatchObject({ status: 'connected', current: undefined });
    expect(resyncNotes(client)).toEqual([
      'FhircastError: get context failed: the answer is longer than maxMessageLength (1000 characters); trying again',
    ]);
    await tick(250);
    expect(client.store.getState().anchors.Patient?.ref).toBe('Patient/a');
  });

  it('takes an HTML error page answered with 200 as a failed fetch, never as an empty context', async () => {
    const page = '<!doctype html><html><body><h1>502 Bad Gateway</h1></body></html>';
    const { client } = clientOfHubAnswering([
      () => contextOf(patientOpen(TOPIC, 'first', 'a', 'Able')),
      () => new Response(page, { status: 200, headers: { 'content-type': 'text/html' } }),
      () => contextOf(patientOpen(TOPIC, 'later', 'b', 'Baker')),
    ]);
    client.connect();
    await tick(0);
    expect(client.store.getState().anchors.Patient?.ref).toBe('Patient/a');

    const error = await client.resync().catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'FhircastError',
      status: 200,
      message: `get context failed: the answer is neither empty nor a JSON object or array (${page})`,
    });
    expect(client.store.getState()).toMatchObject({
      current: 'Patient',
      anchors: { Patient: { ref: 'Patient/a' } },
    });
    await client.resync();
    expect(client.store.getState().anchors.Patient?.ref).toBe('Patient/b');
  });

  it('fetches again, after a backoff step, when the fetch after connecting answers a page that is not JSON', async () => {
    const { client } = clientOfHubAnswering([
      () => new Response('Service Unavailable', { status: 200 }),
      () => contextOf(patientOpen(TOPIC, 'fine', 'a', 'Able')),
    ]);
    client.connect();
    await tick(0);
    expect(resyncNotes(client)).toEqual([
      'FhircastError: get context failed: the answer is neither empty nor a JSON object or array (Service Unavailable); trying again',
    ]);
    await tick(250);
    expect(client.store.getState().anchors.Patient?.ref).toBe('Patient/a');
  });

  it('still reads an empty body and {} as "no context", as the sandbox hub answers', async () => {
    const { client } = clientOfHubAnswering([
      () => contextOf(patientOpen(TOPIC, 'first', 'a', 'Able')),
      () => new Response('', { status: 200 }),
      () => json(200, {}),
    ]);
    client.connect();
    await tick(0);
    await client.resync();
    expect(client.store.getState()).toMatchObject({ current: undefined, anchors: {} });
    await client.resync();
    expect(resyncNotes(client)).toEqual([
      "context replaced with the hub's (Patient)",
      "context replaced with the hub's (empty)",
      "context replaced with the hub's (empty)",
    ]);
  });
});
