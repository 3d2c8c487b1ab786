import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningHub, startHub } from '../../src/hub/index.ts';
import type { FhircastNotification } from '../../src/protocol/types.ts';
import { exampleFor } from '../fixtures/spec.ts';
import { freshTopic, postForm, postJson, subscribe } from '../support/hub-requests.ts';
import { type AckPolicy, socketsForEachTest } from '../support/recording-socket.ts';

const SUBSCRIBER_NAME_SYSTEM = 'https://fhircast.hl7.org/events/syncerror/subscribername';

/** POSTs a form body exactly as given (for missing or repeated parameters postForm cannot express). */
function postRawForm(hubUrl: string, body: string) {
  return fetch(hubUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
}

/** The codings of a syncerror's first issue. */
function syncErrorCodings(notification: FhircastNotification | undefined) {
  const outcome = notification?.event.context[0]?.resource as
    | { issue: { details: { coding: { system: string; code: string }[] } }[] }
    | undefined;
  return outcome?.issue[0]?.details.coding ?? [];
}

describe('hub subscribe and unsubscribe over HTTP', () => {
  let hub: RunningHub;
  const { connect } = socketsForEachTest();
  beforeAll(async () => {
    hub = await startHub({ leaseSeconds: 120, maxLeaseSeconds: 600 });
  });
  afterAll(() => hub.close());

  it('answers 202 with a per-subscription endpoint that carries at least 128 random bits', async () => {
    const topic = freshTopic();
    const first = await postForm(hub.url, { 'hub.topic': topic, 'hub.events': 'Patient-open' });
    expect(first.status).toBe(202);
    const firstEndpoint = (await first.json())['hub.channel.endpoint'] as string;
    const secondEndpoint = await subscribe(hub.url, topic, 'Patient-open');
    const port = new URL(hub.origin).port;
    const shape = new RegExp(`^ws://127\\.0\\.0\\.1:${port}/ws/fhircast/([0-9a-f]{32,})$`);
    const firstId = shape.exec(firstEndpoint)?.[1];
    const secondId = shape.exec(secondEndpoint)?.[1];
    expect(firstId).toBeDefined();
    expect(secondId).toBeDefined();
    expect(firstId).not.toBe(secondId);
    expect(hub.hub.subscriptionCount(topic)).toBe(2);
  });

  it.each([
    [
      'hub.channel.type is not websocket',
      { 'hub.channel.type': 'rest-hook', 'hub.events': 'Patient-open' },
      'hub.channel.type must be "websocket", not "rest-hook"',
    ],
    [
      'hub.topic is empty',
      { 'hub.topic': '', 'hub.events': 'Patient-open' },
      'hub.topic is required and must not be empty',
    ],
    ['hub.events is missing', {}, 'hub.events is required and must name at least one event'],
    [
      'subscriber.name is empty',
      { 'hub.events': 'Patient-open', 'subscriber.name': ' ' },
      'subscriber.name must not be empty',
    ],
    [
      'hub.mode is neither subscribe nor unsubscribe',
      { 'hub.mode': 'publish', 'hub.events': 'Patient-open' },
      'hub.mode must be "subscribe" or "unsubscribe"',
    ],
    [
      'hub.events holds the wildcard *',
      { 'hub.events': '*' },
      'hub.events: wildcards such as "*" are not part of FHIRcast STU3',
    ],
    [
      'hub.events holds an empty name',
      { 'hub.events': 'Patient-open,,Patient-close' },
      'hub.events must not contain an empty event name',
    ],
    [
      'hub.events ends in a comma',
      { 'hub.events': 'Patient-open,' },
      'hub.events must not contain an empty event name',
    ],
    [
      'an unsubscribe names no endpoint',
      { 'hub.mode': 'unsubscribe', 'hub.events': 'Patient-open' },
      'hub.channel.endpoint is required to unsubscribe',
    ],
  ])('answers 400 with a message when %s', async (_case, fields, message) => {
    const response = await postForm(hub.url, { 'hub.topic': freshTopic(), ...fields });
    expect(response.status).toBe(400);
    expect(await response.text()).toBe(message);
  });

  it.each(['0', '-5', '1.5', 'abc'])('answers 400 for hub.lease_seconds=%s', async (lease) => {
    const fields = { 'hub.topic': freshTopic(), 'hub.events': 'Patient-open', 'hub.lease_seconds': lease };
    const response = await postForm(hub.url, fields);
    expect(response.status).toBe(400);
    expect(await response.text()).toBe('hub.lease_seconds must be a positive integer');
  });

  it('answers 400 when hub.mode is missing', async () => {
    const body = `hub.channel.type=websocket&hub.topic=${freshTopic()}&hub.events=Patient-open`;
    const response = await postRawForm(hub.url, body);
    expect(response.status).toBe(400);
    expect(await response.text()).toBe('hub.mode must be "subscribe" or "unsubscribe"');
  });

  it('answers 400 when a form parameter is given twice', async () => {
    const topic = freshTopic();
    const body = `hub.channel.type=websocket&hub.mode=subscribe&hub.topic=${topic}&hub.events=Patient-open&hub.events=Patient-close`;
    const response = await postRawForm(hub.url, body);
    expect(response.status).toBe(400);
    expect(await response.text()).toBe('Parameter hub.events may be given only once');
    expect(hub.hub.subscriptionCount(topic)).toBe(0);
  });

  it('grants the default lease when none is asked for', async () => {
    const socket = connect(await subscribe(hub.url, freshTopic(), 'Patient-open'));
    expect((await socket.frame(1))['hub.lease_seconds']).toBe(120);
  });

  it('caps a requested lease at maxLeaseSeconds', async () => {
    const endpoint = await subscribe(hub.url, freshTopic(), 'Patient-open', {
      'hub.lease_seconds': '100000',
    });
    expect((await connect(endpoint).frame(1))['hub.lease_seconds']).toBe(600);
  });

  it('honours a requested lease below the maximum', async () => {
    const endpoint = await subscribe(hub.url, freshTopic(), 'Patient-open', { 'hub.lease_seconds': '30' });
    expect((await connect(endpoint).frame(1))['hub.lease_seconds']).toBe(30);
  });

  it('replaces the event set when re-subscribing with the same endpoint', async () => {
    const topic = freshTopic();
    const endpoint = await subscribe(hub.url, topic, 'Patient-open');
    const socket = connect(endpoint);
    expect(await socket.frame(1)).toMatchObject({ 'hub.mode': 'subscribe', 'hub.events': 'Patient-open' });

    const again = await subscribe(hub.url, topic, 'DiagnosticReport-open', {
      'hub.channel.endpoint': endpoint,
    });
    expect(again).toBe(endpoint);
    expect(await socket.frame(2)).toEqual({
      'hub.mode': 'subscribe',
      'hub.topic': topic,
      'hub.events': 'DiagnosticReport-open',
      'hub.lease_seconds': 120,
    });
    expect(hub.hub.subscriptionCount(topic)).toBe(1);

    expect((await postJson(hub.url, exampleFor('patient-open', topic))).status).toBe(202);
    expect((await postJson(hub.url, exampleFor('diagnosticreport-open', topic))).status).toBe(202);
    await socket.waitFor(() => socket.events('DiagnosticReport-open').length === 1);
    // Frames on one socket arrive in order: a Patient-open sent first would already be here.
    expect(socket.events().map((frame) => frame.event['hub.event'])).toEqual(['DiagnosticReport-open']);
  });

  it('replays the current open of an event added by re-subscribing, and no other', async () => {
    const topic = freshTopic();
    const open = exampleFor('patient-open', topic);
    expect((await postJson(hub.url, open)).status).toBe(202);
    const endpoint = await subscribe(hub.url, topic, 'DiagnosticReport-open');
    const socket = connect(endpoint);
    await socket.frame(1);
    await subscribe(hub.url, topic, 'DiagnosticReport-open,Patient-open', {
      'hub.channel.endpoint': endpoint,
    });
    expect(await socket.frame(2)).toMatchObject({ 'hub.events': 'DiagnosticReport-open,Patient-open' });
    expect(await socket.frame(3)).toMatchObject({ id: open.id, event: { 'hub.event': 'Patient-open' } });
    await subscribe(hub.url, topic, 'DiagnosticReport-open,Patient-open', {
      'hub.channel.endpoint': endpoint,
    });
    expect(await socket.frame(4)).toMatchObject({ 'hub.mode': 'subscribe' });
    expect((await postJson(hub.url, exampleFor('diagnosticreport-open', topic))).status).toBe(202);
    expect(await socket.frame(5)).toMatchObject({ event: { 'hub.event': 'DiagnosticReport-open' } });
    socket.close();
  });

  it('unsubscribes with 202, a denial frame and a close with code 1000', async () => {
    const topic = freshTopic();
    const endpoint = await subscribe(hub.url, topic, 'Patient-open');
    const socket = connect(endpoint);
    await socket.frame(1);
    const response = await postForm(hub.url, {
      'hub.mode': 'unsubscribe',
      'hub.topic': topic,
      'hub.channel.endpoint': endpoint,
    });
    expect(response.status).toBe(202);
    const denial = await socket.frame(2);
    expect(denial).toMatchObject({ 'hub.mode': 'denied', 'hub.topic': topic });
    expect(denial['hub.reason']).toEqual(expect.any(String));
    expect(await socket.closed()).toBe(1000);
    expect(hub.hub.subscriptionCount(topic)).toBe(0);
    const late = connect(endpoint);
    expect((await late.frame(1))['hub.mode']).toBe('denied');
    expect(await late.closed()).toBe(1008);
  });

  it('unsubscribes with the legacy field name endpoint', async () => {
    const topic = freshTopic();
    const endpoint = await subscribe(hub.url, topic, 'Patient-open');
    const socket = connect(endpoint);
    await socket.frame(1);
    const response = await postForm(hub.url, { 'hub.mode': 'unsubscribe', 'hub.topic': topic, endpoint });
    expect(response.status).toBe(202);
    expect(await socket.frame(2)).toMatchObject({ 'hub.mode': 'denied', 'hub.topic': topic });
    expect(await socket.closed()).toBe(1000);
    expect(hub.hub.subscriptionCount(topic)).toBe(0);
  });

  it('keeps subscriber.name and names the subscriber in the sync error about its refusal', async () => {
    const topic = freshTopic();
    const watcher = connect(await subscribe(hub.url, topic, 'syncerror', { 'subscriber.name': 'watcher' }));
    await watcher.frame(1);
    const refuse: AckPolicy = (frame) => ({ id: frame.id, status: 409 });
    const refuser = connect(
      await subscribe(hub.url, topic, 'Patient-open', { 'subscriber.name': 'Reporting app (room 3)' }),
      refuse,
    );
    await refuser.frame(1);

    const event = exampleFor('patient-open', topic);
    expect((await postJson(hub.url, event)).status).toBe(202);
    await watcher.waitFor(() => watcher.events('syncerror').length === 1);
    const codings = syncErrorCodings(watcher.events('syncerror')[0]);
    expect(codings).toContainEqual({ system: SUBSCRIBER_NAME_SYSTEM, code: 'Reporting app (room 3)' });
    expect(codings).toContainEqual({
      system: 'https://fhircast.hl7.org/events/syncerror/eventid',
      code: event.id,
    });
  });

  it("does not cancel a subscription when the unsubscribe names another topic's endpoint", async () => {
    const topic = freshTopic();
    const endpoint = await subscribe(hub.url, topic, 'Patient-open');
    const socket = connect(endpoint);
    await socket.frame(1);
    const response = await postForm(hub.url, {
      'hub.mode': 'unsubscribe',
      'hub.topic': freshTopic(),
      'hub.channel.endpoint': endpoint,
    });
    expect(response.status).toBe(202);
    expect(hub.hub.subscriptionCount(topic)).toBe(1);

    const event = exampleFor('patient-open', topic);
    expect((await postJson(hub.url, event)).status).toBe(202);
    await socket.waitFor(() => socket.events('Patient-open').length === 1);
    expect(socket.frames.map((frame) => frame['hub.mode'] ?? 'event')).toEqual(['subscribe', 'event']);
    expect(socket.events('Patient-open')[0]?.id).toBe(event.id);
    expect(socket.closeCode).toBeUndefined();
  });
});
