import { describe, expect, it } from 'vitest';
import {
  ackFrame,
  type InboundFrame,
  parseCurrentContext,
  parseFrame,
  subscriptionForm,
} from '../../src/protocol/messages.ts';
import type { FhircastNotification } from '../../src/protocol/types.ts';
import { specExample, specExampleNames } from '../fixtures/spec.ts';

const TOPIC = 'fdb2f928-5546-4f52-87a0-0648e9ded065';

/** The spec examples that are event notifications (they have an `event` object). */
const NOTIFICATION_EXAMPLES = specExampleNames.filter((name) => {
  const example = specExample<Record<string, unknown>>(name);
  return typeof example.event === 'object' && example.event !== null;
});

const frame = (message: unknown) => parseFrame(JSON.stringify(message));

/** The notification of an 'event' frame, failing the test with the frame otherwise. */
function notificationOf(parsed: InboundFrame): FhircastNotification {
  if (parsed.kind !== 'event') throw new Error(`expected an event, got ${JSON.stringify(parsed)}`);
  return parsed.notification;
}

const event = (name: string, context: unknown[] = [], extra: Record<string, unknown> = {}) => ({
  timestamp: '2024-05-01T10:00:00Z',
  id: 'evt-1',
  event: { 'hub.topic': TOPIC, 'hub.event': name, context, ...extra },
});

describe('parseFrame: notifications', () => {
  it('finds the spec examples that are notifications', () => {
    expect(NOTIFICATION_EXAMPLES).toHaveLength(19);
    expect(NOTIFICATION_EXAMPLES).toContain('notification-template');
  });

  it.each(NOTIFICATION_EXAMPLES.filter((name) => name !== 'notification-template'))(
    'parses the spec example %s as the event it is, unchanged',
    (name) => {
      const example = specExample(name);
      expect(parseFrame(JSON.stringify(example))).toEqual({ kind: 'event', notification: example });
    },
  );

  it('keeps the guide lowercase home-open and its malformed timestamps as given strings', () => {
    const notification = notificationOf(frame(specExample('home-open')));
    expect(notification.event['hub.event']).toBe('home-open');
    expect(notification.timestamp).toBe('2019-11-25T13:16:00.00');
    const open = notificationOf(frame(specExample('diagnosticreport-open')));
    expect(open.timestamp).toBe('2023-04-01T011:14:24.31');
    const { timestamp, ...noTimestamp } = event('home-open');
    expect([timestamp, notificationOf(frame(noTimestamp)).timestamp]).toEqual(['2024-05-01T10:00:00Z', '']);
  });

  it('keeps context.versionId and context.priorVersionId of an update', () => {
    const { event: parsed } = notificationOf(frame(specExample('diagnosticreport-update-2')));
    expect(parsed['context.versionId']).toBe('efcac43a-ed38-49e4-8d79-73f78290292a');
    expect(parsed['context.priorVersionId']).toBe('b9574cb0-e9e5-4be1-8957-5fcb51ef33c1');
  });

  it('drops empty and non-string version ids', () => {
    const raw = event('home-open', [], { 'context.versionId': '', 'context.priorVersionId': 7 });
    expect(Object.keys(notificationOf(frame(raw)).event)).toEqual(['hub.topic', 'hub.event', 'context']);
  });

  it('canonicalises event names whatever their case [FC-2.3-event-names-any-case]', () => {
    const patient = specExample('patient-open');
    patient.event['hub.event'] = 'patient-OPEN';
    expect(notificationOf(frame(patient)).event['hub.event']).toBe('Patient-open');
    expect(notificationOf(frame(event(' HOME-OPEN '))).event['hub.event']).toBe('home-open');
    expect(
      notificationOf(frame(event('userlogout', specExample('user-logout').event.context))).event,
    ).toEqual({
      'hub.topic': TOPIC,
      'hub.event': 'userLogout',
      context: specExample('user-logout').event.context,
    });
  });

  it('parses an unknown event name as an event, trimmed but otherwise unchanged', () => {
    const context = [{ key: 'medication', reference: { reference: 'Medication/m1' } }];
    expect(frame(event(' Medication-open ', context))).toEqual({
      kind: 'event',
      notification: {
        timestamp: '2024-05-01T10:00:00Z',
        id: 'evt-1',
        event: { 'hub.topic': TOPIC, 'hub.event': 'Medication-open', context },
      },
    });
  });

  it('parses a heartbeat without context (sandbox) or with a period (Medplum)', () => {
    const heartbeat = {
      timestamp: '2024-05-01T10:00:00.000Z',
      id: 'hb',
      event: { 'hub.event': 'heartbeat' },
    };
    expect(frame(heartbeat)).toEqual({
      kind: 'event',
      notification: {
        timestamp: '2024-05-01T10:00:00.000Z',
        id: 'hb',
        event: { 'hub.topic': '', 'hub.event': 'heartbeat', context: [] },
      },
    });
    const medplum = [{ key: 'period', decimal: '10' }];
    expect(notificationOf(frame(event('heartbeat', medplum))).event.context).toEqual(medplum);
  });
});

describe('parseFrame: confirmations and denials', () => {
  it('reads the spec confirmation: topic, events as an array, lease', () => {
    expect(frame(specExample('subscription-confirmation'))).toEqual({
      kind: 'confirmation',
      topic: TOPIC,
      events: ['Patient-open', 'Patient-close'],
      leaseSeconds: 7200,
    });
  });

  it('reads a confirmation with only hub.mode', () => {
    expect(frame({ 'hub.mode': 'subscribe' })).toEqual({ kind: 'confirmation' });
  });

  it('reads the reference sandbox confirmation, which has no topic and no events', () => {
    const sandbox = {
      timestamp: '2024-05-01T10:00:00Z',
      bound: 'x',
      'hub.mode': 'subscribe',
      'hub.lease_seconds': 7200,
    };
    expect(frame(sandbox)).toEqual({ kind: 'confirmation', leaseSeconds: 7200 });
  });

  it('reads events given as an array or a spaced list, and a lease given as text', () => {
    expect(frame({ 'hub.mode': 'subscribe', 'hub.events': ['Patient-open'] })).toEqual({
      kind: 'confirmation',
      events: ['Patient-open'],
    });
    expect(
      frame({
        'hub.mode': 'subscribe',
        'hub.events': ' Patient-open , ,Patient-close ',
        'hub.lease_seconds': '60',
      }),
    ).toEqual({ kind: 'confirmation', events: ['Patient-open', 'Patient-close'], leaseSeconds: 60 });
  });

  it('ignores a lease that is not a positive number', () => {
    for (const lease of [0, -5, 'soon', null]) {
      expect(frame({ 'hub.mode': 'subscribe', 'hub.lease_seconds': lease })).toEqual({
        kind: 'confirmation',
      });
    }
  });

  it('reads the spec denial with its reason and topic', () => {
    expect(frame(specExample('subscription-denied'))).toEqual({
      kind: 'denial',
      topic: 'fba7b1e2-53e9-40aa-883a-2af57ab4e2c',
      reason: 'session unexpectedly stopped',
    });
  });

  it('gives a denial without a reason the reason "denied by the hub"', () => {
    expect(frame({ 'hub.mode': 'denied' })).toEqual({ kind: 'denial', reason: 'denied by the hub' });
    expect(frame({ 'hub.mode': 'denied', 'hub.reason': 42 })).toEqual({
      kind: 'denial',
      reason: 'denied by the hub',
    });
  });

  it('gives a denial with a blank reason the reason "denied by the hub"', () => {
    expect(frame({ 'hub.mode': 'denied', 'hub.reason': ' ' })).toEqual({
      kind: 'denial',
      reason: 'denied by the hub',
    });
  });
});

describe('parseFrame: invalid frames never throw', () => {
  it('refuses data that is not text', () => {
    for (const data of [undefined, null, 42, {}, new Uint8Array([123, 125]), new ArrayBuffer(2)]) {
      expect(parseFrame(data)).toEqual({ kind: 'invalid', reason: 'frame is not text' });
    }
  });

  it('refuses text that is not JSON', () => {
    for (const data of ['', 'hello', '{"id":', '{id: 1}']) {
      expect(parseFrame(data)).toEqual({ kind: 'invalid', reason: 'frame is not JSON' });
    }
  });

  it('refuses JSON that is not an object', () => {
    for (const data of ['[]', '[{"hub.mode":"subscribe"}]', '42', 'null', '"text"', 'true']) {
      expect(parseFrame(data)).toEqual({ kind: 'invalid', reason: 'frame is not a JSON object' });
    }
  });

  it('refuses an unknown hub.mode, naming it', () => {
    expect(frame({ 'hub.mode': 'unsubscribe' })).toEqual({
      kind: 'invalid',
      reason: 'unknown hub.mode "unsubscribe"',
    });
    expect(frame({ 'hub.mode': null })).toEqual({ kind: 'invalid', reason: 'unknown hub.mode null' });
  });

  it('refuses an object that is neither a control frame nor an event, keeping its id', () => {
    expect(frame({})).toEqual({ kind: 'invalid', reason: 'frame has no hub.mode and no event' });
    expect(frame(specExample<unknown>('ack'))).toEqual({
      kind: 'invalid',
      reason: 'frame has no hub.mode and no event',
      id: 'q9v3jubddqt63n1',
    });
  });

  it('refuses an event without an id, and gives no id', () => {
    const { id, ...noId } = specExample('patient-open');
    expect(id).toBeTruthy();
    expect(frame(noId)).toEqual({ kind: 'invalid', reason: 'event has no id' });
    expect(frame({ ...noId, id: '' })).toEqual({ kind: 'invalid', reason: 'event has no id' });
    expect(frame({ ...noId, id: 7 })).toEqual({ kind: 'invalid', reason: 'event has no id' });
  });

  it('refuses an event with an id but no hub.event, keeping the id so it can be refused', () => {
    const example = specExample<{ id: string; event: Record<string, unknown> }>('patient-open');
    delete example.event['hub.event'];
    expect(frame(example)).toEqual({ kind: 'invalid', reason: 'event has no hub.event', id: example.id });
    example.event['hub.event'] = '  ';
    expect(frame(example)).toEqual({ kind: 'invalid', reason: 'event has no hub.event', id: example.id });
  });

  it('refuses a known event missing a required key, naming the key', () => {
    const encounter = specExample('encounter-open');
    encounter.event.context = encounter.event.context.filter((item) => item.key !== 'patient');
    expect(frame(encounter)).toEqual({
      kind: 'invalid',
      reason: 'Encounter-open: missing required context key "patient"',
      id: 'c6a3e2eb-16b4-4eb8-b48b-7eb6c924919b',
    });
  });

  it('refuses the guide notification template, which lacks "patient"', () => {
    expect(frame(specExample('notification-template'))).toEqual({
      kind: 'invalid',
      reason: 'Patient-open: missing required context key "patient"',
      id: 'q9v3jubddqt63n1',
    });
  });

  it('refuses a context that is not an array or has items without a key', () => {
    expect(frame(event('Medication-open', 'x' as unknown as unknown[]))).toMatchObject({
      kind: 'invalid',
      id: 'evt-1',
      reason: 'Medication-open: event.context must be an array',
    });
    expect(frame(event('heartbeat', [{ decimal: '10' }]))).toMatchObject({
      kind: 'invalid',
      id: 'evt-1',
      reason: 'heartbeat: context[0] must have a non-empty "key"',
    });
  });

  it('does not let __proto__ keys pollute Object.prototype', () => {
    const texts = [
      '{"__proto__":{"polluted":"yes"},"hub.mode":"subscribe"}',
      '{"__proto__":{"hub.mode":"subscribe"}}',
      '{"id":"e","event":{"__proto__":{"polluted":"yes"},"hub.event":"home-open","context":[]}}',
      '{"id":"e","event":{"hub.event":"x-open","context":[{"key":"k","__proto__":{"polluted":"yes"}}]}}',
    ];
    const kinds = texts.map((text) => parseFrame(text).kind);
    expect(kinds).toEqual(['confirmation', 'invalid', 'event', 'event']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>)['hub.mode']).toBeUndefined();
  });
});

describe('subscriptionForm', () => {
  it('encodes a subscribe with comma-joined events, lease and subscriber name', () => {
    const form = subscriptionForm({
      mode: 'subscribe',
      topic: 'topic-1',
      events: ['Patient-open', 'DiagnosticReport-update'],
      leaseSeconds: 3600,
      subscriberName: 'Viewer 1',
    });
    expect(form).toBe(
      'hub.channel.type=websocket&hub.mode=subscribe&hub.topic=topic-1' +
        '&hub.events=Patient-open%2CDiagnosticReport-update&hub.lease_seconds=3600&subscriber.name=Viewer+1',
    );
  });

  it('adds the endpoint when re-subscribing', () => {
    const form = subscriptionForm({
      mode: 'subscribe',
      topic: 't',
      events: ['Patient-open'],
      endpoint: 'wss://hub.example.com/ws/abc',
    });
    expect([...new URLSearchParams(form)]).toEqual([
      ['hub.channel.type', 'websocket'],
      ['hub.mode', 'subscribe'],
      ['hub.topic', 't'],
      ['hub.events', 'Patient-open'],
      ['hub.channel.endpoint', 'wss://hub.example.com/ws/abc'],
    ]);
  });

  it('encodes an unsubscribe without hub.events even when events are given', () => {
    const form = subscriptionForm({
      mode: 'unsubscribe',
      topic: 't',
      events: ['Patient-open'],
      endpoint: 'wss://hub.example.com/ws/abc',
      subscriberName: 'Viewer',
    });
    expect([...new URLSearchParams(form)]).toEqual([
      ['hub.channel.type', 'websocket'],
      ['hub.mode', 'unsubscribe'],
      ['hub.topic', 't'],
      ['hub.channel.endpoint', 'wss://hub.example.com/ws/abc'],
      ['subscriber.name', 'Viewer'],
    ]);
  });

  it('leaves out empty optional fields', () => {
    expect(subscriptionForm({ mode: 'subscribe', topic: 't', endpoint: '', subscriberName: '' })).toBe(
      'hub.channel.type=websocket&hub.mode=subscribe&hub.topic=t',
    );
  });
});

describe('ackFrame', () => {
  it('sends the id and a numeric status [FC-2.5-ack-numeric-status]', () => {
    expect(ackFrame('q9v3jubddqt63n1', 200)).toBe('{"id":"q9v3jubddqt63n1","status":200}');
    expect(JSON.parse(ackFrame('e', 409))).toEqual({ id: 'e', status: 409 });
  });
});

describe('parseCurrentContext', () => {
  it('reads the spec answer: anchor, version, context without content, content resources [FC-2.9-get-current-context]', () => {
    const answer = specExample<{ context: { key: string; resource: { entry: { resource: unknown }[] } }[] }>(
      'current-context-diagnosticreport',
    );
    const parsed = parseCurrentContext(answer);
    expect(parsed.anchor).toBe('DiagnosticReport');
    expect(parsed.versionId).toBe('023fe970-a6d9-442f-a499-dfb71f1edba6');
    expect(parsed.context.map((item) => item.key)).toEqual(['report', 'patient', 'study']);
    expect(parsed.context).toEqual(answer.context.slice(0, 3));
    const bundle = answer.context.find((item) => item.key === 'content')?.resource;
    expect(parsed.content).toEqual([bundle?.entry[0]?.resource]);
    expect(parsed.content.map((resource) => `${resource.resourceType}/${resource.id}`)).toEqual([
      'Observation/435098234',
    ]);
  });

  it('reads the spec empty answer as no context [FC-2.9-get-current-context]', () => {
    expect(parseCurrentContext(specExample<unknown>('current-context-empty'))).toEqual({
      anchor: undefined,
      versionId: undefined,
      context: [],
      content: [],
    });
  });

  it("reads a bare array holding an update's context as the report's context with that update's content", () => {
    const update = specExample('diagnosticreport-update-1').event.context;
    const parsed = parseCurrentContext(update);
    expect(parsed.anchor).toBe('DiagnosticReport');
    expect(parsed.context.map((item) => item.key)).toEqual(
      update.map((item) => item.key).filter((key) => key !== 'updates'),
    );
    const bundle = update.find((item) => item.key === 'updates')?.resource as unknown as {
      entry: { resource?: unknown }[];
    };
    expect(parsed.content).toEqual(bundle.entry.flatMap((entry) => (entry.resource ? [entry.resource] : [])));
    expect(parsed.content.length).toBeGreaterThan(0);
  });

  it('reads a bare context array, inferring the anchor from its keys', () => {
    const open = specExample('diagnosticreport-open');
    expect(parseCurrentContext(open.event.context)).toEqual({
      anchor: 'DiagnosticReport',
      versionId: undefined,
      context: open.event.context,
      content: [],
    });
    expect(parseCurrentContext(specExample('imagingstudy-open').event.context).anchor).toBe('ImagingStudy');
    expect(parseCurrentContext(specExample('encounter-open').event.context).anchor).toBe('Encounter');
    expect(parseCurrentContext(specExample('patient-open').event.context).anchor).toBe('Patient');
  });

  it('reads the declared type case-insensitively', () => {
    const context = specExample('patient-open').event.context;
    expect(parseCurrentContext({ 'context.type': 'patient', context }).anchor).toBe('Patient');
  });

  it('reads {}, an empty body and undefined as no context', () => {
    const empty = { anchor: undefined, versionId: undefined, context: [], content: [] };
    expect(parseCurrentContext({})).toEqual(empty);
    expect(parseCurrentContext('')).toEqual(empty);
    expect(parseCurrentContext(undefined)).toEqual(empty);
    expect(parseCurrentContext(null)).toEqual(empty);
    expect(parseCurrentContext({ 'context.type': '', 'context.versionId': '', context: 'x' })).toEqual(empty);
  });

  it('drops items that are not keyed objects and content entries without a resource type', () => {
    const patient = { key: 'patient', resource: { resourceType: 'Patient', id: 'p1' } };
    const observation = { resourceType: 'Observation', id: 'o1' };
    const content = {
      key: 'content',
      resource: {
        resourceType: 'Bundle',
        entry: [{ resource: observation }, { resource: { id: 'x' } }, 'junk', {}],
      },
    };
    const parsed = parseCurrentContext([
      null,
      'patient',
      3,
      [],
      { key: 7 },
      { resource: {} },
      patient,
      content,
    ]);
    expect(parsed).toEqual({
      anchor: 'Patient',
      versionId: undefined,
      context: [patient],
      content: [observation],
    });
  });
});
