import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFhircastClient, type FhircastClient } from '../../src/core/client.ts';
import { deepExtensionOpen, depthOf, patientOpen } from '../fixtures/hostile-frames.ts';
import { createFakeHub } from '../support/fake-hubs.ts';
import type { FakeSocket } from '../support/fake-sockets.ts';
import { waitForState } from '../support/store.ts';

const TOPIC = 'fuzzed-topic-0001';
let client: FhircastClient;
let socket: FakeSocket;

beforeEach(async () => {
  const hub = createFakeHub(TOPIC);
  client = createFhircastClient({
    hubUrl: hub.url,
    topic: TOPIC,
    events: ['Patient-open', 'Patient-close', 'DiagnosticReport-update', 'syncerror'],
    fetch: hub.fetch,
    WebSocket: hub.WebSocket,
  });
  client.connect();
  await waitForState(client.store, (state) => state.status === 'connected');
  socket = hub.sockets[0] as FakeSocket;
});
afterEach(() => client.disconnect());

const anyJson = fc.jsonValue({ maxDepth: 4 });
const field = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.constant(null), anyJson);
const eventName = fc.oneof(
  fc.constantFrom('Patient-open', 'patient-close', 'DiagnosticReport-update', 'heartbeat', 'syncerror'),
  fc.string({ maxLength: 12 }),
);
const topic = fc.constantFrom(TOPIC, 'another-topic', undefined);

/** Frames a hostile hub might send, as text: garbage, any JSON, event-shaped with wrong types, deep. */
const frames = fc.oneof(
  fc.string({ maxLength: 200 }),
  anyJson.map((value) => JSON.stringify(value)),
  fc
    .record({ id: field, name: eventName, topic, context: fc.oneof(field, fc.array(anyJson)) })
    .map(({ id, name, topic: hubTopic, context }) =>
      JSON.stringify({
        id,
        timestamp: '2026-01-01T00:00:00Z',
        event: { 'hub.topic': hubTopic, 'hub.event': name, context },
      }),
    ),
  fc
    .record({ id: fc.string({ maxLength: 12 }), levels: fc.integer({ min: 0, max: 200 }) })
    .map(({ id, levels }) => deepExtensionOpen(TOPIC, id, levels)),
  fc.string({ minLength: 1, maxLength: 12 }).map((id) => JSON.stringify(patientOpen(TOPIC, id, 'p', 'Fuzz'))),
);

/** The top-level id of a frame that is a JSON object with no `hub.mode`, which a client owes an ack. */
function idOwedAnAck(text: string): string | undefined {
  try {
    const message: unknown = JSON.parse(text);
    if (message === null || typeof message !== 'object' || Array.isArray(message)) return undefined;
    const { id } = message as Record<string, unknown>;
    return typeof id === 'string' && id !== '' ? id : undefined;
  } catch {
    return undefined;
  }
}

const isHubMode = (text: string) => text.includes('"hub.mode"');

describe('a client fed arbitrary frames', () => {
  it('answers every frame: an ack for each one with an id, a log entry for each but a heartbeat, both agreeing [FC-2.5-ack-every-event]', () => {
    fc.assert(
      fc.property(
        frames.filter((text) => !isHubMode(text)),
        (text) => {
          const sentBefore = socket.sent.length;
          const seqBefore = client.store.getState().log.at(-1)?.seq ?? 0;
          socket.message(text);
          const acks = socket.sent.slice(sentBefore) as { id: string; status: number }[];
          const entries = client.store.getState().log.filter((entry) => entry.seq > seqBefore);
          const id = idOwedAnAck(text);
          expect(acks.map((ack) => ack.id)).toEqual(id === undefined ? [] : [id]);
          expect(entries.length).toBeLessThanOrEqual(1);
          if (id !== undefined && depthOf(JSON.parse(text)) > 100) expect(acks[0]?.status).toBe(400);
          const [ack] = acks;
          const [entry] = entries;
          if (!entry) {
            expect(ack?.status).toBe(200);
            expect(JSON.parse(text).event['hub.event'].toLowerCase()).toBe('heartbeat');
          } else if (ack) {
            expect([entry.id, entry.status]).toEqual([ack.id, ack.status]);
          } else {
            expect(entry.name).toBe('invalid');
          }
          expect(client.store.getState().status).toBe('connected');
        },
      ),
      { numRuns: 1500 },
    );
  });
});
