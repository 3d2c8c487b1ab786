import { SmartLaunchError } from './errors.ts';

/** Host names that never leave the machine, where a hub may be reached over plain http. */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Checks a `hub.url` before the app sends its token there: an http(s) URL, https unless on loopback, and on
 * one of `allowedOrigins` when a list is given. `where` names the source in the error.
 */
export function checkHubUrl(hubUrl: string, where: string, allowedOrigins?: readonly string[]): string {
  let url: URL;
  try {
    url = new URL(hubUrl);
  } catch {
    throw new SmartLaunchError(`${where} has a "hub.url" that is not an http(s) URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new SmartLaunchError(`${where} has a "hub.url" that is not an http(s) URL`);
  }
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) {
    throw new SmartLaunchError(
      `${where} has a "hub.url" on ${url.origin}, which is plain http: a hub must be reached over https (http only on localhost, 127.0.0.1 or [::1])`,
    );
  }
  if (allowedOrigins && !allowedOrigins.some((allowed) => originOf(allowed) === url.origin)) {
    throw new SmartLaunchError(
      `${where} has a "hub.url" on ${url.origin}, which is not an allowed hub origin: list the hub origins this app may send its token to in allowedHubOrigins`,
    );
  }
  return hubUrl;
}

/** The origin of an allow-list entry, written as an origin or as any URL on it. */
function originOf(entry: string): string | undefined {
  try {
    return new URL(entry).origin;
  } catch {
    return undefined;
  }
}
