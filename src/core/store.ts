import { createStore, type StoreApi } from 'zustand/vanilla';
import { type ContextState, EMPTY_CONTEXT } from './context.ts';

/** The connection status the UI shows. */
export type FhircastStatus =
  | 'idle'
  | 'connecting'
  | 'connected'
  | 'reconnecting'
  | 'unauthorized'
  | 'denied'
  | 'disconnected';

/** One line of the event log. */
export interface EventLogEntry {
  /** Increasing number, unique within one client. */
  seq: number;
  direction: 'in' | 'out';
  /** Event name (canonical), or what the frame was (`confirmation`, `denial`, `invalid`). */
  name: string;
  /** Milliseconds since the epoch when the client saw or sent it. */
  time: number;
  /** Event id, when the frame had one. */
  id?: string;
  /** Status of the ack sent (inbound) or of the hub's answer (outbound). */
  status?: number;
  /** Why an event was refused, ignored or rejected. */
  note?: string;
  /**
   * The message as received or sent, as text, with the topic and endpoint shortened (they are secrets);
   * a message longer than 64 Ki characters is cut there, ending with a count of what was left out.
   */
  raw: unknown;
}

/** A sync error the hub reported, or one the client raised about its own publish. */
export interface SyncErrorInfo {
  eventId?: string;
  eventName?: string;
  subscriberName?: string;
  diagnostics: string;
  time: number;
  /** True when it names an event this client published within the last 15 s: another app refused it. */
  own?: true;
}

/** Why a session ended from the user's side (`userLogout`) or paused (`userHibernate`). */
export interface SessionEnd {
  event: 'userLogout' | 'userHibernate';
  code?: string;
  time: number;
}

/** Everything the UI reads. The client is its only writer. */
export interface FhircastState extends ContextState {
  status: FhircastStatus;
  /** Human-readable reason for the status (the hub's message for denials and 401/403). */
  reason: string | undefined;
  /** When the next reconnect attempt happens (ms since epoch), while `reconnecting`. */
  retryAt: number | undefined;
  topic: string;
  /** Events the hub granted, as confirmed on the socket. */
  events: readonly string[];
  /** When the lease ends (ms since epoch), as confirmed on the socket. */
  leaseEndsAt: number | undefined;
  lastSyncError: SyncErrorInfo | undefined;
  /** The latest sync errors, newest last (at most 20). */
  syncErrors: readonly SyncErrorInfo[];
  sessionEnd: SessionEnd | undefined;
  /** "Type/id" of content shared by reference that the app's `readResource` is fetching now. */
  contentFetching: readonly string[];
  log: readonly EventLogEntry[];
}

/** The store a client writes and the UI subscribes to (zustand vanilla). */
export type FhircastStore = StoreApi<FhircastState>;

/** The state of a client that has not connected yet. */
export function initialState(topic: string): FhircastState {
  return {
    ...EMPTY_CONTEXT,
    status: 'idle',
    reason: undefined,
    retryAt: undefined,
    topic,
    events: [],
    leaseEndsAt: undefined,
    lastSyncError: undefined,
    syncErrors: [],
    sessionEnd: undefined,
    contentFetching: [],
    log: [],
  };
}

/**
 * Creates a store holding the initial state for `topic`. Its subscribers are isolated from each other: an
 * error one throws is reported (`reportError`, where uncaught errors go) and the others are still told.
 */
export function createFhircastStore(topic: string): FhircastStore {
  const store = createStore<FhircastState>()(() => initialState(topic));
  const subscribe = store.subscribe;
  store.subscribe = (listener) =>
    subscribe((state, previous) => {
      try {
        listener(state, previous);
      } catch (error) {
        reportLater(error);
      }
    });
  return store;
}

/** Reports an error where uncaught errors go, without unwinding the caller. */
function reportLater(error: unknown): void {
  const report = (globalThis as { reportError?: (error: unknown) => void }).reportError;
  if (report) report(error);
  else
    setTimeout(() => {
      throw error;
    }, 0);
}

/** The context part of a reducer's state, as a store update. */
export function contextSlice(state: ContextState): Partial<FhircastState> {
  const { anchors, current, versionId, content, selection, setAt, retained, resumed, contentPending } = state;
  return { anchors, current, versionId, content, selection, setAt, retained, resumed, contentPending };
}
