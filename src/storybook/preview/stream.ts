import { CONNECTION_STATUS_LABELS } from '../../components/ConnectionStatus/ConnectionStatus.tsx';
import type { EventLogEntry, FhircastClient, FhircastState } from '../../react/types.ts';
import { STREAM_LIMIT, type StreamEntry } from '../channel.ts';

/** A raw message longer than this is cut for the panel (the client already bounds what it logs). */
const MAX_RAW_LENGTH = 64 * 1024;

/**
 * The story's traffic as the panel shows it: the event log of every subscriber it follows, merged in the
 * order things happened, plus a line per change of connection status. Bounded: the oldest entries go first.
 */
export class StoryStream {
  #entries: StreamEntry[] = [];
  #seq = 0;

  /** Follows one client's log and status under `subscriber`; answers a function that stops following. */
  follow(client: FhircastClient, subscriber: string): () => void {
    let lastSeq = 0;
    let status = client.store.getState().status;
    const read = (state: FhircastState) => {
      for (const entry of newEntries(state.log, lastSeq)) this.#push(fromLog(entry, subscriber));
      lastSeq = state.log.at(-1)?.seq ?? lastSeq;
      if (state.status === status) return;
      status = state.status;
      const label = CONNECTION_STATUS_LABELS[state.status];
      this.#push({
        kind: 'status',
        subscriber,
        name: state.status,
        label,
        time: Date.now(),
        note: state.reason,
      });
    };
    read(client.store.getState());
    return client.store.subscribe(read);
  }

  /** Every entry kept, oldest first. */
  all(): StreamEntry[] {
    return this.#entries;
  }

  /** The entries after `seq`, oldest first. */
  since(seq: number): StreamEntry[] {
    const first = this.#entries.findIndex((entry) => entry.seq > seq);
    return first < 0 ? [] : this.#entries.slice(first);
  }

  /** The number of the newest entry (0 before any). */
  get lastSeq(): number {
    return this.#seq;
  }

  #push(entry: Omit<StreamEntry, 'seq'>): void {
    this.#entries.push({ ...entry, seq: ++this.#seq });
    if (this.#entries.length > STREAM_LIMIT) this.#entries.splice(0, this.#entries.length - STREAM_LIMIT);
  }
}

/** The log entries newer than `lastSeq`, oldest first; read from the end, as new ones are few. */
function newEntries(log: readonly EventLogEntry[], lastSeq: number): readonly EventLogEntry[] {
  let first = log.length;
  while (first > 0 && (log[first - 1]?.seq ?? 0) > lastSeq) first--;
  return log.slice(first);
}

function fromLog(entry: EventLogEntry, subscriber: string): Omit<StreamEntry, 'seq'> {
  return {
    kind: 'event',
    subscriber,
    direction: entry.direction,
    name: entry.name,
    time: entry.time,
    ...(entry.status === undefined ? {} : { status: entry.status }),
    ...(entry.note === undefined ? {} : { note: entry.note }),
    ...(entry.raw === undefined || entry.raw === '' ? {} : { raw: rawText(entry.raw) }),
  };
}

function rawText(raw: unknown): string {
  const text = typeof raw === 'string' ? raw : JSON.stringify(raw);
  return text.length > MAX_RAW_LENGTH ? `${text.slice(0, MAX_RAW_LENGTH)}…` : text;
}
