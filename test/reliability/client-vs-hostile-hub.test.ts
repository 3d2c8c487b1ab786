import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFhircastClient, type FhircastClient } from '../../src/core/client.ts';
import type { FhircastState } from '../../src/core/store.ts';
import { deepExtensionOpen, hostileFrames, patientOpen } from '../fixtures/hostile-frames.ts';
import { type HostileHub, startHostileHub } from '../support/hostile-hub.ts';
import { waitForState } from '../support/store.ts';

const TOPIC = 'hostile-topic-0001';
let hub: HostileHub;
let client: FhircastClient;

beforeEach(async () => {
  hub = await startHostileHub(TOPIC);
  client = createFhircastClient({
    hubUrl: hub.url,
    topic: TOPIC,
    events: ['Patient-open', 'Patient-close', 'DiagnosticReport-open', 'DiagnosticReport-update'],
    subscriberName: 'target',
  });
  client.connect();
  await hub.connected();
  // The first resync after connecting reads the hostile hub's (empty) context; let it land first.
  await waitForState(
    client.store,
    (state) => state.status === 'connected' && state.log.some((entry) => entry.name === 'resync'),
  );
});
afterEach(async () => {
  await client.disconnect();
  await hub.close();
});

const contextOf = ({ anchors, current, versionId, content, selection, setAt, retained }: FhircastState) => ({
  anchors,
  current,
  versionId,
  content,
  selection,
  setAt,
  retained,
});
const patientFamily = (state: FhircastState) =>
  (state.anchors.Patient?.context[0]?.resource as { name?: { family?: string }[] } | undefined)?.name?.[0]
    ?.family;

/** An event no app knows: acknowledged with 200 and changing nothing, so its ack marks "all read". */
const sentinel = (id: string) => ({
  timestamp: new Date().toISOString(),
  id,
  event: { 'hub.topic': TOPIC, 'hub.event': 'Worklist-refresh', context: [] },
});

describe('a malicious hub', () => {
  it('cannot change the context, pollute prototypes or stop the client with hostile frames', async () => {
    hub.send(patientOpen(TOPIC, 'legit', 'a', 'Able'));
    await waitForState(client.store, (state) => patientFamily(state) === 'Able');
    await hub.waitForAcks(1);
    const before = contextOf(client.store.getState());
    const logBefore = client.store.getState().log.length;

    const frames = hostileFrames(TOPIC);
    for (const { frame } of frames) hub.send(frame);
    hub.send(sentinel('sentinel'));
    const expected = frames.filter((f) => f.ack !== undefined).length + 2;
    await hub.waitForAcks(expected, 20_000);

    expect(hub.acks).toEqual([
      { id: 'legit', status: 200 },
      ...frames.flatMap(({ frame, ack }) =>
        ack === undefined
          ? []
          : [{ id: (typeof frame === 'string' ? JSON.parse(frame) : frame).id, status: ack }],
      ),
      { id: 'sentinel', status: 200 },
    ]);
    const after = client.store.getState();
    expect(contextOf(after)).toEqual(before);
    expect(after.status).toBe('connected');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');

    const entries = after.log.slice(logBefore);
    expect(entries).toHaveLength(frames.length + 1);
    expect(entries.slice(0, -1).every((entry) => entry.status === undefined || entry.status === 400)).toBe(
      true,
    );
    for (const entry of entries) {
      expect(typeof entry.raw).toBe('string');
      expect((entry.raw as string).length).toBeLessThanOrEqual(64 * 1024 + 40);
    }
    const enormous = entries.find((entry) => entry.id === 'enormous');
    expect(enormous?.raw).toMatch(/… \(\d+ more characters\)$/);
    expect(enormous?.note).toContain('Patient-open');
  });

  it('refuses a Patient-open nested 10,000 extensions deep with a 400 ack and a log entry naming the limit', async () => {
    hub.send(patientOpen(TOPIC, 'legit', 'a', 'Able'));
    await waitForState(client.store, (state) => patientFamily(state) === 'Able');
    const before = contextOf(client.store.getState());
    const frame = deepExtensionOpen(TOPIC, 'deep', 10_000);
    expect(frame.length).toBeGreaterThan(450_000);
    hub.send(frame);
    hub.send(sentinel('after-deep'));
    await hub.waitForAcks(3);
    expect(hub.acks).toEqual([
      { id: 'legit', status: 200 },
      { id: 'deep', status: 400 },
      { id: 'after-deep', status: 200 },
    ]);
    const state = client.store.getState();
    expect(contextOf(state)).toEqual(before);
    expect(state.status).toBe('connected');
    const entry = state.log.find((item) => item.id === 'deep');
    expect(entry).toMatchObject({ name: 'invalid', status: 400, note: 'frame nests deeper than 100 levels' });
  });

  it('refuses a valid event longer than 16 MiB with a 413 ack, never parsing it into state', async () => {
    hub.send(patientOpen(TOPIC, 'legit', 'a', 'Able'));
    await waitForState(client.store, (state) => patientFamily(state) === 'Able');
    const before = contextOf(client.store.getState());
    const huge = patientOpen(TOPIC, 'huge', 'h', 'H'.repeat(17 * 1024 * 1024));
    hub.send(huge);
    hub.send(sentinel('after-huge'));
    await hub.waitForAcks(3, 20_000);
    expect(hub.acks).toEqual([
      { id: 'legit', status: 200 },
      { id: 'huge', status: 413 },
      { id: 'after-huge', status: 200 },
    ]);
    const state = client.store.getState();
    expect(contextOf(state)).toEqual(before);
    const entry = state.log.find((item) => item.id === 'huge');
    expect(entry).toMatchObject({
      name: 'invalid',
      status: 413,
      note: 'frame is longer than maxMessageLength (16777216 characters)',
    });
    expect(entry?.raw).toMatch(/… \(\d+ more characters\)$/);
  });

  it('cannot make the client skip context by reusing event ids; each is acknowledged and applied on its merits', async () => {
    hub.send(patientOpen(TOPIC, 'same-id', 'b', 'Baker'));
    hub.send(patientOpen(TOPIC, 'same-id', 'c', 'Cole'));
    hub.send(patientOpen(TOPIC, 'same-id', 'c', 'Cole'));
    await hub.waitForAcks(3);
    expect(hub.acks).toEqual([
      { id: 'same-id', status: 200 },
      { id: 'same-id', status: 200 },
      { id: 'same-id', status: 200 },
    ]);
    expect(patientFamily(client.store.getState())).toBe('Cole');
    expect(client.store.getState().anchors.Patient?.ref).toBe('Patient/c');
  });

  it('keeps "__proto__" keys of a valid event as plain data', async () => {
    hub.send(
      JSON.stringify(patientOpen(TOPIC, 'proto-valid', 'd', 'Dale')).replace(
        '"resourceType":"Patient"',
        '"resourceType":"Patient","__proto__":{"polluted":true,"name":[{"family":"Forged"}]}',
      ),
    );
    const state = await waitForState(client.store, (s) => s.anchors.Patient?.ref === 'Patient/d');
    expect(patientFamily(state)).toBe('Dale');
    const resource = state.anchors.Patient?.context[0]?.resource as Record<string, unknown>;
    expect(Object.getPrototypeOf(resource)).toBe(Object.prototype);
    expect(resource.polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});
