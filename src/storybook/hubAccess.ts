import { createContext, useContext } from 'react';
import { EVENT_CATALOG } from '../protocol/events.ts';

/** Where a story's apps find its hub: the props a `<FhircastProvider>` needs to join the story's topic. */
export interface FhircastStoryHub {
  hubUrl: string;
  topic: string;
  fetch: typeof globalThis.fetch;
  WebSocket: typeof globalThis.WebSocket;
  /** Where the hub takes publishes, when it differs from `hub.url` (the legacy sandbox's `{hub}/{topic}`). */
  publishTo?: 'topic';
}

export const StoryHubContext = createContext<FhircastStoryHub | null>(null);
StoryHubContext.displayName = 'FhircastStoryHubContext';

/**
 * The story's hub, for a story that renders its own providers (one per app in a workflow): spread it into
 * each `<FhircastProvider>` so that the panel sees and drives them. Throws outside the addon's decorator.
 *
 * @example
 * const hub = useFhircastStoryHub();
 * return <FhircastProvider {...hub} events={['Patient-open']} subscriberName="EHR">…</FhircastProvider>;
 */
export function useFhircastStoryHub(): FhircastStoryHub {
  const hub = useContext(StoryHubContext);
  if (!hub) {
    throw new Error(
      'useFhircastStoryHub must be used in a story decorated by react-fhircast/storybook (is the addon in .storybook/main?)',
    );
  }
  return hub;
}

/** Every event the kit's components follow (each anchor's events and `syncerror`, in catalogue order): what a story's app subscribes to by default. */
export const STORY_EVENTS: readonly string[] = EVENT_CATALOG.filter(
  (spec) => spec.anchor !== undefined || spec.name === 'syncerror',
).map((spec) => spec.name);
