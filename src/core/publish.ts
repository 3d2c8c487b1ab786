import { canonicalEventName, findEventSpec } from '../protocol/events.ts';
import { isObject } from '../protocol/items.ts';
import { asContextItems, type EventContext } from '../protocol/typed.ts';
import type { FhircastNotification } from '../protocol/types.ts';
import { validateEventContext } from '../protocol/validate.ts';
import { backoffDelay } from './backoff.ts';
import { FhircastError } from './errors.ts';
import { answerMessage, type HubAnswer } from './http.ts';
import type { ResolvedClientOptions } from './options.ts';
import { PublishTracker } from './publish-tracker.ts';
import { RefusalWatch } from './refusals.ts';
import type { HubRequests } from './requests.ts';
import type { SyncErrorInfo } from './store.ts';
import { Timer } from './timers.ts';
import type { StoreWriter } from './writer.ts';

/** Options of one publish. */
export interface PublishOptions {
  /** `context.versionId` to send; updates default to the current context's. */
  versionId?: string;
  /** Event id; default a random UUID. Used to recognise the echo. */
  id?: string;
  /** Timestamp; default now. A retry after a sync error keeps the original. */
  timestamp?: string;
  /**
   * When a sync error says another subscriber refused this event, send it once more 10 s later with its
   * original timestamp and a new id, as the guide asks of a refused context change. Default false.
   */
  resendRefused?: boolean;
}

/** A settled publish. */
export interface PublishResult {
  id: string;
  /** The hub's HTTP status (2xx). */
  status: number;
  /**
   * True when the hub's broadcast of this event came back on the socket; false when the client does not
   * follow the event, had no socket, or no echo came within `echoTimeoutMs`.
   */
  echoed: boolean;
  /** The event as the hub broadcast it (with its versionId) when the hub said, else as sent. */
  event: FhircastNotification;
  /**
   * Settles with the first sync error naming this event (another subscriber refused it, or never
   * acknowledged it) within REFUSAL_WINDOW_MS (15 s), or with undefined after it. Never rejects.
   */
  refusal: Promise<SyncErrorInfo | undefined>;
}

/** How long after a refusal a refused event is sent again (the guide: no sooner than every 10 s). */
export const RESEND_AFTER_MS = 10_000;

/** What publishing reads of the connection, at the moment it needs it. */
export interface PublishLink {
  readonly running: boolean;
  readonly socket: WebSocket | undefined;
  /** Whether the client follows `name`, so the hub's broadcast of it comes back here. */
  follows(name: string): boolean;
}

/** How publishing gets the hub's context after a refused update or a missing echo. */
export interface PublishResync {
  fetch(quietIfSame: boolean): Promise<void>;
  request(spaced: boolean, socket: WebSocket): void;
}

/**
 * Publishes events: validates and builds the notification, posts it, and waits for its echo on the socket
 * (a sync error about it rejects it). A stale update refused by the hub makes the client fetch the context.
 */
export class Publisher {
  readonly #options: ResolvedClientOptions;
  readonly #requests: HubRequests;
  readonly #writer: StoreWriter;
  readonly #link: PublishLink;
  readonly #resync: PublishResync;
  readonly tracker: PublishTracker;
  readonly #refusals: RefusalWatch;
  readonly #resends = new Set<Timer>();

  constructor(
    options: ResolvedClientOptions,
    requests: HubRequests,
    writer: StoreWriter,
    link: PublishLink,
    resync: PublishResync,
  ) {
    this.#options = options;
    this.#requests = requests;
    this.#writer = writer;
    this.#link = link;
    this.#resync = resync;
    this.tracker = new PublishTracker(options.timers, options.echoTimeoutMs);
    this.#refusals = new RefusalWatch(options.timers);
  }

  /** A sync error arrived: settles what waits on the event it names; answers whether it was ours. */
  refused(refusal: SyncErrorInfo): boolean {
    if (refusal.eventId) this.tracker.refused(refusal.eventId, refusal.diagnostics);
    return this.#refusals.refused(refusal);
  }

  /** The client stopped: nothing waits for refusals, and no refused event is sent again. */
  stop(): void {
    this.#refusals.clear();
    for (const resend of this.#resends) resend.clear();
    this.#resends.clear();
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
    const state = this.#writer.state();
    const versionId = options.versionId ?? (spec?.action === 'update' ? state.versionId : undefined);
    // An update names the version it builds on; a hub that never issued one for the current context (the
    // sandbox style) takes updates without it.
    if (spec?.action === 'update' && !versionId && state.current !== spec.anchor) {
      throw new FhircastError(`publish: ${name} needs an open ${spec.anchor} context, and none is current`);
    }
    const notification: FhircastNotification = {
      timestamp: options.timestamp ?? new Date(this.#options.timers.now()).toISOString(),
      id: options.id ?? randomId(),
      event: { 'hub.topic': this.#options.topic, 'hub.event': name, context },
    };
    if (versionId) notification.event['context.versionId'] = versionId;
    const { id } = notification;
    const echo = this.#link.follows(name) && this.#link.socket !== undefined;
    const settled = echo ? this.tracker.expect(id) : undefined;
    // A sync error may reject it before the hub answered; it is awaited below, never left unhandled.
    settled?.catch(() => undefined);
    // Watched from before it is sent: another app may refuse it before the hub's answer is read here.
    const onRefused = options.resendRefused ? () => this.#resendLater(notification) : undefined;
    const refusal = this.#refusals.watch(notification, onRefused);
    let answer: HubAnswer;
    try {
      answer = await this.#post(notification);
    } catch (error) {
      this.tracker.forget(id);
      this.#refusals.forget(id);
      throw error;
    }
    if (answer.status < 200 || answer.status >= 300) {
      this.tracker.forget(id);
      this.#refusals.forget(id);
      const message = `publish ${name} rejected: ${answerMessage(answer)}`;
      if (spec?.action === 'update' && answer.status >= 400 && answer.status < 500) {
        await this.#resync.fetch(false).catch(() => undefined);
        throw new FhircastError(`${message}; the context was fetched again`, {
          status: answer.status,
          resynced: true,
        });
      }
      throw new FhircastError(message, { status: answer.status });
    }
    const broadcast = isObject(answer.body) && isObject(answer.body.event) ? answer.body.event : undefined;
    const socket = this.#link.socket;
    const echoed = settled ? await settled : false;
    if (settled && !echoed && this.#link.running && socket && socket === this.#link.socket) {
      // The hub accepted an event this client subscribes to, yet it never came back on a live socket: the
      // hub's context has moved on without us. A socket that went away resyncs when it reconnects.
      const note = `no echo of ${name} within ${this.#options.echoTimeoutMs} ms: fetching the hub's context`;
      this.#writer.log({ direction: 'in', name: 'resync', id, raw: '', note });
      this.#resync.request(false, socket);
    }
    return { id, status: answer.status, echoed, event: (broadcast as never) ?? notification, refusal };
  }

  /**
   * Posts `notification`, sending it again with the same id when no answer came (IHE IRA: the hub can then
   * tell a resend from a new request); an answer of any status ends it. Each attempt is logged.
   */
  async #post(notification: FhircastNotification): Promise<HubAnswer> {
    const { id, event } = notification;
    const name = event['hub.event'];
    const json = JSON.stringify(notification);
    for (let attempt = 0; ; attempt++) {
      try {
        const answer = await this.#requests.publish(json);
        this.#writer.log({ direction: 'out', name, id, status: answer.status, raw: notification });
        return answer;
      } catch (error) {
        const unanswered = error instanceof FhircastError && error.status === undefined;
        const again = unanswered && attempt < this.#options.publishRetries;
        const note = again ? `${String(error)}; sending it again with the same id` : String(error);
        this.#writer.log({ direction: 'out', name, id, raw: notification, note });
        if (!again) throw error;
        await this.#wait(backoffDelay(attempt, this.#options.backoff, this.#options.random));
      }
    }
  }

  /** Sends a refused event once more, later, with its original timestamp and a new id. */
  #resendLater(original: FhircastNotification): void {
    const timer = new Timer(this.#options.timers);
    this.#resends.add(timer);
    timer.start(RESEND_AFTER_MS, () => {
      this.#resends.delete(timer);
      const { event, timestamp } = original;
      const versionId = event['context.versionId'];
      this.publish(event['hub.event'], event.context as never, {
        timestamp,
        ...(versionId ? { versionId } : {}),
      }).catch(() => undefined);
    });
  }

  #wait(ms: number): Promise<void> {
    return new Promise((resolve) => this.#options.timers.setTimeout(resolve, ms));
  }
}

function randomId(): string {
  return (
    globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`
  );
}
