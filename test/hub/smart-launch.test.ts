import { describe, expect, it } from 'vitest';
import type { RunningHub } from '../../src/hub/index.ts';
import { ManualClock } from '../support/clock.ts';
import {
  authorize,
  authorizeParams,
  CLIENT_ID,
  ehrOpens,
  launchToken,
  newLaunch,
  pkcePair,
  REDIRECT_URI,
  smartHubsForEachTest,
  smartOf,
  testPatient,
  tokenCall,
} from '../support/smart-client.ts';

const smartHub = smartHubsForEachTest();

/** An authorization code for a fresh PKCE pair, with the verifier that redeems it. */
async function codeFor(hub: RunningHub, overrides: Record<string, string | undefined> = {}) {
  const { verifier, challenge } = pkcePair();
  const { location } = await authorize(hub, authorizeParams(hub, challenge, overrides));
  return { code: location?.searchParams.get('code') ?? '', verifier };
}

const redeem = (code: string, verifier: string, extra: Record<string, string> = {}) => ({
  grant_type: 'authorization_code',
  code,
  redirect_uri: REDIRECT_URI,
  client_id: CLIENT_ID,
  code_verifier: verifier,
  ...extra,
});

describe('the development SMART launch: discovery', () => {
  it('serves smart-configuration for its FHIR base, with PKCE S256 and the OAuth endpoints', async () => {
    const hub = await smartHub();
    const { fhirBaseUrl } = smartOf(hub);
    expect(fhirBaseUrl).toBe(`${hub.origin}/fhir`);
    const answer = await fetch(`${fhirBaseUrl}/.well-known/smart-configuration`);
    expect(answer.status).toBe(200);
    const configuration = await answer.json();
    expect(configuration).toMatchObject({
      authorization_endpoint: `${hub.origin}/authorize`,
      token_endpoint: `${hub.origin}/token`,
      code_challenge_methods_supported: ['S256'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
    });
    expect(configuration.capabilities).toEqual(expect.arrayContaining(['launch-ehr', 'launch-standalone']));
  });

  it('serves a CapabilityStatement with the OAuth URIs and the FHIRcast hub.url extension', async () => {
    const hub = await smartHub();
    const statement = await (await fetch(`${smartOf(hub).fhirBaseUrl}/metadata`)).json();
    expect(statement.resourceType).toBe('CapabilityStatement');
    const [rest] = statement.rest;
    expect(rest.extension).toEqual([
      {
        url: 'http://hl7.org/fhir/uv/fhircast/StructureDefinition/fhircast-configuration-extension',
        extension: [{ url: 'hub.url', valueUrl: hub.url }],
      },
    ]);
    const oauth = rest.security.extension[0];
    expect(oauth.url).toBe('http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris');
    expect(oauth.extension).toEqual([
      { url: 'authorize', valueUri: `${hub.origin}/authorize` },
      { url: 'token', valueUri: `${hub.origin}/token` },
    ]);
  });

  it('serves nothing of it unless started with smart', async () => {
    const plain = await smartHub({ smart: false });
    expect(plain.smart).toBeUndefined();
    expect((await fetch(`${plain.origin}/fhir/metadata`)).status).toBe(404);
    expect((await fetch(`${plain.origin}/launch`)).status).toBe(404);
  });
});

describe('the development SMART launch: authorization code with PKCE', () => {
  it('answers an EHR launch with a token carrying scope, patient, hub.url and hub.topic, and logs its approval', async () => {
    const lines: string[] = [];
    const hub = await smartHub({ log: (line) => lines.push(line) });
    await ehrOpens(hub, testPatient('p-ehr', 'Ehrlaunch'));
    const launch = await newLaunch(hub);
    const { verifier, challenge } = pkcePair();
    const { status, location } = await authorize(hub, authorizeParams(hub, challenge, { launch }));
    expect(status).toBe(302);
    expect(location?.origin + (location?.pathname ?? '')).toBe(REDIRECT_URI);
    expect(location?.searchParams.get('state')).toBe('state-123');
    const answer = await tokenCall(hub, redeem(location?.searchParams.get('code') ?? '', verifier));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.body).toEqual({
      access_token: expect.stringMatching(/^[\w-]{43}$/),
      token_type: 'Bearer',
      expires_in: 3600,
      scope: 'launch fhircast/Patient-open.read fhircast/Patient-close.read patient/Patient.read',
      patient: 'p-ehr',
      'hub.url': hub.url,
      'hub.topic': smartOf(hub).topic,
    });
    expect(lines.join('\n')).toMatch(/SMART EHR launch: approved client "test-app" .*no login/);
  });

  it('answers a standalone launch (no launch parameter) with the launch page’s session', async () => {
    const hub = await smartHub();
    const token = await launchToken(hub, { scope: 'fhircast/Patient-open.read' });
    expect(token['hub.topic']).toBe(smartOf(hub).topic);
    expect(token.patient).toBeUndefined();
    expect(token.scope).toBe('fhircast/Patient-open.read');
  });

  it('grants only scopes it knows, and gives no hub.url without a FHIRcast scope', async () => {
    const hub = await smartHub();
    const token = await launchToken(hub, { scope: 'openid fhirUser profile patient/*.read bogus' });
    expect(token.scope).toBe('patient/*.read');
    expect(token['hub.url']).toBeUndefined();
    expect(token['hub.topic']).toBeUndefined();
  });

  it('redeems a code once only', async () => {
    const hub = await smartHub();
    const { code, verifier } = await codeFor(hub);
    expect((await tokenCall(hub, redeem(code, verifier))).status).toBe(200);
    const again = await tokenCall(hub, redeem(code, verifier));
    expect(again).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'the code is unknown, expired or already used' },
    });
  });

  it('lets a code expire after 60 s', async () => {
    const clock = new ManualClock();
    const hub = await smartHub({ clock });
    const { code, verifier } = await codeFor(hub);
    clock.advance(61_000);
    const late = await tokenCall(hub, redeem(code, verifier));
    expect(late).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it.each([
    ['a wrong verifier', { code_verifier: 'x'.repeat(43) }, 'invalid_grant', /code_verifier does not match/],
    [
      'another redirect_uri',
      { redirect_uri: 'http://127.0.0.1:5199/other/' },
      'invalid_grant',
      /redirect_uri/,
    ],
    ['another client', { client_id: 'someone-else' }, 'invalid_grant', /another client_id/],
    ['an unknown grant type', { grant_type: 'password' }, 'unsupported_grant_type', /grant_type/],
  ])('refuses a code exchange with %s', async (_, change, error, description) => {
    const hub = await smartHub();
    const { code, verifier } = await codeFor(hub);
    const answer = await tokenCall(hub, redeem(code, verifier, change));
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe(error);
    expect(answer.body.error_description).toMatch(description);
  });

  it('refuses a code exchange without client_id as invalid_client, and a JSON body as invalid_request', async () => {
    const hub = await smartHub();
    const { code, verifier } = await codeFor(hub);
    const { client_id: _, ...noClient } = redeem(code, verifier);
    expect((await tokenCall(hub, noClient)).body.error).toBe('invalid_client');
    const json = await fetch(`${hub.origin}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(json.status).toBe(400);
    expect((await json.json()).error).toBe('invalid_request');
  });

  it.each([
    [
      'an aud that is not its FHIR base',
      { aud: 'https://fhir.example.org/r4' },
      'invalid_request',
      /aud must be/,
    ],
    ['no PKCE', { code_challenge: undefined, code_challenge_method: undefined }, 'invalid_request', /PKCE/],
    ['PKCE plain', { code_challenge_method: 'plain' }, 'invalid_request', /S256/],
    ['an unknown launch', { launch: 'made-up' }, 'invalid_request', /launch is unknown or expired/],
    ['response_type token', { response_type: 'token' }, 'unsupported_response_type', /code/],
  ])('sends the app back an OAuth error (with its state) for %s', async (_, change, error, description) => {
    const hub = await smartHub();
    const { challenge } = pkcePair();
    const { status, location } = await authorize(hub, authorizeParams(hub, challenge, change));
    expect(status).toBe(302);
    expect(location?.searchParams.get('error')).toBe(error);
    expect(location?.searchParams.get('error_description')).toMatch(description);
    expect(location?.searchParams.get('state')).toBe('state-123');
    expect(location?.searchParams.get('code')).toBeNull();
  });

  it.each([
    ['a redirect_uri on another site', { redirect_uri: 'https://evil.example/callback' }, /does not serve/],
    ['no client_id', { client_id: undefined }, /client_id is required/],
    ['a redirect_uri that is not a URL', { redirect_uri: 'not a url' }, /redirect_uri is required/],
  ])('answers %s with 400 and never redirects', async (_, change, message) => {
    const hub = await smartHub();
    const { status, location, text } = await authorize(
      hub,
      authorizeParams(hub, pkcePair().challenge, change),
    );
    expect(status).toBe(400);
    expect(location).toBeUndefined();
    expect(text).toMatch(message);
  });
});

describe('the development SMART launch: refresh tokens', () => {
  it('gives a refresh token with offline_access, and rotates it on each refresh', async () => {
    const hub = await smartHub();
    const first = await launchToken(hub, { scope: 'fhircast/Patient-open.read offline_access' });
    expect(first.refresh_token).toEqual(expect.any(String));
    const refreshed = await tokenCall(hub, {
      grant_type: 'refresh_token',
      refresh_token: String(first.refresh_token),
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).toMatchObject({
      token_type: 'Bearer',
      scope: 'fhircast/Patient-open.read offline_access',
      'hub.url': hub.url,
      'hub.topic': smartOf(hub).topic,
    });
    expect(refreshed.body.access_token).not.toBe(first.access_token);
    expect(refreshed.body.refresh_token).not.toBe(first.refresh_token);
    const reused = await tokenCall(hub, {
      grant_type: 'refresh_token',
      refresh_token: String(first.refresh_token),
    });
    expect(reused).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('gives no refresh token without offline_access or online_access', async () => {
    const hub = await smartHub();
    expect((await launchToken(hub)).refresh_token).toBeUndefined();
  });

  it('refuses a refresh for another client', async () => {
    const hub = await smartHub();
    const first = await launchToken(hub, { scope: 'online_access fhircast/*.read' });
    const answer = await tokenCall(hub, {
      grant_type: 'refresh_token',
      refresh_token: String(first.refresh_token),
      client_id: 'someone-else',
    });
    expect(answer).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });
});

describe('the development SMART launch: read-only FHIR', () => {
  it('reads the resources the session carried, with the token it issued', async () => {
    const hub = await smartHub();
    const patient = testPatient('p-read', 'Readable');
    await ehrOpens(hub, patient);
    const token = await launchToken(hub);
    const headers = { authorization: `Bearer ${token.access_token}` };
    const answer = await fetch(`${smartOf(hub).fhirBaseUrl}/Patient/p-read`, { headers });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    expect(await answer.json()).toEqual(patient);
  });

  it('answers anything else with 404 and an OperationOutcome', async () => {
    const hub = await smartHub();
    for (const path of ['Patient/never-seen', 'Patient?name=x', 'Observation', '']) {
      const answer = await fetch(`${smartOf(hub).fhirBaseUrl}/${path}`);
      expect(answer.status).toBe(404);
      const outcome = await answer.json();
      expect(outcome.resourceType).toBe('OperationOutcome');
      expect(outcome.issue[0].code).toBe('not-found');
    }
  });

  it('refuses a token it never issued with 401, and so does a hub configured with tokens for none', async () => {
    const hub = await smartHub({ tokens: ['static-token'] });
    await ehrOpens(hub, testPatient('p-secret', 'Secret'), { authorization: 'Bearer static-token' });
    const read = (headers: Record<string, string>) =>
      fetch(`${smartOf(hub).fhirBaseUrl}/Patient/p-secret`, { headers });
    expect((await read({})).status).toBe(401);
    expect((await read({ authorization: 'Bearer made-up' })).status).toBe(401);
    expect((await read({ authorization: 'Bearer static-token' })).status).toBe(200);
  });
});
