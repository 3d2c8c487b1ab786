import { describe, expect, it } from 'vitest';
import { createLoopbackHub } from '../../src/hub/loopback.ts';
import { specExample } from '../fixtures/spec.ts';

describe('the loopback hub in a DOM environment', () => {
  it('runs in jsdom with no Node server: subscribe, confirm, publish, receive and get context', async () => {
    expect(typeof window).toBe('object');
    const loopback = createLoopbackHub();
    const topic = 'dom-topic';
    const subscribed = await loopback.fetch(loopback.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        'hub.channel.type': 'websocket',
        'hub.mode': 'subscribe',
        'hub.topic': topic,
        'hub.events': 'Patient-open',
      }).toString(),
    });
    expect(subscribed.status).toBe(202);
    const { 'hub.channel.endpoint': endpoint } = await subscribed.json();
    const socket = new loopback.WebSocket(endpoint);
    const frames: Record<string, unknown>[] = [];
    socket.onmessage = (event) => frames.push(JSON.parse(event.data));
    await new Promise((resolve) => socket.addEventListener('open', resolve));
    await expect.poll(() => frames.length).toBe(1);
    expect(frames[0]).toMatchObject({
      'hub.mode': 'subscribe',
      'hub.topic': topic,
      'hub.events': 'Patient-open',
    });

    const example = specExample('patient-open');
    const published = await loopback.fetch(loopback.url, {
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json' },
      body: JSON.stringify({ ...example, event: { ...example.event, 'hub.topic': topic } }),
    });
    expect(published.status).toBe(202);
    await expect.poll(() => frames.length).toBe(2);
    expect(frames[1]).toMatchObject({ id: example.id, event: { 'hub.event': 'Patient-open' } });

    const context = await (await loopback.fetch(`${loopback.url}/${topic}`)).json();
    expect(context['context.type']).toBe('Patient');
    socket.close(1000);
    loopback.close();
  });
});
