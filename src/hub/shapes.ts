import type { CurrentContext, FhircastNotification, SubscriptionDenial } from '../protocol/types.ts';
import type { HubProfile } from './profiles.ts';
import type { Subscription } from './registry.ts';
import type { HubResult } from './transport.ts';

/**
 * The confirmation sent on a subscription's socket at `now`: the guide's (topic, granted events, the lease
 * left) or the sandbox's `bound` one, which names neither topic nor events and states the lease granted.
 */
export function confirmationFrame(profile: HubProfile, sub: Subscription, now: number): string {
  if (profile.confirmation === 'bound') {
    return JSON.stringify({
      timestamp: new Date(now).toISOString(),
      bound: sub.id,
      'hub.mode': 'subscribe',
      'hub.lease_seconds': sub.leaseSeconds,
    });
  }
  return JSON.stringify({
    'hub.mode': 'subscribe',
    'hub.topic': sub.topic,
    'hub.events': sub.events.join(','),
    'hub.lease_seconds': Math.max(1, Math.ceil((sub.leaseEndsAt - now) / 1000)),
  });
}

/** The answer to an accepted publish: `202 {"success":true,"event":…}` as broadcast, or the sandbox's `200 "OK"`. */
export function publishAnswer(profile: HubProfile, notification: FhircastNotification): HubResult {
  if (profile.publishAnswer === 'ok') return { status: 200, body: 'OK' };
  return { status: 202, body: { success: true, event: notification } };
}

/** The body of a get-context answer: the guide's object, or a bare context array (`{}` when there is none). */
export function contextAnswer(profile: HubProfile, current: CurrentContext): unknown {
  if (profile.getContext === 'stu3') return current;
  return current.context.length > 0 ? current.context : {};
}

/** The denial that ends a subscription, before its socket is closed. */
export function denialFrame(sub: Subscription, reason: string): string {
  const denial: SubscriptionDenial = {
    'hub.mode': 'denied',
    'hub.topic': sub.topic,
    'hub.events': sub.events.join(','),
    'hub.reason': reason,
  };
  return JSON.stringify(denial);
}
