import { describe, expect, it } from 'vitest';
import type { FhircastClient } from '../../src/core/client.ts';
import type { ClientTimers } from '../../src/core/options.ts';
import { createPublishers } from '../../src/core/publishers.ts';
import { parseCurrentContext } from '../../src/protocol/messages.ts';
import { liveHubForEachTest } from '../support/clients.ts';
import { waitForState } from '../support/store.ts';

const TOPIC = 'clock-skew';
const EVENTS = ['Patient-open', 'Patient-close'];

const live = liveHubForEachTest({ topic: TOPIC, events: EVENTS });

/** The platform's timers, with a clock that runs `offsetMs` ahead (negative: behind). */
const skewedTimers = (offsetMs: number): ClientTimers => ({
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now() + offsetMs,
});

/** An app named `name` whose clock runs `offsetMs` off, once connected. */
async function app(name: string, offsetMs = 0): Promise<FhircastClient> {
  const client = live.app(name, { timers: skewedTimers(offsetMs) });
  await waitForState(client.store, (state) => state.status === 'connected');
  return client;
}

const patient = (id: string) => ({ resourceType: 'Patient' as const, id, name: [{ family: id }] });

async function hubPatient(): Promise<string | undefined> {
  const answer = parseCurrentContext(await (await fetch(`${live.hub.url}/${TOPIC}`)).json());
  const item = answer.context.find((entry) => entry.key === 'patient');
  return item?.resource ? `Patient/${item.resource.id}` : undefined;
}

const CLOCKS = { 'an EHR 2 s fast': 2000, 'a PACS with a correct clock': 0, 'a PACS 5 min slow': -300_000 };
type Clock = keyof typeof CLOCKS;
const ORDERS: [Clock, Clock][] = [
  ['an EHR 2 s fast', 'a PACS with a correct clock'],
  ['a PACS with a correct clock', 'an EHR 2 s fast'],
  ['an EHR 2 s fast', 'a PACS 5 min slow'],
  ['a PACS 5 min slow', 'an EHR 2 s fast'],
  ['a PACS with a correct clock', 'a PACS 5 min slow'],
];

describe('publishers whose clocks disagree', () => {
  it.each(ORDERS)(
    '%s opens A, then %s opens B: the subscriber ends on B, as the hub does',
    async (first, second) => {
      const viewer = await app('viewer');
      const publishers = [await app(first, CLOCKS[first]), await app(second, CLOCKS[second])];
      const [ehr, pacs] = publishers.map(createPublishers);
      await ehr?.openPatient(patient('A'));
      await waitForState(viewer.store, (state) => state.anchors.Patient?.ref === 'Patient/A');
      await pacs?.openPatient(patient('B'));
      expect(await hubPatient()).toBe('Patient/B');
      const end = await waitForState(viewer.store, (state) => state.anchors.Patient?.ref === 'Patient/B');
      expect(end.current).toBe('Patient');
    },
  );

  it('records in the event log which publisher stamped ahead, and by how much [FC-2.5-ignore-older]', async () => {
    const viewer = await app('viewer');
    const ehr = createPublishers(await app('ehr', 2000));
    const pacs = createPublishers(await app('pacs', -300_000));
    const opened = await ehr.openPatient(patient('A'));
    await waitForState(viewer.store, (state) => state.anchors.Patient?.ref === 'Patient/A');
    await pacs.openPatient(patient('B'));
    const state = await waitForState(viewer.store, (s) => s.anchors.Patient?.ref === 'Patient/B');
    const ignored = state.log.find((entry) => entry.note?.includes('clock skew'));
    expect(ignored?.status).toBe(200);
    expect(ignored?.note).toMatch(
      /^older than the event that set the current context by 30[0-9] s: clock skew between publishers suspected; against this app's clock it was stamped 30\d s behind, Patient-open .+ \(which set the context\) [12]\.\d\d s ahead: fetching the hub's context$/,
    );
    expect(ignored?.note).toContain(opened.id.slice(0, 8));
    const replaced = state.log.filter((entry) => entry.seq > (ignored?.seq ?? 0) && entry.name === 'resync');
    expect(replaced.map((entry) => entry.note)).toEqual(["context replaced with the hub's (Patient)"]);
  });

  it('a close stamped before the open it closes still clears the context the hub cleared', async () => {
    const viewer = await app('viewer');
    const ehr = createPublishers(await app('ehr', 2000));
    const pacs = createPublishers(await app('pacs'));
    await ehr.openPatient(patient('A'));
    await waitForState(viewer.store, (state) => state.anchors.Patient?.ref === 'Patient/A');
    await pacs.closePatient(patient('A'));
    expect(await hubPatient()).toBeUndefined();
    const end = await waitForState(viewer.store, (state) => state.current === undefined);
    expect(end.anchors).toEqual({});
  });
});
