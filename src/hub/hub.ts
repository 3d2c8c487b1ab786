import { findEventSpec } from '../protocol/events.ts';
import type { CurrentContext, FhircastNotification } from '../protocol/types.ts';
import { AckTracker } from './acks.ts';
import { Delivery, subscribers } from './delivery.ts';
import { ConnectionDenials } from './denials.ts';
import { discoveryDocument } from './discovery.ts';
import { errorText, guarded, logSafely, shortened } from './guard.ts';
import { Heartbeats } from './heartbeat.ts';
import { type HubOptions, type ResolvedHubOptions, resolveHubOptions } from './options.ts';
import { describe, HubRegistry, newSubscription, type Subscription, topicLabel } from './registry.ts';
import type { SubscriptionRequest } from './requests.ts';
import { confirmationFrame, denialFrame, publishAnswer } from './shapes.ts';
import type { HubConnection, HubResult, HubSocket, SubscriberFilter, SubscriberInfo } from './transport.ts';
import { dropSocket, ENDPOINT_PATH } from './transport.ts';
import { UnknownEndpoints } from './unknown-endpoints.ts';

const everyone: SubscriberFilter = () => true;

/**
 * FHIRcast STU3 hub logic with no transport: subscriptions, leases, context, content sharing, acks and
 * sync errors, behaving where hubs differ as its profile says. The Node server and the loopback drive it.
 */
export class FhircastHub {
  readonly options: ResolvedHubOptions;
  /** Counts since start: event frames delivered (acks expected), acknowledged with 2xx, refused, unanswered. */
  readonly stats: AckTracker['stats'];
  private readonly registry: HubRegistry;
  private readonly acks: AckTracker;
  private readonly delivery: Delivery;
  private readonly heartbeats: Heartbeats | undefined;
  private readonly unknown: UnknownEndpoints;
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
    this.unknown = new UnknownEndpoints(this.options.profile);
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
      if (request.subscriberName === undefined && this.options.profile.unnamedUnsubscribeEndsUnnamed) {
        const unnamed = (sub: SubscriberInfo) => sub.topic === request.topic && sub.name === undefined;
        this.endWhere(unnamed, 'unsubscribed by an unnamed subscriber');
      }
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
    return publishAnswer(this.options.profile, outcome.notification);
  }

  /** The current context of a topic, with its content; the empty shape for a topic never used. */
  currentContext(topic: string): CurrentContext {
    return this.registry.existingContext(topic)?.currentContext() ?? { 'context.type': '', context: [] };
  }

  /** The discovery document served at `.well-known/fhircast-configuration`. */
  configuration(): Record<string, unknown> {
    return discoveryDocument();
  }

  /** Attaches a socket opened on `path`; one naming no live subscription is denied (or left silent). */
  connect(path: string, socket: HubSocket): HubConnection {
    const sub = this.registry.findByEndpoint(path);
    const { endpointOutlivesSocket, acks } = this.options.profile;
    // A sandbox-style hub binds an endpoint to its first socket: to it, a second one is a stranger.
    if (!sub || (sub.socket && !endpointOutlivesSocket)) return this.unknown.accept(socket);
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
          if (acks) this.acks.receive(sub, text);
        } catch (error) {
          logSafely(this.options.log, `failed to handle a frame from ${this.who(sub)}: ${errorText(error)}`);
        }
      },
      closed: () => {
        if (sub.socket === socket) sub.socket = undefined;
        const forgets = !endpointOutlivesSocket && !sub.socket;
        if (forgets && this.registry.findByEndpoint(sub.id) === sub) this.end(sub, 'its socket closed', 1000);
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
      dropSocket(socket);
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
    this.unknown.endAll((socket) => socket.close(1001, 'hub shutting down'));
  }

  /**
   * Drops every socket without a close frame and forgets every subscription and context, as a hub process
   * that died and was started again does (the loopback's restart without state; the sandbox's crash).
   */
  restartWithoutState(): void {
    this.dropSocketsWhere(everyone);
    for (const sub of this.registry.all()) this.clearTimers(sub);
    this.registry.clear();
    this.unknown.endAll(dropSocket);
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
    const sub = newSubscription(topic, this.options.leaseSeconds);
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
    socket.send(confirmationFrame(this.options.profile, sub, this.options.clock.now()));
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
    if (this.options.profile.denials) sub.socket.send(denialFrame(sub, reason));
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
