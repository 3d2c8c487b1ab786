import { createContext, useContext } from 'react';

/** Where a story's apps find its hub: the props a `<FhircastProvider>` needs to join the story's topic. */
export interface FhircastStoryHub {
  hubUrl: string;
  topic: string;
  fetch: typeof globalThis.fetch;
  WebSocket: typeof globalThis.WebSocket;
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

/** Every event the kit's components follow: what a story's app subscribes to by default. */
export const STORY_EVENTS: readonly string[] = [
  'Patient-open',
  'Patient-close',
  'Encounter-open',
  'Encounter-close',
  'ImagingStudy-open',
  'ImagingStudy-close',
  'DiagnosticReport-open',
  'DiagnosticReport-close',
  'DiagnosticReport-update',
  'DiagnosticReport-select',
  'syncerror',
];
