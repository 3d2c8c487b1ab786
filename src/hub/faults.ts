/**
 * Test-only fault injection for the development hub. Nothing here is active unless a test asks for it:
 * counted faults disarm themselves once used; delays stay until set back to 0 or `reset()`.
 */
/** What a fault may look at to decide whether it applies to a request. */
export interface FaultRequest {
  method: string;
  url: string;
  contentType: string;
}

type HttpFault = ({ kind: 'fail'; status: number } | { kind: 'hang' }) & {
  when: (request: FaultRequest) => boolean;
};
const always = () => true;

/** Requests that subscribe or unsubscribe (form bodies). */
export const subscriptionRequests = (request: FaultRequest): boolean =>
  request.method === 'POST' && request.contentType.startsWith('application/x-www-form-urlencoded');

/** Requests that publish an event (JSON bodies). */
export const publishRequests = (request: FaultRequest): boolean =>
  request.method === 'POST' && request.contentType.includes('json');

export class HubFaults {
  #http: HttpFault[] = [];
  #dropFrames = 0;
  #delayMs = 0;
  #loseAcks = 0;
  #ackDelayMs = 0;

  /**
   * The next `count` HTTP requests that `when` accepts (default: any but CORS preflights) answer `status`
   * (401, 403, 429, 500, 503…).
   */
  failHttp(status: number, count = 1, when: (request: FaultRequest) => boolean = always): void {
    for (let i = 0; i < count; i++) this.#http.push({ kind: 'fail', status, when });
  }

  /** The next `count` HTTP requests that `when` accepts are never answered (until the hub closes). */
  hangHttp(count = 1, when: (request: FaultRequest) => boolean = always): void {
    for (let i = 0; i < count; i++) this.#http.push({ kind: 'hang', when });
  }

  /** The next `count` event frames the hub sends to subscribers are silently lost. */
  dropFrames(count = 1): void {
    this.#dropFrames += count;
  }

  /** Every frame the hub sends is delayed by `ms` (0 turns it off); order is kept. */
  delayFrames(ms: number): void {
    this.#delayMs = Math.max(0, ms);
  }

  /**
   * The next `count` frames subscribers send to the hub (their acks) are lost before the hub reads them,
   * so the hub sees those events as unacknowledged: a sync error each, and after three in a row the
   * subscriber counts as unresponsive.
   */
  loseAcks(count = 1): void {
    this.#loseAcks += count;
  }

  /** Every frame a subscriber sends reaches the hub `ms` later (0 turns it off); order is kept. */
  delayAcks(ms: number): void {
    this.#ackDelayMs = Math.max(0, ms);
  }

  /** Disarms every fault. */
  reset(): void {
    this.#http = [];
    this.#dropFrames = 0;
    this.#delayMs = 0;
    this.#loseAcks = 0;
    this.#ackDelayMs = 0;
  }

  /** The fault for the HTTP request being served, if one armed fault applies to it (then it is used up). */
  takeHttpFault(request: FaultRequest): HttpFault | undefined {
    const index = this.#http.findIndex((fault) => fault.when(request));
    return index < 0 ? undefined : this.#http.splice(index, 1)[0];
  }

  /** What happens to a frame about to be sent: `drop`, a delay in ms, or undefined (send it now). */
  takeFrameFault(text: string): 'drop' | number | undefined {
    if (this.#dropFrames > 0 && text.includes('"event"')) {
      this.#dropFrames--;
      return 'drop';
    }
    return this.#delayMs > 0 ? this.#delayMs : undefined;
  }

  /** What happens to a frame a subscriber sent: `drop`, a delay in ms, or undefined (read it now). */
  takeAckFault(): 'drop' | number | undefined {
    if (this.#loseAcks > 0) {
      this.#loseAcks--;
      return 'drop';
    }
    return this.#ackDelayMs > 0 ? this.#ackDelayMs : undefined;
  }
}
