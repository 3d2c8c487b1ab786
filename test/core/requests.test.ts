import { describe, expect, it } from 'vitest';
import { FhircastError, UntrustedEndpointError } from '../../src/core/errors.ts';
import type { FhircastClientOptions } from '../../src/core/options.ts';
import { clientParts, PARTS_TOPIC } from '../support/client-parts.ts';
import { createFakeHub } from '../support/fake-hubs.ts';
import { type Intercept, json, text } from '../support/recorded-fetch.ts';

/** Hub requests over a fake hub whose answers `intercept` may replace; and the calls the hub saw. */
function requestsTo(intercept?: Intercept, options: Partial<FhircastClientOptions> = {}) {
  const hub = createFakeHub(PARTS_TOPIC, intercept ? { intercept } : {});
  const { requests } = clientParts(hub, options);
  return { requests, calls: hub.calls, url: hub.url };
}

const formOf = (form: URLSearchParams | undefined) => [...(form ?? [])];
const networkDown: Intercept = () => Promise.reject(new TypeError('fetch failed'));
const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: unknown) => error,
  );

describe('subscribe', () => {
  it('posts a form with each field once, and answers the endpoint the hub gave [FC-2.4-subscribe-request] [IRA-RAD-146-subscriber-name]', async () => {
    const { requests, calls, url } = requestsTo(undefined, { subscriberName: 'viewer', leaseSeconds: 600 });
    expect(await requests.subscribe(['Patient-open', 'Patient-close'])).toBe('ws://fake.hub/ws/endpoint-1');
    expect(calls.map((call) => [call.method, call.url, call.contentType])).toEqual([
      ['POST', url, 'application/x-www-form-urlencoded'],
    ]);
    expect(formOf(calls[0]?.form)).toEqual([
      ['hub.channel.type', 'websocket'],
      ['hub.mode', 'subscribe'],
      ['hub.topic', PARTS_TOPIC],
      ['hub.events', 'Patient-open,Patient-close'],
      ['hub.lease_seconds', '600'],
      ['subscriber.name', 'viewer'],
    ]);
  });

  it('asks for no lease when none is set, and names the endpoint when renewing', async () => {
    const { requests, calls } = requestsTo(undefined, { subscriberName: 'viewer' });
    const endpoint = 'ws://fake.hub/ws/endpoint-7';
    expect(await requests.subscribe(['Patient-open'], endpoint)).toBe(endpoint);
    expect(formOf(calls[0]?.form)).toEqual([
      ['hub.channel.type', 'websocket'],
      ['hub.mode', 'subscribe'],
      ['hub.topic', PARTS_TOPIC],
      ['hub.events', 'Patient-open'],
      ['hub.channel.endpoint', endpoint],
      ['subscriber.name', 'viewer'],
    ]);
  });

  it('fails with the status and the start of the hub’s answer when it refuses', async () => {
    const { requests } = requestsTo(() => text(503, '  busy, try later  '));
    const error = await failureOf(requests.subscribe(['Patient-open']));
    expect(error).toBeInstanceOf(FhircastError);
    expect(error).toMatchObject({ status: 503, message: 'subscribe failed: HTTP 503: busy, try later' });
  });

  it.each([
    ['no endpoint', {}],
    ['an http:// endpoint', { 'hub.channel.endpoint': 'http://fake.hub/ws/1' }],
    ['an endpoint that is not a string', { 'hub.channel.endpoint': 7 }],
  ])('fails, without a status, when the hub answers 202 with %s', async (_what, body) => {
    const { requests } = requestsTo((call) => (call.form ? json(202, body) : undefined));
    expect(await failureOf(requests.subscribe(['Patient-open']))).toMatchObject({
      name: 'FhircastError',
      status: undefined,
      message: 'subscribe failed: the hub answered without a ws:// or wss:// hub.channel.endpoint',
    });
  });

  it('refuses an endpoint on another host and unsubscribes it at once', async () => {
    const evil = 'ws://evil.example/ws/abc123';
    const { requests, calls } = requestsTo((call) =>
      call.form?.get('hub.mode') === 'subscribe' ? json(202, { 'hub.channel.endpoint': evil }) : undefined,
    );
    const error = await failureOf(requests.subscribe(['Patient-open']));
    expect(error).toBeInstanceOf(UntrustedEndpointError);
    expect((error as Error).message).toBe(
      'subscribe refused: the hub gave a WebSocket endpoint on evil.example, not on the hub’s host fake.hub (allow it with allowedEndpointHosts)',
    );
    expect(calls.map((call) => [call.form?.get('hub.mode'), call.form?.get('hub.channel.endpoint')])).toEqual(
      [
        ['subscribe', null],
        ['unsubscribe', evil],
      ],
    );
  });

  it('follows an endpoint on a host it is allowed, and only wss:// from an https hub', async () => {
    const given =
      (endpoint: string): Intercept =>
      (call) =>
        call.form ? json(202, { 'hub.channel.endpoint': endpoint }) : undefined;
    const allowed = requestsTo(given('wss://ws.hub.example/s/1'), {
      allowedEndpointHosts: ['ws.hub.example'],
    });
    expect(await allowed.requests.subscribe(['Patient-open'])).toBe('wss://ws.hub.example/s/1');
    const https = requestsTo(given('ws://fake.hub/s/1'), { hubUrl: 'https://fake.hub/api/hub' });
    expect(await failureOf(https.requests.subscribe(['Patient-open']))).toMatchObject({
      name: 'UntrustedEndpointError',
      message: 'subscribe refused: an https hub gave a ws:// endpoint; only wss:// keeps its frames private',
    });
  });
});

describe('unsubscribe', () => {
  it('posts the endpoint with mode unsubscribe and no events [FC-2.4-unsubscribe]', async () => {
    const { requests, calls } = requestsTo(undefined, { subscriberName: 'viewer' });
    await requests.unsubscribe('ws://fake.hub/ws/endpoint-3');
    expect(formOf(calls[0]?.form)).toEqual([
      ['hub.channel.type', 'websocket'],
      ['hub.mode', 'unsubscribe'],
      ['hub.topic', PARTS_TOPIC],
      ['hub.channel.endpoint', 'ws://fake.hub/ws/endpoint-3'],
      ['subscriber.name', 'viewer'],
    ]);
  });

  it('ignores a failure: the lease ends the subscription anyway', async () => {
    expect(await requestsTo(networkDown).requests.unsubscribe('ws://fake.hub/ws/1')).toBeUndefined();
    expect(
      await requestsTo(() => text(500, 'oops')).requests.unsubscribe('ws://fake.hub/ws/1'),
    ).toBeUndefined();
  });
});

describe('getContext', () => {
  it('gets hub.url/{topic}, the topic encoded, and reads the context [FC-2.9-get-current-context]', async () => {
    const context = [{ key: 'patient', resource: { resourceType: 'Patient', id: 'p1' } }];
    const { requests, calls, url } = requestsTo(
      () => json(200, { 'context.type': 'Patient', 'context.versionId': 'v1', context }),
      { topic: 'ward 3/bed 7' },
    );
    expect(await requests.getContext()).toEqual({
      anchor: 'Patient',
      versionId: 'v1',
      context,
      content: [],
    });
    expect(calls.map((call) => [call.method, call.url])).toEqual([['GET', `${url}/ward%203%2Fbed%207`]]);
  });

  it('takes an empty answer as an empty context', async () => {
    const { requests } = requestsTo(() => new Response('', { status: 200 }));
    expect(await requests.getContext()).toEqual({
      anchor: undefined,
      versionId: undefined,
      context: [],
      content: [],
    });
  });

  it.each([
    ['a 404', () => text(404, 'unknown topic'), 404, 'get context failed: HTTP 404: unknown topic'],
    [
      'an HTML page',
      () => text(200, '<html>proxy error</html>'),
      200,
      'get context failed: the answer is neither empty nor a JSON object or array (<html>proxy error</html>)',
    ],
    [
      'an answer longer than maxMessageLength',
      () => json(200, { context: [], padding: 'x'.repeat(400) }),
      200,
      'get context failed: the answer is longer than maxMessageLength (300 characters)',
    ],
    [
      'an answer nested deeper than 100 levels',
      () => text(200, `${'['.repeat(101)}${']'.repeat(101)}`),
      200,
      'get context failed: the answer nests deeper than 100 levels',
    ],
  ])('fails on %s, with its status', async (_what, answer, status, message) => {
    const { requests } = requestsTo(answer, { maxMessageLength: 300 });
    const error = await failureOf(requests.getContext());
    expect(error).toBeInstanceOf(FhircastError);
    expect(error).toMatchObject({ status, message });
  });

  it('fails without a status when the hub cannot be reached', async () => {
    expect(await failureOf(requestsTo(networkDown).requests.getContext())).toMatchObject({
      name: 'FhircastError',
      status: undefined,
      message: 'could not reach the hub (context): fetch failed',
    });
  });
});

describe('discover', () => {
  it('reads .well-known/fhircast-configuration', async () => {
    const configuration = { eventsSupported: ['Patient-open'], websocketSupport: true };
    const { requests, calls, url } = requestsTo(() => json(200, configuration));
    expect(await requests.discover()).toEqual(configuration);
    expect(calls.map((call) => [call.method, call.url])).toEqual([
      ['GET', `${url}/.well-known/fhircast-configuration`],
    ]);
  });

  it('answers undefined when the hub has none (404)', async () => {
    expect(await requestsTo(() => text(404, 'Not Found')).requests.discover()).toBeUndefined();
  });

  it.each([
    ['a 500', () => text(500, 'boom'), 500, 'discovery failed: HTTP 500: boom'],
    ['a 200 that is not a JSON object', () => text(200, 'hello'), 200, 'discovery failed: HTTP 200: hello'],
  ])('fails on %s', async (_what, answer, status, message) => {
    expect(await failureOf(requestsTo(answer).requests.discover())).toMatchObject({ status, message });
  });
});

describe('publish', () => {
  it('posts the event as JSON to hub.url and resolves with any answer, a refusal included [FC-2.6-publish-request]', async () => {
    const { requests, calls, url } = requestsTo((call) =>
      call.form ? undefined : text(400, 'missing context key'),
    );
    const answer = await requests.publish('{"id":"e1"}');
    expect(answer).toMatchObject({ status: 400, text: 'missing context key' });
    expect(calls.map((call) => [call.method, call.url, call.contentType, call.body])).toEqual([
      ['POST', url, 'application/json', '{"id":"e1"}'],
    ]);
  });

  it("posts to hub.url/{topic} with publishTo: 'topic', as older hubs want", async () => {
    const { requests, calls, url } = requestsTo(undefined, { publishTo: 'topic', topic: 'ward 3' });
    expect((await requests.publish('{}')).status).toBe(202);
    expect(calls.map((call) => call.url)).toEqual([`${url}/ward%203`]);
  });
});
