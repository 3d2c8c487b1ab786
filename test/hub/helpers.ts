import { request as httpRequest } from 'node:http';
import { WebSocket as NodeWebSocket } from 'ws';
import type { FhircastNotification } from '../../src/protocol/types.ts';
import { specExample } from '../fixtures/spec.ts';

export { specExample };

/** Subscription form fields; `hub.channel.type` and `hub.mode` default to websocket / subscribe. */
export type SubscribeFields = Record<string, string>;

/** POSTs a form-encoded subscription request and returns the response. */
export function postForm(hubUrl: string, fields: SubscribeFields, headers: Record<string, string> = {}) {
  return fetch(hubUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({
      'hub.channel.type': 'websocket',
      'hub.mode': 'subscribe',
      ...fields,
    }).toString(),
  });
}

/** Subscribes and returns the endpoint, failing the test with the hub's message on any other answer. */
export async function subscribe(hubUrl: string, topic: string, events: string, extra: SubscribeFields = {}) {
  const response = await postForm(hubUrl, { 'hub.topic': topic, 'hub.events': events, ...extra });
  const text = await response.text();
  if (response.status !== 202) throw new Error(`subscribe answered ${response.status}: ${text}`);
  return (JSON.parse(text) as { 'hub.channel.endpoint': string })['hub.channel.endpoint'];
}

/** POSTs a JSON body (a published event) to `url`. */
export function postJson(url: string, body: unknown, contentType = 'application/json') {
  return fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body: JSON.stringify(body) });
}

/** A notification for `topic` built from a spec example, with a fresh id. */
export function exampleFor(
  name: string,
  topic: string,
  changes: Partial<FhircastNotification['event']> = {},
) {
  const example = specExample(name);
  return {
    ...example,
    id: crypto.randomUUID(),
    event: { ...example.event, 'hub.topic': topic, ...changes },
  } as FhircastNotification;
}

/** A topic no other test uses. */
export function freshTopic(): string {
  return `topic-${crypto.randomUUID()}`;
}

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

/** Collects a hub's log lines (pass `recorder.log` as the `log` option) and lets a test wait for them. */
export class LogRecorder {
  readonly lines: string[] = [];
  private waiters: (() => void)[] = [];
  private readonly fail: (line: string) => boolean;

  /** `fail` chooses lines the sink throws on, as a broken log sink would. */
  constructor(fail: (line: string) => boolean = () => false) {
    this.fail = fail;
  }

  readonly log = (line: string): void => {
    this.lines.push(line);
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
    if (this.fail(line)) throw new Error('log sink failed');
  };

  /** Waits until some line logged after the first `from` lines matches `pattern`, and returns it. */
  async next(pattern: RegExp, from = 0, timeoutMs = 3000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const line = this.lines.slice(from).find((candidate) => pattern.test(candidate));
      if (line !== undefined) return line;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${pattern}; log: ${this.lines.join('\n')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

/** The answer to a `rawRequest`. */
export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/**
 * An HTTP request through `node:http`, which (unlike `fetch`) sends any `Host` and `Origin` a test gives,
 * as a browser on a rebound DNS name or another site's page would.
 */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      { method: options.method ?? 'GET', headers: options.headers },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text }),
        );
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

/** Opens a `ws` client with `options` (an `origin`, a `headers.host`) and answers how the upgrade went. */
export function tryUpgrade(
  endpoint: string,
  options: { origin?: string; headers?: Record<string, string> },
): Promise<{ opened: true; firstFrame: string } | { opened: false; status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = new NodeWebSocket(endpoint, options);
    socket.once('message', (data) => {
      resolve({ opened: true, firstFrame: String(data) });
      socket.close();
    });
    socket.once('unexpected-response', (_request, response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => {
        text += chunk;
      });
      response.on('end', () => resolve({ opened: false, status: response.statusCode ?? 0, text }));
    });
    socket.once('error', (error) => {
      if (!error.message.startsWith('Unexpected server response')) reject(error);
    });
  });
}

/** A hub clock (the `clock` option) that moves only when a test advances it, running the timers that fall due. */
export class ManualClock {
  private time = Date.now();
  private nextId = 1;
  private readonly timers = new Map<number, { at: number; callback: () => void }>();

  now = (): number => this.time;

  setTimeout = (callback: () => void, ms: number): unknown => {
    const id = this.nextId++;
    this.timers.set(id, { at: this.time + ms, callback });
    return id;
  };

  clearTimeout = (handle: unknown): void => {
    this.timers.delete(handle as number);
  };

  /** Moves time forward by `ms`, running every timer due on the way in order (timers they set included). */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      let due: [number, { at: number; callback: () => void }] | undefined;
      for (const entry of this.timers)
        if (entry[1].at <= end && (!due || entry[1].at < due[1].at)) due = entry;
      if (!due) break;
      this.timers.delete(due[0]);
      this.time = Math.max(this.time, due[1].at);
      due[1].callback();
    }
    this.time = end;
  }
}
