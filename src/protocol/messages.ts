import { contentReference, keyFromUrl } from './content.ts';
import { ANCHOR_KEYS, type AnchorType, canonicalEventName } from './events.ts';
import { findItem, isObject, optionalString } from './items.ts';
import { MAX_JSON_DEPTH, MAX_MESSAGE_LENGTH, outlineJson } from './json.ts';
import type { ContextItem, FhircastNotification, FhirResource } from './types.ts';
import { validateEventContext } from './validate.ts';

/** An inbound WebSocket frame, classified. Parsing never throws. */
export type InboundFrame =
  | { kind: 'confirmation'; topic?: string; events?: string[]; leaseSeconds?: number }
  | { kind: 'denial'; topic?: string; reason: string }
  | { kind: 'event'; notification: FhircastNotification }
  /** `status`: the ack a refused frame with an id gets when not 400 (413 for one too long). */
  | { kind: 'invalid'; reason: string; id?: string; status?: number };

/**
 * Classifies a frame: confirmation and denial by `hub.mode` alone, events checked against the catalogue.
 * A frame longer than `maxLength` characters or nested deeper than MAX_JSON_DEPTH is refused before it is
 * parsed (one pass over its text finds its id, so that it can still be acknowledged).
 */
export function parseFrame(data: unknown, maxLength = MAX_MESSAGE_LENGTH): InboundFrame {
  if (typeof data !== 'string') return { kind: 'invalid', reason: 'frame is not text' };
  const outline = outlineJson(data);
  const withId = outline.id ? { id: outline.id } : {};
  if (data.length > maxLength) {
    const reason = `frame is longer than maxMessageLength (${maxLength} characters)`;
    return { kind: 'invalid', reason, status: 413, ...withId };
  }
  if (outline.depth > MAX_JSON_DEPTH) {
    return { kind: 'invalid', reason: `frame nests deeper than ${MAX_JSON_DEPTH} levels`, ...withId };
  }
  let message: unknown;
  try {
    message = JSON.parse(data);
  } catch {
    return { kind: 'invalid', reason: 'frame is not JSON' };
  }
  if (!isObject(message)) return { kind: 'invalid', reason: 'frame is not a JSON object' };
  const mode = message['hub.mode'];
  if (mode === 'subscribe') return confirmation(message);
  if (mode === 'denied') {
    const given = message['hub.reason'];
    const reason = typeof given === 'string' && given.trim() !== '' ? given : 'denied by the hub';
    return { kind: 'denial', reason, ...optionalString('topic', message['hub.topic']) };
  }
  if (mode !== undefined) return { kind: 'invalid', reason: `unknown hub.mode ${JSON.stringify(mode)}` };
  return notification(message);
}

function confirmation(message: Record<string, unknown>): InboundFrame {
  const events = message['hub.events'];
  const lease = Number(message['hub.lease_seconds']);
  const frame: InboundFrame = { kind: 'confirmation', ...optionalString('topic', message['hub.topic']) };
  if (typeof events === 'string')
    frame.events = events
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean);
  else if (Array.isArray(events)) frame.events = events.map(String);
  if (Number.isFinite(lease) && lease > 0) frame.leaseSeconds = lease;
  return frame;
}

function notification(message: Record<string, unknown>): InboundFrame {
  const id = typeof message.id === 'string' && message.id !== '' ? message.id : undefined;
  const invalid = (reason: string): InboundFrame =>
    id ? { kind: 'invalid', reason, id } : { kind: 'invalid', reason };
  const event = message.event;
  if (!isObject(event)) return invalid('frame has no hub.mode and no event');
  if (!id) return invalid('event has no id');
  const name = event['hub.event'];
  if (typeof name !== 'string' || name.trim() === '') return invalid('event has no hub.event');
  const canonical = canonicalEventName(name);
  const context = event.context ?? [];
  const problem = validateEventContext(canonical, context);
  if (problem) return invalid(problem);
  const parsed: FhircastNotification = {
    timestamp: typeof message.timestamp === 'string' ? message.timestamp : '',
    id,
    event: {
      'hub.topic': typeof event['hub.topic'] === 'string' ? event['hub.topic'] : '',
      'hub.event': canonical,
      context: context as ContextItem[],
    },
  };
  for (const field of ['context.versionId', 'context.priorVersionId'] as const) {
    const value = event[field];
    if (typeof value === 'string' && value !== '') parsed.event[field] = value;
  }
  return { kind: 'event', notification: parsed };
}

/** The fields of a subscription request. */
export interface SubscriptionFields {
  mode: 'subscribe' | 'unsubscribe';
  topic: string;
  events?: readonly string[];
  leaseSeconds?: number;
  endpoint?: string;
  subscriberName?: string;
}

/** The form body of a subscribe or unsubscribe request, each parameter once. */
export function subscriptionForm(fields: SubscriptionFields): string {
  const form = new URLSearchParams({
    'hub.channel.type': 'websocket',
    'hub.mode': fields.mode,
    'hub.topic': fields.topic,
  });
  if (fields.mode === 'subscribe' && fields.events) form.set('hub.events', fields.events.join(','));
  if (fields.leaseSeconds !== undefined) form.set('hub.lease_seconds', String(fields.leaseSeconds));
  if (fields.endpoint) form.set('hub.channel.endpoint', fields.endpoint);
  if (fields.subscriberName) form.set('subscriber.name', fields.subscriberName);
  return form.toString();
}

/** An acknowledgement frame; the status is always sent as a number. */
export function ackFrame(id: string, status: number): string {
  return JSON.stringify({ id, status });
}

/** A current context as the client keeps it, whatever shape the hub answered with. */
export interface ParsedCurrentContext {
  anchor: AnchorType | undefined;
  versionId: string | undefined;
  context: ContextItem[];
  content: FhirResource[];
}

/**
 * Reads a get-current-context answer leniently: the STU3 object, a bare context array (STU2-style hubs),
 * `{}` or an empty body. Items that are not keyed objects are dropped; `content` is split out. A bare array
 * is the context of the hub's last event; when that was an update, its `updates` bundle is the content.
 */
export function parseCurrentContext(body: unknown): ParsedCurrentContext {
  const raw = Array.isArray(body) ? body : isObject(body) && Array.isArray(body.context) ? body.context : [];
  const items = raw.filter((item): item is ContextItem => isObject(item) && typeof item.key === 'string');
  const contentItem =
    findItem(items, 'content') ?? (Array.isArray(body) ? findItem(items, 'updates') : undefined);
  const context = items.filter((item) => item !== contentItem);
  const declared = isObject(body) ? body['context.type'] : undefined;
  const anchor = typeof declared === 'string' && declared !== '' ? asAnchor(declared) : inferAnchor(context);
  const version = isObject(body) ? body['context.versionId'] : undefined;
  const entries = isObject(contentItem?.resource) ? contentItem.resource.entry : undefined;
  const content = (Array.isArray(entries) ? entries : []).flatMap(contentEntry);
  return {
    anchor,
    versionId: typeof version === 'string' && version !== '' ? version : undefined,
    context,
    content,
  };
}

function asAnchor(type: string): AnchorType | undefined {
  return (Object.keys(ANCHOR_KEYS) as AnchorType[]).find(
    (anchor) => anchor.toLowerCase() === type.toLowerCase(),
  );
}

function inferAnchor(context: readonly ContextItem[]): AnchorType | undefined {
  const keys = new Set(context.map((item) => item.key.toLowerCase()));
  const order: AnchorType[] = ['DiagnosticReport', 'ImagingStudy', 'Encounter', 'Patient'];
  return order.find((anchor) => keys.has(ANCHOR_KEYS[anchor]));
}

/** A content bundle entry as content: its resource, or (shared by reference) what stands for it. */
function contentEntry(entry: unknown): FhirResource[] {
  if (!isObject(entry)) return [];
  const { resource, fullUrl } = entry;
  if (isObject(resource) && typeof resource.resourceType === 'string') return [resource as FhirResource];
  const key = resource === undefined && typeof fullUrl === 'string' ? keyFromUrl(fullUrl) : undefined;
  return key ? [contentReference(key, fullUrl as string)] : [];
}
