/** Sockets a test controls: hand-written hub-side sockets, and instrumented subclasses of a real class. */

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
