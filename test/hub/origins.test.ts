import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningHub, startHub } from '../../src/hub/index.ts';
import { freshTopic, rawRequest, subscribe, tryUpgrade } from '../support/hub-requests.ts';

const subscribeBody = (topic: string) =>
  `hub.channel.type=websocket&hub.mode=subscribe&hub.topic=${topic}&hub.events=Patient-open`;
const form = { 'content-type': 'application/x-www-form-urlencoded' };

describe('which browser origins may use the development hub', () => {
  let hub: RunningHub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.close());

  it.each([
    'http://localhost:6006',
    'http://localhost',
    'http://127.0.0.1:5173',
    'https://127.0.0.1:8443',
    'http://[::1]:6006',
  ])('answers a page on the loopback origin %s, with the CORS header naming it', async (origin) => {
    const preflight = await rawRequest(hub.url, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(origin);
    const context = await rawRequest(`${hub.url}/${freshTopic()}`, { headers: { origin } });
    expect(context.status).toBe(200);
    expect(context.headers['access-control-allow-origin']).toBe(origin);
  });

  it('refuses a preflight from another site with 403 and no CORS header', async () => {
    const origin = 'https://evil.example';
    const preflight = await rawRequest(hub.url, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.text).toContain('--allow-origin');
  });

  it("refuses another site's simple form POST (sent without preflight), so it subscribes nobody", async () => {
    const topic = freshTopic();
    const answer = await rawRequest(hub.url, {
      method: 'POST',
      headers: { ...form, origin: 'https://evil.example' },
      body: subscribeBody(topic),
    });
    expect(answer.status).toBe(403);
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    expect(hub.hub.subscriptionCount(topic)).toBe(0);
  });

  it.each(['https://evil.example', 'http://localhost.evil.example', 'null', 'not a url'])(
    'refuses to read the context for the origin %s',
    async (origin) => {
      const answer = await rawRequest(`${hub.url}/${freshTopic()}`, { headers: { origin } });
      expect(answer.status).toBe(403);
      expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    },
  );

  it('answers clients that send no Origin (curl, Node), as before', async () => {
    const answer = await rawRequest(hub.url, {
      method: 'POST',
      headers: form,
      body: subscribeBody(freshTopic()),
    });
    expect(answer.status).toBe(202);
  });

  it('refuses a WebSocket upgrade from another site with 403, before the upgrade', async () => {
    const endpoint = await subscribe(hub.url, freshTopic(), 'Patient-open');
    const refused = await tryUpgrade(endpoint, { origin: 'https://evil.example' });
    expect(refused).toEqual({ opened: false, status: 403, text: expect.stringContaining('evil.example') });
    const allowed = await tryUpgrade(endpoint, { origin: 'http://localhost:6006' });
    expect(allowed).toEqual({ opened: true, firstFrame: expect.stringContaining('"hub.mode":"subscribe"') });
  });
});

describe('origins the development hub is told to allow', () => {
  it('adds the origins of allowOrigins to the loopback ones and still refuses the others', async () => {
    const hub = await startHub({ allowOrigins: ['https://app.example:8443/', 'http://ehr.example'] });
    try {
      const statusFor = async (origin: string) =>
        (await rawRequest(`${hub.url}/${freshTopic()}`, { headers: { origin } })).status;
      expect(await statusFor('https://app.example:8443')).toBe(200);
      expect(await statusFor('http://ehr.example')).toBe(200);
      expect(await statusFor('http://localhost:6006')).toBe(200);
      expect(await statusFor('https://app.example')).toBe(403);
      expect(await statusFor('https://evil.example')).toBe(403);
    } finally {
      await hub.close();
    }
  });

  it('allows every origin only when "*" is given', async () => {
    const hub = await startHub({ allowOrigins: ['*'] });
    try {
      const answer = await rawRequest(`${hub.url}/${freshTopic()}`, {
        headers: { origin: 'https://any.example' },
      });
      expect(answer.status).toBe(200);
      expect(answer.headers['access-control-allow-origin']).toBe('https://any.example');
      const endpoint = await subscribe(hub.url, freshTopic(), 'Patient-open');
      expect((await tryUpgrade(endpoint, { origin: 'https://any.example' })).opened).toBe(true);
    } finally {
      await hub.close();
    }
  });
});

describe('which Host names the development hub answers', () => {
  let hub: RunningHub;
  let port: string;
  beforeAll(async () => {
    hub = await startHub();
    port = new URL(hub.url).port;
  });
  afterAll(() => hub.close());

  it('refuses a foreign Host (a rebound DNS name) with 421 and never echoes it into an endpoint', async () => {
    const topic = freshTopic();
    const answer = await rawRequest(hub.url, {
      method: 'POST',
      headers: { ...form, host: 'evil.example:666' },
      body: subscribeBody(topic),
    });
    expect(answer.status).toBe(421);
    expect(answer.text).toContain('does not name this hub');
    expect(answer.text).not.toContain('ws://evil.example');
    expect(hub.hub.subscriptionCount(topic)).toBe(0);
    const read = await rawRequest(`${hub.url}/${topic}`, { headers: { host: `evil.example:${port}` } });
    expect(read.status).toBe(421);
  });

  it('refuses a WebSocket upgrade with a foreign Host', async () => {
    const endpoint = await subscribe(hub.url, freshTopic(), 'Patient-open');
    const refused = await tryUpgrade(endpoint, { headers: { host: 'evil.example:666' } });
    expect(refused).toMatchObject({ opened: false, status: 421 });
  });

  it.each(['127.0.0.1', 'localhost', '[::1]', 'LOCALHOST'])(
    'answers the loopback name %s with its port, and builds endpoints on it',
    async (name) => {
      const answer = await rawRequest(hub.url, {
        method: 'POST',
        headers: { ...form, host: `${name}:${port}` },
        body: subscribeBody(freshTopic()),
      });
      expect(answer.status).toBe(202);
      expect(JSON.parse(answer.text)['hub.channel.endpoint']).toMatch(
        new RegExp(`^ws://${name.replace(/[[\]]/g, '\\$&')}:${port}/ws/fhircast/`, 'i'),
      );
    },
  );

  it('refuses a loopback name with another port', async () => {
    const answer = await rawRequest(`${hub.url}/${freshTopic()}`, { headers: { host: 'localhost:1' } });
    expect(answer.status).toBe(421);
  });
});

describe('a development hub with a public URL', () => {
  it('answers the public name and builds endpoints on the public URL, secure when it is https', async () => {
    const hub = await startHub({ publicUrl: 'https://hub.example.com/api/hub' });
    try {
      const answer = await rawRequest(hub.url, {
        method: 'POST',
        headers: { ...form, host: 'hub.example.com' },
        body: subscribeBody(freshTopic()),
      });
      expect(answer.status).toBe(202);
      expect(JSON.parse(answer.text)['hub.channel.endpoint']).toMatch(
        /^wss:\/\/hub\.example\.com\/ws\/fhircast\//,
      );
      const local = await rawRequest(`${hub.url}/${freshTopic()}`);
      expect(local.status).toBe(200);
      const foreign = await rawRequest(`${hub.url}/${freshTopic()}`, {
        headers: { host: 'other.example.com' },
      });
      expect(foreign.status).toBe(421);
    } finally {
      await hub.close();
    }
  });

  it('rejects a publicUrl that is not an http or https URL', async () => {
    await expect(startHub({ publicUrl: 'ftp://hub.example.com' })).rejects.toThrow('publicUrl');
  });
});
