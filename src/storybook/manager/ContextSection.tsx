/** @jsxRuntime classic */
import React from 'react';
import { styled } from 'storybook/theming';
import type { AnchorKind, PanelSession } from '../channel.ts';
import { Heading, Hint, Mono, Pill, SubHeading } from './styles.ts';

const TITLES: Record<AnchorKind, string> = {
  Patient: 'Patient',
  Encounter: 'Encounter',
  ImagingStudy: 'Imaging study',
  DiagnosticReport: 'Report',
};

const Entries = styled.ul({ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 6 });
const Entry = styled.li<{ marked: boolean }>(({ theme, marked }) => ({
  padding: '4px 6px',
  borderRadius: 4,
  border: `1px solid ${marked ? theme.borderColor.positive : theme.appBorderColor}`,
  background: marked ? theme.bgColor.positive : 'transparent',
  overflowWrap: 'anywhere',
}));
const Line = styled.div({ display: 'flex', flexWrap: 'wrap', gap: 6, alignItems: 'baseline' });

/** The topic's context as the hub holds it: every open anchor, which is current, its version, content, selection. */
export function ContextSection({ context }: { context: PanelSession['context'] }) {
  const selected = new Set(context.selection);
  return (
    <>
      <Heading>Context</Heading>
      {context.anchors.length === 0 ? (
        <Hint>Nothing open: open a patient, encounter, study or report.</Hint>
      ) : (
        <Entries aria-label="Open contexts">
          {context.anchors.map((anchor) => (
            <Entry key={anchor.anchor} marked={anchor.anchor === context.current}>
              <Line>
                <strong>{TITLES[anchor.anchor]}</strong>
                <span>{anchor.label}</span>
                {anchor.anchor === context.current ? <Pill tone="positive">current</Pill> : null}
              </Line>
              <Line>
                <Mono>{anchor.ref}</Mono>
                {anchor.versionId ? <Mono>versionId {anchor.versionId}</Mono> : null}
              </Line>
            </Entry>
          ))}
        </Entries>
      )}
      <SubHeading>Shared content</SubHeading>
      {context.content.length === 0 ? (
        <Hint>None{context.current === 'DiagnosticReport' ? ' yet' : ''}.</Hint>
      ) : (
        <Entries aria-label="Shared content">
          {context.content.map((item) => (
            <Entry
              key={item.ref}
              marked={selected.has(item.ref)}
              aria-current={selected.has(item.ref) || undefined}
            >
              <Line>
                <span>{item.label}</span>
                {selected.has(item.ref) ? <Pill tone="positive">selected</Pill> : null}
              </Line>
              <Mono>{item.ref}</Mono>
            </Entry>
          ))}
        </Entries>
      )}
      <SubHeading>Selection</SubHeading>
      <Hint>{context.selection.length === 0 ? 'Nothing selected.' : context.selection.join(', ')}</Hint>
    </>
  );
}
