import type { Decorator } from '@storybook/react-vite';
import { type ReactNode, useEffect, useState } from 'react';
import { FhircastProvider } from '../../src/react/FhircastProvider.tsx';
import { HubAccessContext } from './hubAccess.ts';
import { type FhircastStoryParameters, setUpStory } from './scenario.ts';
import { createParticipant } from './seed.ts';

function StoryRoot(props: { parameters: FhircastStoryParameters; storyId: string; children: ReactNode }) {
  const [setup] = useState(() => setUpStory(props.parameters, props.storyId));
  const scenario = props.parameters.scenario ?? 'connected';
  useEffect(() => {
    if (scenario !== 'disconnected') return;
    const { client } = setup;
    return client.store.subscribe((state) => {
      if (state.status === 'connected') void client.disconnect();
    });
  }, [setup, scenario]);
  useEffect(() => {
    const { seed } = props.parameters;
    if (!seed) return;
    const participant = createParticipant(setup.access);
    let seeded = false;
    const run = () => {
      if (seeded || (!props.parameters.appless && setup.client.store.getState().status !== 'connected'))
        return;
      seeded = true;
      seed(participant).catch((error: unknown) => console.error('story seed failed:', error));
    };
    const stop = setup.client.store.subscribe(run);
    run();
    return () => {
      stop();
      void participant.client.disconnect();
    };
  }, [setup, props.parameters]);
  useEffect(
    () => () => {
      void setup.client.disconnect();
      setup.loopback?.close();
    },
    [setup],
  );
  const content = props.parameters.appless ? (
    props.children
  ) : (
    <FhircastProvider client={setup.client}>{props.children}</FhircastProvider>
  );
  return <HubAccessContext.Provider value={setup.access}>{content}</HubAccessContext.Provider>;
}

/**
 * Gives every story a FHIRcast hub and an app provider, driven by `parameters.fhircast`: the in-memory hub
 * by default (a static build needs no server), the live development hub when Storybook runs under
 * `npm start` (so a second window on the same story shares its context).
 */
export const withFhircast: Decorator = (Story, context) => {
  const parameters = (context.parameters.fhircast ?? {}) as FhircastStoryParameters;
  const theme = (context.globals.theme as string | undefined) ?? 'light';
  return (
    <div data-rfc-theme={theme} className="rfc-story-surface">
      <StoryRoot key={context.id} parameters={parameters} storyId={context.id}>
        <Story />
      </StoryRoot>
    </div>
  );
};
