/** @jsxRuntime classic */
import React, { useState } from 'react';
import { AddonPanel, Placeholder } from 'storybook/internal/components';
import { BreakSection } from './BreakSection.tsx';
import { ContextSection } from './ContextSection.tsx';
import { DriveSection } from './DriveSection.tsx';
import { JsonPublisher } from './JsonPublisher.tsx';
import { SessionBar } from './SessionBar.tsx';
import { StreamSection } from './StreamSection.tsx';
import { Column, Columns, PanelRoot } from './styles.ts';
import { usePanelChoices } from './usePanelChoices.ts';
import { usePanelSession } from './usePanelSession.ts';

/** The FHIRcast panel: the story's session, its context, ways to drive and break it, and its live traffic. */
export function Panel({ active }: { active: boolean }) {
  return (
    <AddonPanel active={active} hasScrollbar={false}>
      <PanelContent />
    </AddonPanel>
  );
}

function PanelContent() {
  const { session, stream, outcome, send } = usePanelSession();
  const [choices, choose] = usePanelChoices();
  // Clearing hides what came so far, in this panel only; a new session shows everything again.
  const [cleared, setCleared] = useState({ sessionId: '', seq: 0 });
  if (!session) {
    return (
      <Placeholder>
        No FHIRcast session: this story has none (parameters.fhircast.disable), or it is still starting.
      </Placeholder>
    );
  }
  const after = cleared.sessionId === session.sessionId ? cleared.seq : 0;
  const shown = after > 0 ? stream.filter((entry) => entry.seq > after) : stream;
  return (
    <PanelRoot>
      <SessionBar session={session} outcome={outcome} send={send} />
      <Columns>
        <Column aria-label="Drive and break">
          <DriveSection session={session} choices={choices} choose={choose} send={send} />
          <BreakSection session={session} choices={choices} choose={choose} send={send} />
          <JsonPublisher send={send} />
        </Column>
        <Column aria-label="Context">
          <ContextSection context={session.context} />
        </Column>
        <Column aria-label="Events">
          <StreamSection
            stream={shown}
            filter={choices.filter}
            onFilter={(filter) => choose({ filter })}
            onClear={() => setCleared({ sessionId: session.sessionId, seq: stream.at(-1)?.seq ?? 0 })}
          />
        </Column>
      </Columns>
    </PanelRoot>
  );
}
