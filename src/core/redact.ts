/** What stands in for a bearer token wherever the kit would otherwise show one. */
export const REDACTED = '[redacted]';

/**
 * `Bearer <b64token>` (RFC 6750), spelt as the client sends it: a hub or proxy may echo a credential this
 * client no longer remembers. Case-sensitive, so prose such as "a valid bearer token" stays readable; a
 * remembered token is removed whatever precedes it.
 */
const BEARER = /\bBearer\s+[\w\-.~+/]+=*/g;

/** Tokens remembered per client: a token source refreshes them, and a hub may echo one a little late. */
const REMEMBERED_TOKENS = 8;

/**
 * Text past a cut that is still cleaned before cutting, so that a token or secret across the cut is
 * recognised whole (a JWT runs to a few KB).
 */
const CUT_MARGIN = 16 * 1024;

/** Shortest token removed wherever it appears on its own; shorter ones would mangle ordinary words. */
const MIN_TOKEN_LENGTH = 4;

/** Shortens every secret in `text` to its first four characters. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let redacted = text;
  for (const secret of secrets) {
    // A secret of four characters or fewer would be shown whole anyway; shortening it would only mangle text.
    if (secret.length > 4) redacted = redacted.split(secret).join(`${secret.slice(0, 4)}…`);
  }
  return redacted;
}

/**
 * Cleans text before the kit shows it (status reasons, error messages, sync errors, the event log, the
 * `onRequest` hook): bearer tokens removed, with or without their `Bearer` prefix, and the topic and
 * endpoint shortened.
 */
export class Redactor {
  readonly #secrets: () => readonly string[];
  readonly #tokens: string[] = [];

  /** `secrets` lists what to shorten (topic, endpoint), read anew each time. */
  constructor(secrets: () => readonly string[]) {
    this.#secrets = secrets;
  }

  /** Remembers a token sent to the hub, so that text repeating it without `Bearer` is cleaned too. */
  rememberToken(token: string | undefined): void {
    if (!token || token.length < MIN_TOKEN_LENGTH || this.#tokens.includes(token)) return;
    this.#tokens.push(token);
    if (this.#tokens.length > REMEMBERED_TOKENS) this.#tokens.shift();
  }

  /** `text` with every bearer credential and remembered token removed and every secret shortened. */
  redact(text: string): string {
    let clean = text.replace(BEARER, `Bearer ${REDACTED}`);
    for (const token of this.#tokens) clean = clean.split(token).join(REDACTED);
    return redactSecrets(clean, this.#secrets());
  }

  /**
   * At most the first `length` characters of `text`, cleaned. Only that part (and a margin) is cleaned:
   * cleaning all of a 16 MB frame to show 64 KB of it would cost more than the frame itself.
   */
  redactStart(text: string, length: number): string {
    if (text.length <= length) return this.redact(text);
    return this.redact(text.slice(0, length + CUT_MARGIN)).slice(0, length);
  }
}
