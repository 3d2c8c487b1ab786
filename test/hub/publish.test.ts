import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningHub, startHub } from '../../src/hub/index.ts';
import type { ContextItem, CurrentContext, FhircastNotification } from '../../src/protocol/types.ts';
import { EVERY_EVENT } from '../fixtures/events.ts';
import { exampleFor } from '../fixtures/spec.ts';
import { freshTopic, postJson, subscribe } from '../support/hub-requests.ts';
import { RecordingSocket, socketsForEachTest } from '../support/recording-socket.ts';

const ALL_EVENTS = EVERY_EVENT.join(',');

/** Published in this order to one topic, every spec example is a legal step of a session. */
const SESSION = [
  'patient-open',
  'notification-patient-open-minimal',
  'encounter-open',
  'imagingstudy-open',
  'diagnosticreport-open',
  'diagnosticreport-select',
  'diagnosticreport-update-1',
  'diagnosticreport-update-2',
  'diagnosticreport-update-3',
  'syncerror',
  'user-logout',
  'user-hibernate',
  'home-open',
  'diagnosticreport-close',
  'imagingstudy-close',
  'imagingstudy-close-2',
  'encounter-close',
  'patient-close',
];

interface PublishAnswer {
  success: boolean;
  event: FhircastNotification;
}

describe('publishing events', () => {
  let hub: RunningHub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.close());
  const sockets = socketsForEachTest();
  const listen = (topic: string, events = ALL_EVENTS, url = hub.url) => sockets.listen(url, topic, events);

  async function publish(body: unknown, url = hub.url, contentType?: string) {
    const response = await postJson(url, body, contentType);
    return { status: response.status, text: await response.text() };
  }

  async function accepted(body: unknown, url = hub.url, contentType?: string): Promise<PublishAnswer> {
    const { status, text } = await publish(body, url, contentType);
    expect(status, text).toBe(202);
    return JSON.parse(text) as PublishAnswer;
  }

  async function currentContext(topic: string, url = hub.url): Promise<CurrentContext> {
    const response = await fetch(`${url}/${topic}`);
    expect(response.status).toBe(200);
    return (await response.json()) as CurrentContext;
  }

  /** Waits until `socket` has received an event with `id` and returns it. */
  async function received(socket: RecordingSocket, id: string): Promise<FhircastNotification> {
    await socket.waitFor(() => socket.events().some((frame) => frame.id === id));
    return socket.events().find((frame) => frame.id === id) as FhircastNotification;
  }

  const without = (note: FhircastNotification, key: string) => ({
    ...note,
    event: { ...note.event, context: note.event.context.filter((item) => item.key !== key) },
  });
  const withContext = (note: FhircastNotification, context: unknown[]) => ({
    ...note,
    event: { ...note.event, context: context as ContextItem[] },
  });

  describe('the spec examples', () => {
    it('accepts every example notification, in session order, and relays each one', async () => {
      const topic = freshTopic();
      const socket = await listen(topic);
      const published: FhircastNotification[] = [];
      let versionId: string | undefined;
      for (const name of SESSION) {
        const changes = name.startsWith('diagnosticreport-update') ? { 'context.versionId': versionId } : {};
        const note = exampleFor(name, topic, changes);
        const answer = await accepted(note);
        expect(answer.success).toBe(true);
        expect(answer.event.id).toBe(note.id);
        if ('context.versionId' in changes)
          expect(answer.event.event['context.priorVersionId']).toBe(versionId);
        versionId = answer.event.event['context.versionId'] ?? versionId;
        if (name === 'diagnosticreport-open')
          expect((await currentContext(topic))['context.versionId']).toBe(versionId);
        published.push(answer.event);
      }
      await socket.waitFor(() => socket.events().length === SESSION.length);
      expect(socket.events()).toEqual(published);
    });

    it('rejects the notification template with 400 naming the missing "patient" key', async () => {
      const { status, text } = await publish(exampleFor('notification-template', freshTopic()));
      expect(status).toBe(400);
      expect(text).toContain('"patient"');
    });
  });

  describe('validation', () => {
    it.each([
      ['patient-open', 'patient'],
      ['encounter-open', 'encounter'],
      ['encounter-open', 'patient'],
      ['imagingstudy-open', 'study'],
      ['diagnosticreport-open', 'report'],
      ['diagnosticreport-open', 'patient'],
      ['diagnosticreport-update-1', 'updates'],
      ['syncerror', 'operationoutcome'],
      ['user-logout', 'parameters'],
    ])('answers 400 naming the key when %s has no "%s"', async (name, key) => {
      const { status, text } = await publish(without(exampleFor(name, freshTopic()), key));
      expect(status).toBe(400);
      expect(text).toContain(`"${key}"`);
      expect(text).toContain('missing');
    });

    it('answers 400 when a 1..1 key appears twice', async () => {
      const note = exampleFor('patient-open', freshTopic());
      const { status, text } = await publish(
        withContext(note, [...note.event.context, ...note.event.context]),
      );
      expect(status).toBe(400);
      expect(text).toContain('"patient" may appear only once');
    });

    it('answers 400 when a key carries the wrong resource type', async () => {
      const encounter = exampleFor('encounter-open', freshTopic());
      const swapped = encounter.event.context.map((item) => ({
        ...item,
        key: item.key === 'patient' ? 'encounter' : 'patient',
      }));
      const { status, text } = await publish(withContext(encounter, swapped));
      expect(status).toBe(400);
      expect(text).toContain('must be a');
    });

    it('answers 400 when the anchor resource of an open has no id', async () => {
      const note = exampleFor('diagnosticreport-open', freshTopic());
      const context = note.event.context.map((item) =>
        item.key === 'report' ? { key: 'report', resource: { ...item.resource, id: undefined } } : item,
      );
      const { status, text } = await publish(withContext(note, context));
      expect(status).toBe(400);
      expect(text).toContain('"report" resource must have an id');
    });

    it('answers 400 when event, hub.event or hub.topic is missing', async () => {
      const note = exampleFor('patient-open', freshTopic());
      const { event, ...noEvent } = note;
      const { 'hub.event': _name, ...noName } = event;
      const { 'hub.topic': _topic, ...noTopic } = event;
      const answers = await Promise.all([
        publish(noEvent),
        publish({ ...note, event: noName }),
        publish({ ...note, event: noTopic }),
        publish({ ...note, event: { ...event, 'hub.event': ' ' } }),
      ]);
      expect(answers.map((answer) => answer.status)).toEqual([400, 400, 400, 400]);
      expect(answers[0]?.text).toContain('"event"');
      expect(answers[1]?.text).toContain('hub.event');
      expect(answers[2]?.text).toContain('hub.topic');
    });

    it.each(['id', 'timestamp'] as const)(
      'answers 400 naming "%s" when a publish has none, and relays nothing',
      async (field) => {
        const topic = freshTopic();
        const socket = await listen(topic, 'Patient-open');
        const { [field]: _missing, ...incomplete } = exampleFor('patient-open', topic);
        const { status, text } = await publish(incomplete);
        expect(status).toBe(400);
        expect(text).toContain(`${field} is required`);
        expect(text).toContain('--lenient');
        const good = exampleFor('patient-open', topic);
        await accepted(good);
        await received(socket, good.id);
        expect(socket.events().map((frame) => frame.id)).toEqual([good.id]);
      },
    );

    it.each([
      ['an empty id', { id: '' }, 'id must be a non-empty string'],
      ['a numeric id', { id: 7 }, 'id must be a non-empty string'],
      ['a numeric timestamp', { timestamp: 1_700_000_000 }, 'timestamp must be a non-empty string'],
      ['an empty timestamp', { timestamp: '' }, 'timestamp must be a non-empty string'],
    ])('answers 400 for %s', async (_name, change, message) => {
      const { status, text } = await publish({ ...exampleFor('patient-open', freshTopic()), ...change });
      expect(status).toBe(400);
      expect(text).toContain(message);
    });

    it('relays nothing that it rejects', async () => {
      const topic = freshTopic();
      const socket = await listen(topic);
      expect((await publish(without(exampleFor('patient-open', topic), 'patient'))).status).toBe(400);
      const good = exampleFor('patient-open', topic);
      await accepted(good);
      await received(socket, good.id);
      expect(socket.events().map((frame) => frame.id)).toEqual([good.id]);
    });
  });

  describe('broadcast', () => {
    it('reaches every subscriber, the sender included, with the id and body of the 202 answer', async () => {
      const topic = freshTopic();
      const sender = await listen(topic, 'Patient-open,Patient-close');
      const other = await listen(topic, 'Patient-open');
      const closeOnly = await listen(topic, 'Patient-close');
      const note = exampleFor('patient-open', topic);
      const answer = await accepted(note);
      expect(answer).toEqual({ success: true, event: expect.objectContaining({ id: note.id }) });
      expect(answer.event.event['hub.event']).toBe('Patient-open');
      expect(answer.event.event.context).toEqual(note.event.context);
      expect(await received(sender, note.id)).toEqual(answer.event);
      expect(await received(other, note.id)).toEqual(answer.event);
      const close = exampleFor('patient-close', topic);
      await accepted(close);
      await received(closeOnly, close.id);
      expect(closeOnly.events().map((frame) => frame.id)).toEqual([close.id]);
    });

    it('answers an open with the hub-assigned versionId that the current context shows', async () => {
      const topic = freshTopic();
      const note = exampleFor('diagnosticreport-open', topic, { 'context.versionId': 'publisher-made-up' });
      const answer = await accepted(note);
      const versionId = answer.event.event['context.versionId'];
      expect(versionId).toEqual(expect.any(String));
      expect(versionId).not.toBe('publisher-made-up');
      expect((await currentContext(topic))['context.versionId']).toBe(versionId);
    });

    it('relays events it does not know to the subscribers of that name', async () => {
      const topic = freshTopic();
      const socket = await listen(topic, 'Medication-open,acme-custom-event');
      const medication = {
        id: crypto.randomUUID(),
        timestamp: '2024-01-01T00:00:00Z',
        event: {
          'hub.topic': topic,
          'hub.event': 'Medication-open',
          context: [{ key: 'medication', resource: { resourceType: 'Medication', id: 'm1' } }],
        },
      };
      const custom = {
        id: crypto.randomUUID(),
        timestamp: '2024-01-01T00:00:01Z',
        event: { 'hub.topic': topic, 'hub.event': 'acme-custom-event', context: [] },
      };
      expect((await accepted(medication)).event.event['hub.event']).toBe('Medication-open');
      expect((await accepted(custom)).event.event['hub.event']).toBe('acme-custom-event');
      await received(socket, custom.id);
      expect(socket.events().map((frame) => [frame.id, frame.event['hub.event']])).toEqual([
        [medication.id, 'Medication-open'],
        [custom.id, 'acme-custom-event'],
      ]);
    });

    it('reads event names case-insensitively and broadcasts the canonical spelling', async () => {
      const topic = freshTopic();
      const socket = await listen(topic, 'patient-open,USERLOGOUT');
      expect(socket.frames[0]?.['hub.events']).toBe('Patient-open,userLogout');
      const open = exampleFor('patient-open', topic, { 'hub.event': 'patient-open' });
      const logout = exampleFor('user-logout', topic, { 'hub.event': 'userlogout' });
      expect((await accepted(open)).event.event['hub.event']).toBe('Patient-open');
      await accepted(logout);
      expect((await received(socket, open.id)).event['hub.event']).toBe('Patient-open');
      expect((await received(socket, logout.id)).event['hub.event']).toBe('userLogout');
    });
  });

  describe('other ways in', () => {
    it('accepts the legacy POST {hub.url}/{topic} and broadcasts it', async () => {
      const topic = freshTopic();
      const socket = await listen(topic, 'Patient-open');
      const note = exampleFor('patient-open', topic);
      await accepted(note, `${hub.url}/${topic}`);
      await received(socket, note.id);
      const { 'hub.topic': _topic, ...untopical } = note.event;
      const bare = { ...note, id: crypto.randomUUID(), event: untopical };
      expect((await accepted(bare, `${hub.url}/${topic}`)).event.event['hub.topic']).toBe(topic);
      await received(socket, bare.id);
    });

    it('answers 400 when the topic in the path and event["hub.topic"] differ', async () => {
      const topic = freshTopic();
      const socket = await listen(topic, 'Patient-open');
      const { status, text } = await publish(exampleFor('patient-open', topic), `${hub.url}/${freshTopic()}`);
      expect(status).toBe(400);
      expect(text).toContain('does not match');
      expect((await currentContext(topic))['context.type']).toBe('');
      const good = exampleFor('patient-open', topic);
      await accepted(good, `${hub.url}/${topic}`);
      await received(socket, good.id);
      expect(socket.events().map((frame) => frame.id)).toEqual([good.id]);
    });

    it('accepts the application/fhir+json content type', async () => {
      const topic = freshTopic();
      const socket = await listen(topic, 'Patient-open');
      const note = exampleFor('patient-open', topic);
      await accepted(note, hub.url, 'application/fhir+json; charset=utf-8');
      await received(socket, note.id);
    });

    it('works the same through the /fhircast/STU3 alias', async () => {
      const topic = freshTopic();
      const viaAlias = await listen(topic, 'Patient-open', hub.aliasUrl);
      const viaUrl = await listen(topic, 'Patient-open');
      const note = exampleFor('patient-open', topic);
      const answer = await accepted(note, hub.aliasUrl);
      expect(await received(viaAlias, note.id)).toEqual(answer.event);
      expect(await received(viaUrl, note.id)).toEqual(answer.event);
      expect(await currentContext(topic, hub.aliasUrl)).toEqual(await currentContext(topic));
      expect((await currentContext(topic, hub.aliasUrl))['context.type']).toBe('Patient');
      const legacy = exampleFor('patient-open', topic);
      await accepted(legacy, `${hub.aliasUrl}/${topic}`);
      await received(viaUrl, legacy.id);
      const bad = await publish(without(exampleFor('patient-open', topic), 'patient'), hub.aliasUrl);
      expect(bad.status).toBe(400);
    });
  });

  describe('topics', () => {
    it('keeps topics isolated: events and context of one never reach the other', async () => {
      const [a, b] = [freshTopic(), freshTopic()];
      const onA = await listen(a);
      const onB = await listen(b);
      const forB = exampleFor('diagnosticreport-open', b);
      await accepted(forB);
      const forA = exampleFor('patient-open', a);
      await accepted(forA);
      await received(onA, forA.id);
      await received(onB, forB.id);
      expect(onA.events().map((frame) => frame.id)).toEqual([forA.id]);
      expect(onB.events().map((frame) => frame.id)).toEqual([forB.id]);
      expect((await currentContext(a))['context.type']).toBe('Patient');
      expect((await currentContext(b))['context.type']).toBe('DiagnosticReport');
      expect(JSON.stringify(await currentContext(a))).not.toContain('2402d3bd-e988-414b-b7f2-4322e86c9327');
      // The report is open on b only: on a its close is refused (not open there), and b keeps it.
      const close = exampleFor('diagnosticreport-close', a);
      expect((await postJson(hub.url, close)).status).toBe(409);
      expect((await currentContext(b))['context.type']).toBe('DiagnosticReport');
    });
  });
});

describe('a lenient hub, for publishers older than the rule', () => {
  it('fills in a missing id and timestamp and accepts the event, as hubs did before', async () => {
    const hub = await startHub({ lenient: true });
    try {
      const topic = freshTopic();
      const socket = new RecordingSocket(await subscribe(hub.url, topic, 'Patient-open'));
      await socket.frame(1);
      const { id: _id, timestamp: _timestamp, ...bare } = exampleFor('patient-open', topic);
      const response = await postJson(hub.url, bare);
      expect(response.status).toBe(202);
      const { event } = (await response.json()) as PublishAnswer;
      expect(event.id).toEqual(expect.stringMatching(/\S/));
      expect(Number.isNaN(Date.parse(event.timestamp))).toBe(false);
      await socket.waitFor(() => socket.events('Patient-open').length === 1);
      expect(socket.events('Patient-open')[0]?.id).toBe(event.id);
      socket.close();
    } finally {
      await hub.close();
    }
  });
});
