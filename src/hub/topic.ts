import { applyUpdateBundle, contentBundle, resourceKey } from '../protocol/content.ts';
import { ANCHOR_KEYS, type AnchorType, type EventSpec } from '../protocol/events.ts';
import { findItem, itemReference } from '../protocol/items.ts';
import type { ContextItem, CurrentContext, FhircastNotification, FhirResource } from '../protocol/types.ts';
import { randomUuid } from './options.ts';

/** The context a topic holds for one opened anchor resource. */
interface TopicAnchor {
  anchor: AnchorType;
  ref: string;
  versionId: string;
  content: readonly FhirResource[];
  open: FhircastNotification;
  sequence: number;
}

/**
 * What applying a published event yields: the notification to broadcast, or a rejection. `duplicate`: the
 * event's id was accepted before (a publisher resending after a lost answer); it is not applied again.
 */
export type TopicOutcome =
  | { notification: FhircastNotification; duplicate?: true }
  | { status: number; message: string };

/** Ids of accepted events a topic remembers, to recognise a resend (IHE IRA: the same id after no answer). */
const REMEMBERED_EVENT_IDS = 256;

/** Most unclosed contexts a topic keeps; past it the least recently opened non-current one is dropped. */
export const MAX_OPEN_CONTEXTS = 100;

/** How much shared content one report context may hold. */
export interface ContentLimits {
  maxContentEntries: number;
  maxContentBytes: number;
}

/**
 * The context of one topic. Every open that was not closed persists (multi-tab), keeping its versionId
 * and shared content, so reopening it resumes where it was; the last open is current; closing the
 * current context leaves none current. Pure state: the hub decides who hears about it.
 */
export class TopicContext {
  private readonly opens = new Map<string, TopicAnchor>();
  private current: TopicAnchor | undefined;
  private sequence = 0;
  private readonly limits: ContentLimits;
  /** Accepted events by id, oldest first: the request as it came, and the event as broadcast. */
  private readonly accepted = new Map<string, { request: string; notification: FhircastNotification }>();

  constructor(limits: ContentLimits) {
    this.limits = limits;
  }

  /** True when the topic holds no context at all: nothing current and no unclosed open. */
  isEmpty(): boolean {
    return this.opens.size === 0;
  }

  /**
   * Applies a validated event; the same event sent again (same id and content: a resend after a lost answer)
   * answers what it was accepted as, without being applied or broadcast again.
   */
  apply(spec: EventSpec | undefined, notification: FhircastNotification): TopicOutcome {
    const request = JSON.stringify(notification);
    const seen = this.accepted.get(notification.id);
    if (seen?.request === request) return { notification: seen.notification, duplicate: true };
    const outcome = this.applyNew(spec, notification);
    if ('notification' in outcome) {
      this.accepted.delete(notification.id);
      this.accepted.set(notification.id, { request, notification: outcome.notification });
      if (this.accepted.size > REMEMBERED_EVENT_IDS)
        this.accepted.delete(this.accepted.keys().next().value as string);
    }
    return outcome;
  }

  /** Applies an event with a catalogued anchor action; other events pass through unchanged. */
  private applyNew(spec: EventSpec | undefined, notification: FhircastNotification): TopicOutcome {
    const { anchor, action } = spec ?? {};
    if (!spec || !anchor || !action) return { notification };
    const anchorItem = findItem(notification.event.context, ANCHOR_KEYS[anchor]);
    const ref = anchorItem ? itemReference(anchorItem) : undefined;
    if (!ref) return { status: 400, message: `${spec.name}: the anchor reference is missing` };
    if (action === 'open') return this.applyOpen(anchor, ref, notification);
    if (action === 'close') return this.applyClose(anchor, ref, notification);
    const current = this.current;
    if (current?.ref !== ref) {
      // IHE IRA's Hub answers 409 to a change of a report context that is not open.
      const held = current ? current.ref : 'there is none';
      return { status: 409, message: `${spec.name}: ${ref} is not the current context (${held})` };
    }
    return action === 'update' ? this.applyUpdate(spec.name, current, notification) : { notification };
  }

  private applyOpen(anchor: AnchorType, ref: string, notification: FhircastNotification): TopicOutcome {
    const previous = this.opens.get(ref);
    const versionId = previous?.versionId ?? randomUuid();
    const open = withVersion(notification, versionId);
    const context = {
      anchor,
      ref,
      versionId,
      content: previous?.content ?? [],
      open,
      sequence: ++this.sequence,
    };
    this.opens.delete(ref);
    this.opens.set(ref, context);
    this.current = context;
    if (this.opens.size > MAX_OPEN_CONTEXTS) this.opens.delete(this.opens.keys().next().value as string);
    return { notification: open };
  }

  private applyClose(anchor: AnchorType, ref: string, notification: FhircastNotification): TopicOutcome {
    if (anchor === 'DiagnosticReport' && !this.opens.has(ref)) {
      return { status: 409, message: `DiagnosticReport-close: ${ref} is not open` };
    }
    this.opens.delete(ref);
    if (this.current?.ref === ref) this.current = undefined;
    return { notification };
  }

  private applyUpdate(name: string, context: TopicAnchor, notification: FhircastNotification): TopicOutcome {
    const given = notification.event['context.versionId'];
    if (typeof given !== 'string' || given === '') {
      return { status: 400, message: `${name}: context.versionId is required` };
    }
    if (given !== context.versionId) {
      return { status: 400, message: `${name}: context.versionId ${given} is stale for ${context.ref}` };
    }
    const updates = findItem(notification.event.context, 'updates')?.resource;
    const result = applyUpdateBundle(context.content, updates, protectedKeys(context.open.event.context));
    if ('error' in result) return { status: 400, message: `${name}: ${result.error}` };
    const overLimit = this.contentOverLimit(result.content);
    if (overLimit) return { status: 413, message: `${name}: ${overLimit}` };
    context.content = result.content;
    context.versionId = randomUuid();
    const event = {
      ...notification.event,
      'context.versionId': context.versionId,
      'context.priorVersionId': given,
    };
    return { notification: { ...notification, event } };
  }

  /** Why `content` may not be kept (entries or bytes past the limits), or undefined when it may. */
  private contentOverLimit(content: readonly FhirResource[]): string | undefined {
    const { maxContentEntries, maxContentBytes } = this.limits;
    if (content.length > maxContentEntries) {
      return `the content would hold ${content.length} resources, over the hub's limit of ${maxContentEntries} entries per context (maxContentEntries)`;
    }
    const bytes = new TextEncoder().encode(JSON.stringify(content)).length;
    if (bytes > maxContentBytes) {
      return `the content would take ${bytes} bytes, over the hub's limit of ${maxContentBytes} bytes per context (maxContentBytes)`;
    }
    return undefined;
  }

  /** The answer to get-current-context: the current anchor's open context with its content. */
  currentContext(): CurrentContext {
    const context = this.current;
    if (!context) return { 'context.type': '', context: [] };
    return {
      'context.type': context.anchor,
      'context.versionId': context.versionId,
      context: [...context.open.event.context, { key: 'content', resource: contentBundle(context.content) }],
    };
  }

  /** Per anchor type, the most recent open not yet closed, oldest first, each with its current versionId. */
  replay(): FhircastNotification[] {
    const latest = new Map<AnchorType, TopicAnchor>();
    for (const context of this.opens.values()) latest.set(context.anchor, context);
    return [...latest.values()]
      .sort((a, b) => a.sequence - b.sequence)
      .map((context) => withVersion(context.open, context.versionId));
  }
}

function withVersion(notification: FhircastNotification, versionId: string): FhircastNotification {
  return { ...notification, event: { ...notification.event, 'context.versionId': versionId } };
}

function protectedKeys(context: readonly ContextItem[]): Set<string> {
  const keys = new Set<string>();
  for (const item of context) {
    if (item.resource?.id) keys.add(resourceKey(item.resource));
  }
  return keys;
}
