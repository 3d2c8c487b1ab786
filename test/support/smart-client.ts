/** A SMART app's side of the OAuth flow, done by hand over HTTP against a running development hub. */
import { createHash, randomBytes } from 'node:crypto';
import { afterEach } from 'vitest';
import { type RunningHub, type StartHubOptions, startHub } from '../../src/hub/server.ts';

/** The redirect URI test apps register: a loopback page, as the hub requires. */
export const REDIRECT_URI = 'http://127.0.0.1:5199/app/';
export const CLIENT_ID = 'test-app';

/**
 * Starts development hubs with the SMART launch on demand (`smartHub(options)`), each closed after the
 * test that started it.
 */
export function smartHubsForEachTest(): (options?: StartHubOptions) => Promise<RunningHub> {
  const hubs: RunningHub[] = [];
  afterEach(async () => {
    await Promise.all(hubs.splice(0).map((hub) => hub.close()));
  });
  return async (options = {}) => {
    const hub = await startHub({ smart: true, ...options });
    hubs.push(hub);
    return hub;
  };
}

/** A PKCE verifier and its S256 challenge. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** The running hub's SMART launch, failing the test when it was started without one. */
export function smartOf(hub: RunningHub) {
  if (!hub.smart) throw new Error('the hub was started without smart: true');
  return hub.smart;
}

/** Asks the launch page's endpoint for a launch id, as the EHR page does before opening an app. */
export async function newLaunch(hub: RunningHub): Promise<string> {
  const answer = await fetch(smartOf(hub).launchUrl, { method: 'POST' });
  if (answer.status !== 201)
    throw new Error(`POST /launch answered ${answer.status}: ${await answer.text()}`);
  return ((await answer.json()) as { launch: string }).launch;
}

/** The parameters of an authorization request, valid unless a test overrides some (`undefined` drops one). */
export function authorizeParams(
  hub: RunningHub,
  challenge: string,
  overrides: Record<string, string | undefined> = {},
) {
  const params: Record<string, string | undefined> = {
    response_type: 'code',
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT_URI,
    scope: 'launch fhircast/Patient-open.read fhircast/Patient-close.read patient/Patient.read',
    state: 'state-123',
    aud: smartOf(hub).fhirBaseUrl,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...overrides,
  };
  return new URLSearchParams(
    Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

/** GETs /authorize without following the redirect; answers the status and where it redirects to. */
export async function authorize(hub: RunningHub, params: URLSearchParams) {
  const answer = await fetch(`${hub.origin}/authorize?${params}`, { redirect: 'manual' });
  const location = answer.headers.get('location');
  return {
    status: answer.status,
    location: location ? new URL(location) : undefined,
    text: await answer.text(),
  };
}

/** POSTs a form to /token; answers the status and the JSON body. */
export async function tokenCall(hub: RunningHub, fields: Record<string, string>) {
  const answer = await fetch(`${hub.origin}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  return {
    status: answer.status,
    body: (await answer.json()) as Record<string, unknown>,
    headers: answer.headers,
  };
}

/** Runs the whole flow (authorize, then exchange the code) and answers the token response. */
export async function launchToken(hub: RunningHub, overrides: Record<string, string | undefined> = {}) {
  const { verifier, challenge } = pkcePair();
  const { location } = await authorize(hub, authorizeParams(hub, challenge, overrides));
  const code = location?.searchParams.get('code');
  if (!code) throw new Error(`authorize did not give a code: ${location}`);
  const answer = await tokenCall(hub, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT_URI,
    client_id: CLIENT_ID,
    code_verifier: verifier,
  });
  if (answer.status !== 200)
    throw new Error(`token answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** A Patient the tests' EHR opens: synthetic. */
export function testPatient(id: string, family: string) {
  return { resourceType: 'Patient', id, name: [{ family, given: ['Test'] }] };
}

/** Publishes `Patient-open` on the launch page's session, as the EHR page does (`headers` may carry a token). */
export async function ehrOpens(
  hub: RunningHub,
  patient: Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  const answer = await fetch(hub.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({
      timestamp: new Date().toISOString(),
      id: crypto.randomUUID(),
      event: {
        'hub.topic': smartOf(hub).topic,
        'hub.event': 'Patient-open',
        context: [{ key: 'patient', resource: patient }],
      },
    }),
  });
  if (answer.status !== 202)
    throw new Error(`the EHR's publish answered ${answer.status}: ${await answer.text()}`);
}
