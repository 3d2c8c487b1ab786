import type { AddOnResponse } from '../access.ts';
import type { SmartEndpoints } from './discovery.ts';
import type { SmartGrants, TokenGrant } from './grants.ts';
import { verifierMatches } from './pkce.ts';
import { allowsRefresh } from './scopes.ts';

/** What the token endpoint works with for one request. */
export interface TokenContext {
  grants: SmartGrants;
  endpoints: SmartEndpoints;
  now: number;
  log(line: string): void;
}

const FORM = 'application/x-www-form-urlencoded';
const MAX_PARAMETER = 2000;

/**
 * `POST /token`: exchanges an authorization code (once, before it expires, with the verifier of its PKCE
 * challenge, the same redirect URI and client) or a refresh token (rotated: each works once) for an access
 * token carrying `hub.url` and `hub.topic`. Errors are RFC 6749 §5.2 JSON.
 */
export function tokenRequest(contentType: string, body: string, context: TokenContext): AddOnResponse {
  if (contentType.split(';')[0]?.trim().toLowerCase() !== FORM) {
    return oauthError(400, 'invalid_request', `the token request must be a form (${FORM})`);
  }
  const form = new URLSearchParams(body);
  const single = (name: string): string | undefined => {
    const values = form.getAll(name);
    return values.length === 1 && (values[0] as string).length <= MAX_PARAMETER ? values[0] : undefined;
  };
  for (const name of new Set(form.keys())) {
    if (form.getAll(name).length > 1)
      return oauthError(400, 'invalid_request', `${name} is given more than once`);
  }
  const grantType = single('grant_type');
  if (grantType === 'authorization_code') return exchangeCode(single, context);
  if (grantType === 'refresh_token') return refresh(single, context);
  return oauthError(400, 'unsupported_grant_type', 'grant_type must be authorization_code or refresh_token');
}

function exchangeCode(single: (name: string) => string | undefined, context: TokenContext): AddOnResponse {
  const code = single('code');
  if (!code) return oauthError(400, 'invalid_request', 'code is required');
  const pending = context.grants.codes.take(code, context.now);
  if (!pending) return oauthError(400, 'invalid_grant', 'the code is unknown, expired or already used');
  const clientId = single('client_id');
  // 400, not 401: the client sent no Authorization header, and a challenge would make a browser ask for a password.
  if (clientId === undefined)
    return oauthError(400, 'invalid_client', 'client_id is required (a public client)');
  if (clientId !== pending.clientId) {
    return oauthError(400, 'invalid_grant', 'the code was issued to another client_id');
  }
  const redirectUri = single('redirect_uri');
  if (
    redirectUri === undefined ||
    !URL.canParse(redirectUri) ||
    new URL(redirectUri).href !== pending.redirectUri
  ) {
    return oauthError(400, 'invalid_grant', 'redirect_uri differs from the one the code was issued for');
  }
  const verifier = single('code_verifier');
  if (verifier === undefined || !verifierMatches(verifier, pending.challenge)) {
    return oauthError(400, 'invalid_grant', 'code_verifier does not match the code_challenge (PKCE S256)');
  }
  return issueTokens(pending, context);
}

function refresh(single: (name: string) => string | undefined, context: TokenContext): AddOnResponse {
  const refreshToken = single('refresh_token');
  if (!refreshToken) return oauthError(400, 'invalid_request', 'refresh_token is required');
  const grant = context.grants.refreshTokens.take(refreshToken, context.now);
  if (!grant)
    return oauthError(400, 'invalid_grant', 'the refresh token is unknown, expired or already used');
  const clientId = single('client_id');
  if (clientId !== undefined && clientId !== grant.clientId) {
    return oauthError(400, 'invalid_grant', 'the refresh token was issued to another client_id');
  }
  context.log(`SMART: refreshed the token of client ${JSON.stringify(grant.clientId)}`);
  return issueTokens(grant, context);
}

/** A token response: the access token, its scopes and launch context, `hub.url` and `hub.topic`. */
function issueTokens(grant: TokenGrant, context: TokenContext): AddOnResponse {
  const { grants, now, endpoints } = context;
  const kept: TokenGrant = {
    clientId: grant.clientId,
    scopes: grant.scopes,
    topic: grant.topic,
    context: grant.context,
  };
  const { accessTokenSeconds, refreshTokenSeconds } = grants.lifetimes;
  const answer: Record<string, unknown> = {
    access_token: grants.accessTokens.issue(kept, accessTokenSeconds, now),
    token_type: 'Bearer',
    expires_in: accessTokenSeconds,
    scope: kept.scopes.join(' '),
    ...kept.context,
  };
  // The guide gives hub.url and hub.topic with a FHIRcast scope grant; without one the app has no session.
  if (kept.scopes.some((scope) => scope.startsWith('fhircast/'))) {
    answer['hub.url'] = endpoints.hubUrl;
    answer['hub.topic'] = kept.topic;
  }
  if (allowsRefresh(kept.scopes)) {
    answer.refresh_token = grants.refreshTokens.issue(kept, refreshTokenSeconds, now);
  }
  return json(200, answer);
}

/** An OAuth error answer (RFC 6749 §5.2). */
export function oauthError(status: number, error: string, description: string): AddOnResponse {
  return json(status, { error, error_description: description });
}

function json(status: number, body: unknown): AddOnResponse {
  return {
    status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      pragma: 'no-cache',
    },
    body: JSON.stringify(body),
  };
}
