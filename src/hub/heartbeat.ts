import type { FhircastNotification } from '../protocol/types.ts';
import { randomUuid } from './options.ts';

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
