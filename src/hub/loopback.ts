import { HubFaults } from './faults.ts';
import { HUB_BASE_PATHS, handleHttp } from './http.ts';
import { FhircastHub } from './hub.ts';
import { loopbackWebSocketClass, SOCKET_ORIGIN } from './loopback-socket.ts';
import type { HubOptions } from './options.ts';
import type { SubscriberFilter } from './transport.ts';

export { HUB_PROFILE_NAMES, HUB_PROFILES, type HubProfileName } from './profiles.ts';
export type { SubscriberFilter, SubscriberInfo } from './transport.ts';

/** Origin of every loopback hub; nothing listens there, requests never leave the page. */
export const LOOPBACK_ORIGIN = 'http://fhircast.loopback';

/**
 * An in-memory hub: the same logic as the server, reached through its own `fetch` and `WebSocket`, with the
 * server's fault controls, so that a page (a static Storybook) can break its connections on purpose.
 */
export interface LoopbackHub {
  /** `hub.url` to give a client together with this hub's `fetch` and `WebSocket`. */
  url: string;
  origin: string;
  /** The hub logic (a new one after a restart without state). */
  readonly hub: FhircastHub;
  /** A `fetch` that answers requests to this hub's origin and rejects every other URL. */
  fetch: typeof globalThis.fetch;
  /** A `WebSocket` class that connects to this hub's subscription endpoints. */
  WebSocket: typeof globalThis.WebSocket;
  /** Fault injection (HTTP failures and hangs, lost or delayed frames and acks); off unless armed. */
  faults: HubFaults;
  /**
   * Cuts sockets with an abnormal close (1006), as a network failure would; subscriptions survive. Without
   * `which`, every socket; with it, those of the subscribers it chooses. Answers how many.
   */
  dropSockets(which?: SubscriberFilter): number;
  /** Ends subscriptions (default every one) as if their lease had expired: a denial, then a close. */
  expireLeases(which?: SubscriberFilter): number;
  /** Revokes the subscriptions `which` chooses: a denial carrying `reason`, then a close. Answers how many. */
  deny(which: SubscriberFilter, reason?: string): number;
  /** Stops and starts again; without `keepState` every subscription and context is lost. */
  restart(options?: { keepState?: boolean }): Promise<void>;
  /** Closes every socket and timer. */
  close(): void;
}

/** Creates an in-memory development hub for jsdom tests and static Storybook builds. Needs no Node APIs. */
export function createLoopbackHub(options?: HubOptions): LoopbackHub {
  let hub = new FhircastHub(options);
  const faults = new HubFaults();
  const sockets = new Set<{ cut(): void }>();
  const cutAll = () => {
    const open = [...sockets];
    for (const socket of open) socket.cut();
    return open.length;
  };
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (url.origin !== LOOPBACK_ORIGIN) {
      throw new TypeError(`loopback hub: fetch only reaches ${LOOPBACK_ORIGIN}, not ${url.origin}`);
    }
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name.toLowerCase()] = value;
    });
    const path = `${url.pathname}${url.search}`;
    const fault =
      request.method === 'OPTIONS'
        ? undefined
        : faults.takeHttpFault({
            method: request.method,
            url: path,
            contentType: headers['content-type'] ?? '',
          });
    if (fault?.kind === 'hang') return new Promise<Response>(() => {});
    if (fault) return new Response('injected fault', { status: fault.status });
    const answer = handleHttp(hub, {
      method: request.method,
      url: path,
      headers,
      body: await request.text(),
      socketBase: SOCKET_ORIGIN,
    });
    const nullBody = answer.status === 204 || answer.status === 304;
    return new Response(nullBody ? null : answer.body, { status: answer.status, headers: answer.headers });
  };
  return {
    url: `${LOOPBACK_ORIGIN}${HUB_BASE_PATHS[0]}`,
    origin: LOOPBACK_ORIGIN,
    get hub() {
      return hub;
    },
    fetch: fetch as typeof globalThis.fetch,
    WebSocket: loopbackWebSocketClass({ hub: () => hub, faults, sockets }),
    faults,
    dropSockets: (which) => (which ? hub.dropSocketsWhere(which) : cutAll()),
    expireLeases: (which = () => true) => hub.endWhere(which, 'lease expired'),
    deny: (which, reason = 'denied by the hub') => hub.endWhere(which, reason),
    restart: async ({ keepState = false } = {}) => {
      // As the server's restart: without state the old hub shuts down (1001); every socket is then cut.
      if (!keepState) {
        hub.close();
        hub = new FhircastHub(options);
      }
      cutAll();
    },
    close: () => hub.close(),
  };
}
