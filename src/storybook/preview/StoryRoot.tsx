import { type ReactNode, useEffect, useState } from 'react';
import { addons } from 'storybook/preview-api';
import { FhircastObserverContext } from '../../react/FhircastObserverContext.ts';
import { FhircastReactContext } from '../../react/FhircastReactContext.ts';
import { StoryHubContext } from '../hubAccess.ts';
import type { FhircastStoryParameters } from '../parameters.ts';
import { connectPanel } from './bridge.ts';
import { StorySession } from './session.ts';

/** Props of {@link StoryRoot}. */
export interface StoryRootProps {
  storyId: string;
  parameters: FhircastStoryParameters;
  globals: Readonly<Record<string, unknown>>;
  /** Whether this mount talks to the panel: only the story being viewed does, never docs previews. */
  bridged: boolean;
  children: ReactNode;
}

/**
 * One story mount's FHIRcast session: the hub for `useFhircastStoryHub`, the app's client for the kit's
 * hooks, and an observer of every provider the story renders itself.
 */
export function StoryRoot({ storyId, parameters, globals, bridged, children }: StoryRootProps) {
  const [session] = useState(() => new StorySession(storyId, parameters, globals));
  useEffect(() => {
    let cancelled = false;
    let stop: (() => void) | undefined;
    // Deferred: providers of the story's own have said so by then (their effects run first), and
    // StrictMode's immediate unmount and remount costs no subscription.
    queueMicrotask(() => {
      if (cancelled) return;
      session.start();
      const unbridge = bridged ? connectPanel(session, addons.getChannel()) : undefined;
      stop = () => {
        unbridge?.();
        void session.close();
      };
    });
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [session, bridged]);
  return (
    <StoryHubContext.Provider value={session.hub.access}>
      <FhircastObserverContext.Provider value={session.observe}>
        <FhircastReactContext.Provider value={session.app}>{children}</FhircastReactContext.Provider>
      </FhircastObserverContext.Provider>
    </StoryHubContext.Provider>
  );
}
