import { backoffDelay } from './backoff.ts';
import { FhircastError, UntrustedEndpointError } from './errors.ts';
import type { ResolvedClientOptions } from './options.ts';
import { Timer } from './timers.ts';
import type { StoreWriter } from './writer.ts';

/**
 * Shortest time between two lease renewals, whatever lease the hub grants: a hub confirming
 * `hub.lease_seconds: 0.001` drew 239 renewals in 1.5 s. A lease shorter than this may lapse before it is
 * renewed; the hub then ends the subscription and the client subscribes again.
 */
export const MIN_RENEWAL_INTERVAL_MS = 5000;

/** When to renew a lease of `leaseMs`: at 80 % of it, never sooner than MIN_RENEWAL_INTERVAL_MS. */
export function renewalDelay(leaseMs: number): number {
  return Math.max(leaseMs * 0.8, MIN_RENEWAL_INTERVAL_MS);
}

/** What the lease needs of the connection, read at the moment it is needed. */
export interface LeaseLink {
  readonly running: boolean;
  readonly socket: WebSocket | undefined;
  readonly endpoint: string | undefined;
  /** Subscribes again on `endpoint`; answers the endpoint the hub gave. */
  resubscribe(endpoint: string): Promise<string>;
  /** The subscription moved to another `endpoint`, or (none) the hub refused the renewal: drop `socket`. */
  lost(socket: WebSocket, reason: string, endpoint: string | undefined): void;
  /** The renewal gave an endpoint the client will not follow. */
  untrusted(error: UntrustedEndpointError, socket: WebSocket): void;
}

/**
 * Keeps the subscription's lease: renews it at 80 % of what the hub granted (subscribing again on the same
 * endpoint), retries a renewal that failed on the network with backoff, and tells the connection when the
 * hub refused it or moved the subscription.
 */
export class Lease {
  readonly #options: ResolvedClientOptions;
  readonly #writer: StoreWriter;
  readonly #link: LeaseLink;
  readonly #timer: Timer;
  #leaseMs: number | undefined;
  #attempt = 0;
  /** A renewal is scheduled (a confirmation on the socket may schedule it before the hub's 202 arrives). */
  #scheduled = false;

  constructor(options: ResolvedClientOptions, writer: StoreWriter, link: LeaseLink) {
    this.#options = options;
    this.#writer = writer;
    this.#link = link;
    this.#timer = new Timer(options.timers);
  }

  /** The hub confirmed a lease (or none: the one asked for applies); answers when it ends. */
  confirmed(leaseSeconds: number | undefined): number | undefined {
    this.#attempt = 0;
    const lease = leaseSeconds ?? this.#options.leaseSeconds;
    this.#leaseMs = lease ? lease * 1000 : undefined;
    if (!this.#leaseMs) return undefined;
    this.#schedule(renewalDelay(this.#leaseMs));
    return this.#options.timers.now() + this.#leaseMs;
  }

  /** Renews now (the events changed, or the time came). */
  async renew(): Promise<void> {
    const link = this.#link;
    const endpoint = link.endpoint;
    if (!endpoint) return;
    try {
      const renewed = await link.resubscribe(endpoint);
      this.#attempt = 0;
      const socket = link.socket;
      if (renewed !== endpoint && socket) {
        link.lost(socket, 'the hub moved the subscription to a new endpoint', renewed);
      } else if (renewed === endpoint && socket && this.#leaseMs && !this.#scheduled) {
        // Hubs that confirm a renewal on the socket schedule the next one in confirmed(); others only answer 202.
        this.#writer.set({ leaseEndsAt: this.#options.timers.now() + this.#leaseMs });
        this.#schedule(renewalDelay(this.#leaseMs));
      }
    } catch (error) {
      const socket = link.socket;
      if (!link.running || !socket) return;
      if (error instanceof UntrustedEndpointError) {
        link.untrusted(error, socket);
        return;
      }
      const status = error instanceof FhircastError ? error.status : undefined;
      if (status !== undefined && status >= 400 && status < 500) {
        link.lost(socket, `lease renewal refused: ${String(error)}`, undefined);
      } else {
        const { backoff, random } = this.#options;
        this.#schedule(backoffDelay(this.#attempt++, backoff, random));
      }
    }
  }

  /** Stops renewing (the socket went away; a new one's confirmation starts again). */
  cancel(): void {
    this.#scheduled = false;
    this.#timer.clear();
  }

  #schedule(ms: number): void {
    this.#scheduled = true;
    this.#timer.start(ms, () => {
      this.#scheduled = false;
      void this.renew();
    });
  }
}
