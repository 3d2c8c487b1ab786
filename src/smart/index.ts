import { SmartLaunchError } from './errors.ts';
import { checkHubUrl } from './hubUrl.ts';

export { SmartLaunchError };

/** What a FHIRcast-enabled SMART launch gives an app: where the hub is, which session, and a token. */
export interface SmartFhircastLaunch {
  hubUrl: string;
  topic: string;
  /** The access token to send to the hub, when the launch provided one. */
  accessToken?: string;
  /**
   * The current access token, refreshed first when it is about to expire; given by
   * `fhircastFromSmartClient` for a client that can refresh (`fhirclient`'s). Pass it to the provider as
   * `getToken`, which calls it before every request to the hub.
   */
  getToken?: () => Promise<string | undefined>;
}

/** Which hubs a launch may name; the app's token goes to the hub, so a hub must be one the app trusts. */
export interface SmartLaunchOptions {
  /**
   * Origins (`https://hub.example.org`) the app may send its token to. Required for a launch URL, whose
   * `hub.url` anyone can write into a link; optional for a token response, which the app's authorisation
   * server issued. Default: none.
   */
  allowedHubOrigins?: readonly string[];
}

function read(source: Record<string, unknown>, field: string, where: string): string {
  const value = source[field];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new SmartLaunchError(`${where} has no "${field}": the EHR did not launch this app with FHIRcast`);
  }
  return value.trim();
}

/**
 * Reads `hub.url`, `hub.topic` and `access_token` from a SMART token response (the object the
 * `fhirclient` library exposes as `client.state.tokenResponse`). The hub must be https (http only on
 * loopback) and, when `allowedHubOrigins` is given, on one of them.
 *
 * @example
 * const client = await FHIR.oauth2.ready();
 * const launch = fhircastFromTokenResponse(client.state.tokenResponse);
 * <FhircastProvider hubUrl={launch.hubUrl} topic={launch.topic} token={launch.accessToken} events={…} />
 */
export function fhircastFromTokenResponse(
  tokenResponse: unknown,
  options: SmartLaunchOptions = {},
): SmartFhircastLaunch {
  const where = 'The SMART token response';
  if (typeof tokenResponse !== 'object' || tokenResponse === null) {
    throw new SmartLaunchError(`${where} is missing: complete the SMART launch first`);
  }
  const response = tokenResponse as Record<string, unknown>;
  const hubUrl = read(response, 'hub.url', where);
  const topic = read(response, 'hub.topic', where);
  const launch: SmartFhircastLaunch = {
    hubUrl: checkHubUrl(hubUrl, where, options.allowedHubOrigins),
    topic,
  };
  if (typeof response.access_token === 'string' && response.access_token !== '') {
    launch.accessToken = response.access_token;
  }
  return launch;
}

/** What the kit uses of a `fhirclient` Client (what `FHIR.oauth2.ready()` resolves to). */
export interface SmartClient {
  state?: { tokenResponse?: unknown };
  /** Refreshes the access token when it expires within seconds and a refresh token is held. */
  refreshIfNeeded?: () => Promise<unknown>;
}

/**
 * The same from a `fhirclient` Client (anything with `state.tokenResponse`), plus `getToken`, which
 * refreshes the client's token when it is about to expire (`refreshIfNeeded`), so a session outlives its
 * first access token. A refresh that fails leaves the old token, which the hub then refuses (the
 * provider shows `unauthorized`); relaunch the app then.
 *
 * @example
 * const smart = await FHIR.oauth2.ready();
 * const { hubUrl, topic, getToken } = fhircastFromSmartClient(smart);
 * <FhircastProvider hubUrl={hubUrl} topic={topic} getToken={getToken} events={['Patient-open']} />
 */
export function fhircastFromSmartClient(
  client: SmartClient,
  options: SmartLaunchOptions = {},
): SmartFhircastLaunch {
  const launch = fhircastFromTokenResponse(client?.state?.tokenResponse, options);
  if (typeof client.refreshIfNeeded !== 'function') return launch;
  launch.getToken = async () => {
    try {
      await client.refreshIfNeeded?.();
    } catch {
      // fhirclient dropped its refresh token; the held token goes, and the hub's 401 says the session ended.
    }
    const token = (client.state?.tokenResponse as { access_token?: unknown } | undefined)?.access_token;
    return typeof token === 'string' && token !== '' ? token : undefined;
  };
  return launch;
}

/**
 * Reads `hub.url` and `hub.topic` from launch URL parameters (`?hub.url=…&hub.topic=…`), as non-SMART
 * launches pass them. The token, if any, comes from elsewhere and is passed in. Anyone can craft such a
 * link, so the hub must be on one of `allowedHubOrigins` (a launch's own `iss` is as untrusted as its
 * `hub.url`) and https (http only on loopback).
 *
 * @example
 * const launch = fhircastFromLaunchUrl(window.location.href, token, { allowedHubOrigins: ['https://hub.example.org'] });
 */
export function fhircastFromLaunchUrl(
  url: string | URL,
  accessToken?: string,
  options: SmartLaunchOptions = {},
): SmartFhircastLaunch {
  const where = 'The launch URL';
  let params: URLSearchParams;
  try {
    params = new URL(String(url)).searchParams;
  } catch {
    throw new SmartLaunchError(`${where} is not a URL`);
  }
  const fields = Object.fromEntries(params.entries());
  const hubUrl = read(fields, 'hub.url', where);
  const topic = read(fields, 'hub.topic', where);
  const launch: SmartFhircastLaunch = {
    hubUrl: checkHubUrl(hubUrl, where, options.allowedHubOrigins ?? []),
    topic,
  };
  if (accessToken) launch.accessToken = accessToken;
  return launch;
}
