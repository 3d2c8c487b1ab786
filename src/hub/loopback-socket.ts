import type { HubFaults } from './faults.ts';
import { errorText, logSafely } from './guard.ts';
import type { FhircastHub } from './hub.ts';
import { ENDPOINT_PATH, type HubConnection } from './transport.ts';

/** Origin of every loopback hub's subscription endpoints; nothing listens there. */
export const SOCKET_ORIGIN = 'ws://fhircast.loopback';

/** What a loopback socket needs from its hub: the current hub logic, its faults, and its open sockets. */
export interface LoopbackSide {
  hub(): FhircastHub;
  faults: HubFaults;
  /** Every socket not yet closed, so that the hub can cut them all as a network failure or restart would. */
  sockets: Set<{ cut(): void }>;
}

/** A `WebSocket` class whose sockets attach to the loopback hub in memory, with the server's frame faults. */
export function loopbackWebSocketClass(side: LoopbackSide): typeof globalThis.WebSocket {
  class LoopbackWebSocket extends EventTarget {
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
    private readonly handle = { cut: () => this.finish(1006, '', false) };

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
        side.sockets.add(this.handle);
        this.emit('open', new Event('open'));
        this.attach(target.pathname);
      }, 0);
    }

    send(data: string): void {
      if (this.readyState === 0) throw new DOMException('WebSocket is still connecting', 'InvalidStateError');
      if (this.readyState !== 1) return;
      const text = String(data);
      const fault = side.faults.takeAckFault();
      if (fault === 'drop') return;
      const receive = () => this.connection?.receive(text);
      if (fault) setTimeout(receive, fault);
      else queueMicrotask(receive);
    }

    close(code = 1005, reason = ''): void {
      if (this.readyState >= 2) return;
      this.readyState = 2;
      queueMicrotask(() => this.finish(code, reason, true));
    }

    private attach(path: string): void {
      const hub = side.hub();
      // Frames and the close that follows them keep their order, delayed or not, as on a real socket.
      let delayMs = 0;
      const later = (deliver: () => void) =>
        delayMs > 0 ? setTimeout(deliver, delayMs) : queueMicrotask(deliver);
      try {
        this.connection = hub.connect(path, {
          send: (text) => {
            const fault = side.faults.takeFrameFault(text);
            if (fault === 'drop') return;
            delayMs = fault ?? 0;
            later(() => this.readyState === 1 && this.emit('message', messageEvent(text)));
          },
          close: (code, reason) => later(() => this.readyState === 1 && this.finish(code, reason, true)),
          terminate: () => this.finish(1006, '', false),
        });
      } catch (error) {
        // As the server does: a socket the hub fails to attach is closed, never thrown into the page.
        logSafely(hub.options.log, `failed to attach a socket: ${errorText(error)}`);
        this.finish(1011, 'the hub failed to attach this socket', true);
      }
    }

    private finish(code: number, reason: string, wasClean: boolean): void {
      if (this.readyState === 3) return;
      this.readyState = 3;
      side.sockets.delete(this.handle);
      this.connection?.closed();
      this.emit('close', closeEvent(code, reason, wasClean));
    }

    private emit(type: 'open' | 'message' | 'close' | 'error', event: Event): void {
      this.dispatchEvent(event);
      const handler = this[`on${type}`] as ((event: Event) => void) | null;
      handler?.call(this, event);
    }
  }
  return LoopbackWebSocket as unknown as typeof globalThis.WebSocket;
}

function messageEvent(data: string): MessageEvent {
  if (typeof MessageEvent === 'function') return new MessageEvent('message', { data });
  return Object.assign(new Event('message'), { data }) as MessageEvent;
}

function closeEvent(code: number, reason: string, wasClean: boolean): CloseEvent {
  if (typeof CloseEvent === 'function') return new CloseEvent('close', { code, reason, wasClean });
  return Object.assign(new Event('close'), { code, reason, wasClean }) as CloseEvent;
}
