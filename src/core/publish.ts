import { canonicalEventName, findEventSpec } from '../protocol/events.ts';
import { isObject } from '../protocol/items.ts';
import { asContextItems, type EventContext } from '../protocol/typed.ts';
import type { FhircastNotification } from '../protocol/types.ts';
import { validateEventContext } from '../protocol/validate.ts';
import { FhircastError } from './errors.ts';
import { answerMessage, type HubAnswer } from './http.ts';
import type { ResolvedClientOptions } from './options.ts';
import { PublishTracker } from './publish-tracker.ts';
import type { HubRequests } from './requests.ts';
import type { StoreWriter } from './writer.ts';

/** Options of one publish. */
export interface PublishOptions {
  /** `context.versionId` to send; updates default to the current context's. */
  versionId?: string;
  /** Event id; default a random UUID. Used to recognise the echo. */
  id?: string;
  /** Timestamp; default now. A retry after a sync error keeps the original. */
  timestamp?: string;
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
}

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
    let answer: HubAnswer;
    try {
      answer = await this.#requests.publish(JSON.stringify(notification));
    } catch (error) {
      this.tracker.forget(id);
      this.#writer.log({ direction: 'out', name, id, raw: notification, note: String(error) });
      throw error;
    }
    this.#writer.log({ direction: 'out', name, id, status: answer.status, raw: notification });
    if (answer.status < 200 || answer.status >= 300) {
      this.tracker.forget(id);
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
    return { id, status: answer.status, echoed, event: (broadcast as never) ?? notification };
  }
}

function randomId(): string {
  return (
    globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`
  );
}
