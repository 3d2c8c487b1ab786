import { findEventSpec } from '../protocol/events.ts';
import { findItem, isObject, optionalString } from '../protocol/items.ts';
import type { FhircastNotification } from '../protocol/types.ts';
import { reduceContext } from './context.ts';
import type { ResolvedClientOptions } from './options.ts';
import type { Redactor } from './redact.ts';
import type { Resync } from './resync.ts';
import { type ContextSetter, olderEventNote } from './skew.ts';
import { contextSlice, type SessionEnd, type SyncErrorInfo } from './store.ts';

/** Sync errors kept in `state.syncErrors`, newest last. */
const MAX_SYNC_ERRORS = 20;

import type { StoreWriter } from './writer.ts';

/** What applying events drives elsewhere in the client. */
export interface ApplyLink {
  /** Whether the client follows `name` (the events granted, or those asked for before any). */
  follows(name: string): boolean;
  /** A sync error arrived; answers whether it names one of this client's recent publishes. */
  refused(refusal: SyncErrorInfo): boolean;
}

/** The user's session ended (`userLogout`) or paused (`userHibernate`): run after the event is acked. */
export type SessionEnded = (end: SessionEnd, reason: string) => void;

/**
 * Applies accepted events to the store: context events through the reducer (fetching the hub's context
 * when the reducer cannot tell), sync errors, and the session events `userLogout` and `userHibernate`.
 */
export class EventApplier {
  readonly #options: ResolvedClientOptions;
  readonly #writer: StoreWriter;
  readonly #redactor: Redactor;
  readonly #resync: Resync;
  readonly #connection: Pick<ApplyLink, 'follows'>;
  readonly #tracker: Pick<ApplyLink, 'refused'>;
  readonly #sessionEnded: SessionEnded;
  /** The event behind `setAt`, kept to describe a clock skew when a later event looks older. */
  #setBy: ContextSetter | undefined;

  constructor(
    options: ResolvedClientOptions,
    writer: StoreWriter,
    redactor: Redactor,
    resync: Resync,
    connection: Pick<ApplyLink, 'follows'>,
    tracker: Pick<ApplyLink, 'refused'>,
    sessionEnded: SessionEnded,
  ) {
    this.#options = options;
    this.#writer = writer;
    this.#redactor = redactor;
    this.#resync = resync;
    this.#connection = connection;
    this.#tracker = tracker;
    this.#sessionEnded = sessionEnded;
  }

  /** Applies an accepted event; answers a note for the log when it changed nothing or needs a fetch. */
  apply(notification: FhircastNotification): string | undefined {
    const name = notification.event['hub.event'];
    if (name === 'syncerror') return this.#syncError(notification);
    if (name === 'userLogout' || name === 'userHibernate') return this.#sessionEvent(notification, name);
    const state = this.#writer.state();
    const outcome = reduceContext(state, notification);
    const spec = findEventSpec(name);
    const anchor = spec?.anchor;
    const now = this.#options.timers.now();
    if (outcome.kind === 'applied') {
      this.#resync.changed(anchor && spec?.action === 'open' ? anchor : undefined);
      const { setAt } = outcome.state;
      if (setAt !== undefined && setAt !== state.setAt) {
        this.#setBy = { id: notification.id, name, aheadMs: setAt - now };
      }
      // Content matters only to a client that follows it (subscribed to the anchor's updates): others skip
      // the fetch, and the state does not call their content pending.
      const fetch =
        outcome.fetch === true && anchor !== undefined && this.#connection.follows(`${anchor}-update`);
      this.#writer.set({
        ...contextSlice(outcome.state),
        ...(outcome.fetch && !fetch ? { contentPending: undefined } : {}),
      });
      // After a close the hub may make another context current (IHE IRA asks for its context then).
      const closedCurrent = spec?.action === 'close' && state.current === anchor && !outcome.state.current;
      if (fetch || closedCurrent) this.#resync.request(true);
      return undefined;
    }
    if (outcome.kind === 'resync') {
      // An event ignored as older is confirmed against the hub too: a client never stays on a context the
      // hub no longer holds, whatever the publishers' clocks say.
      this.#resync.request(true);
      const { reason, olderBy } = outcome;
      if (olderBy === undefined) return `${reason}: fetching the hub's context`;
      if (anchor) this.#resync.doubt(anchor);
      const aheadMs = (state.setAt ?? 0) - olderBy - now;
      return `${olderEventNote(reason, olderBy, aheadMs, this.#setBy)}: fetching the hub's context`;
    }
    return spec ? outcome.reason : undefined;
  }

  #syncError(notification: FhircastNotification): undefined {
    const outcome = findItem(notification.event.context, 'operationoutcome')?.resource;
    const issue =
      isObject(outcome) && Array.isArray(outcome.issue) && isObject(outcome.issue[0]) ? outcome.issue[0] : {};
    const codings =
      isObject(issue.details) && Array.isArray(issue.details.coding) ? issue.details.coding : [];
    const code = (suffix: string) =>
      codings.find((coding: unknown) => isObject(coding) && String(coding.system ?? '').endsWith(suffix))
        ?.code as string | undefined;
    const diagnostics = typeof issue.diagnostics === 'string' ? issue.diagnostics : 'sync error';
    const info = {
      diagnostics: this.#redactor.redact(diagnostics),
      time: this.#options.timers.now(),
      ...optionalString('eventId', code('/eventid')),
      ...optionalString('eventName', code('/eventname')),
      ...optionalString('subscriberName', code('/subscribername') ?? code('/subscriber')),
    };
    const own = this.#tracker.refused(info);
    const entry: SyncErrorInfo = own ? { ...info, own } : info;
    const kept = this.#writer.state().syncErrors;
    this.#writer.set({ lastSyncError: entry, syncErrors: [...kept.slice(-(MAX_SYNC_ERRORS - 1)), entry] });
    return undefined;
  }

  #sessionEvent(notification: FhircastNotification, name: SessionEnd['event']): string {
    const parameters = findItem(notification.event.context, 'parameters')?.resource;
    const list = isObject(parameters) && Array.isArray(parameters.parameter) ? parameters.parameter : [];
    const codeParameter = list.find((p: unknown) => isObject(p) && p.name === 'code') as
      | Record<string, unknown>
      | undefined;
    const code = isObject(codeParameter?.valueCoding) ? codeParameter.valueCoding.code : undefined;
    const sessionEnd = { event: name, time: this.#options.timers.now(), ...optionalString('code', code) };
    const reason = name === 'userLogout' ? 'the user logged out' : 'the user session is hibernating';
    this.#sessionEnded(sessionEnd, reason);
    return reason;
  }
}
