/** @jsxRuntime classic */
import React, { useId, useState } from 'react';
import { Button } from 'storybook/internal/components';
import { Disclosure, Hint, JsonArea, Row, SubHeading } from './styles.ts';
import type { PanelAsk } from './usePanelSession.ts';

/** What the box holds at first: a complete Patient-open to edit. */
const EXAMPLE = JSON.stringify(
  {
    'hub.event': 'Patient-open',
    context: [
      {
        key: 'patient',
        resource: {
          resourceType: 'Patient',
          id: 'pat-typed-in',
          name: [{ family: 'Nakamura', given: ['Yui'] }],
          identifier: [{ system: 'urn:example:mrn', value: 'MRN-990001' }],
        },
      },
    ],
  },
  null,
  2,
);

/** Publishes any event typed in as JSON; the story's session checks it and the hub's answer is shown. */
export function JsonPublisher({ send }: { send(request: PanelAsk, pendingText: string): void }) {
  const [json, setJson] = useState(EXAMPLE);
  const hintId = useId();
  return (
    <Disclosure>
      <SubHeading as="summary">Publish any event as JSON</SubHeading>
      <Hint id={hintId}>
        An event (<code>hub.event</code> and <code>context</code>) or a whole notification; the topic, id and
        timestamp are filled in.
      </Hint>
      <JsonArea
        aria-label="Event JSON"
        aria-describedby={hintId}
        spellCheck={false}
        value={json}
        onChange={(event) => setJson(event.currentTarget.value)}
      />
      <Row>
        <Button ariaLabel={false} size="small" onClick={() => send({ kind: 'publish', json }, 'Publishing…')}>
          Publish JSON
        </Button>
      </Row>
    </Disclosure>
  );
}
