import type { SubscriberInfo } from '../../hub/loopback.ts';
import { type FaultKind, PANEL_SUBSCRIBER } from '../channel.ts';
import type { StorySession } from './session.ts';

/** The story's apps: every subscriber but the panel's own, which must keep watching to show what happens. */
const apps = (subscriber: SubscriberInfo) => subscriber.name !== PANEL_SUBSCRIBER;

const REVOKED = 'revoked from the FHIRcast panel';

/** Breaks the story's in-memory hub as asked; answers what happened, in a line for the panel. */
export async function breakHub(session: StorySession, fault: FaultKind): Promise<string> {
  const { loopback } = session.hub;
  if (!loopback) throw new Error('Breaking the connection needs the in-memory hub');
  switch (fault) {
    case 'drop-sockets':
      return `Dropped ${plural(loopback.dropSockets(), 'socket')}; the apps reconnect`;
    case 'restart-keep-state':
      await loopback.restart({ keepState: true });
      return 'Restarted the hub, keeping subscriptions and context';
    case 'restart-lose-state':
      await loopback.restart({ keepState: false });
      return 'Restarted the hub with nothing: every subscription and context is gone';
    case 'deny': {
      // Revoked, and refused on the new subscription the client makes at once: the app ends up denied.
      const denied = loopback.deny(apps, REVOKED);
      loopback.hub.denyNextConnections(apps, REVOKED, denied);
      return `Denied ${plural(denied, 'subscription')}; Retry subscribes again`;
    }
    case 'expire-lease':
      return `Expired ${plural(loopback.expireLeases(apps), 'lease')}; the apps subscribe again`;
  }
}

/** Delays every frame the hub sends by `ms` (0: no delay). */
export function delayFrames(session: StorySession, ms: number): string {
  const { loopback } = session.hub;
  if (!loopback) throw new Error('Delaying frames needs the in-memory hub');
  const delay = Math.max(0, Math.min(60_000, Math.round(ms)));
  loopback.faults.delayFrames(delay);
  session.delayMs = delay;
  return delay > 0 ? `Every frame now arrives ${delay} ms late` : 'Frames arrive without delay';
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
