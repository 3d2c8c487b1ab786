import { MAX_JSON_DEPTH, MAX_MESSAGE_LENGTH, outlineJson } from '../protocol/json.ts';
import { FhircastError } from './errors.ts';
import type { Redactor } from './redact.ts';
import type { ClientTimers } from './timers.ts';

/** What the client tells an `onRequest` hook: never the token, and secrets in the URL shortened. */
export interface RequestInfo {
  method: 'GET' | 'POST';
  /** The URL with the topic shortened. */
  url: string;
  /** Why the request is made: `subscribe`, `unsubscribe`, `publish`, `context`, `discovery`. */
  purpose: string;
  /** HTTP status, once answered; absent when the request failed before an answer. */
  status?: number;
  /** Why the request failed without an answer. */
  error?: string;
}

/** Options the HTTP layer needs. */
export interface HubHttpOptions {
  fetch: typeof globalThis.fetch;
  token?: string;
  getToken?: () => string | undefined | Promise<string | undefined>;
  onRequest?: (info: RequestInfo) => void;
  /** Cleans what is reported (URLs, failures, answers' text); learns each token sent. */
  redactor: Redactor;
  /** With `timers`, a request unanswered after this many ms fails like a network error. */
  timeoutMs?: number;
  timers?: ClientTimers;
}

/** An answered request: status and parsed body (JSON when it parses, else the text). */
export interface HubAnswer {
  status: number;
  body: unknown;
  /** The body as it came. */
  text: string;
  /**
   * The start of the body as a message may quote it: at most QUOTED_LENGTH characters, tokens removed
   * and secrets shortened (a hub may echo the Authorization header).
   */
  quoted: string;
}

/** Longest part of a hub's answer a message quotes. */
const QUOTED_LENGTH = 500;

/**
 * Sends one request to the hub with a bearer token (asked for anew each time, and once more after a
 * 401 when `getToken` can refresh it). Network failures become a FhircastError without a status.
 */
export async function hubRequest(
  options: HubHttpOptions,
  method: 'GET' | 'POST',
  url: string,
  purpose: string,
  body?: { type: string; text: string },
): Promise<HubAnswer> {
  const attempt = async (token: string | undefined): Promise<HubAnswer> => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body) headers['content-type'] = body.type;
    const { redactor } = options;
    redactor.rememberToken(token);
    const info: RequestInfo = { method, url: redactor.redact(url), purpose };
    const deadline = startDeadline(options);
    let response: Response;
    let text: string;
    try {
      response = await deadline.race(
        options.fetch(url, {
          method,
          headers,
          ...(body ? { body: body.text } : {}),
          ...(deadline.signal ? { signal: deadline.signal } : {}),
        }),
      );
      text = await deadline.race(response.text().catch(() => ''));
    } catch (error) {
      const reason = redactor.redact(error instanceof Error ? error.message : String(error));
      options.onRequest?.({ ...info, error: reason });
      throw new FhircastError(`could not reach the hub (${purpose}): ${reason}`, { cause: error });
    } finally {
      deadline.clear();
    }
    options.onRequest?.({ ...info, status: response.status });
    let parsed: unknown = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = text;
    }
    const quoted = redactor.redactStart(text.trim(), QUOTED_LENGTH);
    return { status: response.status, body: parsed, text, quoted };
  };
  const token = options.getToken ? await options.getToken() : options.token;
  const answer = await attempt(token);
  if (answer.status !== 401 || !options.getToken) return answer;
  // Once more only when the token source now gives another token (it refreshed); the same one would fail again.
  const refreshed = await options.getToken();
  return refreshed !== token ? attempt(refreshed) : answer;
}

/**
 * A time limit for one request, so a hub that never answers (a dead connection after a laptop slept)
 * cannot leave the client waiting forever: `race` rejects once it passes, and the fetch is aborted.
 */
function startDeadline(options: HubHttpOptions) {
  const { timers, timeoutMs } = options;
  if (!timers || !timeoutMs) {
    return { signal: undefined, race: <T>(promise: Promise<T>) => promise, clear: () => {} };
  }
  const controller = typeof AbortController === 'function' ? new AbortController() : undefined;
  let expire: (error: Error) => void = () => {};
  const expired = new Promise<never>((_, reject) => {
    expire = reject;
  });
  expired.catch(() => undefined);
  const handle = timers.setTimeout(() => {
    expire(new Error(`no answer within ${timeoutMs / 1000} s`));
    controller?.abort();
  }, timeoutMs);
  return {
    signal: controller?.signal,
    race: <T>(promise: Promise<T>) => Promise.race([promise, expired]),
    clear: () => timers.clearTimeout(handle),
  };
}

/** The hub's message for a failed answer, short enough to show. */
export function answerMessage(answer: HubAnswer): string {
  return answer.quoted === '' ? `HTTP ${answer.status}` : `HTTP ${answer.status}: ${answer.quoted}`;
}
/**
 * Why a get-current-context answer cannot be taken as a context, or undefined when it can. An empty body
 * means "no context" (the sandbox hub answers so); anything else must be a JSON object or array, of at
 * most `maxLength` characters and MAX_JSON_DEPTH levels: a proxy's HTML error page is a failed fetch,
 * never an empty context.
 */
export function contextAnswerProblem(answer: HubAnswer, maxLength = MAX_MESSAGE_LENGTH): string | undefined {
  const { text, body } = answer;
  if (text.length > maxLength) return `the answer is longer than maxMessageLength (${maxLength} characters)`;
  if (text.trim() !== '' && (body === null || typeof body !== 'object')) {
    return `the answer is neither empty nor a JSON object or array (${answer.quoted})`;
  }
  if (outlineJson(text).depth > MAX_JSON_DEPTH)
    return `the answer nests deeper than ${MAX_JSON_DEPTH} levels`;
  return undefined;
}
