import { createFhircastClient, type FhircastClient } from '../../src/core/client.ts';
import { createLoopbackHub, type LoopbackHub } from '../../src/hub/loopback.ts';
import { type HubAccess, STORY_EVENTS } from './hubAccess.ts';
import type { StorySeed } from './seed.ts';

/** A connection state a story shows, each produced for real rather than faked in the store. */
export type StoryScenario =
  | 'connected'
  | 'connecting'
  | 'reconnecting'
  | 'unauthorized'
  | 'denied'
  | 'disconnected';

/** The `fhircast` story parameter. */
export interface FhircastStoryParameters {
  /** `auto` (default): the live development hub under `npm start`, else the in-memory one. */
  hub?: 'auto' | 'loopback';
  topic?: string;
  events?: string[];
  scenario?: StoryScenario;
  /** No provider at all: the story manages its own apps through `StoryApp`. */
  appless?: boolean;
  /** Context another participant publishes once the app is connected. */
  seed?: StorySeed;
}

/** The hub and the app client a story runs on. */
export interface StorySetup {
  access: HubAccess;
  client: FhircastClient;
  loopback: LoopbackHub | undefined;
}

const liveHubUrl = (import.meta as { env?: Record<string, string | undefined> }).env
  ?.STORYBOOK_FHIRCAST_HUB_URL;

/** Builds the hub access and the app's client for a story. */
export function setUpStory(parameters: FhircastStoryParameters, storyId: string): StorySetup {
  const scenario = parameters.scenario ?? 'connected';
  const useLive = liveHubUrl && (parameters.hub ?? 'auto') === 'auto' && scenario === 'connected';
  const loopback = useLive
    ? undefined
    : createLoopbackHub(scenario === 'unauthorized' ? { tokens: ['s3cret'] } : {});
  const access: HubAccess = loopback
    ? { url: loopback.url, fetch: loopback.fetch, WebSocket: loopback.WebSocket, topic: '', kind: 'loopback' }
    : {
        url: liveHubUrl as string,
        fetch: globalThis.fetch.bind(globalThis),
        WebSocket,
        topic: '',
        kind: 'live',
      };
  access.topic = parameters.topic ?? `storybook-${storyId}`;
  const events =
    scenario === 'denied' ? ['Patient-open', 'not an event!'] : (parameters.events ?? STORY_EVENTS);
  const client = createFhircastClient({
    hubUrl: access.url,
    topic: access.topic,
    events,
    fetch: scenarioFetch(scenario, access.fetch),
    WebSocket: access.WebSocket,
    subscriberName: 'Storybook app',
    backoff: scenario === 'reconnecting' ? { steps: [8000], jitter: 0 } : {},
  });
  return { access, client, loopback };
}

function scenarioFetch(scenario: StoryScenario, fetch: typeof globalThis.fetch): typeof globalThis.fetch {
  if (scenario === 'connecting') return () => new Promise<Response>(() => {});
  if (scenario === 'reconnecting')
    return () => Promise.reject(new TypeError('Failed to fetch: hub unreachable'));
  return fetch;
}
