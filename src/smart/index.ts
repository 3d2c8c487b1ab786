/** What a FHIRcast-enabled SMART launch gives an app: where the hub is, which session, and a token. */
export interface SmartFhircastLaunch {
  hubUrl: string;
  topic: string;
  /** The access token to send to the hub, when the launch provided one. */
  accessToken?: string;
}

/** A SMART launch that lacks what FHIRcast needs; the message names the missing field. */
export class SmartLaunchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SmartLaunchError';
  }
}

function read(source: Record<string, unknown>, field: string, where: string): string {
  const value = source[field];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new SmartLaunchError(`${where} has no "${field}": the EHR did not launch this app with FHIRcast`);
  }
  return value.trim();
}

function checkHubUrl(hubUrl: string, where: string): string {
  if (!/^https?:\/\//i.test(hubUrl))
    throw new SmartLaunchError(`${where} has a "hub.url" that is not an http(s) URL`);
  return hubUrl;
}

/**
 * Reads `hub.url`, `hub.topic` and `access_token` from a SMART token response (the object the
 * `fhirclient` library exposes as `client.state.tokenResponse`).
 *
 * @example
 * const client = await FHIR.oauth2.ready();
 * const launch = fhircastFromTokenResponse(client.state.tokenResponse);
 * <FhircastProvider hubUrl={launch.hubUrl} topic={launch.topic} token={launch.accessToken} events={…} />
 */
export function fhircastFromTokenResponse(tokenResponse: unknown): SmartFhircastLaunch {
  const where = 'The SMART token response';
  if (typeof tokenResponse !== 'object' || tokenResponse === null) {
    throw new SmartLaunchError(`${where} is missing: complete the SMART launch first`);
  }
  const response = tokenResponse as Record<string, unknown>;
  const launch: SmartFhircastLaunch = {
    hubUrl: checkHubUrl(read(response, 'hub.url', where), where),
    topic: read(response, 'hub.topic', where),
  };
  if (typeof response.access_token === 'string' && response.access_token !== '') {
    launch.accessToken = response.access_token;
  }
  return launch;
}

/** The same from a `fhirclient` Client (anything with `state.tokenResponse`). */
export function fhircastFromSmartClient(client: {
  state?: { tokenResponse?: unknown };
}): SmartFhircastLaunch {
  return fhircastFromTokenResponse(client?.state?.tokenResponse);
}

/**
 * Reads `hub.url` and `hub.topic` from launch URL parameters (`?hub.url=…&hub.topic=…`), as non-SMART
 * launches pass them. The token, if any, comes from elsewhere and is passed in.
 *
 * @example
 * const launch = fhircastFromLaunchUrl(window.location.href);
 */
export function fhircastFromLaunchUrl(url: string | URL, accessToken?: string): SmartFhircastLaunch {
  const where = 'The launch URL';
  let params: URLSearchParams;
  try {
    params = new URL(String(url)).searchParams;
  } catch {
    throw new SmartLaunchError(`${where} is not a URL`);
  }
  const fields = Object.fromEntries(params.entries());
  const launch: SmartFhircastLaunch = {
    hubUrl: checkHubUrl(read(fields, 'hub.url', where), where),
    topic: read(fields, 'hub.topic', where),
  };
  if (accessToken) launch.accessToken = accessToken;
  return launch;
}
