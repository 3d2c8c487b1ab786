import { afterEach, beforeEach, vi } from 'vitest';
import type { ClientTimers } from '../../src/core/options.ts';
import { createLoopbackHub } from '../../src/hub/loopback.ts';
import type { HubOptions } from '../../src/hub/options.ts';

/** Client timers that call the global (faked) functions at call time, so `vi.useFakeTimers()` drives them. */
export const fakeTimers: ClientTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

/** Installs fake timers (and a fake Date) around every test of the calling file. */
export function installFakeClock(): void {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}

/** Advances fake time by `ms`, running timers and the promises they settle. */
export async function tick(ms = 0): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
}

/**
 * The loopback hub opens a socket with `setTimeout(0)`; fake timers run a zero-delay timer created while
 * they advance one millisecond later, so a socket opened by a timer-driven reconnect opens 1 ms late.
 */
export const OPEN_DELAY = 1;

/** One HTTP request as a fake or recording fetch saw it. */
export interface FetchCall {
  method: string;
  url: string;
  /** The request body; for form bodies also parsed into `form`. */
  body: string;
  form: URLSearchParams | undefined;
  authorization: string | undefined;
  /** Fake time when the request was made. */
  time: number;
}

/** Answers a call, or returns undefined to let the wrapped fetch answer it. */
export type Intercept = (call: FetchCall) => Response | Promise<Response> | undefined;

/** A fetch that records every call and lets `intercept` answer (or reject) before `inner` does. */
export function recordingFetch(inner: typeof fetch | undefined, intercept?: Intercept) {
  const calls: FetchCall[] = [];
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const body = typeof init?.body === 'string' ? init.body : '';
    const headers = new Headers(init?.headers);
    const call: FetchCall = {
      method: (init?.method ?? 'GET').toUpperCase(),
      url: String(input),
      body,
      form: headers.get('content-type')?.includes('form-urlencoded') ? new URLSearchParams(body) : undefined,
      authorization: headers.get('authorization') ?? undefined,
      time: Date.now(),
    };
    calls.push(call);
    const answer = intercept?.(call);
    if (answer) return answer;
    if (!inner) throw new TypeError('fetch failed');
    return inner(input, init);
  };
  return { fetch: fetchImpl as typeof fetch, calls };
}

/** The subscribe requests among `calls` (renewals included), as their forms. */
export function subscribes(calls: readonly FetchCall[]): URLSearchParams[] {
  return calls.flatMap((call) => (call.form?.get('hub.mode') === 'subscribe' ? [call.form] : []));
}

/** A plain-text HTTP answer. */
export function text(status: number, body: string): Response {
  return new Response(body, { status, headers: { 'content-type': 'text/plain' } });
}

/** A JSON HTTP answer. */
export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

export function messageEvent(data: string): MessageEvent {
  return new MessageEvent('message', { data });
}

export function closeEvent(code: number, reason: string): CloseEvent {
  if (typeof CloseEvent === 'function') return new CloseEvent('close', { code, reason, wasClean: true });
  return Object.assign(new Event('close'), { code, reason, wasClean: true }) as CloseEvent;
}

/** What a test can do with a socket the client opened through `instrumented(...)`. */
export interface Instrumented extends WebSocket {
  /** Frames the client sent, parsed. */
  readonly sent: Record<string, unknown>[];
  /** Every `close(code, reason)` the client called. */
  readonly closes: { code: number | undefined; reason: string | undefined }[];
  /** While true, frames from the hub are lost on the way (a half-dead connection). */
  muted: boolean;
  /** Delivers a frame as if the hub had sent it. */
  inject(frame: unknown): void;
}

/**
 * Subclasses a WebSocket class (the loopback hub's) to record what the client sends and how it closes,
 * to lose the hub's frames on demand, and to inject frames. The sockets are listed in `instances`.
 */
export function instrumented(Base: typeof WebSocket) {
  const instances: Instrumented[] = [];
  class InstrumentedSocket extends Base implements Instrumented {
    readonly sent: Record<string, unknown>[] = [];
    readonly closes: { code: number | undefined; reason: string | undefined }[] = [];
    muted = false;
    private injecting = false;

    constructor(url: string | URL) {
      super(url);
      instances.push(this);
    }

    override send(data: string): void {
      this.sent.push(JSON.parse(String(data)));
      super.send(data);
    }

    override close(code?: number, reason?: string): void {
      this.closes.push({ code, reason });
      super.close(code, reason);
    }

    override dispatchEvent(event: Event): boolean {
      if (this.muted && event.type === 'message' && !this.injecting) return true;
      return super.dispatchEvent(event);
    }

    inject(frame: unknown): void {
      this.injecting = true;
      try {
        this.dispatchEvent(messageEvent(typeof frame === 'string' ? frame : JSON.stringify(frame)));
      } finally {
        this.injecting = false;
      }
    }
  }
  return { WebSocket: InstrumentedSocket as unknown as typeof WebSocket, instances };
}

/** A hand-written hub-side socket: the test (or a fake hub) opens it, sends frames and closes it. */
export class FakeSocket extends EventTarget {
  readyState = 0;
  readonly url: string;
  /** Frames the client sent, parsed when they are JSON. */
  readonly sent: unknown[] = [];
  /** Every `close(code, reason)` the client called. */
  readonly closes: { code: number | undefined; reason: string | undefined }[] = [];

  constructor(url: string) {
    super();
    this.url = url;
  }

  /** Opens the socket (the client sees `open`). */
  open(): void {
    this.readyState = 1;
    this.dispatchEvent(new Event('open'));
  }

  /** Sends a frame to the client: an object is sent as JSON, a string as is. */
  message(frame: unknown): void {
    if (this.readyState !== 1) return;
    this.dispatchEvent(messageEvent(typeof frame === 'string' ? frame : JSON.stringify(frame)));
  }

  /** Closes from the hub's side. */
  serverClose(code: number, reason = ''): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.dispatchEvent(closeEvent(code, reason));
  }

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('FakeSocket: not open');
    try {
      this.sent.push(JSON.parse(data));
    } catch {
      this.sent.push(data);
    }
  }

  close(code?: number, reason?: string): void {
    this.closes.push({ code, reason });
    if (this.readyState >= 2) return;
    this.readyState = 2;
    queueMicrotask(() => this.serverClose(code ?? 1005, reason ?? ''));
  }
}

/** How a fake hub treats a socket once it opened. */
export type OnOpen = (socket: FakeSocket, index: number) => void;

/** Options of a hand-written misbehaving hub. */
export interface FakeHubOptions {
  /** Answers HTTP calls; undefined falls back to the defaults (subscribe 202, context empty, publish 202). */
  intercept?: Intercept;
  /** Called after each socket opens; default: sends a full STU3 confirmation. */
  onOpen?: OnOpen;
  /** Sockets (by index) that stay CONNECTING forever. */
  neverOpens?: (index: number) => boolean;
}

/** A hub written by hand for one test: a recording fetch and a WebSocket class whose sockets it controls. */
export function createFakeHub(topic: string, options: FakeHubOptions = {}) {
  const url = 'http://fake.hub/api/hub';
  const sockets: FakeSocket[] = [];
  let endpoints = 0;
  const onOpen: OnOpen =
    options.onOpen ??
    ((socket) =>
      socket.message({
        'hub.mode': 'subscribe',
        'hub.topic': topic,
        'hub.events': 'Patient-open,Patient-close',
        'hub.lease_seconds': 3600,
      }));
  const { fetch, calls } = recordingFetch(undefined, (call) => {
    const answer = options.intercept?.(call);
    if (answer) return answer;
    if (call.form?.get('hub.mode') === 'subscribe') {
      const endpoint = call.form.get('hub.channel.endpoint') ?? `ws://fake.hub/ws/endpoint-${++endpoints}`;
      return json(202, { 'hub.channel.endpoint': endpoint });
    }
    if (call.form) return json(202, { 'hub.channel.endpoint': call.form.get('hub.channel.endpoint') });
    if (call.method === 'GET') return json(200, { 'context.type': '', context: [] });
    return json(202, { success: true });
  });
  class HubSocket extends FakeSocket {
    constructor(endpoint: string) {
      super(endpoint);
      const index = sockets.push(this) - 1;
      queueMicrotask(() => {
        if (this.readyState !== 0 || options.neverOpens?.(index)) return;
        this.open();
        onOpen(this, index);
      });
    }
  }
  return { url, fetch, calls, sockets, WebSocket: HubSocket as unknown as typeof WebSocket };
}

/** A loopback hub whose fetch is recorded (and may be intercepted) and whose sockets are instrumented. */
export function loopbackPeer(options: HubOptions = {}, intercept?: Intercept) {
  const loopback = createLoopbackHub(options);
  const { fetch, calls } = recordingFetch(loopback.fetch, intercept);
  const { WebSocket, instances: sockets } = instrumented(loopback.WebSocket);
  return { hub: loopback.hub, url: loopback.url, fetch, calls, WebSocket, sockets, close: loopback.close };
}
