import { backoffDelay } from './backoff.ts';
import { type ContextState, reduceContext, replaceContext } from './context.ts';
import { endpointProblem, UntrustedEndpointError } from './endpoint.ts';
import { FhircastError } from './errors.ts';
import {
  ANCHOR_KEYS,
  type AnchorType,
  canonicalEventName,
  findEventSpec,
  isObject,
  itemReference,
  sameEventName,
} from './events.ts';
import { answerMessage, type HubAnswer, type HubHttpOptions, hubRequest } from './http.ts';
import { renewalDelay } from './lease.ts';
import {
  ackFrame,
  contextAnswerProblem,
  type ParsedCurrentContext,
  parseCurrentContext,
  parseFrame,
  subscriptionForm,
} from './messages.ts';
import { type FhircastClientOptions, type ResolvedClientOptions, resolveClientOptions } from './options.ts';
import { type PublishOptions, type PublishResult, PublishTracker } from './publish.ts';
import { Redactor } from './redact.ts';
import { type ContextSetter, olderEventNote } from './skew.ts';
import {
  appendLog,
  createFhircastStore,
  type EventLogEntry,
  type FhircastState,
  type FhircastStore,
} from './store.ts';
import { asContextItems, type EventContext } from './typed.ts';
import type { FhircastNotification } from './types.ts';
import { validateEventContext } from './validate.ts';

/** What an event listener may return: nothing (follow, ack 200) or a status; 300 or more (409 usual) refuses. */
export type ListenerResult = undefined | number | { status: number };
/** A listener for inbound events; one that returns nothing (`void`) follows the event. */
// biome-ignore lint/suspicious/noConfusingVoidType: lets `(event) => console.log(event)` be a listener
export type EventListener = (notification: FhircastNotification) => ListenerResult | void;

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
}

/** Creates a FHIRcast client. Nothing happens on the network until `connect()`. */
export function createFhircastClient(options: FhircastClientOptions): FhircastClient {
  return new Client(resolveClientOptions(options));
}

class Client implements FhircastClient {
  readonly store: FhircastStore;
  readonly #options: ResolvedClientOptions;
  readonly #http: HubHttpOptions;
  readonly #redactor: Redactor;
  readonly #listeners = new Set<{ names: Set<string> | '*'; listener: EventListener }>();
  readonly #publishes: PublishTracker;
  #events: string[];
  #running = false;
  #generation = 0;
  #endpoint: string | undefined;
  #endpointConfirmed = false;
  #socket: WebSocket | undefined;
  #attempt = 0;
  #renewAttempt = 0;
  #leaseMs: number | undefined;
  #timers = new Map<TimerKey, unknown>();
  #reopened = new Set<AnchorType>();
  /** The event behind `setAt`, kept to describe a clock skew when a later event looks older. */
  #setBy: ContextSetter | undefined;
  #contextEpoch = 0;
  /** A context fetch is under way; one more was asked for meanwhile (how); when the last one ended. */
  #resyncing = false;
  #resyncAgain: 'now' | 'spaced' | undefined;
  #resyncedAt = 0;
  #logSeq = 0;
  /** While an inbound event is applied: the store changes it makes, written as one update after. */
  #batch: Partial<FhircastState> | undefined;

  constructor(options: ResolvedClientOptions) {
    this.#options = options;
    this.#events = options.events.map(canonicalEventName);
    this.store = createFhircastStore(options.topic);
    this.#redactor = new Redactor(() => [
      options.topic,
      ...(this.#endpoint ? [endpointSecret(this.#endpoint)] : []),
    ]);
    this.#redactor.rememberToken(options.token);
    this.#http = {
      fetch: options.fetch,
      ...(options.token === undefined ? {} : { token: options.token }),
      ...(options.getToken === undefined ? {} : { getToken: options.getToken }),
      ...(options.onRequest === undefined ? {} : { onRequest: options.onRequest }),
      redactor: this.#redactor,
      timers: options.timers,
      timeoutMs: options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS,
    };
    this.#publishes = new PublishTracker(options.timers, options.echoTimeoutMs);
  }

  connect(): void {
    if (this.#running) return;
    this.#running = true;
    this.#attempt = 0;
    this.#set({ status: 'connecting', reason: undefined, retryAt: undefined, sessionEnd: undefined });
    void this.#establish();
  }

  retry(): void {
    this.#running = true;
    if (this.#socket) return;
    this.#clearTimer('reconnect');
    // An attempt still subscribing gives up (and unsubscribes what it gets) instead of racing this one.
    this.#generation++;
    this.#set({ status: 'connecting', reason: undefined, retryAt: undefined });
    void this.#establish();
  }

  async disconnect(): Promise<void> {
    const endpoint = this.#endpoint;
    this.#stop('disconnected', 'disconnected by the app');
    if (endpoint) await this.#unsubscribe(endpoint);
  }

  setEvents(events: readonly string[]): void {
    this.#events = events.map(canonicalEventName);
    if (this.#running && this.#endpoint && this.#socket) void this.#renew();
  }

  on(names: string | readonly string[], listener: EventListener): () => void {
    const list = typeof names === 'string' ? [names] : names;
    const entry = {
      names: list.includes('*') ? ('*' as const) : new Set(list.map((name) => name.toLowerCase())),
      listener,
    };
    this.#listeners.add(entry);
    return () => {
      this.#listeners.delete(entry);
    };
  }

  async getContext(): Promise<ParsedCurrentContext> {
    const url = `${this.#options.hubUrl}/${encodeURIComponent(this.#options.topic)}`;
    const answer = await hubRequest(this.#http, 'GET', url, 'context');
    if (answer.status < 200 || answer.status >= 300) {
      throw new FhircastError(`get context failed: ${answerMessage(answer)}`, { status: answer.status });
    }
    const problem = contextAnswerProblem(answer, this.#options.maxMessageLength);
    if (problem) throw new FhircastError(`get context failed: ${problem}`, { status: answer.status });
    return parseCurrentContext(answer.body);
  }

  resync(): Promise<void> {
    return this.#fetchContext(false);
  }

  /** Replaces the context with the hub's; `quietIfSame`: an answer equal to the state leaves no log entry. */
  async #fetchContext(quietIfSame: boolean): Promise<void> {
    for (let round = 0; round < 3; round++) {
      const epoch = this.#contextEpoch;
      const hub = await this.getContext();
      if (epoch !== this.#contextEpoch) {
        // Events were applied while the hub answered: the answer may be older than they are, and applying
        // it would take the context back. Ask again; after three such rounds, again shortly.
        if (round < 2) continue;
        this.#log({
          direction: 'in',
          name: 'resync',
          raw: '',
          note: 'the context changed during each fetch; fetching again shortly',
        });
        this.#resyncUntilDone(this.#socket, 0, true);
        return;
      }
      const state = this.store.getState();
      const next = replaceContext(state, hub, this.#reopened);
      const anchorsKept = Object.keys(next.anchors).length === Object.keys(state.anchors).length;
      if (anchorsKept && sameAsHub(state, hub)) {
        // Nothing to replace: keeping the state as it is spares every component a render (and, for the
        // check after an open, the event log a row per open). The content is known now.
        if (state.contentPending !== undefined) this.#set({ contentPending: undefined });
        if (!quietIfSame) {
          const note = `the hub's context matches (${hub.anchor})`;
          this.#log({ direction: 'in', name: 'resync', raw: hub, note });
        }
        return;
      }
      this.#contextEpoch++;
      this.#asOneUpdate(() => {
        this.#set(contextSlice(next));
        this.#log({
          direction: 'in',
          name: 'resync',
          raw: hub,
          note: `context replaced with the hub's (${hub.anchor ?? 'empty'})`,
        });
      });
      return;
    }
  }

  async discover(): Promise<Record<string, unknown> | undefined> {
    const url = `${this.#options.hubUrl}/.well-known/fhircast-configuration`;
    const answer = await hubRequest(this.#http, 'GET', url, 'discovery');
    if (answer.status === 404) return undefined;
    if (answer.status < 200 || answer.status >= 300 || !isObject(answer.body)) {
      throw new FhircastError(`discovery failed: ${answerMessage(answer)}`, { status: answer.status });
    }
    return answer.body;
  }

  async publish<E extends string>(
    event: E,
    typedContext: EventContext<E>,
    options: PublishOptions = {},
  ): Promise<PublishResult> {
    const context = asContextItems(typedContext);
    const name = canonicalEventName(event);
    const problem = validateEventContext(name, context);
    if (problem) throw new FhircastError(`publish: ${problem}`);
    const spec = findEventSpec(name);
    const versionId =
      options.versionId ?? (spec?.action === 'update' ? this.store.getState().versionId : undefined);
    if (spec?.action === 'update' && !versionId) {
      throw new FhircastError(
        `publish: ${name} needs the current context.versionId, and there is no current context`,
      );
    }
    const notification: FhircastNotification = {
      timestamp: options.timestamp ?? new Date(this.#options.timers.now()).toISOString(),
      id: options.id ?? randomId(),
      event: { 'hub.topic': this.#options.topic, 'hub.event': name, context },
    };
    if (versionId) notification.event['context.versionId'] = versionId;
    const url =
      this.#options.publishTo === 'topic'
        ? `${this.#options.hubUrl}/${encodeURIComponent(this.#options.topic)}`
        : this.#options.hubUrl;
    const echo = this.#isSubscribed(name) && this.#socket !== undefined;
    const settled = echo ? this.#publishes.expect(notification.id) : undefined;
    // A sync error may reject it before the hub answered; it is awaited below, never left unhandled.
    settled?.catch(() => undefined);
    let answer: HubAnswer;
    try {
      answer = await hubRequest(this.#http, 'POST', url, 'publish', {
        type: 'application/json',
        text: JSON.stringify(notification),
      });
    } catch (error) {
      this.#publishes.forget(notification.id);
      this.#log({ direction: 'out', name, id: notification.id, raw: notification, note: String(error) });
      throw error;
    }
    this.#log({ direction: 'out', name, id: notification.id, status: answer.status, raw: notification });
    if (answer.status < 200 || answer.status >= 300) {
      this.#publishes.forget(notification.id);
      const message = `publish ${name} rejected: ${answerMessage(answer)}`;
      if (spec?.action === 'update' && answer.status >= 400 && answer.status < 500) {
        await this.resync().catch(() => undefined);
        throw new FhircastError(`${message}; the context was fetched again`, {
          status: answer.status,
          resynced: true,
        });
      }
      throw new FhircastError(message, { status: answer.status });
    }
    const broadcast = isObject(answer.body) && isObject(answer.body.event) ? answer.body.event : undefined;
    const socket = this.#socket;
    const echoed = settled ? await settled : false;
    if (settled && !echoed && this.#running && socket && socket === this.#socket) {
      // The hub accepted an event this client subscribes to, yet it never came back on a live socket: the
      // hub's context has moved on without us. A socket that went away resyncs when it reconnects.
      this.#log({
        direction: 'in',
        name: 'resync',
        id: notification.id,
        raw: '',
        note: `no echo of ${name} within ${this.#options.echoTimeoutMs} ms: fetching the hub's context`,
      });
      this.#resyncUntilDone(socket, 0);
    }
    return {
      id: notification.id,
      status: answer.status,
      echoed,
      event: (broadcast as never) ?? notification,
    };
  }

  // ---- lifecycle ----

  async #establish(): Promise<void> {
    const generation = this.#generation;
    try {
      let fresh = false;
      if (!this.#endpoint || this.#leaseOver()) {
        const endpoint = await this.#subscribe();
        if (generation !== this.#generation) {
          void this.#unsubscribe(endpoint);
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

  async #subscribe(endpoint?: string): Promise<string> {
    const form = subscriptionForm({
      mode: 'subscribe',
      topic: this.#options.topic,
      events: this.#events,
      subscriberName: this.#options.subscriberName,
      ...(this.#options.leaseSeconds === undefined ? {} : { leaseSeconds: this.#options.leaseSeconds }),
      ...(endpoint ? { endpoint } : {}),
    });
    const answer = await this.#post('subscribe', form);
    if (answer.status < 200 || answer.status >= 300) {
      throw new FhircastError(`subscribe failed: ${answerMessage(answer)}`, { status: answer.status });
    }
    const given = isObject(answer.body) ? answer.body['hub.channel.endpoint'] : undefined;
    if (typeof given !== 'string' || !/^wss?:\/\//i.test(given)) {
      throw new FhircastError(
        'subscribe failed: the hub answered without a ws:// or wss:// hub.channel.endpoint',
      );
    }
    const problem = endpointProblem(given, this.#options.hubUrl, this.#options.allowedEndpointHosts);
    if (problem) {
      // Refused, not abandoned: the hub would otherwise hold the subscription until its lease ends.
      void this.#unsubscribe(given);
      throw new UntrustedEndpointError(`subscribe refused: ${problem}`);
    }
    return given;
  }

  #open(endpoint: string, fresh: boolean): void {
    const socket = new this.#options.WebSocket(endpoint);
    this.#socket = socket;
    this.#socketConfirmed = false;
    // Liveness is learnt anew on every socket: a hub that stopped sending heartbeats is not held to them.
    this.#heartbeatPeriodMs = undefined;
    // Counted from now, not from `open`: a socket that never opens is given up on as well.
    this.#startTimer('confirm', this.#options.confirmTimeoutMs, () => {
      this.#log({
        direction: 'in',
        name: 'confirmation',
        raw: '',
        note: 'no confirmation: subscribing again',
      });
      this.#endpoint = undefined;
      this.#drop(socket, 'the hub sent no confirmation');
    });
    socket.addEventListener('message', (event: MessageEvent) => {
      if (socket === this.#socket) this.#receive(socket, event.data, fresh);
    });
    socket.addEventListener('close', (event: CloseEvent) => {
      if (socket === this.#socket) this.#drop(socket, `connection lost (code ${event.code})`);
    });
  }

  /** Forgets a socket and schedules the next attempt (at once when `now`: the hub is up, only the endpoint went). */
  #drop(socket: WebSocket, reason: string, now = false): void {
    if (socket !== this.#socket) return;
    this.#socket = undefined;
    this.#clearTimer('confirm');
    this.#clearTimer('liveness');
    this.#clearTimer('renew');
    this.#clearTimer('resync');
    closeQuietly(socket, 4000, 'reconnecting');
    this.#publishes.flush();
    if (this.#running) this.#scheduleReconnect(reason, now);
  }

  #scheduleReconnect(reason: string, now = false): void {
    const delay = now ? 0 : backoffDelay(this.#attempt++, this.#options.backoff, this.#options.random);
    const retryAt = this.#options.timers.now() + delay;
    this.#set({ status: 'reconnecting', reason, retryAt });
    this.#startTimer('reconnect', delay, () => void this.#establish());
  }

  #fail(error: unknown): void {
    const status = error instanceof FhircastError ? error.status : undefined;
    const reason = error instanceof Error ? error.message : String(error);
    if (status === 401 || status === 403) {
      this.#halt('unauthorized', reason);
    } else if (error instanceof UntrustedEndpointError) {
      this.#halt('denied', reason);
    } else if (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429) {
      this.#halt('denied', reason);
    } else {
      this.#scheduleReconnect(reason);
    }
  }

  /** Stops trying without forgetting the subscription; `retry()` or `connect()` starts again. */
  #halt(status: 'unauthorized' | 'denied', reason: string): void {
    this.#running = false;
    this.#clearTimer('reconnect');
    this.#set({ status, reason, retryAt: undefined });
  }

  #stop(status: 'disconnected', reason: string): void {
    this.#running = false;
    this.#generation++;
    for (const key of [...this.#timers.keys()]) this.#clearTimer(key);
    const socket = this.#socket;
    this.#socket = undefined;
    this.#endpoint = undefined;
    if (socket) closeQuietly(socket, 1000, 'client disconnected');
    this.#publishes.flush();
    this.#set({ status, reason, retryAt: undefined });
  }

  #leaseOver(): boolean {
    const { leaseEndsAt } = this.store.getState();
    return leaseEndsAt !== undefined && leaseEndsAt <= this.#options.timers.now();
  }

  async #renew(): Promise<void> {
    const endpoint = this.#endpoint;
    if (!endpoint) return;
    try {
      const renewed = await this.#subscribe(endpoint);
      this.#renewAttempt = 0;
      if (renewed !== endpoint && this.#socket) {
        this.#endpoint = renewed;
        this.#drop(this.#socket, 'the hub moved the subscription to a new endpoint');
      } else if (renewed === endpoint && this.#socket && this.#leaseMs && !this.#timers.has('renew')) {
        // Hubs that confirm a renewal on the socket re-arm this in confirmed(); others only answer 202.
        this.#set({ leaseEndsAt: this.#options.timers.now() + this.#leaseMs });
        this.#startTimer('renew', renewalDelay(this.#leaseMs), () => void this.#renew());
      }
    } catch (error) {
      if (!this.#running || !this.#socket) return;
      if (error instanceof UntrustedEndpointError) {
        const socket = this.#socket;
        this.#fail(error);
        this.#drop(socket, error.message);
        return;
      }
      const status = error instanceof FhircastError ? error.status : undefined;
      if (status !== undefined && status >= 400 && status < 500) {
        this.#endpoint = undefined;
        this.#drop(this.#socket, `lease renewal refused: ${String(error)}`);
      } else {
        this.#startTimer(
          'renew',
          backoffDelay(this.#renewAttempt++, this.#options.backoff, this.#options.random),
          () => void this.#renew(),
        );
      }
    }
  }

  // ---- inbound frames ----

  #receive(socket: WebSocket, data: unknown, fresh: boolean): void {
    this.#armLiveness(socket);
    const frame = parseFrame(data, this.#options.maxMessageLength);
    const raw = typeof data === 'string' ? data : String(data);
    if (frame.kind === 'confirmation') {
      this.#confirmed(frame.events, frame.leaseSeconds, raw);
    } else if (frame.kind === 'denial') {
      this.#log({ direction: 'in', name: 'denial', raw, note: frame.reason });
      const refusedOutright = fresh && !this.#endpointConfirmed;
      this.#endpoint = undefined;
      if (refusedOutright) {
        this.#socket = undefined;
        closeQuietly(socket, 1000, 'denied');
        this.#clearTimer('confirm');
        this.#clearTimer('liveness');
        this.#halt('denied', `the hub denied the subscription: ${frame.reason}`);
      } else {
        // The hub answered, so it is up: subscribe again at once rather than after a backoff step. A hub
        // that denies the new subscription too is met by the outright-denial branch above, so no loop.
        this.#drop(socket, `the hub ended the subscription: ${frame.reason}`, true);
      }
    } else if (frame.kind === 'invalid') {
      const status = frame.id ? (frame.status ?? 400) : undefined;
      if (frame.id) send(socket, ackFrame(frame.id, status as number));
      this.#log({
        direction: 'in',
        name: 'invalid',
        raw,
        note: frame.reason,
        ...withId(frame.id),
        ...withStatus(status),
      });
    } else {
      this.#event(socket, frame.notification, raw);
    }
  }

  #confirmed(granted: string[] | undefined, leaseSeconds: number | undefined, raw: string): void {
    this.#clearTimer('confirm');
    this.#endpointConfirmed = true;
    this.#attempt = 0;
    this.#renewAttempt = 0;
    // A renewal confirms the same socket again: the context is already in sync, so no resync.
    const firstOnSocket = !this.#socketConfirmed;
    this.#socketConfirmed = true;
    if (firstOnSocket) this.#reopened = new Set();
    const now = this.#options.timers.now();
    const lease = leaseSeconds ?? this.#options.leaseSeconds;
    this.#leaseMs = lease ? lease * 1000 : undefined;
    this.#set({
      status: 'connected',
      reason: undefined,
      retryAt: undefined,
      events: granted ?? this.#events,
      leaseEndsAt: lease ? now + lease * 1000 : undefined,
      ...(firstOnSocket ? { setAt: undefined } : {}),
    });
    if (lease) this.#startTimer('renew', renewalDelay(lease * 1000), () => void this.#renew());
    this.#log({ direction: 'in', name: 'confirmation', raw });
    if (!firstOnSocket) return;
    this.#resyncUntilDone(this.#socket, 0);
  }

  /**
   * Fetches the hub's context, retrying with backoff while this socket lives, one request at a time. A
   * fetch for a gap in the versionId chain (`spaced`) waits until RESYNC_SPACING_MS after the last one: a
   * page that fell behind finds the hub's answer ahead of the frames still queued, each of which then looks
   * like a gap, and fetching for every one of them would make one request per queued frame. Asked while a
   * fetch is under way or waiting, it runs once more after.
   */
  #resyncUntilDone(socket: WebSocket | undefined, attempt: number, spaced = false): void {
    if (this.#resyncing || this.#timers.has('resync')) {
      if (this.#resyncAgain !== 'now') this.#resyncAgain = spaced ? 'spaced' : 'now';
      return;
    }
    const wait = this.#resyncedAt + RESYNC_SPACING_MS - this.#options.timers.now();
    if (spaced && this.#resyncedAt > 0 && wait > 0) {
      this.#startTimer('resync', wait, () => this.#resyncUntilDone(this.#socket, 0, true));
      return;
    }
    this.#resyncing = true;
    this.#resyncAgain = undefined;
    const again = () => {
      const kind = this.#resyncAgain;
      this.#resyncAgain = undefined;
      if (kind && this.#running) this.#resyncUntilDone(this.#socket, 0, kind === 'spaced');
    };
    this.#fetchContext(spaced).then(
      () => {
        this.#resyncing = false;
        this.#resyncedAt = this.#options.timers.now();
        again();
      },
      (error: unknown) => {
        this.#resyncing = false;
        this.#log({ direction: 'in', name: 'resync', raw: '', note: `${String(error)}; trying again` });
        if (!this.#running) return;
        if (socket !== this.#socket) return again();
        this.#resyncAgain = undefined;
        const delay = backoffDelay(attempt, this.#options.backoff, this.#options.random);
        this.#startTimer('resync', delay, () => this.#resyncUntilDone(socket, attempt + 1));
      },
    );
  }

  #event(socket: WebSocket, notification: FhircastNotification, raw: string): void {
    const name = notification.event['hub.event'];
    const { id } = notification;
    const topic = notification.event['hub.topic'];
    // Some hubs send heartbeats without a topic; a heartbeat changes no context, so only it may omit one.
    if (topic !== this.#options.topic && !(topic === '' && name === 'heartbeat')) {
      send(socket, ackFrame(id, 400));
      this.#log({
        direction: 'in',
        name,
        id,
        status: 400,
        raw: '',
        note: topic === '' ? 'event without hub.topic: refused' : 'event for another topic: refused',
      });
      return;
    }
    if (name === 'heartbeat') {
      const period = Number(notification.event.context.find((item) => item.key === 'period')?.decimal ?? 10);
      this.#heartbeatPeriodMs = (Number.isFinite(period) && period > 0 ? period : 10) * 1000;
      this.#armLiveness(socket);
      send(socket, ackFrame(id, 200));
      return;
    }
    const status = this.#notifyListeners(notification);
    if (status >= 300) {
      send(socket, ackFrame(id, status));
      this.#log({ direction: 'in', name, id, status, raw, note: 'refused by the app' });
      return;
    }
    // The event's changes and its log entry reach the store as one update: subscribers run once per event.
    this.#asOneUpdate(() => {
      const note = this.#applyEvent(notification);
      this.#log({ direction: 'in', name, id, status: 200, raw, ...(note ? { note } : {}) });
    });
    send(socket, ackFrame(id, 200));
    this.#publishes.echoed(id);
  }

  #heartbeatPeriodMs: number | undefined;
  #socketConfirmed = false;

  #armLiveness(socket: WebSocket): void {
    if (this.#heartbeatPeriodMs === undefined) return;
    this.#startTimer('liveness', this.#heartbeatPeriodMs * 2, () =>
      this.#drop(socket, 'no heartbeat from the hub'),
    );
  }

  #notifyListeners(notification: FhircastNotification): number {
    let status = 200;
    const name = notification.event['hub.event'].toLowerCase();
    for (const { names, listener } of this.#listeners) {
      if (names !== '*' && !names.has(name)) continue;
      try {
        const result = listener(notification) as ListenerResult;
        const code = typeof result === 'number' ? result : result?.status;
        if (code !== undefined && code > status) status = code;
      } catch {
        status = Math.max(status, 500);
      }
    }
    return status;
  }

  /** Applies an accepted event to the store; returns a note for the log when it changed nothing. */
  #applyEvent(notification: FhircastNotification): string | undefined {
    const name = notification.event['hub.event'];
    if (name === 'syncerror') return this.#syncError(notification);
    if (name === 'userLogout' || name === 'userHibernate') return this.#sessionEvent(notification, name);
    const state = this.store.getState();
    const outcome = reduceContext(state, notification);
    if (outcome.kind === 'applied') {
      this.#contextEpoch++;
      const { setAt } = outcome.state;
      if (setAt !== undefined && setAt !== state.setAt) {
        this.#setBy = { id: notification.id, name, aheadMs: setAt - this.#options.timers.now() };
      }
      const spec = findEventSpec(name);
      const anchor = spec?.anchor;
      if (anchor && spec?.action === 'open') this.#reopened.add(anchor);
      // Content matters only to a client that follows it (subscribed to the anchor's updates): others skip
      // the fetch, and the state does not call their content pending.
      const fetch = outcome.fetch === true && anchor !== undefined && this.#isSubscribed(`${anchor}-update`);
      this.#set({
        ...contextSlice(outcome.state),
        ...(outcome.fetch && !fetch ? { contentPending: undefined } : {}),
      });
      if (fetch) this.#resyncUntilDone(this.#socket, 0, true);
      return undefined;
    }
    if (outcome.kind === 'resync') {
      // An event ignored as older is confirmed against the hub too: a client never stays on a context the
      // hub no longer holds, whatever the publishers' clocks say.
      this.#resyncUntilDone(this.#socket, 0, true);
      const { reason, olderBy } = outcome;
      // What this client knows of that anchor is in doubt now: only the hub's answer may keep it.
      const anchor = findEventSpec(name)?.anchor;
      if (olderBy !== undefined && anchor) this.#reopened.delete(anchor);
      const stampedAt = (state.setAt ?? 0) - (olderBy ?? 0);
      const aheadMs = stampedAt - this.#options.timers.now();
      const note = olderBy === undefined ? reason : olderEventNote(reason, olderBy, aheadMs, this.#setBy);
      return `${note}: fetching the hub's context`;
    }
    return findEventSpec(name) ? outcome.reason : undefined;
  }

  #syncError(notification: FhircastNotification): string | undefined {
    const outcome = notification.event.context.find(
      (item) => item.key.toLowerCase() === 'operationoutcome',
    )?.resource;
    const issue =
      isObject(outcome) && Array.isArray(outcome.issue) && isObject(outcome.issue[0]) ? outcome.issue[0] : {};
    const codings =
      isObject(issue.details) && Array.isArray(issue.details.coding) ? issue.details.coding : [];
    const code = (suffix: string) =>
      codings.find((coding: unknown) => isObject(coding) && String(coding.system ?? '').endsWith(suffix))
        ?.code as string | undefined;
    const info = {
      diagnostics: this.#redactor.redact(
        typeof issue.diagnostics === 'string' ? issue.diagnostics : 'sync error',
      ),
      time: this.#options.timers.now(),
      ...optional('eventId', code('/eventid')),
      ...optional('eventName', code('/eventname')),
      ...optional('subscriberName', code('/subscribername') ?? code('/subscriber')),
    };
    this.#set({ lastSyncError: info });
    if (info.eventId) this.#publishes.refused(info.eventId, info.diagnostics);
    return undefined;
  }

  #sessionEvent(notification: FhircastNotification, name: 'userLogout' | 'userHibernate'): string {
    const parameters = notification.event.context.find(
      (item) => item.key.toLowerCase() === 'parameters',
    )?.resource;
    const list = isObject(parameters) && Array.isArray(parameters.parameter) ? parameters.parameter : [];
    const codeParameter = list.find((p: unknown) => isObject(p) && p.name === 'code') as
      | Record<string, unknown>
      | undefined;
    const code = isObject(codeParameter?.valueCoding) ? codeParameter.valueCoding.code : undefined;
    const sessionEnd = { event: name, time: this.#options.timers.now(), ...optional('code', code) };
    const reason = name === 'userLogout' ? 'the user logged out' : 'the user session is hibernating';
    this.#startTimer('session', 0, () => {
      if (name === 'userLogout') void this.disconnect().then(() => this.#set({ reason, sessionEnd }));
      else {
        // A pause: keep the endpoint so connect() resumes the same subscription while its lease lasts.
        const endpoint = this.#endpoint;
        this.#stop('disconnected', reason);
        this.#endpoint = endpoint;
      }
      this.#set({ sessionEnd });
    });
    return reason;
  }

  // ---- helpers ----

  #isSubscribed(name: string): boolean {
    const granted = this.store.getState().events;
    return (granted.length > 0 ? granted : this.#events).some((event) => sameEventName(event, name));
  }

  /** Ends the subscription on `endpoint` at the hub; a failure is ignored (its lease ends it anyway). */
  async #unsubscribe(endpoint: string): Promise<void> {
    const form = subscriptionForm({
      mode: 'unsubscribe',
      topic: this.#options.topic,
      endpoint,
      subscriberName: this.#options.subscriberName,
    });
    await this.#post('unsubscribe', form).catch(() => undefined);
  }

  #post(purpose: string, form: string): Promise<HubAnswer> {
    return hubRequest(this.#http, 'POST', this.#options.hubUrl, purpose, {
      type: 'application/x-www-form-urlencoded',
      text: form,
    });
  }

  /** Runs `change` with every store write it makes (log entries included) gathered into one update. */
  #asOneUpdate(change: () => void): void {
    this.#batch = {};
    try {
      change();
    } finally {
      const batch = this.#batch;
      this.#batch = undefined;
      this.store.setState(batch);
    }
  }

  /** The one writer of the store; a reason (which may quote the hub) is cleaned of tokens and secrets first. */
  #set(partial: Partial<FhircastState>): void {
    if (partial.reason) partial.reason = this.#redactor.redact(partial.reason);
    if (this.#batch) Object.assign(this.#batch, partial);
    else this.store.setState(partial);
  }

  /** Appends to the event log, with tokens removed and the topic and endpoint (secrets) shortened. */
  #log(entry: Omit<EventLogEntry, 'seq' | 'time'>): void {
    const text = typeof entry.raw === 'string' ? entry.raw : (safeStringify(entry.raw) ?? '');
    const raw = logRaw(text, this.#redactor);
    const note = entry.note === undefined ? {} : { note: this.#redactor.redact(entry.note) };
    const full: EventLogEntry = {
      ...entry,
      ...note,
      raw,
      seq: ++this.#logSeq,
      time: this.#options.timers.now(),
    };
    const log = this.#batch?.log ?? this.store.getState().log;
    this.#set({ log: appendLog(log, full, this.#options.logLimit) });
  }

  #startTimer(key: TimerKey, ms: number, run: () => void): void {
    this.#clearTimer(key);
    this.#timers.set(
      key,
      this.#options.timers.setTimeout(
        () => {
          this.#timers.delete(key);
          run();
        },
        // Longer delays overflow platform timers, which then fire at once (a lease of a month or more).
        Math.min(ms, MAX_TIMER_MS),
      ),
    );
  }

  #clearTimer(key: TimerKey): void {
    if (!this.#timers.has(key)) return;
    this.#options.timers.clearTimeout(this.#timers.get(key));
    this.#timers.delete(key);
  }
}

type TimerKey = 'reconnect' | 'confirm' | 'renew' | 'liveness' | 'session' | 'resync';

/** How long an HTTP request to the hub may go unanswered before it counts as a network failure. */
const REQUEST_TIMEOUT_MS = 30_000;

/** Shortest time between two context fetches the client starts on its own (see #resyncUntilDone). */
const RESYNC_SPACING_MS = 100;

/** The longest delay setTimeout honours (2^31 - 1 ms, about 24.8 days). */
const MAX_TIMER_MS = 2_147_483_647;

/** Whether the hub's answer names the context, version and content (by value) this state already holds. */
function sameAsHub(state: ContextState, hub: ParsedCurrentContext): boolean {
  const held = state.current ? state.anchors[state.current] : undefined;
  if (!hub.anchor || state.current !== hub.anchor || !held || state.versionId !== hub.versionId) return false;
  const item = hub.context.find((entry) => entry.key.toLowerCase() === ANCHOR_KEYS[hub.anchor as AnchorType]);
  if (!item || itemReference(item) !== held.ref) return false;
  return JSON.stringify(state.content) === JSON.stringify(hub.content);
}

function contextSlice(state: ContextState): Partial<FhircastState> {
  const { anchors, current, versionId, content, selection, setAt, retained, contentPending } = state;
  return { anchors, current, versionId, content, selection, setAt, retained, contentPending };
}

/** Longest raw message the event log keeps, in characters; the rest is cut with a count. */
const LOG_RAW_LIMIT = 64 * 1024;

/** The raw text the log keeps: cleaned, and cut at LOG_RAW_LIMIT with a count of what was cut. */
function logRaw(text: string, redactor: Redactor): string {
  const kept = redactor.redactStart(text, LOG_RAW_LIMIT);
  return text.length <= LOG_RAW_LIMIT ? kept : `${kept}… (${text.length - LOG_RAW_LIMIT} more characters)`;
}

function safeStringify(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

function send(socket: WebSocket, text: string): void {
  if (socket.readyState === 1) socket.send(text);
}

function closeQuietly(socket: WebSocket, code: number, reason: string): void {
  try {
    if (socket.readyState <= 1) socket.close(code, reason);
  } catch {
    // a socket that cannot close is already gone
  }
}

function endpointSecret(endpoint: string): string {
  return endpoint.split('/').filter(Boolean).at(-1) ?? endpoint;
}

function randomId(): string {
  return (
    globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`
  );
}

function optional<K extends string>(key: K, value: unknown): { [key in K]?: string } {
  return (typeof value === 'string' && value !== '' ? { [key]: value } : {}) as { [key in K]?: string };
}

function withId(id: string | undefined) {
  return id ? { id } : {};
}

function withStatus(status: number | undefined) {
  return status === undefined ? {} : { status };
}
