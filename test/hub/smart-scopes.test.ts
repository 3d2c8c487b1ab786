import { describe, expect, it } from 'vitest';
import type { RunningHub } from '../../src/hub/index.ts';
import { grantableScopes, permits } from '../../src/hub/smart/scopes.ts';
import { ManualClock } from '../support/clock.ts';
import { freshTopic, postForm } from '../support/hub-requests.ts';
import { launchToken, smartHubsForEachTest, smartOf, testPatient } from '../support/smart-client.ts';

const smartHub = smartHubsForEachTest();

/** A token the hub issued for `scope` through the whole OAuth flow, as an Authorization header. */
async function bearer(hub: RunningHub, scope: string): Promise<Record<string, string>> {
  const token = await launchToken(hub, { scope });
  return { authorization: `Bearer ${token.access_token}` };
}

const subscribeTo = (hub: RunningHub, events: string, headers: Record<string, string>, topic?: string) =>
  postForm(
    hub.url,
    { 'hub.topic': topic ?? smartOf(hub).topic, 'hub.events': events, 'subscriber.name': 'scoped-app' },
    headers,
  );

const publishOpen = (hub: RunningHub, headers: Record<string, string>, topic?: string) =>
  fetch(hub.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({
      timestamp: new Date().toISOString(),
      id: crypto.randomUUID(),
      event: {
        'hub.topic': topic ?? smartOf(hub).topic,
        'hub.event': 'Patient-open',
        context: [{ key: 'patient', resource: testPatient('p-scope', 'Scoped') }],
      },
    }),
  });

describe('FHIRcast scopes on the development hub', () => {
  it('lets a token subscribe to the events its read scopes name', async () => {
    const hub = await smartHub();
    const headers = await bearer(hub, 'fhircast/Patient-open.read fhircast/patient-close.read');
    expect((await subscribeTo(hub, 'Patient-open,Patient-close', headers)).status).toBe(202);
  });

  it('refuses a subscription with 403 naming the read scope an event lacks', async () => {
    const hub = await smartHub();
    const headers = await bearer(hub, 'fhircast/Patient-open.read');
    const answer = await subscribeTo(hub, 'Patient-open,ImagingStudy-open', headers);
    expect(answer.status).toBe(403);
    expect(await answer.text()).toBe(
      'The token lacks the scope fhircast/ImagingStudy-open.read, which subscribing to ImagingStudy-open needs (granted: fhircast/Patient-open.read)',
    );
  });

  it('refuses a publish with 403 naming the write scope, and accepts it with a wildcard write scope', async () => {
    const hub = await smartHub();
    const readOnly = await publishOpen(hub, await bearer(hub, 'fhircast/Patient-open.read'));
    expect(readOnly.status).toBe(403);
    expect(await readOnly.text()).toMatch(
      /^The token lacks the scope fhircast\/Patient-open\.write, which publishing Patient-open needs/,
    );
    expect((await publishOpen(hub, await bearer(hub, 'fhircast/*.write'))).status).toBe(202);
  });

  it('needs no scope for sync errors, which the hub sends every subscriber', async () => {
    const hub = await smartHub();
    const headers = await bearer(hub, 'fhircast/Patient-open.read');
    expect((await subscribeTo(hub, 'Patient-open,SyncError', headers)).status).toBe(202);
  });

  it('needs a read scope to get the current context', async () => {
    const hub = await smartHub();
    const context = (headers: Record<string, string>) =>
      fetch(`${hub.url}/${smartOf(hub).topic}`, { headers });
    expect((await context(await bearer(hub, 'fhircast/Patient-open.read'))).status).toBe(200);
    const writeOnly = await context(await bearer(hub, 'fhircast/Patient-open.write'));
    expect(writeOnly.status).toBe(403);
    expect(await writeOnly.text()).toMatch(/no FHIRcast read scope/);
  });

  it('holds a token to its own session', async () => {
    const hub = await smartHub();
    const headers = await bearer(hub, 'fhircast/*.*');
    const other = freshTopic();
    expect((await subscribeTo(hub, 'Patient-open', headers, other)).status).toBe(403);
    const publish = await publishOpen(hub, headers, other);
    expect(publish.status).toBe(403);
    expect(await publish.text()).toMatch(/issued for another session/);
  });

  it('refuses a token it never issued, and one that expired, with 401', async () => {
    const clock = new ManualClock();
    const hub = await smartHub({ clock });
    expect((await subscribeTo(hub, 'Patient-open', { authorization: 'Bearer made-up' })).status).toBe(401);
    const headers = await bearer(hub, 'fhircast/Patient-open.read');
    expect((await subscribeTo(hub, 'Patient-open', headers)).status).toBe(202);
    clock.advance(3601_000);
    expect((await subscribeTo(hub, 'Patient-open', headers)).status).toBe(401);
  });

  it('keeps full access for configured tokens, and for callers without a token on a hub that asks none', async () => {
    const open = await smartHub();
    expect((await publishOpen(open, {})).status).toBe(202);
    expect((await subscribeTo(open, 'DiagnosticReport-open', {})).status).toBe(202);
    const guarded = await smartHub({ tokens: ['static-token'] });
    expect((await publishOpen(guarded, {})).status).toBe(401);
    const configured = { authorization: 'Bearer static-token' };
    expect((await publishOpen(guarded, configured, freshTopic())).status).toBe(202);
    expect((await subscribeTo(guarded, 'DiagnosticReport-open', configured, freshTopic())).status).toBe(202);
  });

  it('lets a hub without smart ignore tokens as before', async () => {
    const plain = await smartHub({ smart: false });
    const answer = await postForm(
      plain.url,
      { 'hub.topic': freshTopic(), 'hub.events': 'Patient-open' },
      { authorization: 'Bearer anything' },
    );
    expect(answer.status).toBe(202);
  });
});

describe('reading FHIRcast scopes', () => {
  it('follows the guide’s syntax: an event or *, then read, write or *, names in any case', () => {
    expect(permits(['fhircast/Patient-open.read'], 'Patient-open', 'read')).toBe(true);
    expect(permits(['fhircast/patient-open.read'], 'Patient-open', 'read')).toBe(true);
    expect(permits(['fhircast/Patient-open.read'], 'Patient-open', 'write')).toBe(false);
    expect(permits(['fhircast/Patient-open.*'], 'Patient-open', 'write')).toBe(true);
    expect(permits(['fhircast/*.read'], 'DiagnosticReport-update', 'read')).toBe(true);
    expect(permits(['fhircast/com.example.thing-happen.write'], 'com.example.thing-happen', 'write')).toBe(
      true,
    );
    expect(permits(['patient/*.read', 'fhircast/Patient-open.readx'], 'Patient-open', 'read')).toBe(false);
  });

  it('grants the FHIRcast, FHIR and launch scopes asked for, once each, and nothing else', () => {
    expect(
      grantableScopes(
        'launch  openid fhircast/*.read fhircast/*.read user/Patient.rs offline_access fhircast/x',
      ),
    ).toEqual(['launch', 'fhircast/*.read', 'user/Patient.rs', 'offline_access']);
  });
});
