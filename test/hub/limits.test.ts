import { afterEach, describe, expect, it } from 'vitest';
import { type RunningHub, type StartHubOptions, startHub } from '../../src/hub/index.ts';
import type { CurrentContext } from '../../src/protocol/types.ts';
import { obs, put } from '../fixtures/bundles.ts';
import { contentOf, reportOpen, reportUpdate } from '../fixtures/reports.ts';
import { exampleFor } from '../fixtures/spec.ts';
import { ManualClock } from '../support/clock.ts';
import { freshTopic, postForm, postJson, subscribe } from '../support/hub-requests.ts';
import { socketsForEachTest } from '../support/recording-socket.ts';

const running: RunningHub[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((hub) => hub.close()));
});
// Registered after the hubs' hook, so it runs before it: sockets close while their hub still runs.
const { connect } = socketsForEachTest();

async function hubWith(options: StartHubOptions = {}): Promise<RunningHub> {
  const hub = await startHub(options);
  running.push(hub);
  return hub;
}

/** Subscribes to Patient-open on `topic` and answers the status and message. */
async function trySubscribe(hub: RunningHub, topic: string): Promise<{ status: number; text: string }> {
  const response = await postForm(hub.url, { 'hub.topic': topic, 'hub.events': 'Patient-open' });
  return { status: response.status, text: await response.text() };
}

async function publish(hub: RunningHub, body: unknown): Promise<{ status: number; text: string }> {
  const response = await postJson(hub.url, body);
  return { status: response.status, text: await response.text() };
}

describe('limits on subscriptions and topics', () => {
  it('refuses subscriptions past the per-topic limit with 429 naming it, keeping that many', async () => {
    const hub = await hubWith({ maxSubscriptionsPerTopic: 5 });
    const topic = freshTopic();
    const answers = [];
    for (let i = 0; i < 50; i++) answers.push(await trySubscribe(hub, topic));
    expect(answers.filter((answer) => answer.status === 202)).toHaveLength(5);
    const refused = answers.filter((answer) => answer.status !== 202);
    expect(new Set(refused.map((answer) => answer.status))).toEqual(new Set([429]));
    expect(refused[0]?.text).toContain('5 subscriptions per topic (maxSubscriptionsPerTopic)');
    expect(hub.hub.subscriptionCount(topic)).toBe(5);
    expect((await trySubscribe(hub, freshTopic())).status).toBe(202);
  });

  it('refuses subscriptions past the per-hub limit, whatever their topics', async () => {
    const hub = await hubWith({ maxSubscriptions: 8 });
    const answers = [];
    for (let i = 0; i < 40; i++) answers.push(await trySubscribe(hub, freshTopic()));
    expect(answers.filter((answer) => answer.status === 202)).toHaveLength(8);
    expect(answers.at(-1)).toEqual({
      status: 429,
      text: expect.stringContaining('8 subscriptions (maxSubscriptions)'),
    });
    expect(hub.hub.subscriptionCount()).toBe(8);
  });

  it('refuses new topics past the limit, for subscriptions and publishes alike', async () => {
    const hub = await hubWith({ maxTopics: 4 });
    const statuses = [];
    for (let i = 0; i < 30; i++)
      statuses.push((await publish(hub, exampleFor('patient-open', freshTopic()))).status);
    expect(statuses.filter((status) => status === 202)).toHaveLength(4);
    expect(hub.hub.topicCount()).toBe(4);
    const refused = await trySubscribe(hub, freshTopic());
    expect(refused).toEqual({ status: 429, text: expect.stringContaining('4 topics (maxTopics)') });
    expect(hub.hub.topicCount()).toBe(4);
  });

  it('keeps no topic for publishes it rejects', async () => {
    const hub = await hubWith();
    for (let i = 0; i < 200; i++) {
      const note = exampleFor('diagnosticreport-update-1', freshTopic());
      expect((await publish(hub, note)).status).toBe(409);
    }
    expect(hub.hub.topicCount()).toBe(0);
  });

  it('drops a topic once it has neither subscriber nor context', async () => {
    const hub = await hubWith();
    const topic = freshTopic();
    await publish(hub, exampleFor('patient-open', topic));
    const socket = connect(await subscribe(hub.url, topic, 'Patient-open'));
    await socket.frame(1);
    expect(hub.hub.topicCount()).toBe(1);
    await publish(hub, exampleFor('patient-close', topic));
    expect(hub.hub.topicCount()).toBe(1);
    socket.close();
    await socket.closed();
    const endpoint = socket.socket.url;
    await postForm(hub.url, {
      'hub.mode': 'unsubscribe',
      'hub.topic': topic,
      'hub.channel.endpoint': endpoint,
    });
    expect(hub.hub.subscriptionCount()).toBe(0);
    expect(hub.hub.topicCount()).toBe(0);
    await publish(hub, exampleFor('user-logout', topic));
    expect(hub.hub.topicCount()).toBe(0);
  });
});

describe('subscriptions that never connect', () => {
  it('expire after connectWithinSeconds, while connected ones keep their lease', async () => {
    const clock = new ManualClock();
    const hub = await hubWith({ clock, connectWithinSeconds: 30 });
    const topic = freshTopic();
    const connected = connect(await subscribe(hub.url, topic, 'Patient-open'));
    await connected.frame(1);
    for (let i = 0; i < 300; i++) await subscribe(hub.url, freshTopic(), 'Patient-open');
    expect(hub.hub.subscriptionCount()).toBe(301);
    clock.advance(29_000);
    expect(hub.hub.subscriptionCount()).toBe(301);
    clock.advance(1_000);
    expect(hub.hub.subscriptionCount()).toBe(1);
    expect(hub.hub.topicCount()).toBe(1);
    expect(hub.hub.subscriptionCount(topic)).toBe(1);
  });

  it('expire within a minute by default', async () => {
    const clock = new ManualClock();
    const hub = await hubWith({ clock });
    for (let i = 0; i < 50; i++) await subscribe(hub.url, freshTopic(), 'Patient-open');
    clock.advance(60_000);
    expect(hub.hub.subscriptionCount()).toBe(0);
    expect(hub.hub.topicCount()).toBe(0);
  });
});

describe('limits on shared content', () => {
  /** Opens report A on a fresh topic and answers the topic and the versionId to update. */
  async function openReport(hub: RunningHub): Promise<{ topic: string; versionId: string }> {
    const topic = freshTopic();
    const answer = await publish(hub, reportOpen(topic));
    expect(answer.status).toBe(202);
    return { topic, versionId: JSON.parse(answer.text).event.event['context.versionId'] };
  }

  /** Publishes `count` updates each adding observations of `padding` characters; answers their statuses. */
  async function flood(
    hub: RunningHub,
    topic: string,
    versionId: string,
    count: number,
    perUpdate: number,
    padding: number,
  ) {
    const statuses: number[] = [];
    const messages: string[] = [];
    let version = versionId;
    for (let i = 0; i < count; i++) {
      const entries = Array.from({ length: perUpdate }, (_, j) =>
        put(obs(`o-${i}-${j}`, 'x'.repeat(padding))),
      );
      const answer = await publish(hub, reportUpdate(topic, version, entries));
      statuses.push(answer.status);
      if (answer.status === 202) version = JSON.parse(answer.text).event.event['context.versionId'];
      else messages.push(answer.text);
    }
    return { statuses, messages };
  }

  async function currentContext(
    hub: RunningHub,
    topic: string,
  ): Promise<{ text: string; context: CurrentContext }> {
    const text = await (await fetch(`${hub.url}/${topic}`)).text();
    return { text, context: JSON.parse(text) as CurrentContext };
  }

  it('refuses an update past maxContentEntries with 413 naming it, and the content stays at the limit', async () => {
    const hub = await hubWith({ maxContentEntries: 10 });
    const { topic, versionId } = await openReport(hub);
    const { statuses, messages } = await flood(hub, topic, versionId, 20, 3, 10);
    expect(statuses.slice(0, 3)).toEqual([202, 202, 202]);
    expect(new Set(statuses.slice(3))).toEqual(new Set([413]));
    expect(messages[0]).toContain('10 entries per context (maxContentEntries)');
    expect(contentOf((await currentContext(hub, topic)).context)).toHaveLength(9);
  });

  it('refuses an update past maxContentBytes with 413 naming it, bounding the get-context answer', async () => {
    const hub = await hubWith({ maxContentBytes: 64 * 1024 });
    const { topic, versionId } = await openReport(hub);
    const { statuses, messages } = await flood(hub, topic, versionId, 40, 1, 10 * 1024);
    expect(statuses.filter((status) => status === 202).length).toBeLessThan(7);
    expect(statuses.at(-1)).toBe(413);
    expect(messages[0]).toContain('65536 bytes per context (maxContentBytes)');
    expect((await currentContext(hub, topic)).text.length).toBeLessThan(64 * 1024 + 4 * 1024);
  });

  it('keeps a report flooded with large updates to a bounded get-context answer by default', async () => {
    const hub = await hubWith();
    const { topic, versionId } = await openReport(hub);
    const { statuses } = await flood(hub, topic, versionId, 24, 1, 512 * 1024);
    expect(statuses).toContain(413);
    expect((await currentContext(hub, topic)).text.length).toBeLessThan(
      hub.hub.options.maxContentBytes + 8 * 1024,
    );
    expect(hub.hub.options.maxContentBytes).toBeLessThan(24 * 512 * 1024);
  });
});
