import { SmartLaunchError } from './errors.ts';
import { checkHubUrl } from './hubUrl.ts';

export { SmartLaunchError };

/** What a FHIRcast-enabled SMART launch gives an app: where the hub is, which session, and a token. */
export interface SmartFhircastLaunch {
  hubUrl: string;
  topic: string;
  /** The access token to send to the hub, when the launch provided one. */
  accessToken?: string;
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

/** The same from a `fhirclient` Client (anything with `state.tokenResponse`). */
export function fhircastFromSmartClient(
  client: { state?: { tokenResponse?: unknown } },
  options: SmartLaunchOptions = {},
): SmartFhircastLaunch {
  return fhircastFromTokenResponse(client?.state?.tokenResponse, options);
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
