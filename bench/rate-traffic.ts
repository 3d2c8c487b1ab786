/**
 * The traffic of the sustained-rate benchmark: reports opened and updated on the development hub at a set
 * rate, and the time from each publish to its acknowledgement at the hub.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseAck } from '../src/hub/acks.ts';
import type { RunningHub } from '../src/hub/server.ts';
import type { FhircastNotification } from '../src/protocol/types.ts';
import { putUpdate } from './page-server.ts';

/** Events go out in a batch every tick, as many as the rate owes by then. */
const TICK_MS = 10;
/** Observation ids cycled through by the updates, so the shared content stays bounded. */
const OBSERVATIONS = 20;

/**
 * Times every ack the hub receives against the moment its event was published: wraps the hub's public
 * `connect` so each socket's frames pass through here first. Answers the map to record publishes in and
 * a reader of the worst latency since the last reset.
 */
export function ackTimer(hub: RunningHub): {
  sentAt: Map<string, number>;
  worst: () => number;
  reset: () => void;
} {
  const sentAt = new Map<string, number>();
  let worst = 0;
  const logic = hub.hub;
  const connect = logic.connect.bind(logic);
  logic.connect = (path, socket) => {
    const connection = connect(path, socket);
    return {
      receive: (text) => {
        const ack = parseAck(text);
        const sent = ack ? sentAt.get(ack.id) : undefined;
        if (ack && sent !== undefined) {
          worst = Math.max(worst, performance.now() - sent);
          sentAt.delete(ack.id);
        }
        connection.receive(text);
      },
      closed: () => connection.closed(),
    };
  };
  return {
    sentAt,
    worst: () => worst,
    reset: () => {
      worst = 0;
      sentAt.clear();
    },
  };
}

export function openReport(hub: RunningHub, topic: string): void {
  hub.hub.publish({
    timestamp: new Date().toISOString(),
    id: `${topic}-open`,
    event: {
      'hub.topic': topic,
      'hub.event': 'DiagnosticReport-open',
      context: [
        {
          key: 'report',
          resource: {
            resourceType: 'DiagnosticReport',
            id: 'r1',
            status: 'preliminary',
            subject: { reference: 'Patient/rate' },
          },
        },
        { key: 'patient', resource: { resourceType: 'Patient', id: 'rate', name: [{ family: 'Rate' }] } },
      ],
    },
  });
}

let serial = 0;

/** Publishes one update on `topic` carrying the hub's current versionId; throws if the hub rejects it. */
function publishUpdate(hub: RunningHub, topic: string, sentAt: Map<string, number>): void {
  const n = serial++;
  const notification: FhircastNotification = {
    timestamp: new Date().toISOString(),
    id: `${topic}-update-${n}`,
    event: {
      'hub.topic': topic,
      'hub.event': 'DiagnosticReport-update',
      'context.versionId': hub.hub.currentContext(topic)['context.versionId'],
      context: [
        { key: 'report', reference: { reference: 'DiagnosticReport/r1' } },
        putUpdate({
          resourceType: 'Observation',
          id: `o${n % OBSERVATIONS}`,
          status: 'preliminary',
          code: { text: `Measurement ${n % OBSERVATIONS}` },
          valueQuantity: { value: n, unit: 'mm' },
        }),
      ],
    },
  };
  sentAt.set(notification.id, performance.now());
  const result = hub.hub.publish(notification);
  if (result.status >= 300) throw new Error(`the hub rejected an update: ${String(result.body)}`);
}

/** Sends `rate` events per second for `ms`, in a batch every tick; answers how many and over how long. */
export async function traffic(
  hub: RunningHub,
  topic: string,
  rate: number,
  ms: number,
  sentAt: Map<string, number>,
): Promise<{ sent: number; elapsedMs: number }> {
  const total = Math.round((rate * ms) / 1000);
  const start = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
    for (; sent < due; sent++) publishUpdate(hub, topic, sentAt);
    if (sent < total) await sleep(TICK_MS);
  }
  return { sent, elapsedMs: performance.now() - start };
}
