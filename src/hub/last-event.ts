import type { EventSpec } from '../protocol/events.ts';
import { findEventSpec } from '../protocol/events.ts';
import type { CurrentContext, FhircastNotification } from '../protocol/types.ts';
import type { HeldContext, TopicOutcome } from './topic.ts';

/**
 * The context of a topic on a hub that keeps only its last context event (the reference sandbox): the
 * last open, update or select is the context, a close of any anchor clears it. It issues no versionIds,
 * keeps no content, replays nothing and checks nothing against the current context: events are relayed
 * as they came.
 */
export class LastEventContext implements HeldContext {
  #last: FhircastNotification | undefined;

  isEmpty(): boolean {
    return this.#last === undefined;
  }

  apply(spec: EventSpec | undefined, notification: FhircastNotification): TopicOutcome {
    if (spec?.anchor && spec.action) this.#last = spec.action === 'close' ? undefined : notification;
    return { notification };
  }

  /** The last context event's anchor type and context, as it was published. */
  currentContext(): CurrentContext {
    const last = this.#last;
    if (!last) return { 'context.type': '', context: [] };
    const anchor = findEventSpec(last.event['hub.event'])?.anchor ?? '';
    return { 'context.type': anchor, context: last.event.context };
  }

  replay(): FhircastNotification[] {
    return [];
  }
}
