import type { ReactNode } from 'react';
import { FhircastProvider } from '../../src/react/FhircastProvider.tsx';
import { useFhircastStoryHub } from '../../src/storybook/hubAccess.ts';

/** One simulated application in a workflow story: its own provider and subscription on the story's hub. */
export function StoryApp(props: { name: string; events: readonly string[]; children: ReactNode }) {
  const hub = useFhircastStoryHub();
  return (
    <section aria-label={props.name} className="rfc-story-app">
      <h2 className="rfc-story-app__title">{props.name}</h2>
      <FhircastProvider {...hub} events={props.events} subscriberName={props.name}>
        {props.children}
      </FhircastProvider>
    </section>
  );
}
