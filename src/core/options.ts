import { MAX_MESSAGE_LENGTH } from '../protocol/json.ts';
import type { BackoffOptions } from './backoff.ts';
import type { RequestInfo } from './http.ts';
import type { ResourceReader } from './references.ts';
import { type ClientTimers, platformTimers } from './timers.ts';

export type { ClientTimers } from './timers.ts';

/** A WebSocket class: the browser's, Node's, `ws`, or the loopback hub's. */
export type WebSocketClass = new (url: string) => WebSocket;

/** Options of `createFhircastClient`. Only `hubUrl`, `topic` and `events` are required. */
export interface FhircastClientOptions {
  /** The hub's `hub.url`, e.g. `https://hub.example.org/api/hub`. */
  hubUrl: string;
  /** The session to join (`hub.topic`); a secret, never logged in full. */
  topic: string;
  /** Events to subscribe to; names are case-insensitive. */
  events: readonly string[];
  /** A bearer token sent on every HTTP call. */
  token?: string;
  /** Called before every HTTP call for a fresh token (and once more after a 401); wins over `token`. */
  getToken?: () => string | undefined | Promise<string | undefined>;
  /** `subscriber.name`, shown in sync errors. Default a unique `react-fhircast-xxxxxxxx`. */
  subscriberName?: string;
  /** Lease to ask for, in seconds. Default: the hub's choice. */
  leaseSeconds?: number;
  /** WebSocket class. Default `globalThis.WebSocket`. */
  WebSocket?: WebSocketClass;
  /** fetch implementation. Default `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch;
  /**
   * Hosts besides `hubUrl`'s own that the hub's WebSocket endpoints may be on (a separate socket server,
   * say `ws.hub.example.org`). An endpoint elsewhere, or `ws://` from an https hub, stops the client as
   * `denied`. Default: none.
   */
  allowedEndpointHosts?: readonly string[];
  /** Where to publish: `hub` posts to `hub.url` (STU3), `topic` to `hub.url/{topic}` (older hubs). Default `hub`. */
  publishTo?: 'hub' | 'topic';
  /** Reconnect delays and jitter. Default 250 ms … 10 s, ±20 %. */
  backoff?: BackoffOptions;
  /** Time to wait for the socket to open and be confirmed before subscribing again. Default 5000 ms. */
  confirmTimeoutMs?: number;
  /**
   * Time a publish waits for its own echo before resolving without it; on a live socket a missing echo
   * means the hub's context moved on without this client, which then fetches it. Default 5000 ms.
   */
  echoTimeoutMs?: number;
  /** Time an HTTP request may go unanswered before it counts as a network failure. Default 30000 ms. */
  requestTimeoutMs?: number;
  /**
   * Times a publish that got no answer at all (the network failed, or nothing came within
   * `requestTimeoutMs`) is sent again, with the same event id so the hub can tell it is a resend; a hub's
   * answer, of any status, is never resent. Default 0: only for hubs that recognise a resent id (IHE
   * IRA's Hub; the development hub), or a resend may reach the apps twice.
   */
  publishRetries?: number;
  /**
   * Longest WebSocket frame or get-context answer accepted, in characters: a longer frame is refused
   * unparsed (413 ack, logged), a longer answer is a failed fetch. Default 16 MiB (16,777,216).
   */
  maxMessageLength?: number;
  /** Entries kept in the event log. Default 300. */
  logLimit?: number;
  /** Timers. Default the platform's. */
  timers?: ClientTimers;
  /** Random source for jitter and default names. Default `Math.random`. */
  random?: () => number;
  /** Called for every HTTP request and answer, for logging; never sees the token. */
  onRequest?: (info: RequestInfo) => void;
  /**
   * Reads a FHIR resource by "Type/id", for content a hub shares by reference (an update entry with only a
   * `fullUrl`). Without it such entries stay in `content` as references (`isContentReference`).
   */
  readResource?: ResourceReader;
}

/** The options with defaults applied. */
export type ResolvedClientOptions = FhircastClientOptions &
  Required<
    Pick<
      FhircastClientOptions,
      | 'subscriberName'
      | 'WebSocket'
      | 'fetch'
      | 'publishTo'
      | 'confirmTimeoutMs'
      | 'echoTimeoutMs'
      | 'logLimit'
      | 'maxMessageLength'
      | 'publishRetries'
      | 'timers'
      | 'random'
    >
  >;

/** Validates options and fills in defaults; throws a TypeError naming the option at fault. */
export function resolveClientOptions(options: FhircastClientOptions): ResolvedClientOptions {
  const fail = (message: string) => new TypeError(`createFhircastClient: ${message}`);
  if (typeof options.hubUrl !== 'string' || !/^https?:\/\//i.test(options.hubUrl)) {
    throw fail('hubUrl must be an http(s) URL');
  }
  if (typeof options.topic !== 'string' || options.topic.trim() === '')
    throw fail('topic must be a non-empty string');
  if (options.subscriberName !== undefined && options.subscriberName.trim() === '') {
    throw fail('subscriberName must not be empty: hubs refuse an empty subscriber.name (IHE IRA: 400)');
  }
  if (!Array.isArray(options.events) || options.events.length === 0) {
    throw fail('events must name at least one event');
  }
  const WebSocketImpl = options.WebSocket ?? (globalThis.WebSocket as WebSocketClass | undefined);
  if (!WebSocketImpl) throw fail('no WebSocket implementation: pass the WebSocket option');
  const fetchImpl = options.fetch ?? globalThis.fetch?.bind(globalThis);
  if (!fetchImpl) throw fail('no fetch implementation: pass the fetch option');
  const random = options.random ?? Math.random;
  const suffix = Math.floor(random() * 0xffffffff)
    .toString(16)
    .padStart(8, '0');
  return {
    ...options,
    hubUrl: options.hubUrl.replace(/\/+$/, ''),
    subscriberName: options.subscriberName ?? `react-fhircast-${suffix}`,
    WebSocket: WebSocketImpl,
    fetch: fetchImpl,
    publishTo: options.publishTo ?? 'hub',
    confirmTimeoutMs: options.confirmTimeoutMs ?? 5000,
    echoTimeoutMs: options.echoTimeoutMs ?? 5000,
    logLimit: options.logLimit ?? 300,
    maxMessageLength: options.maxMessageLength ?? MAX_MESSAGE_LENGTH,
    publishRetries: options.publishRetries ?? 0,
    timers: options.timers ?? platformTimers,
    random,
  };
}
