/**
 * The two clients the addon creates per story. The only place the addon uses the core, and only its public
 * entry (`react-fhircast/core`): the React layer has no way to create a client outside a provider, and the
 * addon needs one before it knows whether the story brings its own provider.
 */
import { createFhircastClient, createPublishers } from '../../core/index.ts';
import type { FhircastClient } from '../../react/types.ts';
import { PANEL_SUBSCRIBER } from '../channel.ts';
import { type FhircastStoryHub, STORY_EVENTS } from '../hubAccess.ts';
import type { FhircastScenario, FhircastStoryParticipant } from '../parameters.ts';

/** Subscriber name of the app the addon's provider gives a story. */
export const STORY_APP_SUBSCRIBER = 'Storybook app';

/** An event name no hub accepts: the `denied` scenario subscribes to it. */
const NOT_AN_EVENT = 'not an event!';

/** The story's own app, set up so that `scenario` happens for real against the hub. */
export function createStoryApp(
  hub: FhircastStoryHub,
  scenario: FhircastScenario,
  events: readonly string[] | undefined,
): FhircastClient {
  return createFhircastClient({
    hubUrl: hub.hubUrl,
    topic: hub.topic,
    events: scenario === 'denied' ? ['Patient-open', NOT_AN_EVENT] : (events ?? STORY_EVENTS),
    fetch: scenarioFetch(scenario, hub.fetch),
    WebSocket: hub.WebSocket,
    ...(hub.publishTo ? { publishTo: hub.publishTo } : {}),
    subscriberName: STORY_APP_SUBSCRIBER,
    // Long enough to see "Reconnecting in 8 s" count down; otherwise the client's own backoff.
    backoff: scenario === 'reconnecting' ? { steps: [8000], jitter: 0 } : {},
  });
}

/** The participant through which the panel follows every event of the topic and publishes. */
export function createPanelParticipant(hub: FhircastStoryHub, token?: string): FhircastStoryParticipant {
  const client = createFhircastClient({
    hubUrl: hub.hubUrl,
    topic: hub.topic,
    events: STORY_EVENTS,
    fetch: hub.fetch,
    WebSocket: hub.WebSocket,
    ...(hub.publishTo ? { publishTo: hub.publishTo } : {}),
    subscriberName: PANEL_SUBSCRIBER,
    ...(token ? { token } : {}),
  });
  return { ...createPublishers(client), client };
}

function scenarioFetch(scenario: FhircastScenario, fetch: typeof globalThis.fetch): typeof globalThis.fetch {
  if (scenario === 'connecting') return () => new Promise<Response>(() => {});
  if (scenario === 'reconnecting') {
    return () => Promise.reject(new TypeError('Failed to fetch: hub unreachable'));
  }
  return fetch;
}
