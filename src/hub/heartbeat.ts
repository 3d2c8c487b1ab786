import type { FhircastNotification } from '../protocol/types.ts';
import { guarded } from './guard.ts';
import { type ResolvedHubOptions, randomUuid } from './options.ts';

/**
 * The legacy `heartbeat` event (May-2024 ballot) that real hubs still send: `period` in seconds as a
 * decimal, a fresh id each time, no ack expected.
 */
export function heartbeatNotification(
  topic: string,
  periodSeconds: number,
  now: number,
): FhircastNotification {
  return {
    timestamp: new Date(now).toISOString(),
    id: randomUuid(),
    event: {
      'hub.topic': topic,
      'hub.event': 'heartbeat',
      context: [{ key: 'period', decimal: String(periodSeconds) }],
    },
  };
}

/** Sends `beat` every `heartbeatSeconds` until stopped; a beat that throws is logged, and the next one still comes. */
export class Heartbeats {
  readonly #options: ResolvedHubOptions;
  readonly #beat: () => void;
  #timer: unknown;

  constructor(options: ResolvedHubOptions, beat: () => void) {
    this.#options = options;
    this.#beat = guarded(options.log, 'send heartbeats', beat);
    this.#schedule();
  }

  stop(): void {
    this.#options.clock.clearTimeout(this.#timer);
  }

  #schedule(): void {
    this.#timer = this.#options.clock.setTimeout(() => {
      this.#beat();
      this.#schedule();
    }, this.#options.heartbeatSeconds * 1000);
  }
}
