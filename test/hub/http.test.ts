import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningHub, startHub } from '../../src/hub/index.ts';
import { specExample } from '../fixtures/spec.ts';
import { freshTopic, postForm, postJson } from '../support/hub-requests.ts';

describe('hub HTTP surface', () => {
  let hub: RunningHub;
  beforeAll(async () => {
    hub = await startHub({ maxBodyBytes: 64 * 1024 });
  });
  afterAll(() => hub.close());

  it('binds 127.0.0.1 on a free port and serves hub.url at /api/hub', () => {
    expect(hub.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/hub$/);
    expect(hub.aliasUrl).toBe(hub.url.replace('/api/hub', '/fhircast/STU3'));
  });

  it('answers the discovery document at .well-known/fhircast-configuration on both paths', async () => {
    for (const base of [hub.url, hub.aliasUrl]) {
      const response = await fetch(`${base}/.well-known/fhircast-configuration`);
      expect(response.status).toBe(200);
      const body = await response.json();
      expect(body).toMatchObject({
        websocketSupport: true,
        fhircastVersion: '3.0.0',
        capabilities: { supportsGetCurrentContext: true, supportsNonCurrentContextUpdates: false },
      });
      expect(body.eventsSupported).toContain('DiagnosticReport-update');
      expect(body.eventsSupported).toContain('Patient-open');
    }
  });

  it('answers a CORS preflight with Authorization allowed', async () => {
    const response = await fetch(hub.url, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:6006',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:6006');
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-headers')).toContain('authorization');
    // A MedplumClient in a browser fetches with credentials: 'include', refused without this.
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
  });

  it('puts CORS headers on ordinary answers too', async () => {
    const response = await fetch(`${hub.url}/${freshTopic()}`, {
      headers: { origin: 'http://localhost:6006' },
    });
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:6006');
  });

  it('refuses a body over the limit with 413 and keeps serving', async () => {
    const big = { ...specExample('patient-open'), padding: 'x'.repeat(70 * 1024) };
    const response = await postJson(hub.url, big);
    expect(response.status).toBe(413);
    expect(await response.text()).toContain('exceeds');
    const after = await fetch(`${hub.url}/.well-known/fhircast-configuration`);
    expect(after.status).toBe(200);
  });

  it('answers 400 with a message for a body that is not JSON', async () => {
    const response = await fetch(hub.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"event": ',
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toBe('The request body is not valid JSON');
  });

  it('answers 415 for a content type it does not speak', async () => {
    const response = await fetch(hub.url, {
      method: 'POST',
      headers: { 'content-type': 'text/xml' },
      body: '<x/>',
    });
    expect(response.status).toBe(415);
  });

  it('answers 404 outside the hub paths and 405 for a wrong method', async () => {
    expect((await fetch(`${hub.origin}/nowhere`)).status).toBe(404);
    const wrong = await fetch(hub.url, { method: 'DELETE' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST, OPTIONS');
  });

  it('accepts subscription requests as JSON as well as forms', async () => {
    const response = await postJson(hub.url, {
      'hub.channel.type': 'websocket',
      'hub.mode': 'subscribe',
      'hub.topic': freshTopic(),
      'hub.events': ['Patient-open', 'Patient-close'],
    });
    expect(response.status).toBe(202);
    expect((await response.json())['hub.channel.endpoint']).toMatch(
      /^ws:\/\/127\.0\.0\.1:\d+\/ws\/fhircast\//,
    );
  });
});

describe('hub with bearer tokens', () => {
  let hub: RunningHub;
  beforeAll(async () => {
    hub = await startHub({ tokens: ['secret-1', 'secret-2'] });
  });
  afterAll(() => hub.close());

  it('answers 401 with a challenge to every call without a valid token', async () => {
    const topic = freshTopic();
    const calls = [
      postForm(hub.url, { 'hub.topic': topic, 'hub.events': 'Patient-open' }),
      postJson(hub.url, specExample('patient-open')),
      fetch(`${hub.url}/${topic}`),
      fetch(`${hub.url}/.well-known/fhircast-configuration`),
      fetch(`${hub.url}/${topic}`, { headers: { authorization: 'Bearer wrong' } }),
      fetch(`${hub.url}/${topic}`, { headers: { authorization: 'Basic c2VjcmV0LTE=' } }),
    ];
    for (const response of await Promise.all(calls)) {
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="fhircast"');
    }
  });

  it('accepts any configured token, on every path', async () => {
    const topic = freshTopic();
    const subscribed = await postForm(
      hub.aliasUrl,
      { 'hub.topic': topic, 'hub.events': 'Patient-open' },
      { authorization: 'Bearer secret-2' },
    );
    expect(subscribed.status).toBe(202);
    const context = await fetch(`${hub.url}/${topic}`, { headers: { authorization: 'bearer secret-1' } });
    expect(context.status).toBe(200);
  });

  it('lets a CORS preflight through without a token', async () => {
    const response = await fetch(hub.url, { method: 'OPTIONS' });
    expect(response.status).toBe(204);
  });
});
