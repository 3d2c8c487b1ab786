import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type RunningHub, startHub } from '../../src/hub/index.ts';
import type { FhircastNotification } from '../../src/protocol/types.ts';
import { exampleFor } from '../fixtures/spec.ts';
import { ManualClock } from '../support/clock.ts';
import { freshTopic, postJson, subscribe } from '../support/hub-requests.ts';
import { type AckPolicy, type RecordingSocket, socketsForEachTest } from '../support/recording-socket.ts';

const SYSTEMS = {
  eventId: 'https://fhircast.hl7.org/events/syncerror/eventid',
  eventName: 'https://fhircast.hl7.org/events/syncerror/eventname',
  subscriberName: 'https://fhircast.hl7.org/events/syncerror/subscribername',
};

interface Issue {
  severity: string;
  code: string;
  diagnostics: string;
  details: { coding: { system: string; code: string }[] };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The first issue of a syncerror notification's OperationOutcome. */
function firstIssue(notification: FhircastNotification | undefined): Issue | undefined {
  const resource = notification?.event.context.find((item) => item.key === 'operationoutcome')?.resource;
  expect(resource?.resourceType).toBe('OperationOutcome');
  return (resource as { issue: Issue[] } | undefined)?.issue[0];
}

/** Publishes a spec example on `topic` and returns the notification as the hub broadcast it. */
async function publish(hub: RunningHub, name: string, topic: string): Promise<FhircastNotification> {
  const response = await postJson(hub.url, exampleFor(name, topic));
  expect(response.status).toBe(202);
  return ((await response.json()) as { event: FhircastNotification }).event;
}

const names = (socket: RecordingSocket) => socket.events().map((frame) => frame.event['hub.event']);

describe('hub WebSocket: confirmation, replay, denial and delivery', () => {
  let hub: RunningHub;
  const tracker = socketsForEachTest();
  const connect = tracker.connect;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.close());

  it('confirms with the topic, the granted events in canonical spelling and the lease', async () => {
    const topic = freshTopic();
    const endpoint = await subscribe(hub.url, topic, 'patient-open,PATIENT-OPEN,patient-CLOSE', {
      'hub.lease_seconds': '300',
    });
    expect(await connect(endpoint).frame(1)).toEqual({
      'hub.mode': 'subscribe',
      'hub.topic': topic,
      'hub.events': 'Patient-open,Patient-close',
      'hub.lease_seconds': 300,
    });
  });

  it('replays the unclosed opens to a late subscriber, oldest first, after the confirmation', async () => {
    const topic = freshTopic();
    const patient = await publish(hub, 'patient-open', topic);
    const report = await publish(hub, 'diagnosticreport-open', topic);
    const events = 'Patient-open,DiagnosticReport-open,DiagnosticReport-close';
    const socket = connect(await subscribe(hub.url, topic, events));
    expect(await socket.frame(1)).toMatchObject({ 'hub.mode': 'subscribe', 'hub.events': events });
    await publish(hub, 'diagnosticreport-close', topic);
    await socket.waitFor(() => socket.events('DiagnosticReport-close').length === 1);
    expect(socket.frames.length).toBe(4);
    expect(names(socket)).toEqual(['Patient-open', 'DiagnosticReport-open', 'DiagnosticReport-close']);
    const [replayedPatient, replayedReport] = socket.events();
    expect(replayedPatient).toEqual(patient);
    expect(replayedReport).toEqual(report);
    expect(replayedPatient?.timestamp).toBe('2023-04-01T010:38:04.16');
    expect(replayedPatient?.event['context.versionId']).toEqual(expect.any(String));
    expect(replayedReport?.event['context.versionId']).toEqual(expect.any(String));
  });

  it('replays only the opens the subscription asked for', async () => {
    const topic = freshTopic();
    const patient = await publish(hub, 'patient-open', topic);
    await publish(hub, 'diagnosticreport-open', topic);
    const socket = connect(await subscribe(hub.url, topic, 'Patient-open,Patient-close'));
    await socket.frame(1);
    await publish(hub, 'patient-close', topic);
    await socket.waitFor(() => socket.events('Patient-close').length === 1);
    expect(names(socket)).toEqual(['Patient-open', 'Patient-close']);
    expect(socket.events('Patient-open')[0]?.id).toBe(patient.id);
  });

  it('does not replay a closed context', async () => {
    const topic = freshTopic();
    await publish(hub, 'patient-open', topic);
    await publish(hub, 'diagnosticreport-open', topic);
    await publish(hub, 'diagnosticreport-close', topic);
    const socket = connect(
      await subscribe(hub.url, topic, 'Patient-open,DiagnosticReport-open,Patient-close'),
    );
    await socket.frame(1);
    await publish(hub, 'patient-close', topic);
    await socket.waitFor(() => socket.events('Patient-close').length === 1);
    expect(names(socket)).toEqual(['Patient-open', 'Patient-close']);
  });

  it('denies and closes with 1008 a socket on an unknown endpoint', async () => {
    for (const path of [`/ws/fhircast/${'0'.repeat(48)}`, '/elsewhere']) {
      const socket = connect(`${hub.origin.replace('http', 'ws')}${path}`);
      const denial = await socket.frame(1);
      expect(denial['hub.mode']).toBe('denied');
      expect(denial['hub.reason']).toEqual(expect.stringMatching(/\S/));
      expect(await socket.closed()).toBe(1008);
    }
  });

  it('filters events case-insensitively and only to their subscribers', async () => {
    const topic = freshTopic();
    const upper = connect(await subscribe(hub.url, topic, 'PATIENT-OPEN'));
    const other = connect(await subscribe(hub.url, topic, 'Patient-close'));
    expect((await upper.frame(1))['hub.events']).toBe('Patient-open');
    await other.frame(1);
    const open = await publish(hub, 'patient-open', topic);
    await publish(hub, 'patient-close', topic);
    await upper.waitFor(() => upper.events('Patient-open').length === 1);
    await other.waitFor(() => other.events('Patient-close').length === 1);
    expect(upper.events('Patient-open')[0]?.id).toBe(open.id);
    expect(names(other)).toEqual(['Patient-close']);
  });

  it('keeps the socket working after a frame that is not JSON or not an ack', async () => {
    const topic = freshTopic();
    const socket = connect(await subscribe(hub.url, topic, 'Patient-open'));
    await socket.frame(1);
    socket.send('this is not JSON');
    socket.send('{"hello":"world"}');
    socket.send('[1,2,3]');
    socket.send(JSON.stringify({ id: 'no-such-event', status: 500 }));
    const open = await publish(hub, 'patient-open', topic);
    await socket.waitFor(() => socket.events('Patient-open').length === 1);
    expect(socket.events('Patient-open')[0]?.id).toBe(open.id);
    expect(socket.closeCode).toBeUndefined();
  });

  it('sends to the newer of two sockets on one endpoint and closes the older with 4000', async () => {
    const topic = freshTopic();
    const endpoint = await subscribe(hub.url, topic, 'Patient-open');
    const older = connect(endpoint);
    await older.frame(1);
    const newer = connect(endpoint);
    expect((await newer.frame(1))['hub.mode']).toBe('subscribe');
    expect(await older.closed()).toBe(4000);
    const open = await publish(hub, 'patient-open', topic);
    await newer.waitFor(() => newer.events('Patient-open').length === 1);
    expect(newer.events('Patient-open')[0]?.id).toBe(open.id);
    expect(older.events()).toEqual([]);
    expect(hub.hub.subscriptionCount(topic)).toBe(1);
  });

  it('sends no heartbeat by default, however long a subscriber waits', async () => {
    const clock = new ManualClock();
    const quiet = await startHub({ clock });
    try {
      const topic = freshTopic();
      const socket = connect(await subscribe(quiet.url, topic, 'Patient-open'));
      await socket.frame(1);
      // Half an hour on the hub's clock: any heartbeat period would have fallen due many times (the lease,
      // an hour, has not).
      clock.advance(30 * 60_000);
      await publish(quiet, 'patient-open', topic);
      await socket.waitFor(() => socket.events('Patient-open').length === 1);
      // A socket delivers in order: a heartbeat sent in that half hour would have come before the open.
      expect(socket.frames[0]?.['hub.mode']).toBe('subscribe');
      expect(names(socket)).toEqual(['Patient-open']);
      expect(socket.frames).toHaveLength(2);
    } finally {
      await quiet.close();
    }
  });
});

describe('hub WebSocket lease expiry', () => {
  let hub: RunningHub;
  const tracker = socketsForEachTest();
  beforeAll(async () => {
    hub = await startHub({ leaseSeconds: 1 });
  });
  afterAll(() => hub.close());

  it('denies with "lease expired" and closes with 1000 once the lease ends', async () => {
    const topic = freshTopic();
    const socket = tracker.connect(await subscribe(hub.url, topic, 'Patient-open'));
    expect((await socket.frame(1))['hub.lease_seconds']).toBe(1);
    expect(hub.hub.subscriptionCount(topic)).toBe(1);
    expect(await socket.frame(2, 3000)).toEqual({
      'hub.mode': 'denied',
      'hub.topic': topic,
      'hub.events': 'Patient-open',
      'hub.reason': 'lease expired',
    });
    expect(await socket.closed()).toBe(1000);
    expect(hub.hub.subscriptionCount(topic)).toBe(0);
  });
});

describe('hub acknowledgements and sync errors', () => {
  let hub: RunningHub;
  const tracker = socketsForEachTest();
  const connect = tracker.connect;
  beforeAll(async () => {
    hub = await startHub({ ackTimeoutMs: 300 });
  });
  afterAll(() => hub.close());

  /** Subscribes a socket named `name` and waits for its confirmation. */
  async function subscriber(topic: string, events: string, name: string, ack?: AckPolicy) {
    const socket = connect(await subscribe(hub.url, topic, events, { 'subscriber.name': name }), ack);
    await socket.frame(1);
    return socket;
  }

  it('accepts acks with status 200, "200" or no status at all, raising no sync error', async () => {
    const topic = freshTopic();
    const watcher = await subscriber(topic, 'syncerror', 'watcher');
    const acks = [
      await subscriber(topic, 'Patient-open', 'numeric', (frame) => ({ id: frame.id, status: 200 })),
      await subscriber(topic, 'Patient-open', 'string', (frame) => ({ id: frame.id, status: '200' })),
      await subscriber(topic, 'Patient-open', 'medplum', (frame) => ({
        id: frame.id,
        timestamp: frame.timestamp,
      })),
    ];
    await publish(hub, 'patient-open', topic);
    for (const socket of acks) await socket.waitFor(() => socket.events('Patient-open').length === 1);
    await sleep(600);
    expect(watcher.events('syncerror')).toEqual([]);
  });

  it.each([409, 500])('broadcasts a sync error when a subscriber answers %i', async (status) => {
    const topic = freshTopic();
    const watcher = await subscriber(topic, 'syncerror', 'watcher');
    await subscriber(topic, 'Patient-open', `refuser-${status}`, (frame) => ({ id: frame.id, status }));
    const open = await publish(hub, 'patient-open', topic);
    await watcher.waitFor(() => watcher.events('syncerror').length === 1);
    const syncError = watcher.events('syncerror')[0];
    expect(syncError?.event['hub.topic']).toBe(topic);
    const issue = firstIssue(syncError);
    expect(issue).toMatchObject({ severity: 'warning', code: 'processing' });
    expect(issue?.diagnostics).toContain(String(status));
    expect(issue?.details.coding).toEqual(
      expect.arrayContaining([
        { system: SYSTEMS.eventId, code: open.id },
        { system: SYSTEMS.eventName, code: 'Patient-open' },
        { system: SYSTEMS.subscriberName, code: `refuser-${status}` },
      ]),
    );
  });

  it('broadcasts a sync error when a subscriber does not acknowledge in time', async () => {
    const topic = freshTopic();
    const watcher = await subscriber(topic, 'syncerror', 'watcher');
    const silent = await subscriber(topic, 'Patient-open', 'silent viewer', false);
    const open = await publish(hub, 'patient-open', topic);
    await watcher.waitFor(() => watcher.events('syncerror').length === 1);
    expect(silent.events('Patient-open').map((frame) => frame.id)).toEqual([open.id]);
    const issue = firstIssue(watcher.events('syncerror')[0]);
    expect(issue).toMatchObject({ severity: 'warning', code: 'processing' });
    expect(issue?.diagnostics).toContain('did not acknowledge');
    expect(issue?.details.coding).toEqual(
      expect.arrayContaining([
        { system: SYSTEMS.eventId, code: open.id },
        { system: SYSTEMS.eventName, code: 'Patient-open' },
        { system: SYSTEMS.subscriberName, code: 'silent viewer' },
      ]),
    );
  });

  it('unsubscribes a subscriber that leaves three events in a row unacknowledged', async () => {
    const topic = freshTopic();
    const silent = await subscriber(topic, 'Patient-open', 'silent viewer', false);
    for (let i = 0; i < 3; i++) await publish(hub, 'patient-open', topic);
    expect(await silent.closed()).toBe(1000);
    const denial = silent.frames.at(-1);
    expect(denial).toMatchObject({
      'hub.mode': 'denied',
      'hub.reason': 'unresponsive: 3 events unacknowledged',
    });
    expect(hub.hub.subscriptionCount(topic)).toBe(0);
  });

  it.each([
    [
      'refuses it with 409',
      ((frame) => ({
        id: frame.id,
        status: frame.event['hub.event'] === 'Patient-open' ? 409 : 200,
      })) as AckPolicy,
    ],
    [
      'never acknowledges it',
      ((frame) =>
        frame.event['hub.event'] === 'Patient-open' ? undefined : { id: frame.id, status: 200 }) as AckPolicy,
    ],
  ])(
    'sends the sync error about a subscriber that %s to the others, never to that subscriber',
    async (_how, ack) => {
      const topic = freshTopic();
      const events = 'Patient-open,Patient-close,syncerror';
      const failing = await subscriber(topic, events, 'failing viewer', ack);
      const other = await subscriber(topic, events, 'other viewer');
      const open = await publish(hub, 'patient-open', topic);
      await other.waitFor(() => other.events('syncerror').length === 1);
      const codes = firstIssue(other.events('syncerror')[0])?.details.coding;
      expect(codes).toEqual(
        expect.arrayContaining([
          { system: SYSTEMS.eventId, code: open.id },
          { system: SYSTEMS.subscriberName, code: 'failing viewer' },
        ]),
      );
      // The Patient-close goes out after the sync error, so the failing viewer has it by now if it was sent one.
      await publish(hub, 'patient-close', topic);
      await failing.waitFor(() => failing.events('Patient-close').length === 1);
      expect(names(failing)).toEqual(['Patient-open', 'Patient-close']);
    },
  );

  it('delivers a sync error only to the subscribers of syncerror', async () => {
    const topic = freshTopic();
    const watcher = await subscriber(topic, 'syncerror', 'watcher');
    const refuse: AckPolicy = (frame) => ({
      id: frame.id,
      status: frame.event['hub.event'] === 'Patient-open' ? 409 : 200,
    });
    const refuser = await subscriber(topic, 'Patient-open,Patient-close', 'refuser', refuse);
    const bystander = await subscriber(topic, 'Patient-open,Patient-close', 'bystander');
    await publish(hub, 'patient-open', topic);
    await watcher.waitFor(() => watcher.events('syncerror').length === 1);
    // The Patient-close goes out after the sync error, so each socket has seen the sync error if it was sent one.
    await publish(hub, 'patient-close', topic);
    for (const socket of [refuser, bystander]) {
      await socket.waitFor(() => socket.events('Patient-close').length === 1);
      expect(names(socket)).toEqual(['Patient-open', 'Patient-close']);
    }
  });
});

describe('hub heartbeat', () => {
  let hub: RunningHub;
  const tracker = socketsForEachTest();
  beforeAll(async () => {
    hub = await startHub({ heartbeatSeconds: 1, ackTimeoutMs: 300 });
  });
  afterAll(() => hub.close());

  it('sends a heartbeat with its period and a fresh id, and never wants it acknowledged', async () => {
    const topic = freshTopic();
    const watcher = tracker.connect(await subscribe(hub.url, topic, 'syncerror'));
    const silent = tracker.connect(await subscribe(hub.url, topic, 'Patient-open'), false);
    await watcher.frame(1);
    await silent.frame(1);
    await silent.waitFor(() => silent.events('heartbeat').length >= 2, 3000);
    const [first, second] = silent.events('heartbeat');
    for (const heartbeat of [first, second]) {
      expect(heartbeat?.event['hub.topic']).toBe(topic);
      expect(heartbeat?.event.context).toEqual([{ key: 'period', decimal: '1' }]);
    }
    expect(first?.id).not.toBe(second?.id);
    await sleep(400);
    expect(watcher.events('syncerror')).toEqual([]);
  });
});

describe('hub WebSocket ping frames', () => {
  let hub: RunningHub;
  const clients: WebSocket[] = [];
  beforeAll(async () => {
    hub = await startHub({ pingIntervalMs: 200 });
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.terminate();
  });
  afterAll(() => hub.close());

  /** Opens a `ws` client on a fresh subscription and resolves once the confirmation arrived. */
  async function client(
    options: WebSocket.ClientOptions = {},
  ): Promise<{ socket: WebSocket; closed: Promise<number> }> {
    const socket = new WebSocket(await subscribe(hub.url, freshTopic(), 'Patient-open'), options);
    clients.push(socket);
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      socket.once('message', () => resolve());
      socket.once('error', reject);
    });
    return { socket, closed };
  }

  it('keeps a client that answers pings open', async () => {
    const { socket } = await client();
    await sleep(1000);
    expect(socket.readyState).toBe(WebSocket.OPEN);
  });

  it('terminates a client that does not answer pings', async () => {
    const { closed } = await client({ autoPong: false });
    const code = await Promise.race([closed, sleep(1500).then(() => 'still open')]);
    expect(code).toBe(1006);
  });
});
