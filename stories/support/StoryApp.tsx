import type { ReactNode } from 'react';
import { FhircastProvider } from '../../src/react/FhircastProvider.tsx';
import { useHubAccess } from './hubAccess.ts';

/** One simulated application in a workflow story: its own provider and subscription on the story's topic. */
export function StoryApp(props: { name: string; events: readonly string[]; children: ReactNode }) {
  const access = useHubAccess();
  return (
    <section aria-label={props.name} className="rfc-story-app">
      <h2 className="rfc-story-app__title">{props.name}</h2>
      <FhircastProvider
        hubUrl={access.url}
        topic={access.topic}
        events={props.events}
        fetch={access.fetch}
        WebSocket={access.WebSocket}
        subscriberName={props.name}
      >
        {props.children}
      </FhircastProvider>
    </section>
  );
}
