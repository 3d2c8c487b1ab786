import type { AddOnResponse } from '../access.ts';
import type { SmartEndpoints } from './discovery.ts';
import type { LaunchContext, SmartGrants } from './grants.ts';
import { isS256Challenge } from './pkce.ts';
import { grantableScopes, MAX_SCOPE_LENGTH } from './scopes.ts';

/** What the authorization endpoint works with for one request. */
export interface AuthorizeContext {
  grants: SmartGrants;
  endpoints: SmartEndpoints;
  now: number;
  /** The session a standalone launch joins: the launch page's. */
  sessionTopic: string;
  /** Ids of the resources in context on a topic now, for the token response. */
  launchContext(topic: string): LaunchContext;
  /** Whether a redirect URI is on an origin the hub serves pages to (loopback, or allowed). */
  redirectAllowed(uri: URL): boolean;
  log(line: string): void;
}

/** Longest value accepted for any parameter but `scope`: a development hub bounds what it keeps. */
const MAX_PARAMETER = 2000;
const CLIENT_ID = /^[\x21-\x7e]{1,200}$/;

/**
 * `GET /authorize`: the authorization code flow with PKCE (S256 only). There is no login: the development
 * hub approves every well-formed request and logs that it did. A bad `client_id` or `redirect_uri` is
 * answered here (400), never redirected; every other error goes back to the app as `error` and `state`.
 */
export function authorizeRequest(query: URLSearchParams, context: AuthorizeContext): AddOnResponse {
  const single = (name: string): string | undefined => {
    const values = query.getAll(name);
    return values.length === 1 && (values[0] as string).length <= MAX_PARAMETER ? values[0] : undefined;
  };
  const clientId = single('client_id');
  if (clientId === undefined || !CLIENT_ID.test(clientId)) {
    return refuse('client_id is required once: 1 to 200 printable characters without spaces');
  }
  const redirectUri = single('redirect_uri');
  const redirect = redirectUri !== undefined && URL.canParse(redirectUri) ? new URL(redirectUri) : undefined;
  if (!redirect || (redirect.protocol !== 'http:' && redirect.protocol !== 'https:') || redirect.hash) {
    return refuse('redirect_uri is required once: an absolute http(s) URL without a fragment');
  }
  if (!context.redirectAllowed(redirect)) {
    return refuse(
      `redirect_uri is on ${redirect.origin}, which this hub does not serve: only pages on localhost, 127.0.0.1 and [::1], or an origin given with --allow-origin`,
    );
  }
  const state = single('state');
  const back = (error: string, description: string): AddOnResponse => {
    redirect.searchParams.set('error', error);
    redirect.searchParams.set('error_description', description);
    if (state !== undefined) redirect.searchParams.set('state', state);
    return redirectTo(redirect);
  };
  if (single('response_type') !== 'code') {
    return back('unsupported_response_type', 'response_type must be "code": the authorization code flow');
  }
  if (state === undefined || state === '') return back('invalid_request', 'state is required once');
  const aud = single('aud')?.replace(/\/+$/, '');
  if (aud !== context.endpoints.fhirBase) {
    return back('invalid_request', `aud must be this server's FHIR base URL, ${context.endpoints.fhirBase}`);
  }
  if (single('code_challenge_method') !== 'S256') {
    return back('invalid_request', 'PKCE is required: code_challenge_method must be S256');
  }
  const challenge = single('code_challenge');
  if (challenge === undefined || !isS256Challenge(challenge)) {
    return back('invalid_request', 'code_challenge must be the base64url SHA-256 of a code verifier');
  }
  const requested = query.getAll('scope');
  if (requested.length > 1 || (requested[0] ?? '').length > MAX_SCOPE_LENGTH) {
    return back(
      'invalid_scope',
      `scope must be given at most once, in at most ${MAX_SCOPE_LENGTH} characters`,
    );
  }
  const launch = query.getAll('launch');
  let topic = context.sessionTopic;
  if (launch.length > 0) {
    const found =
      launch.length === 1 ? context.grants.launches.find(launch[0] as string, context.now) : undefined;
    if (!found)
      return back('invalid_request', 'launch is unknown or expired: launch the app again from the EHR');
    topic = found.topic;
  }
  const scopes = grantableScopes(requested[0] ?? '');
  const pending = {
    clientId,
    redirectUri: redirect.href,
    challenge,
    scopes,
    topic,
    context: context.launchContext(topic),
  };
  const code = context.grants.codes.issue(pending, context.grants.lifetimes.codeSeconds, context.now);
  context.log(
    `SMART ${launch.length > 0 ? 'EHR' : 'standalone'} launch: approved client ${JSON.stringify(clientId)} with scopes "${scopes.join(' ')}" (no login: the development hub approves every request)`,
  );
  redirect.searchParams.set('code', code);
  redirect.searchParams.set('state', state);
  return redirectTo(redirect);
}

function redirectTo(url: URL): AddOnResponse {
  return { status: 302, headers: { location: url.href, 'cache-control': 'no-store' }, body: '' };
}

function refuse(message: string): AddOnResponse {
  const body = `The authorization request cannot be answered: ${message}`;
  return { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' }, body };
}
