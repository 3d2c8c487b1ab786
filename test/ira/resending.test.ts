import { describe, expect, it } from 'vitest';
import { RESEND_AFTER_MS } from '../../src/core/publish.ts';
import { createPublishers } from '../../src/core/publishers.ts';
import { patients } from '../../src/storybook/samples.ts';
import { clientsForEachTest } from '../support/clients.ts';
import { installFakeClock, ON_FAKE_TIME, tick } from '../support/clock.ts';

const TOPIC = 'ira-resending';
const EVENTS = ['Patient-open', 'syncerror'];

installFakeClock();
const { clientFor, loopback } = clientsForEachTest({ topic: TOPIC, events: EVENTS, ...ON_FAKE_TIME });

/** The bodies of the publishes a recorded fetch saw, parsed. */
const published = (calls: readonly { method: string; form: unknown; body: string }[]) =>
  calls.filter((call) => call.method === 'POST' && !call.form).map((call) => JSON.parse(call.body));

describe('sending an event again', () => {
  it('resends with the same id when no answer came, and the hub applies it once [IRA-RAD-156-same-id-on-no-response]', async () => {
    let lose = 1;
    // The first publish reaches the hub, but its answer is lost on the way back.
    const peer = loopback({}, (call) => {
      if (call.method !== 'POST' || call.form || lose-- <= 0) return undefined;
      return (async () => {
        throw new TypeError('connection reset');
      })();
    });
    const ehr = clientFor(peer, { subscriberName: 'ehr', publishRetries: 1 });
    const viewer = clientFor(peer, { subscriberName: 'viewer' });
    ehr.connect();
    viewer.connect();
    await tick(1);
    const result = createPublishers(ehr).openPatient(patients.rivera as never);
    await tick(1000);
    const bodies = published(peer.calls);
    expect(bodies).toHaveLength(2);
    expect(bodies[1]).toEqual(bodies[0]);
    expect((await result).status).toBe(202);
    const opens = viewer.store.getState().log.filter((entry) => entry.name === 'Patient-open');
    expect(opens.map((entry) => entry.id)).toEqual([bodies[0].id]);
    const notes = ehr.store
      .getState()
      .log.filter((entry) => entry.direction === 'out')
      .map((entry) => entry.note);
    expect(notes).toEqual([
      'FhircastError: could not reach the hub (publish): connection reset; sending it again with the same id',
      undefined,
    ]);
  });

  it('never resends an event the hub answered, whatever the status', async () => {
    const peer = loopback({}, (call) =>
      call.method === 'POST' && !call.form ? new Response('busy', { status: 503 }) : undefined,
    );
    const ehr = clientFor(peer, { subscriberName: 'ehr', publishRetries: 3 });
    ehr.connect();
    await tick(1);
    await expect(createPublishers(ehr).openPatient(patients.rivera as never)).rejects.toThrow(
      'HTTP 503: busy',
    );
    expect(published(peer.calls)).toHaveLength(1);
  });

  it('sends a refused event again 10 s later with its original timestamp and a new id [IRA-RAD-156-new-id-after-error] [FC-2.6-resend-original-timestamp]', async () => {
    const peer = loopback();
    const ehr = clientFor(peer, { subscriberName: 'ehr' });
    const viewer = clientFor(peer, { subscriberName: 'viewer' });
    let refuse = true;
    viewer.on('Patient-open', () => (refuse ? 409 : undefined));
    ehr.connect();
    viewer.connect();
    await tick(1);
    const publishing = createPublishers(ehr).openPatient(patients.rivera as never, { resendRefused: true });
    await tick(100);
    const first = await publishing;
    const refusal = await first.refusal;
    expect(refusal).toMatchObject({ eventId: first.id, subscriberName: 'viewer', own: true });
    refuse = false;
    await tick((refusal?.time ?? 0) + RESEND_AFTER_MS - Date.now() - 1);
    expect(published(peer.calls)).toHaveLength(1);
    await tick(1);
    const [original, resent] = published(peer.calls);
    expect(resent.id).not.toBe(original.id);
    expect(resent.timestamp).toBe(original.timestamp);
    expect(resent.event).toEqual(original.event);
    expect(viewer.store.getState().anchors.Patient?.ref).toBe(`Patient/${patients.rivera.id}`);
  });
});
