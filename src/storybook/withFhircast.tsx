import type { ComponentType, ReactElement } from 'react';
import type { DecoratorFunction, Renderer } from 'storybook/internal/types';
import { HUB_GLOBAL, PARAM_KEY, PROFILE_GLOBAL, SHARE_GLOBAL } from './channel.ts';
import type { FhircastStoryParameters } from './parameters.ts';
import { StoryRoot } from './preview/StoryRoot.tsx';

/** The React renderer's shape, without depending on a Storybook framework package. */
export interface ReactStoryRenderer extends Renderer {
  component: ComponentType<never>;
  storyResult: ReactElement;
}

/**
 * Gives every story a FHIRcast hub (in memory, or `parameters.fhircast.hubUrl`), an app provider, and a
 * session the FHIRcast panel shows and drives. The addon adds it to every story; a story that renders its
 * own provider keeps it, and `parameters.fhircast.disable` turns it off.
 */
export const withFhircast: DecoratorFunction<ReactStoryRenderer> = (Story, context) => {
  const parameters = (context.parameters[PARAM_KEY] ?? {}) as FhircastStoryParameters;
  if (parameters.disable) return <Story />;
  // A new mount (a new session) for a new story or a change of hub; args and other globals re-render it.
  const { globals } = context;
  const key = [context.id, globals[HUB_GLOBAL], globals[SHARE_GLOBAL], globals[PROFILE_GLOBAL]].join('\n');
  return (
    <StoryRoot
      key={key}
      storyId={context.id}
      parameters={parameters}
      globals={context.globals}
      bridged={context.viewMode === 'story'}
    >
      <Story />
    </StoryRoot>
  );
};
