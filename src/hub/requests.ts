import { canonicalEventName } from '../protocol/events.ts';
import { isObject } from '../protocol/items.ts';
import type { ContextItem, FhircastNotification } from '../protocol/types.ts';
import { validateEventContext } from '../protocol/validate.ts';
import { randomUuid } from './options.ts';

/** A subscribe or unsubscribe request after validation. */
export interface SubscriptionRequest {
  mode: 'subscribe' | 'unsubscribe';
  topic: string;
  events: string[];
  leaseSeconds?: number;
  endpoint?: string;
  subscriberName?: string;
}

/** A rejected request: the HTTP status and a message for the caller. */
export interface RequestError {
  status: number;
  message: string;
}

/** Reads subscription parameters from a form body (each at most once) or a JSON object. */
export function readSubscriptionParams(body: string, json: boolean): Map<string, string> | RequestError {
  const params = new Map<string, string>();
  if (json) {
    const parsed = parseJson(body);
    if (!isObject(parsed)) return { status: 400, message: 'The request body must be a JSON object' };
    for (const [name, value] of Object.entries(parsed)) {
      if (Array.isArray(value) && name === 'hub.events') params.set(name, value.map(String).join(','));
      else if (value !== undefined && value !== null) params.set(name, String(value));
    }
    return params;
  }
  for (const [name, value] of new URLSearchParams(body)) {
    if (params.has(name)) return { status: 400, message: `Parameter ${name} may be given only once` };
    params.set(name, value);
  }
  return params;
}

/** Validates subscription parameters as FHIRcast STU3 and IHE IRA require. */
export function parseSubscriptionRequest(params: Map<string, string>): SubscriptionRequest | RequestError {
  const bad = (message: string): RequestError => ({ status: 400, message });
  const channelType = params.get('hub.channel.type');
  if (channelType === undefined) return bad('hub.channel.type is required');
  if (channelType.trim().toLowerCase() !== 'websocket') {
    return bad(`hub.channel.type must be "websocket", not "${channelType}"`);
  }
  const mode = params.get('hub.mode');
  if (mode !== 'subscribe' && mode !== 'unsubscribe')
    return bad('hub.mode must be "subscribe" or "unsubscribe"');
  const topic = params.get('hub.topic')?.trim() ?? '';
  if (topic === '') return bad('hub.topic is required and must not be empty');
  const subscriberName = params.get('subscriber.name');
  if (subscriberName !== undefined && subscriberName.trim() === '')
    return bad('subscriber.name must not be empty');
  const endpoint = params.get('hub.channel.endpoint') ?? params.get('endpoint');
  const request: SubscriptionRequest = { mode, topic, events: [] };
  if (endpoint) request.endpoint = endpoint;
  if (subscriberName !== undefined) request.subscriberName = subscriberName.trim();
  if (mode === 'unsubscribe') {
    return endpoint ? request : bad('hub.channel.endpoint is required to unsubscribe');
  }
  const events = parseEvents(params.get('hub.events'));
  if (typeof events === 'string') return bad(events);
  request.events = events;
  const lease = params.get('hub.lease_seconds');
  if (lease !== undefined && lease !== '') {
    const seconds = /^\d{1,9}$/.test(lease) ? Number(lease) : 0;
    if (seconds <= 0) return bad('hub.lease_seconds must be a positive integer');
    request.leaseSeconds = seconds;
  }
  return request;
}

function parseEvents(value: string | undefined): string[] | string {
  if (value === undefined || value.trim() === '')
    return 'hub.events is required and must name at least one event';
  const names = value.split(',').map((name) => name.trim());
  if (names.some((name) => name === '')) return 'hub.events must not contain an empty event name';
  const wildcard = names.find((name) => name.includes('*'));
  if (wildcard) return `hub.events: wildcards such as "${wildcard}" are not part of FHIRcast STU3`;
  const invalid = names.find((name) => !/^[A-Za-z][\w.-]*$/.test(name));
  if (invalid) return `hub.events: "${invalid}" is not an event name`;
  const unique = new Map(names.map((name) => [name.toLowerCase(), canonicalEventName(name)]));
  return [...unique.values()];
}

/** True when the parameters look like a subscription request rather than a published event. */
export function isSubscriptionParams(value: unknown): boolean {
  return isObject(value) && 'hub.mode' in value;
}

const LENIENT_HINT =
  'the guide requires it of every published event; a hub started with --lenient fills it in for old publishers';

/**
 * Validates a published event and returns it in the form the hub broadcasts (canonical names, keys).
 * The guide requires `id` and `timestamp`; `lenient` fills in missing ones, for publishers older than that.
 */
export function parsePublishBody(
  body: unknown,
  pathTopic: string | undefined,
  lenient = false,
): FhircastNotification | RequestError {
  const bad = (message: string): RequestError => ({ status: 400, message });
  if (!isObject(body)) return bad('The request body must be a JSON object');
  const event = body.event;
  if (!isObject(event)) return bad('The request body must have an "event" object');
  const name = event['hub.event'];
  if (typeof name !== 'string' || name.trim() === '') return bad('event["hub.event"] is required');
  const bodyTopic = typeof event['hub.topic'] === 'string' ? event['hub.topic'].trim() : '';
  if (pathTopic !== undefined && bodyTopic !== '' && bodyTopic !== pathTopic) {
    return bad('event["hub.topic"] does not match the topic in the URL');
  }
  const topic = bodyTopic || pathTopic || '';
  if (topic === '') return bad('event["hub.topic"] is required');
  const canonical = canonicalEventName(name);
  const context = event.context ?? [];
  const problem = validateEventContext(canonical, context);
  if (problem) return bad(problem);
  for (const field of ['context.versionId', 'context.priorVersionId'] as const) {
    if (event[field] !== undefined && typeof event[field] !== 'string')
      return bad(`event["${field}"] must be a string`);
  }
  const id = body.id ?? (lenient ? randomUuid() : undefined);
  const timestamp = lenient && typeof body.timestamp !== 'string' ? new Date().toISOString() : body.timestamp;
  for (const [field, value] of [
    ['id', id],
    ['timestamp', timestamp],
  ] as const) {
    if (value === undefined) return bad(`${field} is required (${LENIENT_HINT})`);
    if (typeof value !== 'string' || value === '') return bad(`${field} must be a non-empty string`);
  }
  const notification: FhircastNotification = {
    timestamp: timestamp as string,
    id: id as string,
    event: {
      'hub.topic': topic,
      'hub.event': canonical,
      context: context as ContextItem[],
    },
  };
  if (typeof event['context.versionId'] === 'string')
    notification.event['context.versionId'] = event['context.versionId'];
  return notification;
}

/** Parses JSON, returning undefined (never throwing) for anything that is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
