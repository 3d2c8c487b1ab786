import type { ParsedCurrentContext } from '../protocol/messages.ts';
import { syncErrorContext } from '../protocol/syncerror.ts';
import type { EventContext } from '../protocol/typed.ts';
import type { FhircastNotification } from '../protocol/types.ts';
import { EventApplier } from './apply.ts';
import { Connection } from './connection.ts';
import type { HubHttpOptions } from './http.ts';
import { type EventListener, Inbound } from './inbound.ts';
import { type FhircastClientOptions, type ResolvedClientOptions, resolveClientOptions } from './options.ts';
import { Publisher, type PublishOptions, type PublishResult } from './publish.ts';
import { Redactor } from './redact.ts';
import { ContentReferences } from './references.ts';
import { HubRequests } from './requests.ts';
import { Resync } from './resync.ts';
import { createFhircastStore, type FhircastStore, type SessionEnd } from './store.ts';
import { Timer } from './timers.ts';
import { StoreWriter } from './writer.ts';

export type { EventListener, ListenerResult } from './inbound.ts';

/** A FHIRcast client: owns one subscription, keeps its store equal to the hub's context. */
export interface FhircastClient {
  /** The zustand store the UI reads; the client is its only writer. */
  readonly store: FhircastStore;
  /** Subscribes and connects; reconnects on its own until `disconnect()`. Calling it again does nothing. */
  connect(): void;
  /** Unsubscribes, closes the socket with 1000 and stops every timer. */
  disconnect(): Promise<void>;
  /** Tries again now: after `unauthorized` or `denied`, or to skip a backoff wait. */
  retry(): void;
  /**
   * Publishes an event; resolves once the hub accepted it and (if subscribed to it) its echo arrived or
   * `echoTimeoutMs` passed without it (`echoed: false`).
   */
  publish<E extends string>(
    event: E,
    context: EventContext<E>,
    options?: PublishOptions,
  ): Promise<PublishResult>;
  /** Fetches the hub's current context (without changing the store). */
  getContext(): Promise<ParsedCurrentContext>;
  /** Fetches the hub's current context at once (never spaced or queued) and replaces the store's with it. */
  resync(): Promise<void>;
  /** Changes the subscribed events (re-subscribes on the same endpoint when connected). */
  setEvents(events: readonly string[]): void;
  /** Listens to inbound events by name (case-insensitive) or `*`; returns the unsubscribe function. */
  on(names: string | readonly string[], listener: EventListener): () => void;
  /** Reads `.well-known/fhircast-configuration`; undefined when the hub has none (404). */
  discover(): Promise<Record<string, unknown> | undefined>;
  /**
   * Tells the hub (and through it the other apps) that this app accepted `event` but could not process it:
   * a `syncerror` warning naming the event and this subscriber, with `diagnostics` saying why.
   */
  reportSyncError(event: FhircastNotification, diagnostics: string): Promise<PublishResult>;
}

/** Creates a FHIRcast client. Nothing happens on the network until `connect()`. */
export function createFhircastClient(options: FhircastClientOptions): FhircastClient {
  return new Client(resolveClientOptions(options));
}

/** How long an HTTP request to the hub may go unanswered before it counts as a network failure. */
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * The public client: wires the parts (connection, inbound frames, event application, resync, publishing)
 * that share one store writer and one set of hub requests. See src/README.md for where each behaviour lives.
 */
class Client implements FhircastClient {
  readonly store: FhircastStore;
  readonly #requests: HubRequests;
  readonly #connection: Connection;
  readonly #inbound: Inbound;
  readonly #resync: Resync;
  readonly #publisher: Publisher;
  readonly #writer: StoreWriter;
  readonly #subscriberName: string;
  /** The session event's effect, run after the event that carried it was acknowledged. */
  readonly #session: Timer;

  constructor(options: ResolvedClientOptions) {
    this.store = createFhircastStore(options.topic);
    this.#subscriberName = options.subscriberName;
    const redactor = new Redactor(() => [options.topic, ...endpointSecret(this.#connection.endpoint)]);
    redactor.rememberToken(options.token);
    const http: HubHttpOptions = {
      fetch: options.fetch,
      ...(options.token === undefined ? {} : { token: options.token }),
      ...(options.getToken === undefined ? {} : { getToken: options.getToken }),
      ...(options.onRequest === undefined ? {} : { onRequest: options.onRequest }),
      redactor,
      timers: options.timers,
      timeoutMs: options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS,
    };
    const writer = new StoreWriter(this.store, redactor, () => options.timers.now(), options.logLimit);
    this.#writer = writer;
    const requests = new HubRequests(options, http);
    this.#requests = requests;
    this.#session = new Timer(options.timers);
    const connection = new Connection(options, requests, writer, {
      frame: (socket, data) => inbound.receive(socket, data),
      socketGone: () => {
        resync.cancelWait();
        publisher.tracker.flush();
      },
    });
    const resync = new Resync(options, writer, connection, requests);
    const publisher = new Publisher(options, requests, writer, connection, resync);
    const { tracker } = publisher;
    const applier = new EventApplier(
      options,
      writer,
      redactor,
      resync,
      connection,
      publisher,
      (end, reason) => this.#sessionEnded(end, reason),
    );
    const inbound = new Inbound(options, writer, connection, { resync, applier, tracker });
    this.#connection = connection;
    this.#resync = resync;
    this.#publisher = publisher;
    this.#inbound = inbound;
    const { readResource } = options;
    if (readResource) {
      const references = new ContentReferences(writer, readResource);
      this.store.subscribe((state, previous) => {
        if (state.content !== previous.content) references.resolve(state.content);
      });
    }
  }

  connect(): void {
    this.#connection.connect();
  }

  retry(): void {
    this.#connection.retry();
  }

  disconnect(): Promise<void> {
    return this.#disconnect('disconnected by the app');
  }

  setEvents(events: readonly string[]): void {
    this.#connection.setEvents(events);
  }

  on(names: string | readonly string[], listener: EventListener): () => void {
    return this.#inbound.on(names, listener);
  }

  getContext(): Promise<ParsedCurrentContext> {
    return this.#requests.getContext();
  }

  resync(): Promise<void> {
    return this.#resync.fetch(false);
  }

  discover(): Promise<Record<string, unknown> | undefined> {
    return this.#requests.discover();
  }

  publish<E extends string>(
    event: E,
    context: EventContext<E>,
    options?: PublishOptions,
  ): Promise<PublishResult> {
    return this.#publisher.publish(event, context, options);
  }

  reportSyncError(event: FhircastNotification, diagnostics: string): Promise<PublishResult> {
    const context = syncErrorContext({
      eventId: event.id,
      eventName: event.event['hub.event'],
      subscriberName: this.#subscriberName,
      diagnostics,
    });
    return this.#publisher.publish('syncerror', context as unknown as EventContext<'syncerror'>);
  }

  async #disconnect(reason: string): Promise<void> {
    this.#session.clear();
    this.#publisher.stop();
    const endpoint = this.#connection.stop(reason);
    if (endpoint) await this.#requests.unsubscribe(endpoint);
  }

  #sessionEnded(sessionEnd: SessionEnd, reason: string): void {
    this.#session.start(0, () => {
      if (sessionEnd.event === 'userLogout') {
        void this.#disconnect(reason);
      } else {
        // A pause: keep the endpoint so connect() resumes the same subscription while its lease lasts.
        this.#connection.stop(reason, true);
      }
      this.#writer.set({ sessionEnd });
    });
  }
}

/** The endpoint's last path segment: its secret, shortened wherever the client reports it. */
function endpointSecret(endpoint: string | undefined): string[] {
  if (!endpoint) return [];
  return [endpoint.split('/').filter(Boolean).at(-1) ?? endpoint];
}
