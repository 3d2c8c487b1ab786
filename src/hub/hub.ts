import { findEventSpec } from '../protocol/events.ts';
import type { CurrentContext, FhircastNotification, SubscriptionDenial } from '../protocol/types.ts';
import { AckTracker } from './acks.ts';
import { Delivery, subscribers } from './delivery.ts';
import { ConnectionDenials } from './denials.ts';
import { discoveryDocument } from './discovery.ts';
import { errorText, guarded, logSafely, shortened } from './guard.ts';
import { Heartbeats } from './heartbeat.ts';
import { type HubOptions, type ResolvedHubOptions, randomToken, resolveHubOptions } from './options.ts';
import { describe, HubRegistry, newSubscription, type Subscription, topicLabel } from './registry.ts';
import type { SubscriptionRequest } from './requests.ts';
import type { HubConnection, HubResult, HubSocket, SubscriberFilter, SubscriberInfo } from './transport.ts';
import { ENDPOINT_PATH } from './transport.ts';

const everyone: SubscriberFilter = () => true;

/**
 * FHIRcast STU3 hub logic with no transport: subscriptions, leases, context, content sharing, acks and
 * sync errors. The Node server and the in-memory loopback both drive this class.
 */
export class FhircastHub {
  readonly options: ResolvedHubOptions;
  /** Counts since start: event frames delivered (acks expected), acknowledged with 2xx, refused, unanswered. */
  readonly stats: AckTracker['stats'];
  private readonly registry: HubRegistry;
  private readonly acks: AckTracker;
  private readonly delivery: Delivery;
  private readonly heartbeats: Heartbeats | undefined;
  private readonly denials = new ConnectionDenials();

  constructor(options?: HubOptions) {
    this.options = resolveHubOptions(options);
    this.registry = new HubRegistry(this.options);
    this.acks = new AckTracker(this.options, {
      syncError: (sub, eventId, eventName, problem) =>
        this.delivery.syncError(sub, eventId, eventName, problem),
      unresponsive: (sub) => this.end(sub, `unresponsive: ${sub.missedAcks} events unacknowledged`, 1000),
    });
    this.stats = this.acks.stats;
    this.delivery = new Delivery(this.options, this.registry, this.acks);
    if (this.options.heartbeatSeconds > 0) {
      this.heartbeats = new Heartbeats(this.options, () => this.delivery.beat());
    }
  }

  /** Handles a validated subscribe or unsubscribe; `socketBase` is the `ws://host:port` endpoints start with. */
  subscription(request: SubscriptionRequest, socketBase: string): HubResult {
    const existing = this.registry.findByEndpoint(request.endpoint);
    if (request.mode === 'unsubscribe') {
      if (existing && existing.topic === request.topic) this.end(existing, 'unsubscribed', 1000);
      return { status: 202, body: { 'hub.channel.endpoint': request.endpoint } };
    }
    const renewed = existing?.topic === request.topic ? existing : undefined;
    const refusal = renewed ? undefined : this.registry.refuseSubscription(request.topic);
    if (refusal) return { status: refusal.status, body: refusal.message };
    const sub = renewed ?? this.create(request.topic);
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
      this.delivery.replay(sub, (name) => !before.has(name));
    }
    const count = `${sub.events.length} event${sub.events.length === 1 ? '' : 's'}`;
    this.options.log(`subscribed ${this.who(sub)}: ${count}, lease ${sub.leaseSeconds} s`);
    return { status: 202, body: { 'hub.channel.endpoint': `${socketBase}${ENDPOINT_PATH}${sub.id}` } };
  }

  /** Applies a validated published event to its topic and broadcasts it to every subscriber, sender included. */
  publish(notification: FhircastNotification): HubResult {
    const topicName = notification.event['hub.topic'];
    const refusal = this.registry.refuseTopic(topicName);
    if (refusal) return { status: refusal.status, body: refusal.message };
    const spec = findEventSpec(notification.event['hub.event']);
    const outcome = this.registry.context(topicName).apply(spec, notification);
    // A rejected publish, a close or an event nobody follows may leave a topic that holds nothing.
    this.registry.dropIfUnused(topicName);
    const what = `${notification.event['hub.event']} on ${this.topic(topicName)}`;
    if ('message' in outcome) {
      this.options.log(`refused ${what}: ${outcome.status} ${shortened(outcome.message)}`);
      return { status: outcome.status, body: outcome.message };
    }
    if (outcome.duplicate) {
      this.options.log(`recognised a resend of ${what}: answered as before, not broadcast again`);
    } else {
      const delivered = this.delivery.broadcast(topicName, outcome.notification);
      this.options.log(`published ${what} to ${subscribers(delivered)}`);
    }
    return { status: 202, body: { success: true, event: outcome.notification } };
  }

  /** The current context of a topic, with its content; the empty shape for a topic never used. */
  currentContext(topic: string): CurrentContext {
    return this.registry.existingContext(topic)?.currentContext() ?? { 'context.type': '', context: [] };
  }

  /** The discovery document served at `.well-known/fhircast-configuration`. */
  configuration(): Record<string, unknown> {
    return discoveryDocument();
  }

  /** Attaches a socket opened on `path`; a path naming no live subscription is denied and closed. */
  connect(path: string, socket: HubSocket): HubConnection {
    const sub = this.registry.findByEndpoint(path);
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
    this.options.clock.clearTimeout(sub.connectTimer);
    const denial = this.denials.take(info(sub));
    if (denial !== undefined) {
      this.end(sub, denial, 1000);
      return { receive: () => {}, closed: () => {} };
    }
    this.confirm(sub, socket);
    this.delivery.replay(sub, () => true);
    return {
      receive: (text) => {
        // One frame must never end the process, whatever the hub's own logic does with it.
        try {
          this.acks.receive(sub, text);
        } catch (error) {
          logSafely(this.options.log, `failed to handle a frame from ${this.who(sub)}: ${errorText(error)}`);
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
    const chosen = [...this.registry.all()].filter((sub) => which(info(sub)));
    for (const sub of chosen) this.end(sub, reason, 1000);
    return chosen.length;
  }

  /**
   * Denies the next `count` connections of subscriptions `which` chooses (from now on, re-subscriptions
   * included) with a denial frame carrying `reason` instead of a confirmation, as a hub that refuses a
   * subscription after accepting its request does. Test and demo control, off unless armed.
   */
  denyNextConnections(which: SubscriberFilter, reason: string, count = 1): void {
    this.denials.arm(which, reason, count);
  }

  /**
   * Drops the sockets of the subscriptions `which` chooses without a close frame (transports that cannot
   * do so close with 1006 semantics left to them); the subscriptions survive. Answers how many it dropped.
   */
  dropSocketsWhere(which: SubscriberFilter): number {
    let dropped = 0;
    for (const sub of this.registry.all()) {
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
    return this.registry.subscriptionCount(topic);
  }

  /** Number of topics held: those with a subscriber or a context. */
  topicCount(): number {
    return this.registry.topicCount();
  }

  /** Ends every subscription's socket (1001) and every timer; the hub keeps no state afterwards. */
  close(): void {
    this.heartbeats?.stop();
    for (const sub of this.registry.all()) {
      this.clearTimers(sub);
      sub.socket?.close(1001, 'hub shutting down');
    }
    this.registry.clear();
    this.denials.clear();
  }

  /** A subscription in log lines. */
  private who(sub: Subscription): string {
    return describe(sub, this.options.logFullTopics);
  }

  /** A topic in log lines. */
  private topic(name: string): string {
    return topicLabel(name, this.options.logFullTopics);
  }

  /** A new subscription to `topic`, ended unless a socket connects within `connectWithinSeconds`. */
  private create(topic: string): Subscription {
    const sub = newSubscription(randomToken(), topic, this.options.leaseSeconds);
    const seconds = this.options.connectWithinSeconds;
    const expire = () => this.end(sub, `no WebSocket connected within ${seconds} s`, 1000);
    sub.connectTimer = this.options.clock.setTimeout(
      guarded(this.options.log, 'expire an unconnected subscription', expire),
      seconds * 1000,
    );
    this.registry.add(sub);
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

  private startLease(sub: Subscription): void {
    const { clock } = this.options;
    clock.clearTimeout(sub.leaseTimer);
    sub.leaseEndsAt = clock.now() + sub.leaseSeconds * 1000;
    const expire = () => this.end(sub, 'lease expired', 1000);
    sub.leaseTimer = clock.setTimeout(
      guarded(this.options.log, 'end a lease', expire),
      sub.leaseSeconds * 1000,
    );
  }

  private end(sub: Subscription, reason: string, code: number): void {
    this.clearTimers(sub);
    this.registry.remove(sub);
    this.options.log(`ended ${this.who(sub)}: ${reason}`);
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
    this.options.clock.clearTimeout(sub.connectTimer);
    this.acks.forget(sub);
  }
}

const info = (sub: Subscription): SubscriberInfo => ({ topic: sub.topic, name: sub.name });
