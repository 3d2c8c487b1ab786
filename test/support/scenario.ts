import { specExample } from '../fixtures/spec.ts';
import type { HubAccess } from './clients.ts';

/** One step of a transcript: an HTTP answer or a frame received on the socket. */
export type TranscriptEntry = { step: string; status: number; body: unknown } | { frame: unknown };

/**
 * Drives one full session (subscribe, connect, publish, update, select, get context, errors, unsubscribe)
 * and returns what the hub answered and sent, with random values (endpoints, versionIds, generated ids)
 * replaced by stable placeholders so transcripts from two hubs can be compared.
 */
export async function runScenario(access: HubAccess): Promise<TranscriptEntry[]> {
  const topic = 'scenario-topic';
  const transcript: TranscriptEntry[] = [];
  const call = async (step: string, path: string, init?: RequestInit) => {
    const response = await access.fetch(`${access.url}${path}`, init);
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    const body = type.startsWith('application/json') ? JSON.parse(text) : text;
    transcript.push({ step, status: response.status, body });
    return body;
  };
  const form = (fields: Record<string, string>): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  const json = (body: unknown): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const events =
    'Patient-open,DiagnosticReport-open,DiagnosticReport-update,DiagnosticReport-select,syncerror';
  const subscription = { 'hub.channel.type': 'websocket', 'hub.topic': topic, 'hub.events': events };
  const subscribed = await call('subscribe', '', form({ ...subscription, 'hub.mode': 'subscribe' }));
  await call(
    'subscribe with webhook',
    '',
    form({ ...subscription, 'hub.mode': 'subscribe', 'hub.channel.type': 'webhook' }),
  );
  const endpoint = (subscribed as Record<string, string>)['hub.channel.endpoint'] as string;

  const socket = new access.WebSocket(endpoint);
  const frames: unknown[] = [];
  let wake = () => {};
  socket.addEventListener('message', (event) => {
    const frame = JSON.parse(String(event.data)) as { id?: string; event?: unknown };
    frames.push(frame);
    transcript.push({ frame });
    if (frame.event) socket.send(JSON.stringify({ id: frame.id, status: 200 }));
    wake();
  });
  const closed = new Promise<number>((resolve) =>
    socket.addEventListener('close', (event) => resolve(event.code)),
  );
  const framesReach = async (count: number) => {
    while (frames.length < count) await new Promise<void>((resolve) => (wake = resolve));
  };
  await framesReach(1);

  const withTopic = (name: string, changes: Record<string, unknown> = {}) => {
    const example = specExample(name);
    return { ...example, event: { ...example.event, 'hub.topic': topic, ...changes } };
  };
  await call('publish Patient-open', '', json(withTopic('patient-open')));
  await call('publish DiagnosticReport-open', '', json(withTopic('diagnosticreport-open')));
  const opened = (await call('get context', `/${topic}`)) as Record<string, string>;
  await call(
    'stale update',
    '',
    json(withTopic('diagnosticreport-update-1', { 'context.versionId': 'stale' })),
  );
  const version = opened['context.versionId'];
  await call('update', '', json(withTopic('diagnosticreport-update-1', { 'context.versionId': version })));
  await call('select', '', json(withTopic('diagnosticreport-select')));
  await framesReach(5);
  await call('get context after update', `/${topic}`);
  await call('discovery', '/.well-known/fhircast-configuration');
  await call('get unknown topic', '/never-used');
  await call('invalid JSON', '', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{',
  });
  await call(
    'unsubscribe',
    '',
    form({ ...subscription, 'hub.mode': 'unsubscribe', 'hub.channel.endpoint': endpoint }),
  );
  transcript.push({ step: 'socket closed', status: await closed, body: '' });
  return normalize(transcript);
}

const RANDOM_FIELDS = new Set(['hub.channel.endpoint', 'context.versionId', 'context.priorVersionId']);

function normalize(transcript: TranscriptEntry[]): TranscriptEntry[] {
  const names = new Map<string, string>();
  const placeholder = (value: string) => {
    if (!names.has(value)) names.set(value, `<random ${names.size + 1}>`);
    return names.get(value) as string;
  };
  const walk = (value: unknown, key?: string): unknown => {
    if (typeof value === 'string' && key && RANDOM_FIELDS.has(key)) return placeholder(value);
    if (Array.isArray(value)) return value.map((item) => walk(item));
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, walk(item, name)]));
    }
    return value;
  };
  return transcript.map((entry) => walk(entry) as TranscriptEntry);
}
