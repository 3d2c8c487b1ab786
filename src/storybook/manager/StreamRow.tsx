/** @jsxRuntime classic */
import React, { memo, useState } from 'react';
import { styled } from 'storybook/theming';
import type { StreamEntry } from '../channel.ts';
import { ackTone, statusTone } from './statusTone.ts';
import { Mono, Pill } from './styles.ts';

const Raw = styled.pre(({ theme }) => ({
  margin: '4px 0 0',
  maxHeight: '16rem',
  overflow: 'auto',
  fontFamily: theme.typography.fonts.mono,
  fontSize: theme.typography.size.s1,
  whiteSpace: 'pre-wrap',
  overflowWrap: 'anywhere',
}));

const Summary = styled.summary(({ theme }) => ({
  cursor: 'pointer',
  color: theme.fgColor.accent,
  '&:focus-visible': { outline: `2px solid ${theme.fgColor.accent}`, outlineOffset: 1 },
}));

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** Local wall-clock time with milliseconds: "14:03:07.042". */
function clock(time: number): string {
  const date = new Date(time);
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** The message pretty-printed when it is JSON, as it came otherwise. */
function pretty(raw: string): string {
  try {
    return JSON.stringify(JSON.parse(raw), null, 2);
  } catch {
    return raw;
  }
}

function Row({ entry }: { entry: StreamEntry }) {
  const [open, setOpen] = useState(false);
  const isStatus = entry.kind === 'status';
  return (
    <tr data-kind={entry.kind}>
      <td>
        <Mono>{clock(entry.time)}</Mono>
      </td>
      <td>{entry.subscriber}</td>
      <td>{isStatus ? 'status' : entry.direction === 'in' ? '← in' : '→ out'}</td>
      <td>
        {isStatus ? <Pill tone={statusTone(entry.name)}>{entry.label ?? entry.name}</Pill> : entry.name}
      </td>
      <td>
        {entry.status !== undefined ? (
          <Pill tone={ackTone(entry.status, entry.note)}>{entry.status}</Pill>
        ) : null}
        {entry.note ? <span> {entry.note}</span> : null}
      </td>
      <td>
        {entry.raw ? (
          <details onToggle={(event) => setOpen(event.currentTarget.open)}>
            <Summary>JSON</Summary>
            {open ? <Raw>{pretty(entry.raw)}</Raw> : null}
          </details>
        ) : (
          '—'
        )}
      </td>
    </tr>
  );
}

/** One line of the stream; memoised, so that a new event renders only its own row. */
export const StreamRow = memo(Row);
