import { findItem } from '../protocol/items.ts';
import { ackFrame, parseFrame } from '../protocol/messages.ts';
import type { FhircastNotification } from '../protocol/types.ts';
import type { ResolvedClientOptions } from './options.ts';
import { send } from './sockets.ts';
import type { StoreWriter } from './writer.ts';

/**
 * What an event listener may return: nothing (follow, ack 200) or a status: 202 follows but says the app
 * decides later (and reports a failure with `reportSyncError`), 300 or more (409 usual) refuses.
 */
export type ListenerResult = undefined | number | { status: number };
/** A listener for inbound events; one that returns nothing (`void`) follows the event. */
// biome-ignore lint/suspicious/noConfusingVoidType: lets `(event) => console.log(event)` be a listener
export type EventListener = (notification: FhircastNotification) => ListenerResult | void;

/** What inbound frames drive in the connection. */
export interface InboundConnection {
  /** Watches the socket: any frame shows it alive, a heartbeat names its period. */
  readonly liveness: {
    alive(socket: WebSocket): void;
    heartbeat(socket: WebSocket, declaredMs: number | undefined): void;
  };
  /** A confirmation; answers whether it was the socket's first. */
  confirmed(granted: string[] | undefined, leaseSeconds: number | undefined): boolean;
  denied(socket: WebSocket, reason: string): void;
}

/** Where accepted events and confirmations go. */
export interface InboundTargets {
  /** Learns the hub's context after a socket's first confirmation. */
  resync: { socketConfirmed(): void };
  /** Applies an accepted event to the store; answers a note for the log when it changed nothing. */
  applier: { apply(notification: FhircastNotification): string | undefined };
  /** Settles the publish waiting for the echo of an event that arrived and was followed. */
  tracker: { echoed(id: string): void };
}

/**
 * Handles every frame the hub sends on the socket: confirmations and denials, frames it cannot use
 * (logged, and refused with a 4xx ack when they carry an id), heartbeats, and events, which the app's
 * listeners may refuse and which are otherwise applied and acknowledged with 200.
 */
export class Inbound {
  readonly #options: ResolvedClientOptions;
  readonly #writer: StoreWriter;
  readonly #connection: InboundConnection;
  readonly #targets: InboundTargets;
  readonly #listeners = new Set<{ names: Set<string> | '*'; listener: EventListener }>();

  constructor(
    options: ResolvedClientOptions,
    writer: StoreWriter,
    connection: InboundConnection,
    targets: InboundTargets,
  ) {
    this.#options = options;
    this.#writer = writer;
    this.#connection = connection;
    this.#targets = targets;
  }

  /** Listens to inbound events by name (case-insensitive) or `*`; returns the unsubscribe function. */
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

  receive(socket: WebSocket, data: unknown): void {
    const connection = this.#connection;
    connection.liveness.alive(socket);
    const frame = parseFrame(data, this.#options.maxMessageLength);
    const raw = typeof data === 'string' ? data : String(data);
    if (frame.kind === 'confirmation') {
      const first = connection.confirmed(frame.events, frame.leaseSeconds);
      this.#writer.log({ direction: 'in', name: 'confirmation', raw });
      if (first) this.#targets.resync.socketConfirmed();
    } else if (frame.kind === 'denial') {
      this.#writer.log({ direction: 'in', name: 'denial', raw, note: frame.reason });
      connection.denied(socket, frame.reason);
    } else if (frame.kind === 'invalid') {
      const status = frame.id ? (frame.status ?? 400) : undefined;
      if (frame.id && status) send(socket, ackFrame(frame.id, status));
      this.#writer.log({
        direction: 'in',
        name: 'invalid',
        raw,
        note: frame.reason,
        ...(frame.id ? { id: frame.id } : {}),
        ...(status === undefined ? {} : { status }),
      });
    } else {
      this.#event(socket, frame.notification, raw);
    }
  }

  #event(socket: WebSocket, notification: FhircastNotification, raw: string): void {
    const name = notification.event['hub.event'];
    const { id } = notification;
    const topic = notification.event['hub.topic'];
    // Some hubs send heartbeats without a topic; a heartbeat changes no context, so only it may omit one.
    if (topic !== this.#options.topic && !(topic === '' && name === 'heartbeat')) {
      send(socket, ackFrame(id, 400));
      const note = topic === '' ? 'event without hub.topic: refused' : 'event for another topic: refused';
      this.#writer.log({ direction: 'in', name, id, status: 400, raw: '', note });
      return;
    }
    if (name === 'heartbeat') {
      const seconds = Number(findItem(notification.event.context, 'period')?.decimal);
      const declared = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
      this.#connection.liveness.heartbeat(socket, declared);
      send(socket, ackFrame(id, 200));
      return;
    }
    const status = this.#notifyListeners(notification);
    if (status >= 300) {
      send(socket, ackFrame(id, status));
      this.#writer.log({ direction: 'in', name, id, status, raw, note: 'refused by the app' });
      return;
    }
    // The event's changes and its log entry reach the store as one update: subscribers run once per event.
    // A listener that answered 202 takes the event but decides later (it may then call reportSyncError).
    const ack = status === 202 ? 202 : 200;
    this.#writer.asOneUpdate(() => {
      const note = this.#targets.applier.apply(notification);
      this.#writer.log({ direction: 'in', name, id, status: ack, raw, ...(note ? { note } : {}) });
    });
    send(socket, ackFrame(id, ack));
    this.#targets.tracker.echoed(id);
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
}
