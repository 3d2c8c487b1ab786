/** @jsxRuntime classic */
import React, { useId } from 'react';
import { Button } from 'storybook/internal/components';
import type { PanelSession } from '../channel.ts';
import { Hint, Label, NativeSelect, Row } from './styles.ts';
import { type PanelChoices, pick } from './usePanelChoices.ts';
import type { PanelAsk } from './usePanelSession.ts';

/** Props of {@link MeasurementControls}. */
export interface MeasurementControlsProps {
  session: PanelSession;
  choices: PanelChoices;
  choose(change: Partial<PanelChoices>): void;
  send(request: PanelAsk, pendingText: string): void;
}

/** Shares, changes, removes and selects a sample measurement in the open report; says why when it cannot. */
export function MeasurementControls({ session, choices, choose, send }: MeasurementControlsProps) {
  const selectId = useId();
  const hintId = useId();
  const { context, samples } = session;
  const chosen = pick(samples.measurements, choices.measurement);
  const reportOpen = context.current === 'DiagnosticReport';
  const shared = chosen?.ref !== undefined && context.content.some((item) => item.ref === chosen.ref);
  let reason: string | undefined;
  if (!chosen) reason = 'No sample measurements';
  else if (!reportOpen) reason = 'Open a report to share measurements in it';
  const act = (change: 'add' | 'change' | 'remove' | 'select', verb: string) => () =>
    chosen && send({ kind: 'measurement', change, sample: chosen.value }, `${verb} ${chosen.label}…`);
  const button = (text: string, label: string, onClick: () => void, why: string | undefined) => (
    <Button
      ariaLabel={label}
      size="small"
      disabled={why !== undefined}
      tooltip={why ?? label}
      ariaDescription={why}
      onClick={why === undefined ? onClick : undefined}
    >
      {text}
    </Button>
  );
  const notShared = reason ?? (shared ? undefined : 'Not shared yet: add it first');
  return (
    <>
      <Row>
        <Label htmlFor={selectId}>Measurement</Label>
        <NativeSelect
          id={selectId}
          value={chosen?.value ?? ''}
          disabled={samples.measurements.length === 0}
          aria-describedby={reason ? hintId : undefined}
          onChange={(event) => choose({ measurement: event.currentTarget.value })}
        >
          {samples.measurements.map((sample) => (
            <option key={sample.value} value={sample.value}>
              {sample.label}
            </option>
          ))}
        </NativeSelect>
      </Row>
      <Row>
        {button(
          'Add',
          'Add measurement',
          act('add', 'Sharing'),
          reason ?? (shared ? 'Already shared' : undefined),
        )}
        {button('Change', 'Change measurement', act('change', 'Changing'), notShared)}
        {button('Remove', 'Remove measurement', act('remove', 'Removing'), notShared)}
        {button('Select', 'Select measurement', act('select', 'Selecting'), notShared)}
        {button(
          'Clear selection',
          'Clear selection',
          () => send({ kind: 'clear-selection' }, 'Clearing the selection…'),
          reportOpen ? (context.selection.length > 0 ? undefined : 'Nothing is selected') : reason,
        )}
      </Row>
      {reason ? <Hint id={hintId}>{reason}.</Hint> : null}
    </>
  );
}
