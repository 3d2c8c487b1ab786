import { DEFAULT_MAX_NESTING_DEPTH } from './nesting.ts';
import { resolveAllowedOrigins } from './origins.ts';
import { type HubProfile, type HubProfileName, hubProfile } from './profiles.ts';
import { BearerTokens } from './tokens.ts';

/** Timers the hub uses; injectable so tests can drive leases and ack timeouts with fake time. */
export interface HubClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Behaviour of the development hub. Every field is optional. */
export interface HubOptions {
  /**
   * Which hub to behave like where hubs differ (`profiles.ts`): `stu3` (the guide), `legacy-sandbox` (the
   * reference sandbox) or `medplum`. Its defaults apply to the options below that are not given. Default `stu3`.
   */
  profile?: HubProfileName;
  /** Lease granted when a subscriber asks for none, in seconds. Default 3600 (the profile's). */
  leaseSeconds?: number;
  /** Longest lease granted; longer requests are capped. Default 86400. */
  maxLeaseSeconds?: number;
  /** Time a subscriber has to acknowledge an event before the hub raises a sync error. Default 10000 ms. */
  ackTimeoutMs?: number;
  /** Period of the legacy `heartbeat` event in seconds; 0 sends none. Default 0 (the profile's). */
  heartbeatSeconds?: number;
  /** Bearer tokens accepted on HTTP calls; when empty or absent the hub asks for none. */
  tokens?: readonly string[];
  /**
   * Browser origins allowed besides loopback pages (`http(s)://localhost`, `127.0.0.1`, `[::1]`, any port),
   * e.g. `https://app.example:8443`; `*` allows every origin. Requests from other origins get 403 (and no
   * CORS header); requests without an `Origin` are always allowed. Default none.
   */
  allowOrigins?: readonly string[];
  /** Largest request body accepted, in bytes; larger ones get 413. Default 1 MiB. */
  maxBodyBytes?: number;
  /**
   * Deepest nesting of arrays and objects accepted in a JSON body (deeper gets 400) or a WebSocket frame
   * (deeper is ignored and logged). Default 64: FHIR resources nest far less, and deep enough input would
   * exhaust the stack of whatever serialises it.
   */
  maxNestingDepth?: number;
  /**
   * Fills in a published event's missing `id` or `timestamp` instead of answering 400, for publishers
   * written before the guide required both. Default false: a development hub reports an app's mistakes.
   */
  lenient?: boolean;
  /** Seconds a new subscription has to connect its WebSocket before it expires. Default 30 (the profile's). */
  connectWithinSeconds?: number;
  /** Live subscriptions the hub holds at most; more get 429. Default 20000. */
  maxSubscriptions?: number;
  /** Live subscriptions one topic holds at most; more get 429. Default 5000. */
  maxSubscriptionsPerTopic?: number;
  /** Topics (with a subscriber or a context) the hub holds at most; a new one past it gets 429. Default 10000. */
  maxTopics?: number;
  /** Resources the shared content of one report context holds at most; an update past it gets 413. Default 1000. */
  maxContentEntries?: number;
  /** Bytes (as JSON) the shared content of one report context holds at most; past it 413. Default 4 MiB. */
  maxContentBytes?: number;
  /** Timers; default the platform's. */
  clock?: HubClock;
  /**
   * Receives one short line per notable hub action: subscribe, publish, end of a subscription, ack failure,
   * sync error. Default silent.
   */
  log?: (line: string) => void;
  /**
   * Shows topics whole in log lines, for a development hub on one's own machine (`npm start` sets it), so
   * that a session can be joined from the log. Default false: topics are secrets, shortened to 4 characters.
   */
  logFullTopics?: boolean;
}

/** HubOptions with every default filled in. */
export type ResolvedHubOptions = Required<Omit<HubOptions, 'tokens' | 'allowOrigins' | 'profile'>> & {
  profile: HubProfile;
  tokens: BearerTokens;
  allowOrigins: ReadonlySet<string>;
};

const systemClock: HubClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Fills in defaults and rejects nonsensical values with a message naming the option. */
export function resolveHubOptions(options: HubOptions = {}): ResolvedHubOptions {
  const profile = hubProfile(options.profile);
  const resolved: ResolvedHubOptions = {
    profile,
    leaseSeconds: options.leaseSeconds ?? profile.defaults.leaseSeconds,
    maxLeaseSeconds: options.maxLeaseSeconds ?? 86400,
    ackTimeoutMs: options.ackTimeoutMs ?? 10_000,
    heartbeatSeconds: options.heartbeatSeconds ?? profile.defaults.heartbeatSeconds,
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
    maxNestingDepth: options.maxNestingDepth ?? DEFAULT_MAX_NESTING_DEPTH,
    lenient: options.lenient ?? false,
    connectWithinSeconds: options.connectWithinSeconds ?? profile.defaults.connectWithinSeconds,
    maxSubscriptions: options.maxSubscriptions ?? 20_000,
    maxSubscriptionsPerTopic: options.maxSubscriptionsPerTopic ?? 5_000,
    maxTopics: options.maxTopics ?? 10_000,
    maxContentEntries: options.maxContentEntries ?? 1_000,
    maxContentBytes: options.maxContentBytes ?? 4 * 1024 * 1024,
    clock: options.clock ?? systemClock,
    log: options.log ?? (() => {}),
    logFullTopics: options.logFullTopics ?? false,
    tokens: new BearerTokens(options.tokens ?? []),
    allowOrigins: resolveAllowedOrigins(options.allowOrigins ?? []),
  };
  const positive = [
    'leaseSeconds',
    'maxLeaseSeconds',
    'ackTimeoutMs',
    'maxBodyBytes',
    'maxNestingDepth',
    'connectWithinSeconds',
    'maxSubscriptions',
    'maxSubscriptionsPerTopic',
    'maxTopics',
    'maxContentEntries',
    'maxContentBytes',
  ] as const;
  for (const name of positive) {
    if (!(Number.isFinite(resolved[name]) && resolved[name] > 0)) {
      throw new RangeError(`react-fhircast hub: option ${name} must be a positive number`);
    }
  }
  if (!(Number.isFinite(resolved.heartbeatSeconds) && resolved.heartbeatSeconds >= 0)) {
    throw new RangeError('react-fhircast hub: option heartbeatSeconds must be 0 or a positive number');
  }
  return resolved;
}

/** A random identifier with `bytes` bytes of entropy (default 24, i.e. 192 bits), URL-safe. */
export function randomToken(bytes = 24): string {
  const buffer = new Uint8Array(bytes);
  globalThis.crypto.getRandomValues(buffer);
  let text = '';
  for (const byte of buffer) text += byte.toString(16).padStart(2, '0');
  return text;
}

/** A random UUID for event ids and versionIds. */
export function randomUuid(): string {
  return globalThis.crypto.randomUUID();
}
