import { useMemo, useState } from 'react';
import type { EventLogEntry } from '../../react/types.ts';

/** What the EventLog shows of the store's log, after pausing, clearing and filtering. */
export interface EventLogView {
  /** Rows to render, newest first, at most `maxRows`. */
  rows: readonly EventLogEntry[];
  /** Entries that match the filter (before the `maxRows` cap). */
  matching: number;
  /** Entries left after clearing, whatever the filter. */
  visible: number;
  /** Event names seen in the log, sorted, for the filter. */
  names: readonly string[];
  filter: string;
  setFilter: (name: string) => void;
  paused: boolean;
  togglePause: () => void;
  /** Entries logged since the pause (and not cleared). */
  newWhilePaused: number;
  /** Hides every entry logged so far; the store's log is left as it is. */
  clear: () => void;
}

/** Filter, pause and clear over the store's log (oldest first), without ever modifying it. */
export function useEventLogView(log: readonly EventLogEntry[], maxRows: number): EventLogView {
  const [filter, setFilter] = useState('');
  const [frozen, setFrozen] = useState<{ entries: readonly EventLogEntry[]; seq: number }>();
  const [clearedThrough, setClearedThrough] = useState(0);
  const latestSeq = log.at(-1)?.seq ?? 0;

  const names = useMemo(() => {
    const seen = new Set(log.map((entry) => entry.name));
    if (filter) seen.add(filter);
    return [...seen].sort((a, b) => a.localeCompare(b));
  }, [log, filter]);

  const source = frozen?.entries ?? log;
  const { rows, matching, visible } = useMemo(() => {
    const kept = source.filter((entry) => entry.seq > clearedThrough);
    const matched = filter ? kept.filter((entry) => entry.name === filter) : kept;
    const newest: EventLogEntry[] = [];
    for (let index = matched.length - 1; index >= 0 && newest.length < maxRows; index--) {
      newest.push(matched[index] as EventLogEntry);
    }
    return { rows: newest, matching: matched.length, visible: kept.length };
  }, [source, clearedThrough, filter, maxRows]);

  return {
    rows,
    matching,
    visible,
    names,
    filter,
    setFilter,
    paused: frozen !== undefined,
    togglePause: () => setFrozen(frozen ? undefined : { entries: log, seq: latestSeq }),
    newWhilePaused: frozen ? Math.max(0, latestSeq - Math.max(frozen.seq, clearedThrough)) : 0,
    clear: () => setClearedThrough(latestSeq),
  };
}
