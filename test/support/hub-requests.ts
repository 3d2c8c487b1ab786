/** Requests a test makes to a running development hub, as an app or a hostile client would. */
import { request as httpRequest } from 'node:http';
import { WebSocket as NodeWebSocket } from 'ws';

/** Subscription form fields; `hub.channel.type` and `hub.mode` default to websocket / subscribe. */
export type SubscribeFields = Record<string, string>;

/** POSTs a form-encoded subscription request and returns the response. */
export function postForm(hubUrl: string, fields: SubscribeFields, headers: Record<string, string> = {}) {
  return fetch(hubUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({
      'hub.channel.type': 'websocket',
      'hub.mode': 'subscribe',
      ...fields,
    }).toString(),
  });
}

/** Subscribes and returns the endpoint, failing the test with the hub's message on any other answer. */
export async function subscribe(hubUrl: string, topic: string, events: string, extra: SubscribeFields = {}) {
  const response = await postForm(hubUrl, { 'hub.topic': topic, 'hub.events': events, ...extra });
  const text = await response.text();
  if (response.status !== 202) throw new Error(`subscribe answered ${response.status}: ${text}`);
  return (JSON.parse(text) as { 'hub.channel.endpoint': string })['hub.channel.endpoint'];
}

/** POSTs a JSON body (a published event) to `url`. */
export function postJson(url: string, body: unknown, contentType = 'application/json') {
  return fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body: JSON.stringify(body) });
}

/** A topic no other test uses. */
export function freshTopic(): string {
  return `topic-${crypto.randomUUID()}`;
}

/** The answer to a `rawRequest`. */
export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/**
 * An HTTP request through `node:http`, which (unlike `fetch`) sends any `Host` and `Origin` a test gives,
 * as a browser on a rebound DNS name or another site's page would.
 */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      { method: options.method ?? 'GET', headers: options.headers },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text }),
        );
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

/** Opens a `ws` client with `options` (an `origin`, a `headers.host`) and answers how the upgrade went. */
export function tryUpgrade(
  endpoint: string,
  options: { origin?: string; headers?: Record<string, string> },
): Promise<{ opened: true; firstFrame: string } | { opened: false; status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = new NodeWebSocket(endpoint, options);
    socket.once('message', (data) => {
      resolve({ opened: true, firstFrame: String(data) });
      socket.close();
    });
    socket.once('unexpected-response', (_request, response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => {
        text += chunk;
      });
      response.on('end', () => resolve({ opened: false, status: response.statusCode ?? 0, text }));
    });
    socket.once('error', (error) => {
      if (!error.message.startsWith('Unexpected server response')) reject(error);
    });
  });
}
