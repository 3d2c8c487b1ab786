import { memo, useState } from 'react';
import type { EventLogEntry } from '../../react/types.ts';

/** Props of one event log row. */
export interface EventLogRowProps {
  entry: EventLogEntry;
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** Local wall-clock time with milliseconds: "14:03:07.042". */
export function formatLogTime(time: number): string {
  const date = new Date(time);
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** The raw message for reading: JSON (an object, or text that parses) pretty-printed, other text as is. */
export function formatRaw(raw: unknown): string {
  if (typeof raw === 'string') {
    try {
      return JSON.stringify(JSON.parse(raw), null, 2);
    } catch {
      return raw;
    }
  }
  if (raw === undefined) return '';
  try {
    return JSON.stringify(raw, null, 2) ?? String(raw);
  } catch {
    return String(raw);
  }
}

function statusTone(status: number | undefined, note: string | undefined): 'ok' | 'error' | 'none' {
  if (status === undefined) return note ? 'error' : 'none';
  return status >= 200 && status < 300 ? 'ok' : 'error';
}

function Row({ entry }: EventLogRowProps) {
  // The pretty-printed message is built only once the row is opened: most rows never are, and a busy
  // session adds one row per event.
  const [open, setOpen] = useState(false);
  const when = new Date(entry.time);
  const empty = entry.raw === '' || entry.raw === undefined;
  return (
    <tr className="rfc-event-log__row" data-direction={entry.direction}>
      <td className="rfc-event-log__direction">
        <span aria-hidden="true">{entry.direction === 'in' ? '← ' : '→ '}</span>
        {entry.direction}
      </td>
      <td className="rfc-event-log__name">{entry.name}</td>
      <td className="rfc-event-log__time">
        <time dateTime={Number.isNaN(when.getTime()) ? undefined : when.toISOString()}>
          {formatLogTime(entry.time)}
        </time>
      </td>
      <td className="rfc-event-log__status" data-tone={statusTone(entry.status, entry.note)}>
        {entry.status ?? (entry.note ? null : '—')}
        {entry.status !== undefined && entry.note ? ' ' : null}
        {entry.note ? <span className="rfc-event-log__note">{entry.note}</span> : null}
      </td>
      <td className="rfc-event-log__raw">
        {empty ? (
          '—'
        ) : (
          <details onToggle={(event) => setOpen(event.currentTarget.open)}>
            <summary className="rfc-focusable">Raw</summary>
            {open ? <pre>{formatRaw(entry.raw)}</pre> : null}
          </details>
        )}
      </td>
    </tr>
  );
}

/** One event log row; memoised, so a new event renders only its own row, and its message only when opened. */
export const EventLogRow = memo(Row);
