import type { FhircastNotification } from '../protocol/types.ts';
import type { AckTracker } from './acks.ts';
import { heartbeatFrame } from './heartbeat.ts';
import type { ResolvedHubOptions } from './options.ts';
import { type HubRegistry, type Subscription, topicLabel } from './registry.ts';
import { syncErrorNotification } from './syncerror.ts';

/**
 * Who hears what: the hub's broadcasts, the replay of a topic's opens to a new socket, the sync errors the
 * other subscribers are told about, and heartbeats, each as the hub's profile says. Every event frame sent
 * waits for its ack, on a profile whose hub takes acks.
 */
export class Delivery {
  private readonly options: ResolvedHubOptions;
  private readonly registry: HubRegistry;
  private readonly acks: AckTracker;

  constructor(options: ResolvedHubOptions, registry: HubRegistry, acks: AckTracker) {
    this.options = options;
    this.registry = registry;
    this.acks = acks;
  }

  /** Sends `notification` to every subscriber of its event on `topic`, but `except`; answers to how many. */
  broadcast(topic: string, notification: FhircastNotification, except?: Subscription): number {
    const name = notification.event['hub.event'].toLowerCase();
    const text = JSON.stringify(notification);
    let count = 0;
    for (const sub of this.registry.subscribers(topic)) {
      if (sub === except || !sub.eventSet.has(name) || !sub.socket) continue;
      this.deliver(sub, notification, text);
      count++;
    }
    return count;
  }

  /** Sends the topic's unclosed opens the subscription asked for and `wanted` lets through. */
  replay(sub: Subscription, wanted: (lowerName: string) => boolean): void {
    if (!this.options.profile.replay) return;
    for (const open of this.registry.existingContext(sub.topic)?.replay() ?? []) {
      const name = open.event['hub.event'].toLowerCase();
      if (sub.eventSet.has(name) && wanted(name)) this.deliver(sub, open, JSON.stringify(open));
    }
  }

  /** Tells the topic's other subscribers that `sub` refused an event or never acknowledged it. */
  syncError(sub: Subscription, eventId: string, eventName: string, problem: string): void {
    const subscriber = sub.name ?? 'unnamed subscriber';
    const notification = syncErrorNotification(
      sub.topic,
      eventId,
      eventName,
      subscriber,
      `${subscriber} ${problem}`,
    );
    // The guide tells the other subscribers: the one that refused or stayed silent knows, or cannot hear.
    // Medplum tells everyone.
    const except = this.options.profile.syncErrorsTo === 'everyone' ? undefined : sub;
    const told = this.broadcast(sub.topic, notification, except);
    const topic = topicLabel(sub.topic, this.options.logFullTopics);
    this.options.log(`syncerror on ${topic} to ${subscribers(told)}: ${subscriber} ${problem}`);
  }

  /** One heartbeat to every subscriber (none expects an ack). */
  beat(): void {
    for (const sub of this.registry.all()) sub.socket?.send(heartbeatFrame(this.options, sub.topic));
  }

  private deliver(sub: Subscription, notification: FhircastNotification, text: string): void {
    if (!sub.socket) return;
    sub.socket.send(text);
    if (this.options.profile.acks) this.acks.expect(sub, notification);
  }
}

/** "1 subscriber", "2 subscribers": how many a log line says heard something. */
export const subscribers = (count: number) => `${count} subscriber${count === 1 ? '' : 's'}`;
