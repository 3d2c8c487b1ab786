import { isObject } from '../protocol/items.ts';
import type { FhircastNotification } from '../protocol/types.ts';
import { guarded } from './guard.ts';
import { nestingLimitText, nestsDeeperThan } from './nesting.ts';
import type { ResolvedHubOptions } from './options.ts';
import { describe, type Subscription } from './registry.ts';

/** Events delivered without expecting an ack: liveness and the hub's own sync errors. */
const UNTRACKED_EVENTS: ReadonlySet<string> = new Set(['heartbeat', 'syncerror']);

/** How many ids of events that need no ack are remembered per subscriber (their acks come at once). */
const UNTRACKED_REMEMBERED = 16;

/** Consecutive unacknowledged events after which a subscriber counts as unresponsive and is unsubscribed. */
export const MAX_MISSED_ACKS = 3;

/** Whether the hub waits for an ack of an event of this name (case-insensitive). */
export function expectsAck(eventName: string): boolean {
  return !UNTRACKED_EVENTS.has(eventName.toLowerCase());
}

/** Reads an ack leniently: numeric or string status, and no status at all counts as 200. */
export function parseAck(text: string): { id: string; status: number } | undefined {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(message) || typeof message.id !== 'string') return undefined;
  const status = message.status === undefined || message.status === null ? 200 : Number(message.status);
  return { id: message.id, status: Number.isInteger(status) ? status : 200 };
}

/** What the tracker tells the hub: a sync error to raise, and a subscriber gone silent. */
export interface AckOutcomes {
  syncError(sub: Subscription, eventId: string, eventName: string, problem: string): void;
  unresponsive(sub: Subscription): void;
}

/**
 * Waits for the ack of every event delivered to a subscriber. A refusal (4xx/5xx) or no ack within
 * `ackTimeoutMs` is a sync error; `MAX_MISSED_ACKS` unanswered in a row make the subscriber unresponsive.
 */
export class AckTracker {
  /** Counts since start: event frames delivered (acks expected), acknowledged with 2xx, refused, unanswered. */
  readonly stats = { delivered: 0, acknowledged: 0, refused: 0, unanswered: 0 };
  private readonly options: ResolvedHubOptions;
  private readonly outcomes: AckOutcomes;
  /** Ids of the last events sent to each subscriber that need no ack, whose acks are read without a word. */
  private readonly untracked = new WeakMap<Subscription, string[]>();

  constructor(options: ResolvedHubOptions, outcomes: AckOutcomes) {
    this.options = options;
    this.outcomes = outcomes;
  }

  /** Starts waiting for the ack of `notification`, just sent to `sub` (heartbeats and sync errors need none). */
  expect(sub: Subscription, notification: FhircastNotification): void {
    const eventName = notification.event['hub.event'];
    const { id } = notification;
    if (!expectsAck(eventName)) {
      const ids = this.untracked.get(sub) ?? [];
      ids.push(id);
      this.untracked.set(sub, ids.slice(-UNTRACKED_REMEMBERED));
      return;
    }
    const { clock, ackTimeoutMs } = this.options;
    this.stats.delivered++;
    const previous = sub.pending.get(id);
    if (previous) clock.clearTimeout(previous.timer);
    const missed = () => {
      sub.pending.delete(id);
      this.stats.unanswered++;
      sub.missedAcks++;
      const problem = `did not acknowledge ${eventName} within ${ackTimeoutMs / 1000} s`;
      this.options.log(`no ack from ${this.who(sub)} for ${eventName} within ${ackTimeoutMs / 1000} s`);
      this.outcomes.syncError(sub, id, eventName, problem);
      if (sub.missedAcks >= MAX_MISSED_ACKS) this.outcomes.unresponsive(sub);
    };
    const timer = clock.setTimeout(
      guarded(this.options.log, 'raise a sync error for a missed ack', missed),
      ackTimeoutMs,
    );
    sub.pending.set(id, { eventName, timer });
  }

  /** Reads a frame from `sub`: an ack of a pending event, or something ignored and logged. */
  receive(sub: Subscription, text: string): void {
    const { clock, log, maxNestingDepth } = this.options;
    if (nestsDeeperThan(text, maxNestingDepth)) {
      log(`ignored a frame from ${this.who(sub)}: ${nestingLimitText(maxNestingDepth)}`);
      return;
    }
    const ack = parseAck(text);
    const pending = ack ? sub.pending.get(ack.id) : undefined;
    const untracked = this.untracked.get(sub);
    if (ack && !pending && untracked?.includes(ack.id)) {
      untracked.splice(untracked.indexOf(ack.id), 1);
      return;
    }
    if (!ack || !pending) {
      log(`ignored a frame from ${this.who(sub)} that acknowledges no pending event`);
      return;
    }
    clock.clearTimeout(pending.timer);
    sub.pending.delete(ack.id);
    sub.missedAcks = 0;
    if (ack.status < 400) {
      this.stats.acknowledged++;
      return;
    }
    this.stats.refused++;
    const { eventName } = pending;
    log(`ack ${ack.status} from ${this.who(sub)} for ${eventName}`);
    this.outcomes.syncError(sub, ack.id, eventName, `refused ${eventName} with status ${ack.status}`);
  }

  private who(sub: Subscription): string {
    return describe(sub, this.options.logFullTopics);
  }

  /** Stops waiting for the acks of `sub`. */
  forget(sub: Subscription): void {
    for (const { timer } of sub.pending.values()) this.options.clock.clearTimeout(timer);
    sub.pending.clear();
  }
}
