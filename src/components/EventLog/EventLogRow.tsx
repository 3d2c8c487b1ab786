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

/**
 * Deepest message pretty-printed. Past it, indentation alone would run to megabytes (and a deep enough
 * value overflows the stack of JSON.stringify), so such a message is shown as it arrived.
 */
const MAX_PRETTY_DEPTH = 100;

/** The raw message for reading: JSON (an object, or text that parses) pretty-printed, other text as is. */
export function formatRaw(raw: unknown): string {
  if (raw === undefined) return '';
  if (typeof raw === 'string') {
    try {
      return prettyJson(JSON.parse(raw)) ?? raw;
    } catch {
      return raw;
    }
  }
  return prettyJson(raw) ?? String(raw);
}

/** `value` as indented JSON, or undefined when it nests deeper than MAX_PRETTY_DEPTH or cannot be written. */
function prettyJson(value: unknown): string | undefined {
  const depths = new WeakMap<object, number>();
  let tooDeep = false;
  try {
    const text = JSON.stringify(
      value,
      function bounded(this: unknown, _key: string, item: unknown) {
        if (tooDeep || item === null || typeof item !== 'object') return item;
        const depth = (depths.get(this as object) ?? 0) + 1;
        if (depth > MAX_PRETTY_DEPTH) {
          tooDeep = true;
          return undefined;
        }
        depths.set(item, depth);
        return item;
      },
      2,
    );
    return tooDeep ? undefined : text;
  } catch {
    return undefined;
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
export const EventLogRow = /* @__PURE__ */ memo(Row);
