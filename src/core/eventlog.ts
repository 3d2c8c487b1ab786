import type { Redactor } from './redact.ts';
import type { EventLogEntry } from './store.ts';

/** An entry as a part of the client writes it; numbering, time and cleaning are added here. */
export type NewLogEntry = Omit<EventLogEntry, 'seq' | 'time'>;

/** Longest raw message the event log keeps, in characters; the rest is cut with a count. */
const LOG_RAW_LIMIT = 64 * 1024;

/**
 * Makes event log entries: numbered in order, timed, with bearer tokens removed and the topic and endpoint
 * (secrets) shortened in the raw message and the note, and the raw message cut at LOG_RAW_LIMIT.
 */
export class EventLogEntries {
  readonly #redactor: Redactor;
  readonly #now: () => number;
  #seq = 0;

  constructor(redactor: Redactor, now: () => number) {
    this.#redactor = redactor;
    this.#now = now;
  }

  /** The complete, cleaned entry for `entry`. */
  entry(entry: NewLogEntry): EventLogEntry {
    const text = typeof entry.raw === 'string' ? entry.raw : (safeStringify(entry.raw) ?? '');
    const kept = this.#redactor.redactStart(text, LOG_RAW_LIMIT);
    const raw =
      text.length <= LOG_RAW_LIMIT ? kept : `${kept}… (${text.length - LOG_RAW_LIMIT} more characters)`;
    const note = entry.note === undefined ? {} : { note: this.#redactor.redact(entry.note) };
    return { ...entry, ...note, raw, seq: ++this.#seq, time: this.#now() };
  }
}

/** Appends to a bounded log without modifying it: newest last, oldest dropped past `limit`. */
export function appendLog(
  log: readonly EventLogEntry[],
  entry: EventLogEntry,
  limit: number,
): readonly EventLogEntry[] {
  const start = log.length + 1 > limit ? log.length + 1 - limit : 0;
  const next = log.slice(start);
  next.push(entry);
  return next;
}

function safeStringify(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
