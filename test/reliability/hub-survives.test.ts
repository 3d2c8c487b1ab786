import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoopbackHub, type RunningHub, startHub } from '../../src/hub/index.ts';
import {
  deepPatientOpen,
  LEVELS_PER_CONTAINER,
  NESTED,
  type NestingShape,
  nestedJson,
  withNested,
} from '../fixtures/hostile.ts';
import { exampleFor } from '../fixtures/spec.ts';
import { ManualClock } from '../support/clock.ts';
import { freshTopic, postJson, subscribe } from '../support/hub-requests.ts';
import { LogRecorder } from '../support/log-recorder.ts';
import { RecordingSocket } from '../support/recording-socket.ts';

const LIMIT = 'nesting deeper than 64 levels';

/** POSTs JSON text as it is and answers the status and the body's text. */
async function postText(url: string, text: string): Promise<{ status: number; text: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: text,
  });
  return { status: response.status, text: await response.text() };
}

/** Whether the hub still answers an ordinary request. */
async function stillServes(hubUrl: string): Promise<number> {
  const response = await fetch(`${hubUrl}/.well-known/fhircast-configuration`);
  await response.arrayBuffer();
  return response.status;
}

describe('the development hub against deeply nested input', () => {
  let hub: RunningHub;
  const recorder = new LogRecorder();
  beforeAll(async () => {
    hub = await startHub({ log: recorder.log });
  });
  afterAll(() => hub.close());

  it('answers 400 naming the limit to a Patient-open nested 10,000 levels deep, and its subscribers stay', async () => {
    const topic = freshTopic();
    const socket = new RecordingSocket(await subscribe(hub.url, topic, 'Patient-open'));
    await socket.frame(1);
    const body = deepPatientOpen(topic, 10_000);
    expect(body.length).toBeGreaterThan(400_000);
    expect(body.length).toBeLessThan(hub.hub.options.maxBodyBytes);
    const deep = await postText(hub.url, body);
    expect(deep.status).toBe(400);
    expect(deep.text).toContain(LIMIT);
    const good = exampleFor('patient-open', topic);
    expect((await postJson(hub.url, good)).status).toBe(202);
    await socket.waitFor(() => socket.events('Patient-open').length === 1);
    expect(socket.events().map((frame) => frame.id)).toEqual([good.id]);
    expect(socket.closeCode).toBeUndefined();
    socket.close();
  });

  const shapes = fc.constantFrom<NestingShape>('array', 'object', 'extension');
  const depths = fc.oneof(fc.integer({ min: 0, max: 80 }), fc.integer({ min: 0, max: 12_000 }));

  /** Where nested text goes in a request, and how many levels surround it there. */
  const placements = (topic: string) => {
    const open = exampleFor('patient-open', topic);
    const patient = open.event.context[0]?.resource as Record<string, unknown>;
    return fc.constantFrom(
      { name: 'the whole body', levels: 0, template: NESTED },
      { name: 'the context', levels: 2, template: { ...open, event: { ...open.event, context: NESTED } } },
      {
        name: 'an extra event field',
        levels: 2,
        template: { ...open, event: { ...open.event, extra: NESTED } },
      },
      {
        name: "the patient's extensions",
        levels: 6,
        template: {
          ...open,
          event: {
            ...open.event,
            context: [{ key: 'patient', resource: { ...patient, extension: [NESTED] } }],
          },
        },
      },
      {
        name: 'a subscription request',
        levels: 1,
        template: {
          'hub.channel.type': 'websocket',
          'hub.mode': 'subscribe',
          'hub.topic': topic,
          'hub.events': NESTED,
        },
      },
    );
  };

  it('answers every publish body, however deep, with 202 or 400, naming the limit exactly when it is passed', async () => {
    const topic = freshTopic();
    await fc.assert(
      fc.asyncProperty(placements(topic), shapes, depths, async (placement, shape, depth) => {
        const levels = placement.levels + depth * LEVELS_PER_CONTAINER[shape];
        const answer = await postText(hub.url, withNested(placement.template, nestedJson(depth, shape)));
        if (levels > 64) {
          expect(answer.status).toBe(400);
          expect(answer.text).toContain(LIMIT);
        } else {
          expect([202, 400]).toContain(answer.status);
          expect(answer.text).not.toContain('nesting');
        }
        expect(await stillServes(hub.url)).toBe(200);
      }),
      { numRuns: 80 },
    );
  });

  it('reads every WebSocket frame, however deep, logs what it did with it, and keeps the socket', async () => {
    const topic = freshTopic();
    const socket = new RecordingSocket(await subscribe(hub.url, topic, 'Patient-open'));
    await socket.frame(1);
    const frames = fc.constantFrom(
      { levels: 0, template: NESTED },
      { levels: 1, template: { id: 'not-pending', status: 200, extra: NESTED } },
      { levels: 1, template: { id: NESTED, status: 200 } },
    );
    await fc.assert(
      fc.asyncProperty(frames, shapes, depths, async (frame, shape, depth) => {
        const levels = frame.levels + depth * LEVELS_PER_CONTAINER[shape];
        const from = recorder.lines.length;
        socket.send(withNested(frame.template, nestedJson(depth, shape)));
        const line = await recorder.next(/^ignored a frame/, from);
        if (levels > 64) expect(line).toContain(LIMIT);
        else expect(line).toContain('acknowledges no pending event');
      }),
      { numRuns: 80 },
    );
    const good = exampleFor('patient-open', topic);
    expect((await postJson(hub.url, good)).status).toBe(202);
    await socket.waitFor(() => socket.events('Patient-open').length === 1);
    expect(socket.closeCode).toBeUndefined();
    socket.close();
  });

  it('takes its nesting limit from the maxNestingDepth option', async () => {
    const shallow = await startHub({ maxNestingDepth: 8 });
    try {
      const answer = await postText(shallow.url, nestedJson(9, 'array'));
      expect(answer).toEqual({ status: 400, text: expect.stringContaining('nesting deeper than 8 levels') });
      expect((await postText(shallow.url, nestedJson(8, 'array'))).text).not.toContain('nesting');
    } finally {
      await shallow.close();
    }
  });
});

describe('the development hub when its own logic throws', () => {
  /** Lines the log sink throws on: a broken `log` option is a way for hub logic to throw mid-request. */
  let failOn: RegExp | undefined;
  const recorder = new LogRecorder((line) => failOn?.test(line) ?? false);
  let hub: RunningHub;
  beforeAll(async () => {
    hub = await startHub({ log: recorder.log });
  });
  afterAll(() => hub.close());
  const subscribeForm = () =>
    new URLSearchParams({
      'hub.channel.type': 'websocket',
      'hub.mode': 'subscribe',
      'hub.topic': freshTopic(),
      'hub.events': 'Patient-open',
    });

  it('answers 500 with a message, logs it and keeps serving', async () => {
    failOn = /^subscribed/;
    const response = await fetch(hub.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: subscribeForm(),
    });
    failOn = undefined;
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('The hub failed to handle this request: Error: log sink failed');
    expect(await recorder.next(/^failed to handle a POST request/)).toContain('log sink failed');
    expect(await stillServes(hub.url)).toBe(200);
  });

  it('survives a frame whose handling throws, logs it and keeps the socket open', async () => {
    const topic = freshTopic();
    const socket = new RecordingSocket(await subscribe(hub.url, topic, 'Patient-open'));
    await socket.frame(1);
    failOn = /^ignored a frame/;
    const from = recorder.lines.length;
    socket.send('not an ack');
    expect(await recorder.next(/^failed to handle a frame/, from)).toContain('log sink failed');
    failOn = undefined;
    const good = exampleFor('patient-open', topic);
    expect((await postJson(hub.url, good)).status).toBe(202);
    await socket.waitFor(() => socket.events('Patient-open').length === 1);
    expect(socket.closeCode).toBeUndefined();
    socket.close();
  });
});

describe('the development hub when its own timers throw', () => {
  it('logs the failure of a lease, connect or ack timer and keeps serving', async () => {
    const clock = new ManualClock();
    const recorder = new LogRecorder((line) => line.startsWith('ended') || line.startsWith('no ack'));
    const hub = await startHub({ clock, log: recorder.log, connectWithinSeconds: 5, ackTimeoutMs: 1000 });
    try {
      const topic = freshTopic();
      await subscribe(hub.url, topic, 'Patient-open');
      expect(() => clock.advance(5000)).not.toThrow();
      expect(await recorder.next(/^failed to expire an unconnected subscription/)).toContain(
        'log sink failed',
      );
      const silent = new RecordingSocket(await subscribe(hub.url, topic, 'Patient-open'), false);
      await silent.frame(1);
      expect((await postJson(hub.url, exampleFor('patient-open', topic))).status).toBe(202);
      await silent.waitFor(() => silent.events('Patient-open').length === 1);
      expect(() => clock.advance(1000)).not.toThrow();
      expect(await recorder.next(/^failed to raise a sync error/)).toContain('log sink failed');
      expect(await stillServes(hub.url)).toBe(200);
      silent.close();
    } finally {
      await hub.close();
    }
  });
});

describe('the in-memory loopback hub against the same input', () => {
  let failOn: RegExp | undefined;
  const recorder = new LogRecorder((line) => failOn?.test(line) ?? false);
  const loopback = createLoopbackHub({ log: recorder.log });
  afterAll(() => loopback.close());

  /** POSTs JSON text to the loopback hub. */
  async function post(text: string, contentType = 'application/json') {
    const response = await loopback.fetch(loopback.url, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: text,
    });
    return { status: response.status, text: await response.text() };
  }

  it('answers 400 naming the limit to the deep Patient-open and 500 when its logic throws', async () => {
    const topic = freshTopic();
    expect(await post(deepPatientOpen(topic, 10_000))).toEqual({
      status: 400,
      text: expect.stringContaining(LIMIT),
    });
    failOn = /^subscribed/;
    const broken = await post(
      `hub.channel.type=websocket&hub.mode=subscribe&hub.topic=${topic}&hub.events=Patient-open`,
      'application/x-www-form-urlencoded',
    );
    failOn = undefined;
    expect(broken.status).toBe(500);
    expect((await post(JSON.stringify(exampleFor('patient-open', topic)))).status).toBe(202);
  });

  it('survives a frame whose handling throws and keeps the socket open', async () => {
    const topic = freshTopic();
    const subscribed = await post(
      JSON.stringify({
        'hub.channel.type': 'websocket',
        'hub.mode': 'subscribe',
        'hub.topic': topic,
        'hub.events': 'Patient-open',
      }),
    );
    const endpoint = (JSON.parse(subscribed.text) as Record<string, string>)['hub.channel.endpoint'];
    const socket = new loopback.WebSocket(endpoint as string);
    const frames: string[] = [];
    let closed = false;
    socket.onclose = () => {
      closed = true;
    };
    const received = (count: number) =>
      new Promise<void>((resolve) => {
        const check = () => frames.length >= count && resolve();
        socket.onmessage = (event) => {
          frames.push(String(event.data));
          check();
        };
        check();
      });
    await received(1);
    failOn = /^ignored a frame/;
    const from = recorder.lines.length;
    socket.send('not an ack');
    expect(await recorder.next(/^failed to handle a frame/, from)).toContain('log sink failed');
    failOn = undefined;
    expect((await post(JSON.stringify(exampleFor('patient-open', topic)))).status).toBe(202);
    await received(2);
    expect(closed).toBe(false);
    socket.close();
  });
});
