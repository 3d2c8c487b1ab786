import type * as NodeCrypto from 'node:crypto';

/**
 * Node's crypto when the hub runs on Node. The hub logic also runs in browsers (the loopback), so it is
 * looked up at run time instead of imported; `getBuiltinModule` is synchronous, as each request's check is.
 */
const nodeCrypto = (
  globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }
).process?.getBuiltinModule?.('node:crypto') as typeof NodeCrypto | undefined;

/**
 * The bearer tokens a hub accepts, compared in constant time: how long a refusal takes tells a guesser
 * nothing about how much of a token was right, nor which token was closest. On Node each comparison is
 * `timingSafeEqual` over SHA-256 digests (equal lengths whatever the input); elsewhere, `sameText`.
 */
export class BearerTokens {
  private readonly tokens: readonly { text: string; digest: Uint8Array | undefined }[];

  /** Throws a RangeError for a token no `Authorization: Bearer` header could carry (empty, or with spaces). */
  constructor(tokens: readonly string[]) {
    for (const token of tokens) {
      if (!/^\S+$/.test(token)) {
        throw new RangeError('react-fhircast hub: a token must be non-empty and contain no spaces');
      }
    }
    this.tokens = tokens.map((text) => ({ text, digest: digest(text) }));
  }

  /** Whether the hub asks for a token at all. */
  get required(): boolean {
    return this.tokens.length > 0;
  }

  /** Whether an `Authorization` header carries one of the tokens; every token is compared, whatever matches. */
  accepts(authorization: string | undefined): boolean {
    const presented = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
    if (presented === undefined) return false;
    const presentedDigest = digest(presented);
    let accepted = false;
    for (const token of this.tokens) {
      const equal =
        nodeCrypto && presentedDigest && token.digest
          ? nodeCrypto.timingSafeEqual(presentedDigest, token.digest)
          : sameText(presented, token.text);
      accepted = equal || accepted;
    }
    return accepted;
  }
}

/**
 * Whether two strings are equal, in time that depends only on the length of `presented` (which its sender
 * already knows): every character is compared, and a difference in length counts without ending the loop.
 */
export function sameText(presented: string, secret: string): boolean {
  let difference = presented.length ^ secret.length;
  for (let index = 0; index < presented.length; index++) {
    difference |= presented.charCodeAt(index) ^ secret.charCodeAt(index % Math.max(secret.length, 1));
  }
  return difference === 0;
}

function digest(text: string): Uint8Array | undefined {
  return nodeCrypto?.createHash('sha256').update(text, 'utf8').digest();
}
