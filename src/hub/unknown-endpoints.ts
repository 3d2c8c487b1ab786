import type { SubscriptionDenial } from '../protocol/types.ts';
import type { HubProfile } from './profiles.ts';
import type { HubConnection, HubSocket } from './transport.ts';

const REASON = 'unknown or expired subscription';

/**
 * Sockets opened on an endpoint the hub does not know (never given, expired, forgotten, lost in a restart).
 * The guide's hub denies such a socket and closes it. The sandbox accepts it and says nothing at all; those
 * silent sockets are kept here so that a hub that closes or restarts closes them too.
 */
export class UnknownEndpoints {
  readonly #profile: HubProfile;
  readonly #silent = new Set<HubSocket>();

  constructor(profile: HubProfile) {
    this.#profile = profile;
  }

  /** Answers a socket on an unknown endpoint as the profile does: a denial and a close, or silence. */
  accept(socket: HubSocket): HubConnection {
    if (this.#profile.unknownEndpoint === 'deny') {
      const denial: SubscriptionDenial = { 'hub.mode': 'denied', 'hub.reason': REASON };
      socket.send(JSON.stringify(denial));
      socket.close(1008, REASON);
      return { receive: () => {}, closed: () => {} };
    }
    this.#silent.add(socket);
    return { receive: () => {}, closed: () => this.#silent.delete(socket) };
  }

  /** Ends every silent socket with `end` (a close, or a drop) and forgets them. */
  endAll(end: (socket: HubSocket) => void): void {
    const sockets = [...this.#silent];
    this.#silent.clear();
    for (const socket of sockets) end(socket);
  }
}
