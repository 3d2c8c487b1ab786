/** @jsxRuntime classic */
import React, { useDeferredValue, useId } from 'react';
import { Button } from 'storybook/internal/components';
import { styled } from 'storybook/theming';
import { STREAM_LIMIT, type StreamEntry } from '../channel.ts';
import { StreamRow } from './StreamRow.tsx';
import { Heading, Hint, Label, Row, TextInput } from './styles.ts';

const Table = styled.table(({ theme }) => ({
  width: '100%',
  borderCollapse: 'collapse',
  fontSize: theme.typography.size.s1,
  '& th': {
    textAlign: 'left',
    fontWeight: theme.typography.weight.bold,
    color: theme.fgColor.muted,
    borderBottom: `1px solid ${theme.appBorderColor}`,
    padding: '2px 6px',
    position: 'sticky',
    top: 0,
    background: theme.background.content,
  },
  '& td': { padding: '2px 6px', borderBottom: `1px solid ${theme.appBorderColor}`, verticalAlign: 'top' },
  '& td:nth-of-type(1), & td:nth-of-type(3)': { whiteSpace: 'nowrap' },
  '& td:nth-of-type(4)': { overflowWrap: 'anywhere' },
}));

const Caption = styled.caption({
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clipPath: 'inset(50%)',
});

/** Props of {@link StreamSection}. */
export interface StreamSectionProps {
  stream: StreamEntry[];
  filter: string;
  onFilter(filter: string): void;
  onClear(): void;
}

/**
 * The live traffic of the story's topic, newest first: every subscriber's events in and out with their ack
 * status and notes, and each change of connection status. Filtered by any text; raw JSON on demand.
 */
export function StreamSection({ stream, filter, onFilter, onClear }: StreamSectionProps) {
  const filterId = useId();
  const shown = useDeferredValue(stream);
  const needle = filter.trim().toLowerCase();
  const rows = [...shown].reverse().filter((entry) => !needle || matches(entry, needle));
  return (
    <>
      <Heading>Events</Heading>
      <Row>
        <Label htmlFor={filterId}>Filter events</Label>
        <TextInput
          id={filterId}
          type="search"
          placeholder="event, subscriber, status…"
          value={filter}
          onChange={(event) => onFilter(event.currentTarget.value)}
          style={{ flex: '1 1 10rem' }}
        />
        <Button ariaLabel={false} size="small" onClick={onClear}>
          Clear
        </Button>
      </Row>
      <Hint role="status">
        {needle ? `${rows.length} of ${shown.length} entries` : `${shown.length} entries`}
        {shown.length >= STREAM_LIMIT ? ` (the newest ${STREAM_LIMIT})` : ''}
      </Hint>
      <Table>
        <Caption>FHIRcast traffic of this story, newest first</Caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Subscriber</th>
            <th scope="col">Dir.</th>
            <th scope="col">Event</th>
            <th scope="col">Status</th>
            <th scope="col">Message</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((entry) => (
            <StreamRow key={entry.seq} entry={entry} />
          ))}
        </tbody>
      </Table>
    </>
  );
}

function matches(entry: StreamEntry, needle: string): boolean {
  return [entry.name, entry.subscriber, entry.note, entry.status, entry.direction, entry.kind]
    .filter((part) => part !== undefined)
    .some((part) => String(part).toLowerCase().includes(needle));
}
