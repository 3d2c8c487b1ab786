import { EVENT_CATALOG, findEventSpec, isObject } from '../core/events.ts';
import type { CurrentContext, FhircastNotification, SubscriptionDenial } from '../core/types.ts';
import { errorText, logSafely } from './guard.ts';
import { nestingLimitText, nestsDeeperThan } from './nesting.ts';
import {
  type HubOptions,
  type ResolvedHubOptions,
  randomToken,
  randomUuid,
  resolveHubOptions,
} from './options.ts';
import type { SubscriptionRequest } from './requests.ts';
import { syncErrorNotification } from './syncerror.ts';
import { TopicContext } from './topic.ts';

/** The hub's view of one WebSocket: it only ever sends text and closes. */
export interface HubSocket {
  send(text: string): void;
  close(code: number, reason: string): void;
  /** Drops the connection without a close frame, as a network failure would (optional for transports). */
  terminate?(): void;
}

/** What fault controls and inspection may know of a subscriber: its topic and `hub.subscriber.name`. */
export interface SubscriberInfo {
  topic: string;
  name: string | undefined;
}

/** Chooses subscribers; the default chooses every one. */
export type SubscriberFilter = (subscriber: SubscriberInfo) => boolean;
const everyone: SubscriberFilter = () => true;

/** What a transport tells the hub about a socket it attached. */
export interface HubConnection {
  receive(text: string): void;
  closed(): void;
}

/** The answer to an HTTP-level operation: a status and a JSON value or a text message. */
export interface HubResult {
  status: number;
  body: unknown;
}

interface Subscription {
  id: string;
  topic: string;
  events: string[];
  eventSet: Set<string>;
  name: string | undefined;
  leaseSeconds: number;
  leaseEndsAt: number;
  leaseTimer: unknown;
  confirmed: boolean;
  socket: HubSocket | undefined;
  pending: Map<string, { eventName: string; timer: unknown }>;
  missedAcks: number;
}

/** The path part of every subscription endpoint; the last segment is the subscription's secret id. */
export const ENDPOINT_PATH = '/ws/fhircast/';
const UNTRACKED_EVENTS = new Set(['heartbeat', 'syncerror']);
/** Consecutive unacknowledged events after which a subscriber counts as unresponsive and is unsubscribed. */
export const MAX_MISSED_ACKS = 3;

/**
 * FHIRcast STU3 hub logic with no transport: subscriptions, leases, context, content sharing, acks and
 * sync errors. The Node server and the in-memory loopback both drive this class.
 */
export class FhircastHub {
  readonly options: ResolvedHubOptions;
  /** Counts since start: event frames delivered (acks expected), acknowledged with 2xx, refused, unanswered. */
  readonly stats = { delivered: 0, acknowledged: 0, refused: 0, unanswered: 0 };
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly byTopic = new Map<string, Set<Subscription>>();
  private readonly topics = new Map<string, TopicContext>();
  private heartbeatTimer: unknown;

  constructor(options?: HubOptions) {
    this.options = resolveHubOptions(options);
    if (this.options.heartbeatSeconds > 0) this.scheduleHeartbeat();
  }

  /** Handles a validated subscribe or unsubscribe; `socketBase` is the `ws://host:port` endpoints start with. */
  subscription(request: SubscriptionRequest, socketBase: string): HubResult {
    const existing = this.findByEndpoint(request.endpoint);
    if (request.mode === 'unsubscribe') {
      if (existing && existing.topic === request.topic) this.end(existing, 'unsubscribed', 1000);
      return { status: 202, body: { 'hub.channel.endpoint': request.endpoint } };
    }
    const sub = existing?.topic === request.topic ? existing : this.create(request.topic);
    const before = sub.eventSet;
    sub.events = request.events;
    sub.eventSet = new Set(request.events.map((name) => name.toLowerCase()));
    sub.name = request.subscriberName ?? sub.name;
    sub.leaseSeconds = Math.min(
      request.leaseSeconds ?? this.options.leaseSeconds,
      this.options.maxLeaseSeconds,
    );
    sub.confirmed = false;
    this.startLease(sub);
    if (sub.socket) {
      this.confirm(sub, sub.socket);
      this.replay(sub, (name) => !before.has(name));
    }
    this.options.log(`subscribed ${describe(sub)} to ${sub.events.join(',')} for ${sub.leaseSeconds} s`);
    return { status: 202, body: { 'hub.channel.endpoint': `${socketBase}${ENDPOINT_PATH}${sub.id}` } };
  }

  /** Applies a validated published event to its topic and broadcasts it to every subscriber, sender included. */
  publish(notification: FhircastNotification): HubResult {
    const topicName = notification.event['hub.topic'];
    const spec = findEventSpec(notification.event['hub.event']);
    const outcome = this.topic(topicName).apply(spec, notification);
    if ('message' in outcome) return { status: outcome.status, body: outcome.message };
    this.broadcast(topicName, outcome.notification);
    return { status: 202, body: { success: true, event: outcome.notification } };
  }

  /** The current context of a topic, with its content; the empty shape for a topic never used. */
  currentContext(topic: string): CurrentContext {
    return this.topics.get(topic)?.currentContext() ?? { 'context.type': '', context: [] };
  }

  /** The discovery document served at `.well-known/fhircast-configuration`. */
  configuration(): Record<string, unknown> {
    return {
      eventsSupported: EVENT_CATALOG.map((spec) => spec.name).filter((name) => name !== 'heartbeat'),
      websocketSupport: true,
      webhookSupport: false,
      fhircastVersion: '3.0.0',
      capabilities: { supportsGetCurrentContext: true, supportsNonCurrentContextUpdates: false },
    };
  }

  /** Attaches a socket opened on `path`; a path naming no live subscription is denied and closed. */
  connect(path: string, socket: HubSocket): HubConnection {
    const sub = this.findByEndpoint(path);
    if (!sub) {
      const denial: SubscriptionDenial = {
        'hub.mode': 'denied',
        'hub.reason': 'unknown or expired subscription',
      };
      socket.send(JSON.stringify(denial));
      socket.close(1008, 'unknown or expired subscription');
      return { receive: () => {}, closed: () => {} };
    }
    sub.socket?.close(4000, 'replaced by a newer connection to the same endpoint');
    sub.socket = socket;
    this.confirm(sub, socket);
    this.replay(sub, () => true);
    return {
      receive: (text) => {
        // One frame must never end the process, whatever the hub's own logic does with it.
        try {
          this.receive(sub, text);
        } catch (error) {
          logSafely(this.options.log, `failed to handle a frame from ${describe(sub)}: ${errorText(error)}`);
        }
      },
      closed: () => {
        if (sub.socket === socket) sub.socket = undefined;
      },
    };
  }

  /** Ends every subscription with a denial carrying `reason`, then a close (as lease expiry does). */
  endAll(reason: string): void {
    this.endWhere(everyone, reason);
  }

  /**
   * Ends the subscriptions `which` chooses with a denial carrying `reason`, then a close, as a hub that
   * revokes a subscription (or whose lease ran out) does. Answers how many it ended.
   */
  endWhere(which: SubscriberFilter, reason: string): number {
    const chosen = [...this.subscriptions.values()].filter((sub) => which(info(sub)));
    for (const sub of chosen) this.end(sub, reason, 1000);
    return chosen.length;
  }

  /**
   * Drops the sockets of the subscriptions `which` chooses without a close frame (transports that cannot
   * do so close with 1006 semantics left to them); the subscriptions survive. Answers how many it dropped.
   */
  dropSocketsWhere(which: SubscriberFilter): number {
    let dropped = 0;
    for (const sub of this.subscriptions.values()) {
      if (!sub.socket || !which(info(sub))) continue;
      const { socket } = sub;
      sub.socket = undefined;
      if (socket.terminate) socket.terminate();
      else socket.close(4001, 'connection dropped');
      dropped++;
    }
    return dropped;
  }

  /** Number of live subscriptions, optionally on one topic. */
  subscriptionCount(topic?: string): number {
    return topic === undefined ? this.subscriptions.size : (this.byTopic.get(topic)?.size ?? 0);
  }

  /** Ends every subscription's socket (1001) and every timer; the hub keeps no state afterwards. */
  close(): void {
    this.options.clock.clearTimeout(this.heartbeatTimer);
    for (const sub of this.subscriptions.values()) {
      this.clearTimers(sub);
      sub.socket?.close(1001, 'hub shutting down');
    }
    this.subscriptions.clear();
    this.byTopic.clear();
    this.topics.clear();
  }

  private create(topic: string): Subscription {
    const sub: Subscription = {
      id: randomToken(),
      topic,
      events: [],
      eventSet: new Set(),
      name: undefined,
      leaseSeconds: this.options.leaseSeconds,
      leaseEndsAt: 0,
      leaseTimer: undefined,
      confirmed: false,
      socket: undefined,
      pending: new Map(),
      missedAcks: 0,
    };
    this.subscriptions.set(sub.id, sub);
    const peers = this.byTopic.get(topic) ?? new Set();
    this.byTopic.set(topic, peers.add(sub));
    return sub;
  }

  private confirm(sub: Subscription, socket: HubSocket): void {
    if (!sub.confirmed) {
      sub.confirmed = true;
      this.startLease(sub);
    }
    const remaining = Math.max(1, Math.ceil((sub.leaseEndsAt - this.options.clock.now()) / 1000));
    socket.send(
      JSON.stringify({
        'hub.mode': 'subscribe',
        'hub.topic': sub.topic,
        'hub.events': sub.events.join(','),
        'hub.lease_seconds': remaining,
      }),
    );
  }

  /** Sends the topic's unclosed opens the subscription asked for and `wanted` lets through. */
  private replay(sub: Subscription, wanted: (lowerName: string) => boolean): void {
    for (const open of this.topic(sub.topic).replay()) {
      const name = open.event['hub.event'].toLowerCase();
      if (sub.eventSet.has(name) && wanted(name)) this.deliver(sub, open, JSON.stringify(open));
    }
  }

  private startLease(sub: Subscription): void {
    const { clock } = this.options;
    clock.clearTimeout(sub.leaseTimer);
    sub.leaseEndsAt = clock.now() + sub.leaseSeconds * 1000;
    sub.leaseTimer = clock.setTimeout(() => this.end(sub, 'lease expired', 1000), sub.leaseSeconds * 1000);
  }

  private end(sub: Subscription, reason: string, code: number): void {
    this.clearTimers(sub);
    this.subscriptions.delete(sub.id);
    this.byTopic.get(sub.topic)?.delete(sub);
    this.options.log(`ended ${describe(sub)}: ${reason}`);
    if (!sub.socket) return;
    const denial: SubscriptionDenial = {
      'hub.mode': 'denied',
      'hub.topic': sub.topic,
      'hub.events': sub.events.join(','),
      'hub.reason': reason,
    };
    sub.socket.send(JSON.stringify(denial));
    sub.socket.close(code, reason);
    sub.socket = undefined;
  }

  private clearTimers(sub: Subscription): void {
    this.options.clock.clearTimeout(sub.leaseTimer);
    for (const { timer } of sub.pending.values()) this.options.clock.clearTimeout(timer);
    sub.pending.clear();
  }

  private broadcast(topic: string, notification: FhircastNotification): void {
    const name = notification.event['hub.event'].toLowerCase();
    const text = JSON.stringify(notification);
    for (const sub of this.byTopic.get(topic) ?? []) {
      if (sub.eventSet.has(name)) this.deliver(sub, notification, text);
    }
  }

  private deliver(sub: Subscription, notification: FhircastNotification, text: string): void {
    if (!sub.socket) return;
    sub.socket.send(text);
    const eventName = notification.event['hub.event'];
    if (UNTRACKED_EVENTS.has(eventName.toLowerCase())) return;
    const { id } = notification;
    this.stats.delivered++;
    const previous = sub.pending.get(id);
    if (previous) this.options.clock.clearTimeout(previous.timer);
    const timer = this.options.clock.setTimeout(() => {
      sub.pending.delete(id);
      this.stats.unanswered++;
      const seconds = this.options.ackTimeoutMs / 1000;
      this.syncError(sub, id, eventName, `did not acknowledge ${eventName} within ${seconds} s`);
      if (++sub.missedAcks >= MAX_MISSED_ACKS)
        this.end(sub, `unresponsive: ${sub.missedAcks} events unacknowledged`, 1000);
    }, this.options.ackTimeoutMs);
    sub.pending.set(id, { eventName, timer });
  }

  private receive(sub: Subscription, text: string): void {
    if (nestsDeeperThan(text, this.options.maxNestingDepth)) {
      const limit = nestingLimitText(this.options.maxNestingDepth);
      this.options.log(`ignored a frame from ${describe(sub)}: ${limit}`);
      return;
    }
    const ack = parseAck(text);
    const pending = ack ? sub.pending.get(ack.id) : undefined;
    if (!ack || !pending) {
      this.options.log(`ignored a frame from ${describe(sub)} that acknowledges no pending event`);
      return;
    }
    this.options.clock.clearTimeout(pending.timer);
    sub.pending.delete(ack.id);
    sub.missedAcks = 0;
    if (ack.status < 400) this.stats.acknowledged++;
    else this.stats.refused++;
    if (ack.status >= 400) {
      this.syncError(
        sub,
        ack.id,
        pending.eventName,
        `refused ${pending.eventName} with status ${ack.status}`,
      );
    }
  }

  private syncError(sub: Subscription, eventId: string, eventName: string, problem: string): void {
    const subscriber = sub.name ?? 'unnamed subscriber';
    const notification = syncErrorNotification(
      sub.topic,
      eventId,
      eventName,
      subscriber,
      `${subscriber} ${problem}`,
    );
    this.options.log(`sync error on ${describe(sub)}: ${problem}`);
    this.broadcast(sub.topic, notification);
  }

  private scheduleHeartbeat(): void {
    const { clock, heartbeatSeconds } = this.options;
    this.heartbeatTimer = clock.setTimeout(() => {
      for (const sub of this.subscriptions.values()) {
        const heartbeat: FhircastNotification = {
          timestamp: new Date(clock.now()).toISOString(),
          id: randomUuid(),
          event: {
            'hub.topic': sub.topic,
            'hub.event': 'heartbeat',
            context: [{ key: 'period', decimal: String(heartbeatSeconds) }],
          },
        };
        this.deliver(sub, heartbeat, JSON.stringify(heartbeat));
      }
      this.scheduleHeartbeat();
    }, heartbeatSeconds * 1000);
  }

  private topic(name: string): TopicContext {
    const topic = this.topics.get(name) ?? new TopicContext();
    this.topics.set(name, topic);
    return topic;
  }

  private findByEndpoint(endpoint: string | undefined): Subscription | undefined {
    const id = endpoint?.split('?')[0]?.split('/').filter(Boolean).at(-1);
    return id ? this.subscriptions.get(id) : undefined;
  }
}

const info = (sub: Subscription): SubscriberInfo => ({ topic: sub.topic, name: sub.name });

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

function describe(sub: Subscription): string {
  return `${sub.name ?? 'unnamed subscriber'} (topic ${redact(sub.topic)}, endpoint ${redact(sub.id)})`;
}

/** Shortens a secret (topic, endpoint) for logs: enough to tell them apart, not enough to use. */
export function redact(secret: string): string {
  return secret.length <= 8 ? '…' : `${secret.slice(0, 4)}…`;
}
