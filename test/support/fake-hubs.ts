import { createLoopbackHub } from '../../src/hub/loopback.ts';
import type { HubOptions } from '../../src/hub/options.ts';
import { FakeSocket, instrumented } from './fake-sockets.ts';
import { type Intercept, json, recordingFetch } from './recorded-fetch.ts';

/** How a fake hub treats a socket once it opened. */
export type OnOpen = (socket: FakeSocket, index: number) => void;

/** Options of a hand-written misbehaving hub. */
export interface FakeHubOptions {
  /** Answers HTTP calls; undefined falls back to the defaults (subscribe 202, context empty, publish 202). */
  intercept?: Intercept;
  /** Called after each socket opens; default: sends a full STU3 confirmation. */
  onOpen?: OnOpen;
  /** Sockets (by index) that stay CONNECTING forever. */
  neverOpens?: (index: number) => boolean;
}

/** A hub written by hand for one test: a recording fetch and a WebSocket class whose sockets it controls. */
export function createFakeHub(topic: string, options: FakeHubOptions = {}) {
  const url = 'http://fake.hub/api/hub';
  const sockets: FakeSocket[] = [];
  let endpoints = 0;
  const onOpen: OnOpen =
    options.onOpen ??
    ((socket) =>
      socket.message({
        'hub.mode': 'subscribe',
        'hub.topic': topic,
        'hub.events': 'Patient-open,Patient-close',
        'hub.lease_seconds': 3600,
      }));
  const { fetch, calls } = recordingFetch(undefined, (call) => {
    const answer = options.intercept?.(call);
    if (answer) return answer;
    if (call.form?.get('hub.mode') === 'subscribe') {
      const endpoint = call.form.get('hub.channel.endpoint') ?? `ws://fake.hub/ws/endpoint-${++endpoints}`;
      return json(202, { 'hub.channel.endpoint': endpoint });
    }
    if (call.form) return json(202, { 'hub.channel.endpoint': call.form.get('hub.channel.endpoint') });
    if (call.method === 'GET') return json(200, { 'context.type': '', context: [] });
    return json(202, { success: true });
  });
  class HubSocket extends FakeSocket {
    constructor(endpoint: string) {
      super(endpoint);
      const index = sockets.push(this) - 1;
      queueMicrotask(() => {
        if (this.readyState !== 0 || options.neverOpens?.(index)) return;
        this.open();
        onOpen(this, index);
      });
    }
  }
  return { url, fetch, calls, sockets, WebSocket: HubSocket as unknown as typeof WebSocket };
}

/** A loopback hub whose fetch is recorded (and may be intercepted) and whose sockets are instrumented. */
export function loopbackPeer(options: HubOptions = {}, intercept?: Intercept) {
  const loopback = createLoopbackHub(options);
  const { fetch, calls } = recordingFetch(loopback.fetch, intercept);
  const { WebSocket, instances: sockets } = instrumented(loopback.WebSocket);
  return { hub: loopback.hub, url: loopback.url, fetch, calls, WebSocket, sockets, close: loopback.close };
}
