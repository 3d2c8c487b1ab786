/** @jsxRuntime classic */
import React, { useId } from 'react';
import { Button } from 'storybook/internal/components';
import type { AnchorKind, PanelSession, SampleView } from '../channel.ts';
import { MeasurementControls } from './MeasurementControls.tsx';
import { Heading, Label, NativeSelect, SampleGrid } from './styles.ts';
import { type PanelChoices, pick } from './usePanelChoices.ts';
import type { PanelAsk } from './usePanelSession.ts';

/** The anchor types in the order a chart is opened, with the word the buttons use. */
const KINDS: { anchor: AnchorKind; word: string; title: string }[] = [
  { anchor: 'Patient', word: 'patient', title: 'Patient' },
  { anchor: 'Encounter', word: 'encounter', title: 'Encounter' },
  { anchor: 'ImagingStudy', word: 'study', title: 'Imaging study' },
  { anchor: 'DiagnosticReport', word: 'report', title: 'Report' },
];

/** Props of {@link DriveSection}. */
export interface DriveSectionProps {
  session: PanelSession;
  choices: PanelChoices;
  choose(change: Partial<PanelChoices>): void;
  send(request: PanelAsk, pendingText: string): void;
}

/** Changes the story's context without code: opens and closes samples, shares and selects measurements. */
export function DriveSection({ session, choices, choose, send }: DriveSectionProps) {
  const open = new Set(session.context.anchors.map((anchor) => anchor.anchor));
  return (
    <>
      <Heading>Drive the context</Heading>
      <SampleGrid>
        {KINDS.map(({ anchor, word, title }) => (
          <AnchorRow
            key={anchor}
            title={title}
            word={word}
            samples={session.samples[anchor]}
            chosen={choices.samples[anchor]}
            isOpen={open.has(anchor)}
            onChoose={(value) => choose({ samples: { ...choices.samples, [anchor]: value } })}
            onOpen={(sample) => send({ kind: 'open', sample: sample.value }, `Opening ${sample.label}…`)}
            onClose={() => send({ kind: 'close', anchor }, `Closing the ${word}…`)}
          />
        ))}
      </SampleGrid>
      <MeasurementControls session={session} choices={choices} choose={choose} send={send} />
    </>
  );
}

interface AnchorRowProps {
  title: string;
  word: string;
  samples: SampleView[];
  chosen: string | undefined;
  isOpen: boolean;
  onChoose(value: string): void;
  onOpen(sample: SampleView): void;
  onClose(): void;
}

/** A label, the samples of one anchor type, and buttons to open the chosen one and to close the open one. */
function AnchorRow({ title, word, samples, chosen, isOpen, onChoose, onOpen, onClose }: AnchorRowProps) {
  const selectId = useId();
  const sample = pick(samples, chosen);
  const noSamples = `No sample ${word}s`;
  const notOpen = `No ${word} is open`;
  return (
    <>
      <Label htmlFor={selectId}>{title}</Label>
      <NativeSelect
        id={selectId}
        value={sample?.value ?? ''}
        disabled={samples.length === 0}
        onChange={(event) => onChoose(event.currentTarget.value)}
      >
        {samples.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </NativeSelect>
      <Button
        ariaLabel={`Open ${word}`}
        size="small"
        variant="solid"
        disabled={!sample}
        tooltip={sample ? undefined : noSamples}
        ariaDescription={sample ? undefined : noSamples}
        onClick={() => sample && onOpen(sample)}
      >
        Open
      </Button>
      <Button
        ariaLabel={`Close ${word}`}
        size="small"
        disabled={!isOpen}
        tooltip={isOpen ? undefined : notOpen}
        ariaDescription={isOpen ? undefined : notOpen}
        onClick={onClose}
      >
        Close
      </Button>
    </>
  );
}
