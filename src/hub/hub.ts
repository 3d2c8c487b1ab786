import { findEventSpec } from '../protocol/events.ts';
import type { CurrentContext, FhircastNotification } from '../protocol/types.ts';
import { AckTracker } from './acks.ts';
import { discoveryDocument } from './discovery.ts';
import { errorText, guarded, logSafely } from './guard.ts';
import { Heartbeats, heartbeatFrame } from './heartbeat.ts';
import { type HubOptions, type ResolvedHubOptions, resolveHubOptions } from './options.ts';
import { describe, HubRegistry, newSubscription, type Subscription } from './registry.ts';
import type { SubscriptionRequest } from './requests.ts';
import { confirmationFrame, denialFrame, publishAnswer } from './shapes.ts';
import { syncErrorNotification } from './syncerror.ts';
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
  private readonly heartbeats: Heartbeats | undefined;
  private readonly unknown: UnknownEndpoints;

  constructor(options?: HubOptions) {
    this.options = resolveHubOptions(options);
    this.registry = new HubRegistry(this.options);
    this.acks = new AckTracker(this.options, {
      syncError: (sub, eventId, eventName, problem) => this.syncError(sub, eventId, eventName, problem),
      unresponsive: (sub) => this.end(sub, `unresponsive: ${sub.missedAcks} events unacknowledged`, 1000),
    });
    this.stats = this.acks.stats;
    this.unknown = new UnknownEndpoints(this.options.profile);
    if (this.options.heartbeatSeconds > 0) this.heartbeats = new Heartbeats(this.options, () => this.beat());
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
      this.replay(sub, (name) => !before.has(name));
    }
    this.options.log(`subscribed ${describe(sub)} to ${sub.events.join(',')} for ${sub.leaseSeconds} s`);
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
    if ('message' in outcome) return { status: outcome.status, body: outcome.message };
    if (!outcome.duplicate) this.broadcast(topicName, outcome.notification);
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
    this.confirm(sub, socket);
    this.replay(sub, () => true);
    return {
      receive: (text) => {
        // One frame must never end the process, whatever the hub's own logic does with it.
        try {
          if (acks) this.acks.receive(sub, text);
        } catch (error) {
          logSafely(this.options.log, `failed to handle a frame from ${describe(sub)}: ${errorText(error)}`);
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

  /** Sends the topic's unclosed opens the subscription asked for and `wanted` lets through. */
  private replay(sub: Subscription, wanted: (lowerName: string) => boolean): void {
    if (!this.options.profile.replay) return;
    for (const open of this.registry.existingContext(sub.topic)?.replay() ?? []) {
      const name = open.event['hub.event'].toLowerCase();
      if (sub.eventSet.has(name) && wanted(name)) this.deliver(sub, open, JSON.stringify(open));
    }
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
    this.options.log(`ended ${describe(sub)}: ${reason}`);
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

  /** Sends `notification` to every subscriber of its event on `topic`, but `except`. */
  private broadcast(topic: string, notification: FhircastNotification, except?: Subscription): void {
    const name = notification.event['hub.event'].toLowerCase();
    const text = JSON.stringify(notification);
    for (const sub of this.registry.subscribers(topic)) {
      if (sub !== except && sub.eventSet.has(name)) this.deliver(sub, notification, text);
    }
  }

  private deliver(sub: Subscription, notification: FhircastNotification, text: string): void {
    if (!sub.socket) return;
    sub.socket.send(text);
    if (this.options.profile.acks) this.acks.expect(sub, notification);
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
    // The guide tells the other subscribers: the one that refused or stayed silent knows, or cannot hear.
    // Medplum tells everyone.
    this.broadcast(
      sub.topic,
      notification,
      this.options.profile.syncErrorsTo === 'everyone' ? undefined : sub,
    );
  }

  /** One heartbeat to every subscriber (none expects an ack). */
  private beat(): void {
    for (const sub of this.registry.all()) sub.socket?.send(heartbeatFrame(this.options, sub.topic));
  }
}

const info = (sub: Subscription): SubscriberInfo => ({ topic: sub.topic, name: sub.name });
