/**
 * Clients under test, and their teardown. Each `...ForEachTest` function registers its hooks in the file
 * or `describe` that calls it: after each test, every client it made is disconnected before the hubs
 * they used are closed.
 */
import { afterEach, beforeEach } from 'vitest';
import { createFhircastClient, type FhircastClient } from '../../src/core/client.ts';
import type { FhircastClientOptions } from '../../src/core/options.ts';
import { type RunningHub, type StartHubOptions, startHub } from '../../src/hub/index.ts';
import type { HubOptions } from '../../src/hub/options.ts';
import { loopbackPeer } from './fake-hubs.ts';
import type { Intercept } from './recorded-fetch.ts';

/** How a client or a test reaches a hub: its URL, and the fetch and WebSocket that lead there. */
export interface HubAccess {
  url: string;
  fetch: typeof fetch;
  WebSocket: typeof WebSocket;
}

/** A hub as a client is given it: the platform's fetch and WebSocket serve where it brings none. */
export type Reachable = Pick<HubAccess, 'url'> & Partial<HubAccess>;

type ClientOptions = Partial<FhircastClientOptions>;

/**
 * The clients of one test file (or `describe`). `clientFor(hub, options)` makes a client of `hub` with
 * `defaults`, a call's own options winning; after each test every client made is disconnected, then each
 * cleanup given to `afterClients` runs, in order.
 */
export function clientsForEachTest(defaults: ClientOptions) {
  const clients: FhircastClient[] = [];
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.disconnect()));
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  /** A client of `hub`, not yet connected. */
  function clientFor(hub: Reachable, options: ClientOptions = {}): FhircastClient {
    const client = createFhircastClient({
      hubUrl: hub.url,
      ...(hub.fetch ? { fetch: hub.fetch } : {}),
      ...(hub.WebSocket ? { WebSocket: hub.WebSocket } : {}),
      ...defaults,
      ...options,
    } as FhircastClientOptions);
    clients.push(client);
    return client;
  }

  /** Runs `cleanup` after the test, once its clients are disconnected. */
  function afterClients(cleanup: () => unknown): void {
    cleanups.push(cleanup);
  }

  /** A loopback hub with a recorded fetch and instrumented sockets (`loopbackPeer`), closed after the test. */
  function loopback(options: HubOptions = {}, intercept?: Intercept) {
    const peer = loopbackPeer(options, intercept);
    afterClients(peer.close);
    return peer;
  }

  return { clientFor, afterClients, loopback };
}

/**
 * A development hub on a real port, started before each test and closed after it once the apps made on it
 * are disconnected. `app(name, options)` makes a client named `name` with `defaults` and connects it.
 */
export function liveHubForEachTest(defaults: ClientOptions) {
  const { clientFor, afterClients } = clientsForEachTest(defaults);
  let running: RunningHub | undefined;
  beforeEach(async () => {
    running = await startHub();
    afterClients(() => running?.close());
  });
  const live = {
    /** The hub of the running test. */
    get hub(): RunningHub {
      if (!running) throw new Error('the hub runs only during a test');
      return running;
    },
    /** Replaces the hub of this test with one started with `options`. */
    async restartWith(options: StartHubOptions): Promise<void> {
      await running?.close();
      running = await startHub(options);
    },
    /** A client named `name` (its `subscriber.name`) of the hub, connecting. */
    app(name: string, options: ClientOptions = {}): FhircastClient {
      const client = clientFor(live.hub, { subscriberName: name, ...options });
      client.connect();
      return client;
    },
  };
  return live;
}
