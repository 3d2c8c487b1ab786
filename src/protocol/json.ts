/**
 * Limits on what a hub may hand the client, checked on the text before anything is parsed: a value nested
 * thousands of levels deep parses, but then overflows the stack of whatever walks it (JSON.stringify in a
 * hook, a pretty-printer, structuredClone), and a frame of 100 MB would be kept whole in the store; neither
 * may reach it.
 */

/** Longest frame or get-context answer accepted by default, in characters (16 MiB): `maxMessageLength`. */
export const MAX_MESSAGE_LENGTH = 16 * 1024 * 1024;

/** Deepest nesting of objects and arrays accepted in a frame or a hub answer; FHIR data stays far below. */
export const MAX_JSON_DEPTH = 100;

/** What one pass over JSON text finds, without parsing it. */
export interface JsonOutline {
  /** Deepest nesting of objects and arrays seen. */
  depth: number;
  /** The top-level object's `id` when a non-empty string: a refused event can still be acknowledged. */
  id?: string;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;

/** Scans JSON text once, with no recursion: how deep it nests and the top-level `id`. Never throws. */
export function outlineJson(text: string): JsonOutline {
  let depth = 0;
  let deepest = 0;
  let id: string | undefined;
  /** Set after a top-level `"id":` key: the next token is its value. */
  let idValueNext = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === QUOTE) {
      const end = stringEnd(text, index);
      if (end < 0) break;
      if (depth === 1 && idValueNext) id = decodeString(text.slice(index, end + 1)) || undefined;
      idValueNext = depth === 1 && !idValueNext && isIdKey(text, index, end);
      index = end;
    } else if (code === 0x7b || code === 0x5b) {
      idValueNext = false;
      if (++depth > deepest) deepest = depth;
    } else if (code === 0x7d || code === 0x5d) {
      idValueNext = false;
      depth--;
    } else if (idValueNext && code !== COLON && !isWhitespace(code)) {
      idValueNext = false;
    }
  }
  return id === undefined ? { depth: deepest } : { depth: deepest, id };
}

/** Index of the quote that closes the string opening at `start`, or -1 when it never closes. */
function stringEnd(text: string, start: number): number {
  for (let index = start + 1; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === BACKSLASH) index++;
    else if (code === QUOTE) return index;
  }
  return -1;
}

/** Whether the string at start…end is the key `"id"` (followed by a colon). */
function isIdKey(text: string, start: number, end: number): boolean {
  if (end - start !== 3 || !text.startsWith('"id"', start)) return false;
  let next = end + 1;
  while (next < text.length && isWhitespace(text.charCodeAt(next))) next++;
  return text.charCodeAt(next) === COLON;
}

function decodeString(literal: string): string {
  try {
    const value: unknown = JSON.parse(literal);
    return typeof value === 'string' ? value : '';
  } catch {
    return '';
  }
}

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}
