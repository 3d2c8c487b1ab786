import { afterEach, describe, expect, it } from 'vitest';
import { type RunningHub, startHub } from '../../src/hub/index.ts';
import { exampleFor } from '../fixtures/spec.ts';
import { postJson, subscribe } from '../support/hub-requests.ts';
import { LogRecorder } from '../support/log-recorder.ts';
import { RecordingSocket } from '../support/recording-socket.ts';

const TOPIC = 'storybook-workflows-radiology-reporting--measurements-7f3a';

let hub: RunningHub;
const sockets: RecordingSocket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  await hub.close();
});

async function connect(name: string, events: string, ack: ConstructorParameters<typeof RecordingSocket>[1]) {
  const socket = new RecordingSocket(
    await subscribe(hub.url, TOPIC, events, { 'subscriber.name': name }),
    ack,
  );
  sockets.push(socket);
  await socket.frame(1);
  return socket;
}

describe('the hub’s log', () => {
  it('says in one short line each subscribe, publish, refused publish, ack failure and sync error', async () => {
    const recorder = new LogRecorder();
    hub = await startHub({ log: recorder.log });
    await connect('viewer', 'Patient-open,syncerror', true);
    await connect('editor', 'Patient-open', (frame) => ({ id: frame.id, status: 409 }));
    await postJson(hub.url, exampleFor('patient-open', TOPIC));
    await recorder.next(/^syncerror/);
    await postJson(hub.url, { ...exampleFor('patient-open', TOPIC), id: undefined });

    const refusal = await recorder.next(/^refused/);
    expect(recorder.lines).toEqual([
      'subscribed viewer on stor…: 2 events, lease 3600 s',
      'subscribed editor on stor…: 1 event, lease 3600 s',
      'published Patient-open on stor… to 2 subscribers',
      'ack 409 from editor on stor… for Patient-open',
      'syncerror on stor… to 1 subscriber: editor refused Patient-open with status 409',
      refusal,
    ]);
    expect(refusal).toMatch(/^refused a publish: 400 id is required \(/);
  });

  it('says when a publisher resends an event it already accepted, which nobody hears twice', async () => {
    const recorder = new LogRecorder();
    hub = await startHub({ log: recorder.log });
    await connect('viewer', 'Patient-open', true);
    const event = exampleFor('patient-open', TOPIC);
    await postJson(hub.url, event);
    await postJson(hub.url, event);
    expect(await recorder.next(/^recognised/)).toBe(
      'recognised a resend of Patient-open on stor…: answered as before, not broadcast again',
    );
    expect(recorder.lines.filter((line) => line.startsWith('published'))).toEqual([
      'published Patient-open on stor… to 1 subscriber',
    ]);
  });

  it('says when an ack never came, and shows topics whole when asked to', async () => {
    const recorder = new LogRecorder();
    hub = await startHub({ log: recorder.log, logFullTopics: true, ackTimeoutMs: 50 });
    await connect('viewer', 'Patient-open', false);
    await postJson(hub.url, exampleFor('patient-open', TOPIC));
    expect(await recorder.next(/^no ack/)).toBe(
      `no ack from viewer on ${TOPIC} for Patient-open within 0.05 s`,
    );
    expect(recorder.lines[0]).toBe(`subscribed viewer on ${TOPIC}: 1 event, lease 3600 s`);
  });
});
