/**
 * Which browser origins may use the development hub. A page's requests carry an `Origin` header; one from
 * a site the developer merely visits must neither read the hub's answers (no CORS header) nor change its
 * state: a form POST is sent without a preflight, so such requests are refused outright, not only left
 * without a CORS header. Requests without an `Origin` (curl, Node clients, same-origin GETs) pass.
 */

/** Host names of the loopback interface: pages served from them run on the developer's own machine. */
const LOOPBACK_HOSTNAMES: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Allows every origin, but only when given explicitly. */
export const ANY_ORIGIN = '*';

/**
 * Reads configured origins into the form requests are compared in (`scheme://host[:port]`, no path);
 * `*` and the opaque origin `null` are kept as they are. Throws a RangeError naming a malformed entry.
 */
export function resolveAllowedOrigins(origins: readonly string[]): ReadonlySet<string> {
  const resolved = new Set<string>();
  for (const entry of origins) {
    const origin = entry === ANY_ORIGIN || entry === 'null' ? entry : webOrigin(entry);
    if (origin === undefined) {
      throw new RangeError(
        `react-fhircast hub: allowed origin "${entry}" must be an http(s) origin such as https://app.example, "null" or "*"`,
      );
    }
    resolved.add(origin);
  }
  return resolved;
}

/** Whether a request with this `Origin` header may use the hub: none, a loopback page, or a configured one. */
export function isOriginAllowed(origin: string | undefined, allowed: ReadonlySet<string>): boolean {
  if (origin === undefined || allowed.has(ANY_ORIGIN) || allowed.has(origin)) return true;
  const normalised = webOrigin(origin);
  if (normalised === undefined) return false;
  return allowed.has(normalised) || LOOPBACK_HOSTNAMES.has(new URL(normalised).hostname);
}

/** The message a refused origin gets: what is allowed, and how to allow more. */
export function originRefusal(origin: string): string {
  return (
    `Origin ${origin} may not use this hub: by default only pages on localhost, 127.0.0.1 and [::1] may. ` +
    'Allow more with --allow-origin ORIGIN (or the allowOrigins option).'
  );
}

function webOrigin(text: string): string | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}
