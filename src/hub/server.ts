import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HubFaults } from './faults.ts';
import { HubHostNames } from './hosts.ts';
import { HUB_BASE_PATHS } from './http.ts';
import { FhircastHub } from './hub.ts';
import { serveHttp } from './node-http.ts';
import { serveSockets } from './node-sockets.ts';
import type { HubOptions } from './options.ts';
import { type HubSmartOptions, SmartLaunch } from './smart/launch.ts';
import type { SubscriberFilter } from './transport.ts';

/** Options of a hub served over HTTP and WebSocket. */
export interface StartHubOptions extends HubOptions {
  /** Port to listen on; 0 picks a free one. Default 0. */
  port?: number;
  /** Interface to bind. Default `127.0.0.1`. */
  host?: string;
  /**
   * The URL clients reach the hub by when it is not the listening address (a proxy, a name on the network),
   * e.g. `https://hub.example.com`. Its host is answered besides the hub's own names, and subscriptions
   * made through it get endpoints on it (`wss:` when it is https). Default none.
   */
  publicUrl?: string;
  /** Interval of WebSocket ping frames; a socket that missed the previous pong is closed. Default 30000 ms. */
  pingIntervalMs?: number;
  /**
   * Bytes a socket may have queued but unsent (a subscriber that stopped reading) before the hub drops it;
   * its subscription survives, and the subscriber resyncs when it reconnects. Default 8 MiB.
   */
  maxBufferedBytes?: number;
  /**
   * Serves a SMART App Launch for FHIRcast beside the hub: discovery and `/authorize`, `/token`, the EHR
   * launch page `/launch` and read-only FHIR at `/fhir`, with tokens held to their FHIRcast scopes.
   * `true` or options; default off.
   */
  smart?: boolean | HubSmartOptions;
}

/** Where a hub started with `smart` serves its SMART launch. */
export interface RunningSmartLaunch {
  /** The EHR launch page: `http://HOST:PORT/launch`. */
  launchUrl: string;
  /** The FHIR base URL apps are launched with as `iss`: `http://HOST:PORT/fhir`. */
  fhirBaseUrl: string;
  /** The session the launch page plays the EHR of. */
  topic: string;
}

/** A running development hub. */
export interface RunningHub {
  /** `http://HOST:PORT/api/hub`: the `hub.url` to give clients. */
  url: string;
  /** The same hub under `/fhircast/STU3`, the path a MedplumClient uses. */
  aliasUrl: string;
  /** `http://HOST:PORT`, e.g. a MedplumClient's `baseUrl`. */
  origin: string;
  /** The hub logic, for inspection in tests (a new one after a restart without state). */
  readonly hub: FhircastHub;
  /** The SMART launch, when started with `smart`. */
  smart: RunningSmartLaunch | undefined;
  /** Test-only fault injection (HTTP failures and hangs, lost or delayed frames and acks); off unless armed. */
  faults: HubFaults;
  /**
   * Cuts WebSockets without a close frame, as a network failure would; subscriptions survive. Without
   * `which`, every socket (bound or not); with it, those of the subscribers it chooses. Answers how many.
   */
  dropSockets(which?: SubscriberFilter): number;
  /** Ends subscriptions (default every one) as if their lease had expired: a denial, then a close. */
  expireLeases(which?: SubscriberFilter): number;
  /** Revokes the subscriptions `which` chooses: a denial carrying `reason`, then a close. Answers how many. */
  deny(which: SubscriberFilter, reason?: string): number;
  /** Stops and starts again on the same port; without `keepState` every subscription and context is lost. */
  restart(options?: { keepState?: boolean }): Promise<void>;
  /** Stops listening, closes every socket and timer. */
  close(): Promise<void>;
}

interface Listener {
  cut(): number;
  close(): Promise<void>;
  port: number;
  origin: string;
}

/** Where and how the server listens; the same on every restart. */
interface ListenConfig {
  port: number;
  host: string;
  publicUrl: URL | undefined;
  pingIntervalMs: number;
  maxBufferedBytes: number;
  addOn: SmartLaunch | undefined;
}

async function listen(hub: () => FhircastHub, faults: HubFaults, config: ListenConfig): Promise<Listener> {
  let names: HubHostNames | undefined;
  const side = {
    hub,
    faults,
    names: () => names as HubHostNames,
    pingIntervalMs: config.pingIntervalMs,
    maxBufferedBytes: config.maxBufferedBytes,
    addOn: config.addOn,
  };
  const server = createServer((req, res) => serveHttp(side, req, res));
  const sockets = serveSockets(server, side);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      const { address, port } = server.address() as AddressInfo;
      names = new HubHostNames(address, port, config.host, config.publicUrl);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const origin = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  return {
    port: address.port,
    origin,
    cut: sockets.cut,
    close: async () => {
      await sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Starts the FHIRcast development hub on `node:http` and `ws`. Resolves once it is listening. */
export async function startHub(options: StartHubOptions = {}): Promise<RunningHub> {
  const {
    port = 0,
    host = '127.0.0.1',
    pingIntervalMs = 30_000,
    maxBufferedBytes = 8 * 1024 * 1024,
    publicUrl,
    smart,
    ...hubOptions
  } = options;
  if (!(Number.isFinite(maxBufferedBytes) && maxBufferedBytes > 0)) {
    throw new RangeError('react-fhircast hub: option maxBufferedBytes must be a positive number');
  }
  const faults = new HubFaults();
  let hub = new FhircastHub(hubOptions);
  const addOn = smart ? new SmartLaunch(smart === true ? {} : smart) : undefined;
  const config = {
    port,
    host,
    publicUrl: parsePublicUrl(publicUrl),
    pingIntervalMs,
    maxBufferedBytes,
    addOn,
  };
  let listener = await listen(() => hub, faults, config);
  const { origin } = listener;
  return {
    url: `${origin}${HUB_BASE_PATHS[0]}`,
    aliasUrl: `${origin}${HUB_BASE_PATHS[1]}`,
    origin,
    smart: addOn && { launchUrl: `${origin}/launch`, fhirBaseUrl: `${origin}/fhir`, topic: addOn.topic },
    get hub() {
      return hub;
    },
    faults,
    dropSockets: (which) => (which ? hub.dropSocketsWhere(which) : listener.cut()),
    expireLeases: (which = () => true) => hub.endWhere(which, 'lease expired'),
    deny: (which, reason = 'denied by the hub') => hub.endWhere(which, reason),
    restart: async ({ keepState = false } = {}) => {
      const boundPort = listener.port;
      if (!keepState) hub.close();
      await listener.close();
      if (!keepState) hub = new FhircastHub(hubOptions);
      listener = await listen(() => hub, faults, { ...config, port: boundPort });
    },
    close: async () => {
      hub.close();
      await listener.close();
    },
  };
}

function parsePublicUrl(text: string | undefined): URL | undefined {
  if (text === undefined) return undefined;
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:') {
    throw new RangeError(`react-fhircast hub: option publicUrl must be an http or https URL, not "${text}"`);
  }
  return url;
}
