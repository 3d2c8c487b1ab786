import { applyUpdateBundle, contentBundle, resourceKey } from '../core/content.ts';
import { ANCHOR_KEYS, type AnchorType, type EventSpec, itemReference } from '../core/events.ts';
import type { ContextItem, CurrentContext, FhircastNotification, FhirResource } from '../core/types.ts';
import { randomUuid } from './options.ts';

/** The context a topic holds for one opened anchor resource. */
interface AnchorContext {
  anchor: AnchorType;
  ref: string;
  versionId: string;
  content: readonly FhirResource[];
  open: FhircastNotification;
  sequence: number;
}

/** What applying a published event yields: the notification to broadcast, or a rejection. */
export type TopicOutcome = { notification: FhircastNotification } | { status: number; message: string };

/**
 * The context of one topic: open anchors (one per anchor type, the last opened current), suspended
 * report contexts, versionIds and shared content. Pure state; the hub decides who hears about it.
 */
export class TopicContext {
  private readonly open = new Map<AnchorType, AnchorContext>();
  private readonly suspended = new Map<string, AnchorContext>();
  private current: AnchorType | undefined;
  private sequence = 0;

  /** Applies a validated event with a catalogued anchor action; other events pass through unchanged. */
  apply(spec: EventSpec | undefined, notification: FhircastNotification): TopicOutcome {
    const { anchor, action } = spec ?? {};
    if (!spec || !anchor || !action) return { notification };
    const anchorItem = findItem(notification.event.context, ANCHOR_KEYS[anchor]);
    const ref = anchorItem ? itemReference(anchorItem) : undefined;
    if (!ref) return { status: 400, message: `${spec.name}: the anchor reference is missing` };
    if (action === 'open') return this.applyOpen(anchor, ref, notification);
    if (action === 'close') return this.applyClose(anchor, ref, notification);
    const context = this.open.get(anchor);
    if (this.current !== anchor || context?.ref !== ref) {
      const current = this.current ? this.open.get(this.current)?.ref : 'no current context';
      return { status: 400, message: `${spec.name}: ${ref} is not the current context (${current})` };
    }
    return action === 'update' ? this.applyUpdate(spec.name, context, notification) : { notification };
  }

  private applyOpen(anchor: AnchorType, ref: string, notification: FhircastNotification): TopicOutcome {
    const displaced = this.open.get(anchor);
    let context: AnchorContext | undefined = displaced?.ref === ref ? displaced : undefined;
    if (displaced && !context && anchor === 'DiagnosticReport') this.suspended.set(displaced.ref, displaced);
    context ??= this.suspended.get(ref);
    this.suspended.delete(ref);
    const versionId = context?.versionId ?? randomUuid();
    const open = withVersion(notification, versionId);
    this.open.set(anchor, {
      anchor,
      ref,
      versionId,
      content: context?.content ?? [],
      open,
      sequence: ++this.sequence,
    });
    this.current = anchor;
    return { notification: open };
  }

  private applyClose(anchor: AnchorType, ref: string, notification: FhircastNotification): TopicOutcome {
    if (this.open.get(anchor)?.ref === ref) {
      this.open.delete(anchor);
      if (this.current === anchor) this.current = undefined;
    } else {
      this.suspended.delete(ref);
    }
    return { notification };
  }

  private applyUpdate(
    name: string,
    context: AnchorContext,
    notification: FhircastNotification,
  ): TopicOutcome {
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
    context.content = result.content;
    context.versionId = randomUuid();
    const event = {
      ...notification.event,
      'context.versionId': context.versionId,
      'context.priorVersionId': given,
    };
    return { notification: { ...notification, event } };
  }

  /** The answer to get-current-context: the current anchor's open context with its content. */
  currentContext(): CurrentContext {
    const context = this.current ? this.open.get(this.current) : undefined;
    if (!context) return { 'context.type': '', context: [] };
    return {
      'context.type': context.anchor,
      'context.versionId': context.versionId,
      context: [...context.open.event.context, { key: 'content', resource: contentBundle(context.content) }],
    };
  }

  /** The unclosed opens, one per anchor type, oldest first, each with its current versionId. */
  replay(): FhircastNotification[] {
    return [...this.open.values()]
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

function findItem(context: readonly ContextItem[], key: string): ContextItem | undefined {
  return context.find((item) => item.key.toLowerCase() === key);
}
