import {
  createLoopbackHub,
  HUB_PROFILE_NAMES,
  HUB_PROFILES,
  type HubProfileName,
  type LoopbackHub,
} from '../../hub/loopback.ts';
import { HUB_GLOBAL, PROFILE_GLOBAL, SHARE_GLOBAL } from '../channel.ts';
import type { FhircastStoryHub } from '../hubAccess.ts';
import type { FhircastScenario, FhircastStoryParameters } from '../parameters.ts';

/** The hub a story runs on: in memory (with fault controls), or a live one. */
export interface StoryHub {
  access: FhircastStoryHub;
  kind: 'memory' | 'live';
  /** The in-memory hub, when the story runs on one. */
  loopback: LoopbackHub | undefined;
  /** On a live hub: the story's stable topic, which other windows join, rather than a fresh one. */
  shared: boolean;
  /** The token the in-memory hub of the `unauthorized` scenario wants (the app has none). */
  token: string | undefined;
  /** The live hub the story may run on, if one is configured and its scenario allows it. */
  liveUrl: string | undefined;
  /** The profile the in-memory hub behaves as; undefined on a live hub, which has its own. */
  profile: HubProfileName | undefined;
}

/** The toolbar's profile, when it names one. */
function chosenProfile(globals: Readonly<Record<string, unknown>>): HubProfileName | undefined {
  const chosen = globals[PROFILE_GLOBAL];
  return HUB_PROFILE_NAMES.find((name) => name === chosen);
}

const UNAUTHORIZED_TOKEN = 's3cret';

/**
 * Opens the hub of one story mount. A live hub is joined only when configured, in the `connected` scenario,
 * and not overridden by the `memory` global; its topic is fresh per mount unless shared on purpose.
 */
export function openStoryHub(
  storyId: string,
  parameters: FhircastStoryParameters,
  globals: Readonly<Record<string, unknown>>,
): StoryHub {
  const scenario: FhircastScenario = parameters.scenario ?? 'connected';
  const stableTopic = parameters.topic ?? `storybook-${storyId}`;
  const liveUrl = scenario === 'connected' ? parameters.hubUrl : undefined;
  // The toolbar's profile wins over the story's. A live hub behaves as it does, so a profile asked for
  // either way needs the in-memory hub.
  const wantedProfile = chosenProfile(globals) ?? parameters.profile;
  if (liveUrl && globals[HUB_GLOBAL] !== 'memory' && !wantedProfile) {
    const shared = parameters.topic !== undefined || globals[SHARE_GLOBAL] === 'shared';
    return {
      access: {
        hubUrl: liveUrl,
        topic: shared ? stableTopic : `${stableTopic}-${freshSuffix()}`,
        fetch: globalThis.fetch.bind(globalThis),
        WebSocket: globalThis.WebSocket,
      },
      kind: 'live',
      loopback: undefined,
      shared,
      token: undefined,
      liveUrl,
      profile: undefined,
    };
  }
  const token = scenario === 'unauthorized' ? UNAUTHORIZED_TOKEN : undefined;
  const profile = wantedProfile ?? 'stu3';
  const loopback = createLoopbackHub({ profile, ...(token ? { tokens: [token] } : {}) });
  return {
    access: {
      hubUrl: loopback.url,
      topic: stableTopic,
      fetch: loopback.fetch,
      WebSocket: loopback.WebSocket,
      // What an app needs on that hub (README "Tested hubs"), given to every app of the story.
      ...HUB_PROFILES[profile].clientNeeds,
    },
    kind: 'memory',
    loopback,
    shared: false,
    token,
    liveUrl,
    profile,
  };
}

/** Six hex digits: a fresh topic per visit, short enough to read and type. */
function freshSuffix(): string {
  const bytes = new Uint8Array(3);
  globalThis.crypto.getRandomValues(bytes);
  return [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}
