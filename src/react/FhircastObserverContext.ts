import { createContext } from 'react';
import type { FhircastClient } from '../core/client.ts';

/** A provider as a development tool sees it: its client, and the subscriber name it was given. */
export interface ObservedProvider {
  client: FhircastClient;
  subscriberName: string | undefined;
}

/** Called when a provider mounts below it; what it returns is called when that provider goes away. */
export type ProviderObserver = (provider: ObservedProvider) => () => void;

/**
 * Tells a development tool (the Storybook addon) about every `<FhircastProvider>` below it, so that it can
 * show each app's traffic and leave alone a story that brings its own provider. Apps never need it.
 */
export const FhircastObserverContext = createContext<ProviderObserver | null>(null);
FhircastObserverContext.displayName = 'FhircastObserverContext';
