import { createHash, randomBytes } from 'node:crypto';

/** RFC 7636: a verifier (and an S256 challenge) is 43 to 128 unreserved characters. */
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;
const S256_CHALLENGE = /^[A-Za-z0-9\-_]{43}$/;

/** Whether `challenge` can be an S256 code challenge: the base64url SHA-256 of a verifier, 43 characters. */
export function isS256Challenge(challenge: string): boolean {
  return S256_CHALLENGE.test(challenge);
}

/** Whether `verifier` is well formed and its S256 transform is `challenge` (RFC 7636 §4.6). */
export function verifierMatches(verifier: string, challenge: string): boolean {
  if (!VERIFIER.test(verifier)) return false;
  return createHash('sha256').update(verifier, 'ascii').digest('base64url') === challenge;
}

/** A new secret (code, token, launch id): 32 random bytes as base64url, 256 bits nobody can guess. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** How a secret is kept and looked up: its SHA-256, so the store never holds a usable token. */
export function secretKey(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('base64url');
}
