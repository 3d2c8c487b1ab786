import { canonicalEventName, sameEventName } from '../protocol/events.ts';
import { backoffDelay } from './backoff.ts';
import { failureOutcome } from './errors.ts';
import { Lease } from './lease.ts';
import { Liveness } from './liveness.ts';
import { SocketOpener } from './opening.ts';
import type { ResolvedClientOptions } from './options.ts';
import { type ConnectionPhase, isRunning, type Shown } from './phase.ts';
import type { HubRequests } from './requests.ts';
import { closeQuietly } from './sockets.ts';
import type { FhircastState } from './store.ts';
import { Timer } from './timers.ts';
import type { StoreWriter } from './writer.ts';

/** What the connection tells the rest of the client. */
export interface ConnectionEvents {
  /** A frame arrived on the live socket. */
  frame(socket: WebSocket, data: unknown): void;
  /** The socket went away (dropped, refused or stopped): nothing may wait on it any more. */
  socketGone(): void;
}

/**
 * The connection machine: subscribe, open the socket, wait for its confirmation, keep it alive (heartbeats,
 * lease renewal), and on any loss try again with backoff, or stop when the hub refuses. It owns the
 * endpoint and the socket; frames go to `events.frame`.
 */
export class Connection {
  readonly #options: ResolvedClientOptions;
  readonly #requests: HubRequests;
  readonly #writer: StoreWriter;
  readonly #events: ConnectionEvents;
  readonly #lease: Lease;
  readonly #reconnect: Timer;
  readonly #opener: SocketOpener;
  readonly #liveness: Liveness;
  #phase: ConnectionPhase = 'idle';
  /** Bumped when an attempt under way must give up (retry, stop). */
  #generation = 0;
  #subscribed: string[];
  #endpoint: string | undefined;
  /** Whether the hub ever confirmed the current endpoint: a denial then ends it, not refuses it. */
  #endpointConfirmed = false;
  #socket: WebSocket | undefined;
  /** Whether the current socket was opened on an endpoint just subscribed (not a reconnect to a kept one). */
  #fresh = false;
  #socketConfirmed = false;
  #attempt = 0;

  constructor(
    options: ResolvedClientOptions,
    requests: HubRequests,
    writer: StoreWriter,
    events: ConnectionEvents,
  ) {
    this.#options = options;
    this.#requests = requests;
    this.#writer = writer;
    this.#events = events;
    this.#subscribed = options.events.map(canonicalEventName);
    this.#reconnect = new Timer(options.timers);
    this.#opener = new SocketOpener(options, {
      frame: (socket, data) => {
        if (socket === this.#socket) this.#events.frame(socket, data);
      },
      closed: (socket, code, opened) => this.#closed(socket, code, opened),
      unconfirmed: (socket, opened) => this.#unconfirmed(socket, opened),
    });
    this.#liveness = new Liveness(options.timers, (socket) => this.drop(socket, 'no heartbeat from the hub'));
    this.#lease = new Lease(options, writer, this);
  }

  get phase(): ConnectionPhase {
    return this.#phase;
  }

  /** Whether the client keeps (re)connecting: false while idle, halted or stopped. */
  get running(): boolean {
    return isRunning(this.#phase);
  }

  get socket(): WebSocket | undefined {
    return this.#socket;
  }

  get endpoint(): string | undefined {
    return this.#endpoint;
  }

  connect(): void {
    if (this.running) return;
    this.#attempt = 0;
    this.#enter('subscribing', { status: 'connecting' }, { sessionEnd: undefined });
    void this.#establish();
  }

  retry(): void {
    if (this.running && this.#socket) return;
    this.#reconnect.clear();
    // An attempt still subscribing gives up (and unsubscribes what it gets) instead of racing this one.
    this.#generation++;
    this.#enter('subscribing', { status: 'connecting' });
    void this.#establish();
  }

  /** Stops: closes the socket with 1000 and every timer; answers the endpoint, which `keepEndpoint` keeps. */
  stop(reason: string, keepEndpoint = false): string | undefined {
    const endpoint = this.#endpoint;
    this.#generation++;
    this.#reconnect.clear();
    this.#opener.settled();
    this.#liveness.clear();
    this.#lease.cancel();
    const socket = this.#socket;
    this.#socket = undefined;
    if (!keepEndpoint) this.#endpoint = undefined;
    if (socket) closeQuietly(socket, 1000, 'client disconnected');
    this.#events.socketGone();
    this.#enter('stopped', { status: 'disconnected', reason });
    return endpoint;
  }

  /** Whether the client follows `name`: the events the hub granted, or those asked for before any. */
  follows(name: string): boolean {
    const granted = this.#writer.state().events;
    return (granted.length > 0 ? granted : this.#subscribed).some((event) => sameEventName(event, name));
  }

  /** Subscribes again on `endpoint` (a lease renewal); answers the endpoint the hub gave. */
  resubscribe(endpoint: string): Promise<string> {
    return this.#requests.subscribe(this.#subscribed, endpoint);
  }

  /** The subscription moved to another `endpoint`, or (none) is gone: drop `socket` and connect again. */
  lost(socket: WebSocket, reason: string, endpoint: string | undefined): void {
    this.#endpoint = endpoint;
    this.drop(socket, reason);
  }

  /** The hub gave an endpoint the client will not follow: stop, and drop `socket`. */
  untrusted(error: Error, socket: WebSocket): void {
    this.#fail(error);
    this.drop(socket, error.message);
  }

  /** Changes the subscribed events; re-subscribes on the same endpoint when connected. */
  setEvents(events: readonly string[]): void {
    this.#subscribed = events.map(canonicalEventName);
    if (this.running && this.#endpoint && this.#socket) void this.#lease.renew();
  }

  /** Watches the socket's heartbeats: a frame shows it alive, a heartbeat names its period. */
  get liveness(): Liveness {
    return this.#liveness;
  }

  /**
   * The hub confirmed the subscription on the socket (again, after a renewal). Answers whether this was
   * the socket's first confirmation, after which the client must learn the hub's context.
   */
  confirmed(granted: string[] | undefined, leaseSeconds: number | undefined): boolean {
    this.#opener.settled();
    this.#endpointConfirmed = true;
    this.#attempt = 0;
    const first = !this.#socketConfirmed;
    this.#socketConfirmed = true;
    const leaseEndsAt = this.#lease.confirmed(leaseSeconds);
    this.#enter(
      'connected',
      { status: 'connected' },
      { events: granted ?? this.#subscribed, leaseEndsAt, ...(first ? { setAt: undefined } : {}) },
    );
    return first;
  }

  /** The hub denied the subscription on `socket`. */
  denied(socket: WebSocket, reason: string): void {
    const refusedOutright = this.#fresh && !this.#endpointConfirmed;
    this.#endpoint = undefined;
    if (!refusedOutright) {
      // The hub answered, so it is up: subscribe again at once rather than after a backoff step. A hub
      // that denies the new subscription too is refused outright below, so no loop.
      this.drop(socket, `the hub ended the subscription: ${reason}`, true);
      return;
    }
    this.#socket = undefined;
    closeQuietly(socket, 1000, 'denied');
    this.#opener.settled();
    this.#liveness.clear();
    this.#events.socketGone();
    this.#halt('denied', `the hub denied the subscription: ${reason}`);
  }

  /** Forgets a socket and schedules the next attempt (at once when `now`: the hub is up, only the endpoint went). */
  drop(socket: WebSocket, reason: string, now = false): void {
    if (socket !== this.#socket) return;
    this.#socket = undefined;
    this.#opener.settled();
    this.#liveness.clear();
    this.#lease.cancel();
    closeQuietly(socket, 4000, 'reconnecting');
    this.#events.socketGone();
    if (this.running) this.#scheduleReconnect(reason, now);
  }

  async #establish(): Promise<void> {
    const generation = this.#generation;
    try {
      let fresh = false;
      if (!this.#endpoint || this.#leaseOver()) {
        this.#enter('subscribing');
        const endpoint = await this.#requests.subscribe(this.#subscribed);
        if (generation !== this.#generation) {
          void this.#requests.unsubscribe(endpoint);
          return;
        }
        this.#endpoint = endpoint;
        this.#endpointConfirmed = false;
        fresh = true;
      }
      this.#open(this.#endpoint as string, fresh);
    } catch (error) {
      if (generation === this.#generation) this.#fail(error);
    }
  }

  #open(endpoint: string, fresh: boolean): void {
    this.#socket = this.#opener.open(endpoint, !fresh);
    this.#fresh = fresh;
    this.#socketConfirmed = false;
    this.#liveness.reset();
    this.#enter('opening');
  }

  /**
   * A socket closed. One on a kept endpoint that opened and closed before its confirmation shows a hub that
   * is up but forgot the endpoint: subscribe again at once rather than knock on that endpoint again.
   */
  #closed(socket: WebSocket, code: number, opened: boolean): void {
    if (socket !== this.#socket) return;
    const forgotten = opened && !this.#fresh && !this.#socketConfirmed;
    if (forgotten) this.#endpoint = undefined;
    this.drop(socket, `connection lost (code ${code})`, forgotten);
  }

  /** No confirmation in time: subscribe again, at once when the socket had opened (the hub is up). */
  #unconfirmed(socket: WebSocket, opened: boolean): void {
    if (socket !== this.#socket) return;
    this.#writer.log({
      direction: 'in',
      name: 'confirmation',
      raw: '',
      note: 'no confirmation: subscribing again',
    });
    const endpoint = this.#endpoint;
    this.#endpoint = undefined;
    // The hub may still hold it (a slow confirmation); ending it keeps one subscription per client.
    if (opened && endpoint) void this.#requests.unsubscribe(endpoint);
    this.drop(socket, 'the hub sent no confirmation', opened && !this.#fresh);
  }

  #scheduleReconnect(reason: string, now = false): void {
    const delay = now ? 0 : backoffDelay(this.#attempt++, this.#options.backoff, this.#options.random);
    const retryAt = this.#options.timers.now() + delay;
    this.#enter('backoff', { status: 'reconnecting', reason, retryAt });
    this.#reconnect.start(delay, () => void this.#establish());
  }

  #fail(error: unknown): void {
    const outcome = failureOutcome(error);
    const reason = error instanceof Error ? error.message : String(error);
    if (outcome === 'retry') this.#scheduleReconnect(reason);
    else this.#halt(outcome, reason);
  }

  /** Stops trying without forgetting the subscription; `retry()` or `connect()` starts again. */
  #halt(status: 'unauthorized' | 'denied', reason: string): void {
    this.#reconnect.clear();
    this.#enter('halted', { status, reason });
  }

  #leaseOver(): boolean {
    const { leaseEndsAt } = this.#writer.state();
    return leaseEndsAt !== undefined && leaseEndsAt <= this.#options.timers.now();
  }

  /** Enters `phase`; when `shown` is given, tells the UI (with `also` in the same store update). */
  #enter(phase: ConnectionPhase, shown?: Shown, also: Partial<FhircastState> = {}): void {
    this.#phase = phase;
    if (!shown) return;
    this.#writer.set({ status: shown.status, reason: shown.reason, retryAt: shown.retryAt, ...also });
  }
}
export type { ConnectionPhase } from './phase.ts';
