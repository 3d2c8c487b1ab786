import { LastEventContext } from './last-event.ts';
import { type ResolvedHubOptions, randomToken } from './options.ts';
import type { RequestError } from './requests.ts';
import { type HeldContext, TopicContext } from './topic.ts';
import type { HubSocket } from './transport.ts';

/** One subscription: its topic and events, its lease, its socket and the events it has yet to acknowledge. */
export interface Subscription {
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
  /** Until the first socket connects: the timer that ends a subscription nobody connects to. */
  connectTimer: unknown;
}

/** A subscription to `topic` with a fresh secret id, not yet connected, confirmed or leased. */
export function newSubscription(topic: string, leaseSeconds: number): Subscription {
  return {
    id: randomToken(),
    topic,
    events: [],
    eventSet: new Set(),
    name: undefined,
    leaseSeconds,
    leaseEndsAt: 0,
    leaseTimer: undefined,
    confirmed: false,
    socket: undefined,
    pending: new Map(),
    missedAcks: 0,
    connectTimer: undefined,
  };
}

/** The limits the registry holds the hub to. */
type RegistryLimits = Pick<
  ResolvedHubOptions,
  | 'maxSubscriptions'
  | 'maxSubscriptionsPerTopic'
  | 'maxTopics'
  | 'maxContentEntries'
  | 'maxContentBytes'
  | 'profile'
>;

/** A topic: its subscribers and its context. */
interface Topic {
  subscribers: Set<Subscription>;
  context: HeldContext;
}

/**
 * What the hub holds: subscriptions by their secret id, and topics with their subscribers and context.
 * A topic with no subscriber and no context is dropped, so that nothing is kept for a topic nobody uses;
 * subscriptions and topics are bounded by the hub's limits, answered with 429 naming the limit.
 */
export class HubRegistry {
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly topics = new Map<string, Topic>();
  private readonly limits: RegistryLimits;

  constructor(limits: RegistryLimits) {
    this.limits = limits;
  }

  /** Why one more subscription to `topic` would pass a limit, or undefined when it may be added. */
  refuseSubscription(topic: string): RequestError | undefined {
    const { maxSubscriptions, maxSubscriptionsPerTopic } = this.limits;
    if (this.subscriptions.size >= maxSubscriptions) {
      return tooMany(`The hub holds its limit of ${maxSubscriptions} subscriptions (maxSubscriptions)`);
    }
    if (this.subscriptionCount(topic) >= maxSubscriptionsPerTopic) {
      return tooMany(
        `The topic holds the hub's limit of ${maxSubscriptionsPerTopic} subscriptions per topic (maxSubscriptionsPerTopic)`,
      );
    }
    return this.refuseTopic(topic);
  }

  /** Why `topic` may not be used, if it is new and the hub holds its limit of topics. */
  refuseTopic(topic: string): RequestError | undefined {
    if (this.topics.has(topic) || this.topics.size < this.limits.maxTopics) return undefined;
    return tooMany(`The hub holds its limit of ${this.limits.maxTopics} topics (maxTopics)`);
  }

  /** Adds a subscription to its topic, creating the topic if it is new. */
  add(sub: Subscription): void {
    this.subscriptions.set(sub.id, sub);
    this.topic(sub.topic).subscribers.add(sub);
  }

  /** Removes a subscription, and its topic if that is left unused. */
  remove(sub: Subscription): void {
    this.subscriptions.delete(sub.id);
    this.topics.get(sub.topic)?.subscribers.delete(sub);
    this.dropIfUnused(sub.topic);
  }

  /** The subscription an endpoint URL (or its last path segment) names, if it is live. */
  findByEndpoint(endpoint: string | undefined): Subscription | undefined {
    const id = endpoint?.split('?')[0]?.split('/').filter(Boolean).at(-1);
    return id ? this.subscriptions.get(id) : undefined;
  }

  /** Every live subscription. */
  all(): IterableIterator<Subscription> {
    return this.subscriptions.values();
  }

  /** The subscribers of a topic (none for a topic the hub does not hold). */
  subscribers(topic: string): ReadonlySet<Subscription> {
    return this.topics.get(topic)?.subscribers ?? new Set();
  }

  /** The context of a topic, creating the topic if it is new; call `dropIfUnused` when done with it. */
  context(topic: string): HeldContext {
    return this.topic(topic).context;
  }

  /** The context of a topic the hub holds, without creating one. */
  existingContext(topic: string): HeldContext | undefined {
    return this.topics.get(topic)?.context;
  }

  /** Drops a topic that has no subscriber and no context left. */
  dropIfUnused(topic: string): void {
    const held = this.topics.get(topic);
    if (held && held.subscribers.size === 0 && held.context.isEmpty()) this.topics.delete(topic);
  }

  /** Number of live subscriptions, optionally on one topic. */
  subscriptionCount(topic?: string): number {
    return topic === undefined ? this.subscriptions.size : (this.topics.get(topic)?.subscribers.size ?? 0);
  }

  /** Number of topics held. */
  topicCount(): number {
    return this.topics.size;
  }

  /** Forgets every subscription and topic. */
  clear(): void {
    this.subscriptions.clear();
    this.topics.clear();
  }

  private topic(name: string): Topic {
    let held = this.topics.get(name);
    if (!held) {
      const { profile } = this.limits;
      const context =
        profile.context === 'last-event'
          ? new LastEventContext()
          : new TopicContext(this.limits, profile.closes);
      held = { subscribers: new Set(), context };
      this.topics.set(name, held);
    }
    return held;
  }
}

function tooMany(message: string): RequestError {
  return { status: 429, message };
}

/** Names a subscription in log lines: its subscriber name and its topic, shortened unless `fullTopics`. */
export function describe(sub: Subscription, fullTopics = false): string {
  return `${sub.name ?? 'unnamed subscriber'} on ${topicLabel(sub.topic, fullTopics)}`;
}

/** A topic in log lines: whole for a development hub that asks for it, else shortened. */
export function topicLabel(topic: string, fullTopics: boolean): string {
  return fullTopics ? topic : redact(topic);
}

/** Shortens a secret (topic, endpoint) for logs: enough to tell them apart, not enough to use. */
export function redact(secret: string): string {
  return secret.length <= 8 ? '…' : `${secret.slice(0, 4)}…`;
}
