import { errorText, logSafely } from './guard.ts';
import { HUB_BASE_PATHS, handleHttp } from './http.ts';
import { FhircastHub } from './hub.ts';
import type { HubOptions } from './options.ts';
import { ENDPOINT_PATH, type HubConnection } from './transport.ts';

/** Origin of every loopback hub; nothing listens there, requests never leave the page. */
export const LOOPBACK_ORIGIN = 'http://fhircast.loopback';
const SOCKET_ORIGIN = 'ws://fhircast.loopback';

/** An in-memory hub: the same logic as the server, reached through its own `fetch` and `WebSocket`. */
export interface LoopbackHub {
  /** `hub.url` to give a client together with this hub's `fetch` and `WebSocket`. */
  url: string;
  origin: string;
  hub: FhircastHub;
  /** A `fetch` that answers requests to this hub's origin and rejects every other URL. */
  fetch: typeof globalThis.fetch;
  /** A `WebSocket` class that connects to this hub's subscription endpoints. */
  WebSocket: typeof globalThis.WebSocket;
  /** Closes every socket and timer. */
  close(): void;
}

/** Creates an in-memory development hub for jsdom tests and static Storybook builds. Needs no Node APIs. */
export function createLoopbackHub(options?: HubOptions): LoopbackHub {
  const hub = new FhircastHub(options);
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (url.origin !== LOOPBACK_ORIGIN) {
      throw new TypeError(`loopback hub: fetch only reaches ${LOOPBACK_ORIGIN}, not ${url.origin}`);
    }
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name.toLowerCase()] = value;
    });
    const answer = handleHttp(hub, {
      method: request.method,
      url: `${url.pathname}${url.search}`,
      headers,
      body: await request.text(),
      socketBase: SOCKET_ORIGIN,
    });
    const nullBody = answer.status === 204 || answer.status === 304;
    return new Response(nullBody ? null : answer.body, { status: answer.status, headers: answer.headers });
  };
  return {
    url: `${LOOPBACK_ORIGIN}${HUB_BASE_PATHS[0]}`,
    origin: LOOPBACK_ORIGIN,
    hub,
    fetch: fetch as typeof globalThis.fetch,
    WebSocket: loopbackWebSocketClass(hub) as unknown as typeof globalThis.WebSocket,
    close: () => hub.close(),
  };
}

function loopbackWebSocketClass(hub: FhircastHub) {
  return class LoopbackWebSocket extends EventTarget {
    static readonly CONNECTING = 0;
    static readonly OPEN = 1;
    static readonly CLOSING = 2;
    static readonly CLOSED = 3;
    readonly CONNECTING = 0;
    readonly OPEN = 1;
    readonly CLOSING = 2;
    readonly CLOSED = 3;
    readonly url: string;
    readonly protocol = '';
    readonly extensions = '';
    readonly bufferedAmount = 0;
    binaryType: BinaryType = 'blob';
    readyState = 0;
    onopen: ((event: Event) => void) | null = null;
    onmessage: ((event: MessageEvent) => void) | null = null;
    onclose: ((event: CloseEvent) => void) | null = null;
    onerror: ((event: Event) => void) | null = null;
    private connection: HubConnection | undefined;

    constructor(url: string | URL) {
      super();
      this.url = String(url);
      const target = new URL(this.url);
      setTimeout(() => {
        if (this.readyState !== 0) return;
        if (
          `${target.protocol}//${target.host}` !== SOCKET_ORIGIN ||
          !target.pathname.startsWith(ENDPOINT_PATH)
        ) {
          this.emit('error', new Event('error'));
          this.finish(1006, 'loopback hub: no such endpoint', false);
          return;
        }
        this.readyState = 1;
        this.emit('open', new Event('open'));
        try {
          this.connection = hub.connect(target.pathname, {
            send: (text) =>
              queueMicrotask(() => this.readyState === 1 && this.emit('message', messageEvent(text))),
            // Queued behind the frames sent before it, as a real socket delivers a denial before its close.
            close: (code, reason) =>
              queueMicrotask(() => this.readyState === 1 && this.finish(code, reason, true)),
          });
        } catch (error) {
          // As the server does: a socket the hub fails to attach is closed, never thrown into the page.
          logSafely(hub.options.log, `failed to attach a socket: ${errorText(error)}`);
          this.finish(1011, 'the hub failed to attach this socket', true);
        }
      }, 0);
    }

    send(data: string): void {
      if (this.readyState === 0) throw new DOMException('WebSocket is still connecting', 'InvalidStateError');
      if (this.readyState !== 1) return;
      queueMicrotask(() => this.connection?.receive(String(data)));
    }

    close(code = 1005, reason = ''): void {
      if (this.readyState >= 2) return;
      this.readyState = 2;
      queueMicrotask(() => this.finish(code, reason, true));
    }

    private finish(code: number, reason: string, wasClean: boolean): void {
      this.readyState = 3;
      this.connection?.closed();
      this.emit('close', closeEvent(code, reason, wasClean));
    }

    private emit(type: 'open' | 'message' | 'close' | 'error', event: Event): void {
      this.dispatchEvent(event);
      const handler = this[`on${type}`] as ((event: Event) => void) | null;
      handler?.call(this, event);
    }
  };
}

function messageEvent(data: string): MessageEvent {
  if (typeof MessageEvent === 'function') return new MessageEvent('message', { data });
  return Object.assign(new Event('message'), { data }) as MessageEvent;
}

function closeEvent(code: number, reason: string, wasClean: boolean): CloseEvent {
  if (typeof CloseEvent === 'function') return new CloseEvent('close', { code, reason, wasClean });
  return Object.assign(new Event('close'), { code, reason, wasClean }) as CloseEvent;
}
