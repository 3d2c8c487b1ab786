import { applyUpdateBundle } from '../protocol/content.ts';
import { ANCHOR_KEYS, type AnchorType, findEventSpec } from '../protocol/events.ts';
import { findItem, itemReference } from '../protocol/items.ts';
import type { ParsedCurrentContext } from '../protocol/messages.ts';
import type { ContextItem, FhircastNotification, FhirReference, FhirResource } from '../protocol/types.ts';

/** One open anchor context as the client holds it. */
export interface AnchorContext {
  anchor: AnchorType;
  /** "Type/id" of the anchor resource. */
  ref: string;
  /** The context items of the open (without `content`). */
  context: readonly ContextItem[];
  versionId: string | undefined;
}

/** What is kept of a displaced context, to resume it when it is reopened. */
export interface RetainedContext {
  versionId: string | undefined;
  content: readonly FhirResource[];
  /** The selection it had, when it had one. */
  selection?: readonly FhirReference[];
  /** Its content was still being fetched when it was displaced: none is kept, and a reopen fetches it. */
  contentUnknown?: true;
}

/** The synchronised context: every open anchor, the current one, its version, content and selection. */
export interface ContextState {
  /** The last open of each anchor type not yet closed. */
  anchors: Readonly<Partial<Record<AnchorType, AnchorContext>>>;
  /** The anchor type of the current context, if any. */
  current: AnchorType | undefined;
  /** `context.versionId` of the current context. */
  versionId: string | undefined;
  /** Shared content of the current context (FHIRcast content sharing). */
  content: readonly FhirResource[];
  /** The current selection (references), replaced wholesale by each select. */
  selection: readonly FhirReference[];
  /** Time (ms) of the event that set the current context; older anchor events are ignored. */
  setAt: number | undefined;
  /**
   * Content of displaced contexts by "Type/id", so reopening one resumes it: the 20 most recently displaced,
   * oldest first. Once it holds anything it is an object with no prototype: use `Object.hasOwn`, not
   * `hasOwnProperty`.
   */
  retained: Readonly<Record<string, RetainedContext>>;
  /**
   * Whether the current context is one this client held before (reopened after another displaced it, or
   * announced again), its version, content and selection restored; false for a new context. A client that
   * joins late takes the first open it sees as new.
   */
  resumed: boolean;
  /**
   * "Type/id" of the current context while its shared content is not known here: it was opened at a
   * version this client holds no content for, and the client (when it follows that anchor's updates) is
   * fetching the hub's. Until then `content`
   * holds only the updates seen since the open, and is not kept when another context displaces it.
   */
  contentPending: string | undefined;
}

/** The context before any event. */
export const EMPTY_CONTEXT: ContextState = {
  anchors: {},
  current: undefined,
  versionId: undefined,
  content: [],
  selection: [],
  setAt: undefined,
  retained: {},
  resumed: false,
  contentPending: undefined,
};

/** What an event does to the context: a new state, nothing (with why), or a need to fetch the hub's. */
export type ContextOutcome =
  /** `fetch`: applied, but the content that goes with the new version is not known here (see `open`). */
  | { kind: 'applied'; state: ContextState; fetch?: true }
  | { kind: 'unchanged'; reason: string }
  /**
   * The hub's context must be fetched. `olderBy` (ms): the event was ignored as stamped that much before
   * the event that set the current context, which a hub relaying publishers with skewed clocks also causes.
   */
  | { kind: 'resync'; reason: string; olderBy?: number };

const MAX_RETAINED = 20;

/**
 * Applies one event to the context. Pure: the input is never modified, and unchanged slices keep their
 * identity so that selectors over them do not fire.
 */
export function reduceContext(state: ContextState, notification: FhircastNotification): ContextOutcome {
  const spec = findEventSpec(notification.event['hub.event']);
  if (!spec?.anchor || !spec.action) return { kind: 'unchanged', reason: 'not a context event' };
  const anchor = spec.anchor;
  const item = findItem(notification.event.context, ANCHOR_KEYS[anchor]);
  const ref = item ? itemReference(item) : undefined;
  if (!ref) return { kind: 'unchanged', reason: 'the event names no anchor resource' };
  if (spec.action === 'open' || spec.action === 'close') {
    const time = parseTimestamp(notification.timestamp);
    if (time !== undefined && state.setAt !== undefined && time < state.setAt) {
      // The guide's rule, for events reordered on the way. Publishers' clocks differ too, and the hub applies
      // events as they arrive, so the hub may well hold this one: only its answer can tell which it is.
      const reason = 'older than the event that set the current context';
      return { kind: 'resync', reason, olderBy: state.setAt - time };
    }
    return spec.action === 'open' ? open(state, anchor, ref, notification, time) : close(state, anchor, ref);
  }
  if (state.current !== anchor || state.anchors[anchor]?.ref !== ref) {
    // A hub sends updates and selects for its current context only, so this one shows an open we missed.
    return { kind: 'resync', reason: `${spec.name} for ${ref}, which is not the current context here` };
  }
  return spec.action === 'update' ? update(state, notification) : select(state, notification);
}

function open(
  state: ContextState,
  anchor: AnchorType,
  ref: string,
  notification: FhircastNotification,
  time: number | undefined,
): ContextOutcome {
  const versionId = notification.event['context.versionId'];
  const context = notification.event.context.filter((entry) => entry.key.toLowerCase() !== 'content');
  const held = state.current ? state.anchors[state.current] : undefined;
  const reopened = held?.ref === ref && (versionId === undefined || versionId === state.versionId);
  let retained = state.retained;
  if (
    held &&
    held.ref !== ref &&
    (state.content.length > 0 || state.versionId || state.selection.length > 0)
  ) {
    retained = retain(retained, held.ref, displaced(state, held.ref));
  }
  const kept = retained[ref];
  const sameVersion = kept !== undefined && (versionId === undefined || kept.versionId === versionId);
  // A reopen without a versionId (hubs without content sharing) resumes what was kept, as one with the same does.
  const restored = sameVersion && !kept.contentUnknown ? kept : undefined;
  const content = reopened ? state.content : (restored?.content ?? []);
  if (kept) retained = without(retained, ref);
  const heldVersion = reopened ? state.versionId : restored?.versionId;
  const next: ContextState = {
    anchors: { ...state.anchors, [anchor]: { anchor, ref, context, versionId: versionId ?? heldVersion } },
    current: anchor,
    versionId: versionId ?? heldVersion,
    content,
    selection: reopened ? state.selection : (sameVersion && kept.selection) || [],
    setAt: time ?? state.setAt,
    retained,
    resumed: reopened ? state.resumed : kept !== undefined,
    contentPending: reopened ? state.contentPending : undefined,
  };
  // An open at a version whose content this client does not hold may come with content it never saw: the
  // hub resumes a reopened context with its content, which may have changed while this client was away or
  // before it joined. The open is shown at once; the client then fetches the context to learn the content.
  if (versionId !== undefined && !reopened && !restored) {
    return { kind: 'applied', state: { ...next, contentPending: ref }, fetch: true };
  }
  return { kind: 'applied', state: next };
}

function close(state: ContextState, anchor: AnchorType, ref: string): ContextOutcome {
  if (state.anchors[anchor]?.ref !== ref) {
    if (!Object.hasOwn(state.retained, ref)) return { kind: 'unchanged', reason: `${ref} is not open` };
    return { kind: 'applied', state: { ...state, retained: without(state.retained, ref) } };
  }
  const anchors = { ...state.anchors };
  delete anchors[anchor];
  if (state.current !== anchor) {
    return { kind: 'applied', state: { ...state, anchors, retained: without(state.retained, ref) } };
  }
  const next = {
    ...state,
    anchors,
    current: undefined,
    versionId: undefined,
    content: [],
    selection: [],
    resumed: false,
    contentPending: undefined,
  };
  return { kind: 'applied', state: next };
}

function update(state: ContextState, notification: FhircastNotification): ContextOutcome {
  const prior = notification.event['context.priorVersionId'];
  if (prior !== undefined && state.versionId !== undefined && prior !== state.versionId) {
    return {
      kind: 'resync',
      reason: `missed an update: holding version ${state.versionId}, update follows ${prior}`,
    };
  }
  const updates = findItem(notification.event.context, 'updates')?.resource;
  const result = applyUpdateBundle(state.content, updates);
  if ('error' in result) return { kind: 'resync', reason: `could not apply the update: ${result.error}` };
  const versionId = notification.event['context.versionId'] ?? state.versionId;
  return { kind: 'applied', state: { ...state, content: result.content, versionId } };
}

function select(state: ContextState, notification: FhircastNotification): ContextOutcome {
  const selection = notification.event.context
    .filter((entry) => entry.key.toLowerCase() === 'select')
    .map((entry) => entry.reference ?? { reference: itemReference(entry) })
    .filter((reference): reference is FhirReference => typeof reference.reference === 'string');
  return { kind: 'applied', state: { ...state, selection } };
}

/**
 * Replaces the context with the hub's answer to get-current-context. Anchors of other types survive
 * only when listed in `keep` (re-announced by the hub's replay since the socket was confirmed).
 */
export function replaceContext(
  state: ContextState,
  hub: ParsedCurrentContext,
  keep: ReadonlySet<AnchorType> = new Set(),
): ContextState {
  const anchors: Partial<Record<AnchorType, AnchorContext>> = {};
  for (const type of keep) if (state.anchors[type]) anchors[type] = state.anchors[type];
  const anchorKey = hub.anchor ? ANCHOR_KEYS[hub.anchor] : undefined;
  const item = anchorKey ? findItem(hub.context, anchorKey) : undefined;
  const ref = item ? itemReference(item) : undefined;
  if (!hub.anchor || !ref) {
    return { ...EMPTY_CONTEXT, anchors, retained: state.retained };
  }
  const same = state.current === hub.anchor && state.anchors[hub.anchor]?.ref === ref;
  const kept = Object.hasOwn(state.retained, ref) ? state.retained[ref] : undefined;
  const keptSelection = kept?.versionId === hub.versionId ? kept?.selection : undefined;
  anchors[hub.anchor] = { anchor: hub.anchor, ref, context: hub.context, versionId: hub.versionId };
  return {
    anchors,
    current: hub.anchor,
    versionId: hub.versionId,
    content: hub.content,
    selection: same ? state.selection : (keptSelection ?? []),
    setAt: undefined,
    retained: without(state.retained, ref),
    resumed: same ? state.resumed : kept !== undefined,
    contentPending: undefined,
  };
}

/** Parses FHIRcast timestamps leniently (no zone means UTC; the guide's `T011:14` hours are read as 11). */
export function parseTimestamp(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const match = /^(\d{4}-\d{2}-\d{2})T0?(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(
    value.trim(),
  );
  if (!match) {
    const time = Date.parse(value);
    return Number.isNaN(time) ? undefined : time;
  }
  const [, date, hours, minutes, seconds = '00', fraction = '', zone = 'Z'] = match;
  const time = Date.parse(`${date}T${hours}:${minutes}:${seconds}${fraction.slice(0, 4)}${zone}`);
  return Number.isNaN(time) ? undefined : time;
}

function without<T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> {
  return Object.hasOwn(record, key) ? copyNewest(record, key, MAX_RETAINED) : (record as Record<string, T>);
}

/** `record` with `key` set to `value` as its newest entry, keeping the newest MAX_RETAINED entries. */
function retain<T>(record: Readonly<Record<string, T>>, key: string, value: T): Record<string, T> {
  const next = copyNewest(record, key, MAX_RETAINED - 1);
  next[key] = value;
  return next;
}

/**
 * A copy of the newest `limit` entries of `record` other than `except`, in an object with no prototype: V8
 * keeps such objects as dictionaries, whereas a plain object given new keys on every open takes a new
 * hidden class each time (6× slower here), and no key can reach a prototype.
 */
function copyNewest<T>(
  record: Readonly<Record<string, T>>,
  except: string,
  limit: number,
): Record<string, T> {
  const keys = Object.keys(record).filter((key) => key !== except);
  const copy: Record<string, T> = Object.create(null);
  for (const key of keys.slice(Math.max(0, keys.length - limit))) copy[key] = record[key] as T;
  return copy;
}

/** What is kept of the current context when another displaces it. */
function displaced(state: ContextState, ref: string): RetainedContext {
  const { versionId, content, selection } = state;
  const kept: RetainedContext = { versionId, content, ...(selection.length ? { selection } : {}) };
  // Content that is not known (still being fetched) is not kept: reopening that context fetches it again.
  return ref === state.contentPending ? { ...kept, content: [], contentUnknown: true } : kept;
}
