import { afterEach } from 'vitest';
import type { FhircastNotification } from '../../src/protocol/types.ts';
import { subscribe } from './hub-requests.ts';

/** How a RecordingSocket answers an event: `true` acks with status 200, a function returns the ack to send. */
export type AckPolicy = boolean | ((frame: FhircastNotification) => Record<string, unknown> | undefined);

/** A WebSocket that records every frame it receives, parsed, and lets a test wait for frames. */
export class RecordingSocket {
  readonly frames: Record<string, unknown>[] = [];
  readonly socket: WebSocket;
  closeCode: number | undefined;
  private readonly opened: Promise<void>;
  private readonly closedPromise: Promise<number>;
  private waiters: (() => void)[] = [];

  private readonly ack: AckPolicy;

  constructor(endpoint: string, ack: AckPolicy = true) {
    this.ack = ack;
    this.socket = new WebSocket(endpoint);
    this.opened = new Promise((resolve, reject) => {
      this.socket.addEventListener('open', () => resolve());
      this.socket.addEventListener('error', () => reject(new Error(`could not connect to ${endpoint}`)));
    });
    this.closedPromise = new Promise((resolve) => {
      this.socket.addEventListener('close', (event) => {
        this.closeCode = event.code;
        resolve(event.code);
        this.notify();
      });
    });
    this.socket.addEventListener('message', (event) => {
      const frame = JSON.parse(String(event.data)) as Record<string, unknown>;
      this.frames.push(frame);
      if (frame.event && typeof frame.id === 'string' && this.ack !== false) {
        const ack =
          this.ack === true
            ? { id: frame.id, status: 200 }
            : this.ack(frame as unknown as FhircastNotification);
        if (ack) this.socket.send(JSON.stringify(ack));
      }
      this.notify();
    });
  }

  /** Resolves once the socket is open. */
  open(): Promise<void> {
    return this.opened;
  }

  /** Resolves with the close code once the socket is closed. */
  closed(): Promise<number> {
    return this.closedPromise;
  }

  /** Event notifications received so far (frames with an `event`), optionally of one event name. */
  events(name?: string): FhircastNotification[] {
    return (this.frames as unknown as FhircastNotification[]).filter(
      (frame) => frame.event && (name === undefined || frame.event['hub.event'] === name),
    );
  }

  /** Waits until `predicate` holds over the frames received, or fails after `timeoutMs`. */
  async waitFor(predicate: (frames: Record<string, unknown>[]) => boolean, timeoutMs = 3000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.frames)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting; frames so far: ${JSON.stringify(this.frames)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits for the n-th frame (1-based) and returns it. */
  async frame(n: number, timeoutMs?: number): Promise<Record<string, unknown>> {
    await this.waitFor((frames) => frames.length >= n, timeoutMs);
    return this.frames[n - 1] as Record<string, unknown>;
  }

  /** Sends a raw text frame. */
  send(text: string): void {
    this.socket.send(text);
  }

  close(): void {
    this.socket.close(1000);
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

/**
 * The recording sockets of one test file (or `describe`), each closed after its test, which waits until
 * they are. `connect(endpoint, ack)` opens one on an endpoint; `listen(hubUrl, topic, events)` subscribes
 * one and waits for its confirmation.
 */
export function socketsForEachTest() {
  const sockets: RecordingSocket[] = [];
  afterEach(async () => {
    const open = sockets.splice(0);
    for (const socket of open) socket.close();
    await Promise.all(open.map((socket) => socket.closed()));
  });

  function connect(endpoint: string, ack?: AckPolicy): RecordingSocket {
    const socket = new RecordingSocket(endpoint, ack);
    sockets.push(socket);
    return socket;
  }

  /** Subscribes a socket to `events` (comma-separated) on `topic` and waits for its confirmation. */
  async function listen(hubUrl: string, topic: string, events: string): Promise<RecordingSocket> {
    const socket = connect(await subscribe(hubUrl, topic, events));
    await socket.open();
    await socket.frame(1);
    return socket;
  }

  return { connect, listen };
}
