import { describe, expect, it } from 'vitest';
import { specExample } from '../fixtures/spec.ts';
import { clientsForEachTest } from '../support/clients.ts';
import { installFakeClock, ON_FAKE_TIME, tick } from '../support/clock.ts';
import { createFakeHub } from '../support/fake-hubs.ts';
import type { FakeSocket } from '../support/fake-sockets.ts';

const TOPIC = 'topic-spacing-0001';

installFakeClock();
const { clientFor } = clientsForEachTest({
  topic: TOPIC,
  events: ['Patient-open', 'DiagnosticReport-open', 'DiagnosticReport-update'],
  ...ON_FAKE_TIME,
});

/** A fake hub that never echoes publishes, and its client following reports and patients. */
function connectedClient() {
  const hub = createFakeHub(TOPIC);
  const client = clientFor(hub, { echoTimeoutMs: 1000 });
  client.connect();
  const fetchTimes = (start: number) =>
    hub.calls.filter((call) => call.method === 'GET').map((call) => call.time - start);
  return { hub, client, fetchTimes };
}

/** The guide's report open at `versionId`, and an update claiming to follow `priorVersionId`. */
function reportEvents(versionId: string, priorVersionId: string) {
  const open = specExample('diagnosticreport-open');
  open.event['hub.topic'] = TOPIC;
  open.event['context.versionId'] = versionId;
  open.timestamp = new Date().toISOString();
  const update = specExample('diagnosticreport-update-1');
  update.event['hub.topic'] = TOPIC;
  update.event['context.versionId'] = `${priorVersionId}-next`;
  update.event['context.priorVersionId'] = priorVersionId;
  return { open, update };
}

describe('when the client fetches the hub context', () => {
  it('spaces a fetch for a report’s unknown content or a version gap 100 ms after the last one ended', async () => {
    const { hub, fetchTimes } = connectedClient();
    const start = Date.now();
    await tick(0);
    const { open, update } = reportEvents('v1', 'v-missed');
    (hub.sockets[0] as FakeSocket).message(open);
    (hub.sockets[0] as FakeSocket).message(update);
    await tick(99);
    expect(fetchTimes(start)).toEqual([0]);
    await tick(1);
    expect(fetchTimes(start)).toEqual([0, 100]);
  });

  it('runs resync() at once, even right after a fetch of its own', async () => {
    const { client, fetchTimes } = connectedClient();
    const start = Date.now();
    await tick(0);
    await client.resync();
    await client.resync();
    expect(fetchTimes(start)).toEqual([0, 0, 0]);
  });

  it('fetches at once when the echo of an accepted publish does not come within echoTimeoutMs, resolving it unechoed', async () => {
    const { client, fetchTimes } = connectedClient();
    const start = Date.now();
    await tick(0);
    const patient = specExample('patient-open').event.context as never;
    const result = client.publish('Patient-open', patient, { id: 'never-echoed' });
    await tick(999);
    await client.resync();
    await tick(1);
    expect(await result).toMatchObject({ id: 'never-echoed', status: 202, echoed: false });
    expect(fetchTimes(start)).toEqual([0, 999, 1000]);
  });
});
