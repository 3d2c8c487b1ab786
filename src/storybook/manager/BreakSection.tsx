/** @jsxRuntime classic */
import React, { useId } from 'react';
import { Button } from 'storybook/internal/components';
import type { FaultKind, PanelSession } from '../channel.ts';
import { Heading, Hint, Label, Row, TextInput } from './styles.ts';
import type { PanelChoices } from './usePanelChoices.ts';
import type { PanelAsk } from './usePanelSession.ts';

/** The faults, in the order of how hard they hit, with what each makes the apps do. */
const FAULTS: { fault: FaultKind; text: string; pending: string }[] = [
  { fault: 'drop-sockets', text: 'Drop sockets', pending: 'Dropping every socket…' },
  { fault: 'expire-lease', text: 'Expire lease', pending: 'Expiring the apps’ leases…' },
  { fault: 'deny', text: 'Deny', pending: 'Denying the apps’ subscriptions…' },
  { fault: 'restart-keep-state', text: 'Restart hub', pending: 'Restarting the hub…' },
  { fault: 'restart-lose-state', text: 'Restart hub, lose state', pending: 'Restarting the hub empty…' },
];

/** Props of {@link BreakSection}. */
export interface BreakSectionProps {
  session: PanelSession;
  choices: PanelChoices;
  choose(change: Partial<PanelChoices>): void;
  send(request: PanelAsk, pendingText: string): void;
}

/** Breaks the connection on purpose, so that the reconnecting, denied and resync states show live. */
export function BreakSection({ session, choices, choose, send }: BreakSectionProps) {
  const delayId = useId();
  const { faults } = session;
  const unavailable = faults.available ? undefined : faults.reason;
  const common = {
    ariaLabel: false as const,
    size: 'small' as const,
    disabled: !faults.available,
    ariaDescription: unavailable,
  };
  const delaying = faults.delayMs > 0;
  return (
    <>
      <Heading>Break the connection</Heading>
      {unavailable ? <Hint>{unavailable}</Hint> : null}
      <Row>
        {FAULTS.map(({ fault, text, pending }) => (
          <Button key={fault} {...common} onClick={() => send({ kind: 'fault', fault }, pending)}>
            {text}
          </Button>
        ))}
      </Row>
      <Row>
        <Label htmlFor={delayId}>Frame delay (ms)</Label>
        <TextInput
          id={delayId}
          type="number"
          min={0}
          max={60000}
          step={100}
          style={{ width: '6rem' }}
          value={choices.delayMs}
          disabled={!faults.available}
          onChange={(event) => choose({ delayMs: Number(event.currentTarget.value) })}
        />
        <Button
          {...common}
          aria-pressed={delaying}
          onClick={() =>
            send({ kind: 'delay-frames', ms: delaying ? 0 : choices.delayMs }, 'Changing the frame delay…')
          }
        >
          {delaying ? `Stop delaying (${faults.delayMs} ms)` : 'Delay frames'}
        </Button>
      </Row>
      <Hint>
        Deny ends the apps’ subscriptions and refuses the next one (Retry subscribes again). A restart without
        state forgets every subscription and context, as a crashed hub does.
      </Hint>
    </>
  );
}
