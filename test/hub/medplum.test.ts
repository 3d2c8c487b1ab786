import { type FhircastMessagePayload, MedplumClient } from '@medplum/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningHub, startHub } from '../../src/hub/index.ts';
import { specExample } from '../fixtures/spec.ts';
import { freshTopic, subscribe } from '../support/hub-requests.ts';
import { RecordingSocket } from '../support/recording-socket.ts';

describe('a MedplumClient against the development hub', () => {
  let hub: RunningHub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.close());

  it('subscribes, connects, publishes, gets context and unsubscribes unchanged', async () => {
    const medplum = new MedplumClient({ baseUrl: `${hub.origin}/` });
    expect(medplum.getFhircastHubUrl()).toBe(`${hub.origin}/fhircast/STU3`);
    const topic = freshTopic();

    const request = await medplum.fhircastSubscribe(topic, ['Patient-open', 'DiagnosticReport-open']);
    expect(request.endpoint).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/ws\/fhircast\/[0-9a-f]{48}$/);

    const connection = medplum.fhircastConnect(request);
    const received: FhircastMessagePayload[] = [];
    const connected = new Promise<void>((resolve) => connection.addEventListener('connect', () => resolve()));
    connection.addEventListener('message', (event) => received.push(event.payload));
    await connected;

    const patient = specExample('patient-open').event.context[0]?.resource;
    const answer = await medplum.fhircastPublish(topic, 'Patient-open', {
      key: 'patient',
      resource: patient as never,
    });
    expect(answer).toMatchObject({ success: true, event: { event: { 'hub.event': 'Patient-open' } } });
    await expect.poll(() => received.map((payload) => payload.event['hub.event'])).toEqual(['Patient-open']);
    expect(received[0]?.id).toBe(answer.event.id);

    const context = await medplum.fhircastGetContext(topic);
    expect(context['context.type']).toBe('Patient');
    expect(context.context[0]).toEqual({ key: 'patient', resource: patient });

    const closed = new Promise<void>((resolve) => connection.addEventListener('disconnect', () => resolve()));
    await medplum.fhircastUnsubscribe(request);
    await closed;
    expect(hub.hub.subscriptionCount(topic)).toBe(0);
  });

  it("takes MedplumClient's acknowledgement (id and timestamp, no status) as a success", async () => {
    const short = await startHub({ ackTimeoutMs: 300 });
    try {
      const client = new MedplumClient({ baseUrl: `${short.origin}/` });
      const topic = freshTopic();
      const watcher = new RecordingSocket(await subscribe(short.url, topic, 'syncerror'));
      await watcher.frame(1);
      const request = await client.fhircastSubscribe(topic, ['Patient-open']);
      const connection = client.fhircastConnect(request);
      const received = new Promise<void>((resolve) =>
        connection.addEventListener('message', () => resolve()),
      );
      await new Promise<void>((resolve) => connection.addEventListener('connect', () => resolve()));
      const patient = specExample('patient-open').event.context[0]?.resource;
      await client.fhircastPublish(topic, 'Patient-open', { key: 'patient', resource: patient as never });
      await received;
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(watcher.events('syncerror')).toEqual([]);
      connection.disconnect();
      watcher.close();
    } finally {
      await short.close();
    }
  });
});
