import { newSecret, secretKey } from './pkce.ts';

/** What the launch context gives a token response: ids of the resources in context when it was approved. */
export interface LaunchContext {
  patient?: string;
  encounter?: string;
  imagingstudy?: string;
}

/** An approved authorization request, waiting for its code to be exchanged. */
export interface PendingCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  scopes: readonly string[];
  topic: string;
  context: LaunchContext;
}

/** What a token (access or refresh) was issued for. */
export interface TokenGrant {
  clientId: string;
  scopes: readonly string[];
  topic: string;
  context: LaunchContext;
}

/** How long each kind of secret lives, in seconds. */
export interface GrantLifetimes {
  codeSeconds: number;
  launchSeconds: number;
  accessTokenSeconds: number;
  refreshTokenSeconds: number;
}

/** Most live entries of each kind; past it the oldest goes, so memory stays bounded whatever callers do. */
const MAX_ENTRIES = 10_000;

/**
 * Secrets that expire, each kept under its SHA-256 in insertion order. `take` makes a secret single-use;
 * `find` leaves it for the next caller.
 */
class ExpiringSecrets<Value> {
  private readonly entries = new Map<string, { value: Value; expiresAt: number }>();

  /** Stores `value` under a new secret valid for `seconds`; answers the secret. */
  issue(value: Value, seconds: number, now: number): string {
    const secret = newSecret();
    this.entries.set(secretKey(secret), { value, expiresAt: now + seconds * 1000 });
    this.sweep(now);
    return secret;
  }

  /** The value of a live secret, or undefined when unknown or expired. */
  find(secret: string, now: number): Value | undefined {
    const entry = this.entries.get(secretKey(secret));
    if (!entry) return undefined;
    if (entry.expiresAt > now) return entry.value;
    this.entries.delete(secretKey(secret));
    return undefined;
  }

  /** The value of a live secret, which can never be used again, whatever the caller then decides. */
  take(secret: string, now: number): Value | undefined {
    const value = this.find(secret, now);
    this.entries.delete(secretKey(secret));
    return value;
  }

  private sweep(now: number): void {
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= MAX_ENTRIES && entry.expiresAt > now) break;
      this.entries.delete(key);
    }
  }
}

/** Every secret the development SMART launch hands out: launch ids, codes, access and refresh tokens. */
export class SmartGrants {
  readonly launches = new ExpiringSecrets<{ topic: string }>();
  readonly codes = new ExpiringSecrets<PendingCode>();
  readonly accessTokens = new ExpiringSecrets<TokenGrant>();
  readonly refreshTokens = new ExpiringSecrets<TokenGrant>();
  readonly lifetimes: GrantLifetimes;

  constructor(lifetimes: GrantLifetimes) {
    this.lifetimes = lifetimes;
  }
}
