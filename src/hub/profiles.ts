/**
 * Hub behaviour profiles: the few points where hubs in the field differ, as a table per hub. The hub logic
 * is one; it consults its profile at each of these points. What each real hub does is recorded in
 * PROTOCOL.md ("What real implementations do").
 */

/** The profiles the development hub can play. */
export const HUB_PROFILE_NAMES = ['stu3', 'legacy-sandbox', 'medplum'] as const;

/** A profile's name: `stu3` (the guide), `legacy-sandbox` (the reference sandbox hub), `medplum`. */
export type HubProfileName = (typeof HUB_PROFILE_NAMES)[number];

/** How one hub behaves where hubs differ. */
export interface HubProfile {
  name: HubProfileName;
  /** The hub this profile plays, for documentation. */
  hub: string;
  /** Option defaults of this hub; options given explicitly still win. */
  defaults: { leaseSeconds: number; heartbeatSeconds: number; connectWithinSeconds: number };
  /** `stu3`: topic, events and remaining lease; `bound`: `{timestamp, bound, hub.mode, hub.lease_seconds}`. */
  confirmation: 'stu3' | 'bound';
  /** `declared`: a fresh id and a `period` item each time; `bare`: one id every time and no context. */
  heartbeat: 'declared' | 'bare';
  /** Whether a socket on an endpoint the hub does not know is denied and closed, or accepted and left silent. */
  unknownEndpoint: 'deny' | 'silence';
  /** Whether an endpoint outlives its socket (a subscriber may reconnect to it) or is bound to its first socket. */
  endpointOutlivesSocket: boolean;
  /** Whether ending a subscription sends a denial before the close. */
  denials: boolean;
  /** `versioned`: versionIds, content sharing, suspended contexts; `last-event`: the last event's context only. */
  context: 'versioned' | 'last-event';
  /** `named`: a close clears the context it names; `current`: any close clears the current context. */
  closes: 'named' | 'current';
  /** Whether a new socket is sent the topic's unclosed opens after its confirmation. */
  replay: boolean;
  /** Whether the hub waits for acks, raising sync errors for refused and unanswered events. */
  acks: boolean;
  /** Who is told of a refusal: the `others` (as the guide says) or `everyone`, the refuser included. */
  syncErrorsTo: 'others' | 'everyone';
  /** `hub-or-topic`: `POST {hub}` and `{hub}/{topic}` publish; `topic-only`: a JSON POST to `{hub}` crashes it. */
  publishAt: 'hub-or-topic' | 'topic-only';
  /** `success-event`: `202 {"success":true,"event":…}`; `ok`: `200 "OK"`. */
  publishAnswer: 'success-event' | 'ok';
  /** `stu3`: `{"context.type",…}`; `bare-array`: the context array, `{}` when there is none. */
  getContext: 'stu3' | 'bare-array';
  /** Whether `.well-known/fhircast-configuration` is served (404 otherwise). */
  discovery: boolean;
  /** Whether an unsubscribe without `subscriber.name` also ends every unnamed subscription of its topic. */
  unnamedUnsubscribeEndsUnnamed: boolean;
  /** Client options an app needs on this hub (README "Tested hubs"; the profile suites use them). */
  clientNeeds: { publishTo?: 'topic' };
  /** What differs from STU3, one line per behaviour (README and `--help`). */
  differences: readonly string[];
}

const STU3: HubProfile = {
  name: 'stu3',
  hub: 'the FHIRcast 3.0.0 guide, as this kit implements it',
  defaults: { leaseSeconds: 3600, heartbeatSeconds: 0, connectWithinSeconds: 30 },
  confirmation: 'stu3',
  heartbeat: 'declared',
  unknownEndpoint: 'deny',
  endpointOutlivesSocket: true,
  denials: true,
  context: 'versioned',
  closes: 'named',
  replay: true,
  acks: true,
  syncErrorsTo: 'others',
  publishAt: 'hub-or-topic',
  publishAnswer: 'success-event',
  getContext: 'stu3',
  discovery: true,
  unnamedUnsubscribeEndsUnnamed: false,
  clientNeeds: {},
  differences: ['the guide as written: nothing differs'],
};

const LEGACY_SANDBOX: HubProfile = {
  name: 'legacy-sandbox',
  hub: 'the reference sandbox hub (fhircast/sandbox.js) and hubs built like it',
  defaults: { leaseSeconds: 7200, heartbeatSeconds: 15, connectWithinSeconds: 15 },
  confirmation: 'bound',
  heartbeat: 'bare',
  unknownEndpoint: 'silence',
  endpointOutlivesSocket: false,
  denials: false,
  context: 'last-event',
  closes: 'current',
  replay: false,
  acks: false,
  syncErrorsTo: 'others',
  publishAt: 'topic-only',
  publishAnswer: 'ok',
  getContext: 'bare-array',
  discovery: false,
  unnamedUnsubscribeEndsUnnamed: true,
  clientNeeds: { publishTo: 'topic' },
  differences: [
    'confirmation {"timestamp","bound":"<id>","hub.mode":"subscribe","hub.lease_seconds":7200}: no hub.topic, no hub.events',
    'a heartbeat every 15 s with no context and the same id every time',
    'an endpoint binds to its first socket and is forgotten once that socket closes (or the hub restarts)',
    'a socket on an endpoint it does not know is accepted and left silent: no confirmation, no denial, no close',
    'no denials: an ended subscription (unsubscribe, lease) only has its socket closed',
    'no versionIds: opens carry none; updates need none and are relayed; no content is kept',
    'publish only at POST {hub}/{topic}, answered 200 "OK"',
    'a JSON POST to {hub} makes the real hub exit; here every socket and all state are dropped, answered 502',
    'get-context answers a bare array, the context of the last non-close context event; {} after a close',
    'no replay on connect; no acks expected, no ack timeouts, no sync errors',
    'a subscription must connect its socket within 15 s',
    'an unsubscribe without subscriber.name also ends every unnamed subscription of the topic',
    'no .well-known/fhircast-configuration (404)',
  ],
};

const MEDPLUM: HubProfile = {
  ...STU3,
  name: 'medplum',
  hub: 'the FHIRcast hub of Medplum ({base}/fhircast/STU3)',
  defaults: { leaseSeconds: 3600, heartbeatSeconds: 10, connectWithinSeconds: 30 },
  closes: 'current',
  syncErrorsTo: 'everyone',
  differences: [
    'a heartbeat every 10 s with context [{"key":"period","decimal":"10"}]',
    'a syncerror goes to every subscriber, the one that refused included',
    'a *-close clears the current context whatever it names (and is never answered 409)',
  ],
};

/** Every profile by name. */
export const HUB_PROFILES: Readonly<Record<HubProfileName, HubProfile>> = {
  stu3: STU3,
  'legacy-sandbox': LEGACY_SANDBOX,
  medplum: MEDPLUM,
};

/** The profile named `name` (default `stu3`); throws a RangeError naming the option for any other name. */
export function hubProfile(name: string = 'stu3'): HubProfile {
  const profile = (HUB_PROFILES as Record<string, HubProfile | undefined>)[name];
  if (!Object.hasOwn(HUB_PROFILES, name) || !profile) {
    throw new RangeError(
      `react-fhircast hub: option profile must be one of ${HUB_PROFILE_NAMES.join(', ')}, not "${name}"`,
    );
  }
  return profile;
}
