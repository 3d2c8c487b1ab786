/** What a transport (the Node server, the loopback) and the transport-free hub logic exchange. */

/** The hub's view of one WebSocket: it only ever sends text and closes. */
export interface HubSocket {
  send(text: string): void;
  close(code: number, reason: string): void;
  /** Drops the connection without a close frame, as a network failure would (optional for transports). */
  terminate?(): void;
}

/** What fault controls and inspection may know of a subscriber: its topic and `hub.subscriber.name`. */
export interface SubscriberInfo {
  topic: string;
  name: string | undefined;
}

/** Chooses subscribers; the default chooses every one. */
export type SubscriberFilter = (subscriber: SubscriberInfo) => boolean;

/** What a transport tells the hub about a socket it attached. */
export interface HubConnection {
  receive(text: string): void;
  closed(): void;
}

/** The answer to an HTTP-level operation: a status and a JSON value or a text message. */
export interface HubResult {
  status: number;
  body: unknown;
}

/** Cuts a socket without a close frame where the transport can (a network failure); closes it otherwise. */
export function dropSocket(socket: HubSocket): void {
  if (socket.terminate) socket.terminate();
  else socket.close(4001, 'connection dropped');
}

/** The path part of every subscription endpoint; the last segment is the subscription's secret id. */
export const ENDPOINT_PATH = '/ws/fhircast/';
