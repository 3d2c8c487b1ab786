import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createLoopbackHub, type RunningHub, type StartHubOptions, startHub } from '../../src/hub/index.ts';
import { HUB_PROFILES } from '../../src/hub/profiles.ts';
import { exampleFor } from '../fixtures/spec.ts';
import { ManualClock } from '../support/clock.ts';
import { freshTopic, postForm, postJson, subscribe } from '../support/hub-requests.ts';
import { LogRecorder } from '../support/log-recorder.ts';
import { runScenario } from '../support/scenario.ts';

/** A socket on an endpoint that records the frames and close code it gets. */
interface Probe {
  frames: Record<string, unknown>[];
  socket: WebSocket;
  /** Resolves once every frame the hub sent before now has arrived: the pong to a ping comes after them. */
  settled(): Promise<void>;
  closed: Promise<number>;
}

const hubs: RunningHub[] = [];
const probes: Probe[] = [];
afterEach(async () => {
  for (const probe of probes.splice(0)) probe.socket.terminate();
  await Promise.all(hubs.splice(0).map((hub) => hub.close()));
});

async function hubWith(options: StartHubOptions): Promise<RunningHub> {
  const hub = await startHub(options);
  hubs.push(hub);
  return hub;
}

async function probe(endpoint: string, ack?: (frame: Record<string, unknown>) => unknown): Promise<Probe> {
  const socket = new WebSocket(endpoint);
  const frames: Record<string, unknown>[] = [];
  socket.on('message', (data) => {
    const frame = JSON.parse(String(data)) as Record<string, unknown>;
    frames.push(frame);
    const answer = ack?.(frame);
    if (answer) socket.send(JSON.stringify(answer));
  });
  const closed = once(socket, 'close').then(([code]) => code as number);
  const made: Probe = {
    frames,
    socket,
    closed,
    settled: async () => {
      socket.ping();
      await once(socket, 'pong');
    },
  };
  probes.push(made);
  await once(socket, 'open');
  return made;
}

/** Subscribes to `events` on `topic` and connects a probe; waits for what the hub sends on connecting. */
async function listen(hub: RunningHub, topic: string, events: string, extra: Record<string, string> = {}) {
  const endpoint = await subscribe(hub.url, topic, events, extra);
  const connected = await probe(endpoint, refuseWith(200));
  await connected.settled();
  return { endpoint, probe: connected };
}

const refuseWith = (status: number) => (frame: Record<string, unknown>) =>
  frame.event ? { id: frame.id, status } : undefined;
const eventNames = (frames: Record<string, unknown>[]) =>
  frames.flatMap((frame) => (frame.event ? [(frame.event as Record<string, unknown>)['hub.event']] : []));
const endpointId = (endpoint: string) => endpoint.split('/').at(-1);

describe('the legacy-sandbox profile', () => {
  it('confirms with {timestamp, bound, hub.mode, hub.lease_seconds: 7200}, naming neither topic nor events', async () => {
    const hub = await hubWith({ profile: 'legacy-sandbox' });
    const { endpoint, probe: socket } = await listen(hub, freshTopic(), 'Patient-open');
    expect(socket.frames).toEqual([
      {
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        bound: endpointId(endpoint),
        'hub.mode': 'subscribe',
        'hub.lease_seconds': 7200,
      },
    ]);
  });

  it('beats every 15 s with no context and the same id every time', async () => {
    const clock = new ManualClock();
    const hub = await hubWith({ profile: 'legacy-sandbox', clock });
    const topic = freshTopic();
    const { probe: socket } = await listen(hub, topic, 'Patient-open');
    clock.advance(14_999);
    await socket.settled();
    expect(socket.frames).toHaveLength(1);
    clock.advance(1);
    clock.advance(15_000);
    await socket.settled();
    const beat = {
      timestamp: expect.any(String),
      id: expect.any(String),
      event: { 'hub.topic': topic, 'hub.event': 'heartbeat' },
    };
    expect(socket.frames.slice(1)).toEqual([beat, beat]);
    expect(socket.frames[1]?.id).toBe(socket.frames[2]?.id);
  });

  it('leaves a socket on an endpoint it never gave open and silent: no confirmation, no denial, no close', async () => {
    const hub = await hubWith({ profile: 'legacy-sandbox' });
    const socket = await probe(`${hub.origin.replace('http', 'ws')}/ws/fhircast/never-given`);
    await socket.settled();
    expect(socket.frames).toEqual([]);
    expect(socket.socket.readyState).toBe(WebSocket.OPEN);
  });

  it('binds an endpoint to its first socket, and forgets it once that socket closes', async () => {
    const hub = await hubWith({ profile: 'legacy-sandbox' });
    const topic = freshTopic();
    const { endpoint, probe: first } = await listen(hub, topic, 'Patient-open');
    const second = await probe(endpoint);
    await second.settled();
    expect(second.frames).toEqual([]);
    first.socket.close(1000);
    await first.closed;
    await expect.poll(() => hub.hub.subscriptionCount(topic)).toBe(0);
    const third = await probe(endpoint);
    await third.settled();
    expect(third.frames).toEqual([]);
    expect(third.socket.readyState).toBe(WebSocket.OPEN);
  });

  it.each([true, false])('forgets every endpoint in a restart (keepState: %s)', async (keepState) => {
    const hub = await hubWith({ profile: 'legacy-sandbox' });
    const topic = freshTopic();
    const { endpoint, probe: before } = await listen(hub, topic, 'Patient-open');
    await hub.restart({ keepState });
    await before.closed;
    const after = await probe(endpoint);
    await after.settled();
    expect(after.frames).toEqual([]);
    expect(hub.hub.subscriptionCount(topic)).toBe(0);
  });

  it('publishes only at {hub}/{topic}, answering 200 "OK", and relays events without versionIds', async () => {
    const hub = await hubWith({ profile: 'legacy-sandbox' });
    const topic = freshTopic();
    const events = 'DiagnosticReport-open,DiagnosticReport-update,DiagnosticReport-close';
    const { probe: socket } = await listen(hub, topic, events);
    const open = exampleFor('diagnosticreport-open', topic);
    const response = await postJson(`${hub.url}/${topic}`, open);
    expect([response.status, await response.text()]).toEqual([200, 'OK']);
    const update = exampleFor('diagnosticreport-update-1', topic);
    delete update.event['context.versionId'];
    expect((await postJson(`${hub.url}/${topic}`, update)).status).toBe(200);
    const context = async () => (await fetch(`${hub.url}/${topic}`)).json();
    expect(await context()).toEqual(update.event.context);
    await socket.settled();
    expect(socket.frames.slice(1)).toEqual([open, update]);
    const close = exampleFor('diagnosticreport-close', topic);
    expect((await postJson(`${hub.url}/${topic}`, close)).status).toBe(200);
    expect(await context()).toEqual({});
  });

  it('answers get-context with the open context as a bare array, and {} for a topic never used', async () => {
    const hub = await hubWith({ profile: 'legacy-sandbox' });
    const topic = freshTopic();
    const open = exampleFor('patient-open', topic);
    await postJson(`${hub.url}/${topic}`, open);
    expect(await (await fetch(`${hub.url}/${topic}`)).json()).toEqual(open.event.context);
    expect(await (await fetch(`${hub.url}/${freshTopic()}`)).json()).toEqual({});
  });

  it('drops every socket and all state on a JSON POST to {hub}, where the real sandbox exits, answering 502', async () => {
    const recorder = new LogRecorder();
    const hub = await hubWith({ profile: 'legacy-sandbox', log: recorder.log });
    const topic = freshTopic();
    await postJson(`${hub.url}/${topic}`, exampleFor('patient-open', topic));
    const { probe: socket } = await listen(hub, topic, 'Patient-open');
    const response = await postJson(hub.url, exampleFor('patient-close', topic));
    expect(response.status).toBe(502);
    expect(await response.text()).toContain('publish to {hub.url}/{topic}');
    expect(await socket.closed).toBe(1006);
    expect([hub.hub.subscriptionCount(), hub.hub.topicCount()]).toEqual([0, 0]);
    expect(recorder.lines).toContain(
      'a JSON POST to hub.url: the legacy sandbox would have exited; dropped every socket and all state',
    );
    expect((await postForm(hub.url, { 'hub.topic': topic, 'hub.events': 'Patient-open' })).status).toBe(202);
  });

  it('replays nothing, expects no acks and raises no sync errors', async () => {
    const clock = new ManualClock();
    const hub = await hubWith({ profile: 'legacy-sandbox', clock, heartbeatSeconds: 0 });
    const topic = freshTopic();
    await postJson(`${hub.url}/${topic}`, exampleFor('patient-open', topic));
    const watcher = await listen(hub, topic, 'Patient-open,syncerror');
    expect(watcher.probe.frames.map((frame) => frame['hub.mode'])).toEqual(['subscribe']);
    const endpoint = await subscribe(hub.url, topic, 'Patient-open');
    const refuser = await probe(endpoint, refuseWith(409));
    await refuser.settled();
    await postJson(`${hub.url}/${topic}`, exampleFor('patient-open', topic));
    await refuser.settled();
    clock.advance(60_000);
    await watcher.probe.settled();
    expect(eventNames(watcher.probe.frames)).toEqual(['Patient-open']);
    expect(eventNames(refuser.frames)).toEqual(['Patient-open']);
    expect(hub.hub.stats).toEqual({ delivered: 0, acknowledged: 0, refused: 0, unanswered: 0 });
  });

  it('ends a subscription without a denial: an unsubscribe only closes the socket', async () => {
    const hub = await hubWith({ profile: 'legacy-sandbox' });
    const topic = freshTopic();
    const { endpoint, probe: socket } = await listen(hub, topic, 'Patient-open', {
      'subscriber.name': 'app',
    });
    const unsubscribe = { 'hub.mode': 'unsubscribe', 'hub.topic': topic, 'hub.channel.endpoint': endpoint };
    expect((await postForm(hub.url, { ...unsubscribe, 'subscriber.name': 'app' })).status).toBe(202);
    expect(await socket.closed).toBe(1000);
    expect(socket.frames.map((frame) => frame['hub.mode'])).toEqual(['subscribe']);
  });

  it('ends a subscription whose socket does not connect within 15 s', async () => {
    const clock = new ManualClock();
    const hub = await hubWith({ profile: 'legacy-sandbox', clock });
    const topic = freshTopic();
    await subscribe(hub.url, topic, 'Patient-open');
    clock.advance(14_999);
    expect(hub.hub.subscriptionCount(topic)).toBe(1);
    clock.advance(1);
    expect(hub.hub.subscriptionCount(topic)).toBe(0);
  });

  it('ends every unnamed subscription of the topic on an unsubscribe without subscriber.name', async () => {
    const hub = await hubWith({ profile: 'legacy-sandbox' });
    const topic = freshTopic();
    const unnamed = await listen(hub, topic, 'Patient-open');
    const alsoUnnamed = await listen(hub, topic, 'Patient-open');
    const named = await listen(hub, topic, 'Patient-open', { 'subscriber.name': 'named' });
    const fields = {
      'hub.mode': 'unsubscribe',
      'hub.topic': topic,
      'hub.channel.endpoint': unnamed.endpoint,
    };
    await postForm(hub.url, fields);
    expect(await alsoUnnamed.probe.closed).toBe(1000);
    await named.probe.settled();
    expect(named.probe.socket.readyState).toBe(WebSocket.OPEN);
    expect(hub.hub.subscriptionCount(topic)).toBe(1);
  });

  it('serves no discovery document', async () => {
    const hub = await hubWith({ profile: 'legacy-sandbox' });
    expect((await fetch(`${hub.url}/.well-known/fhircast-configuration`)).status).toBe(404);
  });
});

describe('the medplum profile', () => {
  it('confirms as the guide says, with a 3600 s lease, on an endpoint under /ws/fhircast/', async () => {
    const hub = await hubWith({ profile: 'medplum' });
    const topic = freshTopic();
    const { endpoint, probe: socket } = await listen(hub, topic, 'Patient-open');
    expect(endpoint).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/ws\/fhircast\/[0-9a-f]{48}$/);
    expect(socket.frames).toEqual([
      {
        'hub.mode': 'subscribe',
        'hub.topic': topic,
        'hub.events': 'Patient-open',
        'hub.lease_seconds': 3600,
      },
    ]);
  });

  it('beats every 10 s with a period of 10 and a fresh id', async () => {
    const clock = new ManualClock();
    const hub = await hubWith({ profile: 'medplum', clock });
    const topic = freshTopic();
    const { probe: socket } = await listen(hub, topic, 'Patient-open');
    clock.advance(10_000);
    clock.advance(10_000);
    await socket.settled();
    const beat = {
      timestamp: expect.any(String),
      id: expect.any(String),
      event: { 'hub.topic': topic, 'hub.event': 'heartbeat', context: [{ key: 'period', decimal: '10' }] },
    };
    expect(socket.frames.slice(1)).toEqual([beat, beat]);
    expect(socket.frames[1]?.id).not.toBe(socket.frames[2]?.id);
  });

  it('sends a sync error to every subscriber, the one that refused included', async () => {
    const hub = await hubWith({ profile: 'medplum' });
    const topic = freshTopic();
    const watcher = await listen(hub, topic, 'Patient-open,syncerror');
    const endpoint = await subscribe(hub.url, topic, 'Patient-open,syncerror', {
      'subscriber.name': 'refuser',
    });
    const refuser = await probe(endpoint, (frame) =>
      eventNames([frame])[0] === 'Patient-open' ? { id: frame.id, status: 409 } : undefined,
    );
    await refuser.settled();
    await postJson(hub.url, exampleFor('patient-open', topic));
    await expect.poll(() => eventNames(refuser.frames)).toEqual(['Patient-open', 'syncerror']);
    await expect.poll(() => eventNames(watcher.probe.frames)).toEqual(['Patient-open', 'syncerror']);
  });

  it('clears the current context on any close, whatever it names, and never answers a close 409', async () => {
    const hub = await hubWith({ profile: 'medplum' });
    const topic = freshTopic();
    await postJson(hub.url, exampleFor('patient-open', topic));
    const otherPatient = [{ key: 'patient', resource: { resourceType: 'Patient', id: 'someone-else' } }];
    const close = exampleFor('patient-close', topic, { context: otherPatient });
    expect((await postJson(hub.url, close)).status).toBe(202);
    expect(await (await fetch(`${hub.url}/${topic}`)).json()).toEqual({ 'context.type': '', context: [] });
    const neverOpened = await postJson(hub.url, exampleFor('diagnosticreport-close', topic));
    expect(neverOpened.status).toBe(202);
  });

  it('answers a publish with 202 {success, event} carrying its versionId, and a stale update with 400', async () => {
    const hub = await hubWith({ profile: 'medplum' });
    const topic = freshTopic();
    const answer = await postJson(hub.url, exampleFor('diagnosticreport-open', topic));
    const body = (await answer.json()) as { success: boolean; event: { event: Record<string, unknown> } };
    expect([answer.status, body.success]).toEqual([202, true]);
    expect(body.event.event['context.versionId']).toEqual(expect.any(String));
    const stale = exampleFor('diagnosticreport-update-1', topic, { 'context.versionId': 'stale' });
    expect((await postJson(hub.url, stale)).status).toBe(400);
  });
});

describe('choosing a profile', () => {
  it('stu3 is the default: the same session gives the same answers and frames', async () => {
    const stu3 = await hubWith({ profile: 'stu3' });
    const plain = await hubWith({});
    const access = (hub: RunningHub) => ({ url: hub.url, fetch, WebSocket: globalThis.WebSocket });
    expect(await runScenario(access(stu3))).toEqual(await runScenario(access(plain)));
  });

  it('refuses a profile it does not know, naming the option and the profiles', () => {
    expect(() => createLoopbackHub({ profile: 'sandbox' as never })).toThrow(
      'react-fhircast hub: option profile must be one of stu3, legacy-sandbox, medplum, not "sandbox"',
    );
  });

  it('lets options given explicitly win over the profile defaults', async () => {
    const clock = new ManualClock();
    const hub = await hubWith({ profile: 'legacy-sandbox', clock, leaseSeconds: 60, heartbeatSeconds: 0 });
    const { probe: socket } = await listen(hub, freshTopic(), 'Patient-open');
    clock.advance(60_000);
    await socket.closed;
    expect(socket.frames.map((frame) => frame['hub.lease_seconds'])).toEqual([60]);
  });

  it('is documented in the README, one line per behaviour', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const profile of Object.values(HUB_PROFILES)) {
      for (const line of profile.differences) expect(readme).toContain(line);
    }
  });
});
