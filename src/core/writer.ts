import { appendLog, EventLogEntries, type NewLogEntry } from './eventlog.ts';
import type { Redactor } from './redact.ts';
import type { FhircastState, FhircastStore } from './store.ts';

/**
 * The client's one way into its store. Every part writes through it, so a reason (which may quote the
 * hub) is always cleaned of tokens and secrets, and the changes one inbound event makes, log entry
 * included, can reach the store as a single update.
 */
export class StoreWriter {
  readonly store: FhircastStore;
  readonly #redactor: Redactor;
  readonly #entries: EventLogEntries;
  readonly #logLimit: number;
  /** While `asOneUpdate` runs: the changes gathered so far. */
  #batch: Partial<FhircastState> | undefined;

  constructor(store: FhircastStore, redactor: Redactor, now: () => number, logLimit: number) {
    this.store = store;
    this.#redactor = redactor;
    this.#entries = new EventLogEntries(redactor, now);
    this.#logLimit = logLimit;
  }

  /** The state as the store holds it (changes gathered in a batch are not in it yet). */
  state(): FhircastState {
    return this.store.getState();
  }

  /** Writes `partial`, or adds it to the batch under way. */
  set(partial: Partial<FhircastState>): void {
    if (partial.reason) partial.reason = this.#redactor.redact(partial.reason);
    if (this.#batch) Object.assign(this.#batch, partial);
    else this.store.setState(partial);
  }

  /** Appends an entry to the event log. */
  log(entry: NewLogEntry): void {
    const log = this.#batch?.log ?? this.store.getState().log;
    this.set({ log: appendLog(log, this.#entries.entry(entry), this.#logLimit) });
  }

  /** Runs `change` with every write it makes (log entries included) gathered into one store update. */
  asOneUpdate(change: () => void): void {
    this.#batch = {};
    try {
      change();
    } finally {
      const batch = this.#batch;
      this.#batch = undefined;
      this.store.setState(batch);
    }
  }
}
