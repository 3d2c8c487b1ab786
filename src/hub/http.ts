import { isObject } from '../protocol/items.ts';
import { authorise, type HubAddOn, type HubPermission } from './access.ts';
import { errorText, logSafely, shortened } from './guard.ts';
import type { FhircastHub } from './hub.ts';
import { nestingLimitText, nestsDeeperThan } from './nesting.ts';
import { isOriginAllowed, originRefusal } from './origins.ts';
import { parseJson, parsePublishBody, parseSubscriptionRequest, readSubscriptionParams } from './requests.ts';
import { contextAnswer } from './shapes.ts';
import type { HubResult } from './transport.ts';

/** An HTTP request as any transport hands it to the hub. Header names are lower case. */
export interface HubHttpRequest {
  method: string;
  /** Path and query, e.g. `/api/hub/abc`. */
  url: string;
  headers: Readonly<Record<string, string | undefined>>;
  body: string;
  /** Set by a transport that stopped reading a body over the size limit. */
  bodyTooLarge?: boolean;
  /** `ws://host:port` (or `wss://…`) that subscription endpoints are built on. */
  socketBase: string;
}

/** An HTTP response for the transport to write. */
export interface HubHttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The hub's base paths: `hub.url` is `{origin}/api/hub`; `/fhircast/STU3` is the alias Medplum clients use. */
export const HUB_BASE_PATHS = ['/api/hub', '/fhircast/STU3'] as const;
const WELL_KNOWN = '.well-known/fhircast-configuration';

/**
 * Routes one HTTP request: CORS, bearer auth, body limits, subscribe, publish, context and discovery.
 * Never throws: a failure of the hub's own logic is logged and answered 500, so no request ends the process.
 */
export function handleHttp(hub: FhircastHub, request: HubHttpRequest, addOn?: HubAddOn): HubHttpResponse {
  try {
    return route(hub, request, addOn);
  } catch (error) {
    logSafely(hub.options.log, `failed to handle a ${request.method} request: ${errorText(error)}`);
    const body = `The hub failed to handle this request: ${errorText(error)}`;
    return { status: 500, headers: { 'content-type': 'text/plain; charset=utf-8' }, body };
  }
}

function route(hub: FhircastHub, request: HubHttpRequest, addOn: HubAddOn | undefined): HubHttpResponse {
  const { origin } = request.headers;
  // Refused, not only left without a CORS header: a page's form POST needs no preflight to change state.
  if (!isOriginAllowed(origin, hub.options.allowOrigins)) {
    return formatResponse({ status: 403, body: originRefusal(origin ?? '') }, { vary: 'Origin' });
  }
  const cors = corsHeaders(request);
  const respond = (result: HubResult, extra: Record<string, string> = {}): HubHttpResponse =>
    formatResponse(result, { ...cors, ...extra });
  const path = (request.url.split('?')[0] ?? '').replace(/\/+$/, '');
  const base = HUB_BASE_PATHS.find((prefix) => path === prefix || path.startsWith(`${prefix}/`));
  const added = base ? undefined : addOn?.route(hub, request);
  if (added) return { ...added, headers: { ...cors, ...added.headers } };
  if (!base) return respond({ status: 404, body: `Not found: the FHIRcast hub is at ${HUB_BASE_PATHS[0]}` });
  const method = request.method.toUpperCase();
  if (method === 'OPTIONS') return { status: 204, headers: cors, body: '' };
  const permission = authorise(hub.options.tokens, request.headers.authorization, hub, addOn);
  if (!permission) {
    const result = { status: 401, body: 'A valid bearer token is required (Authorization: Bearer <token>)' };
    return respond(result, { 'www-authenticate': 'Bearer realm="fhircast"' });
  }
  if (request.bodyTooLarge || new TextEncoder().encode(request.body).length > hub.options.maxBodyBytes) {
    return respond({ status: 413, body: `The request body exceeds ${hub.options.maxBodyBytes} bytes` });
  }
  const segments = path.slice(base.length).split('/').filter(Boolean).map(safeDecode);
  const rest = segments.join('/');
  const { profile } = hub.options;
  if (method === 'GET' && rest === WELL_KNOWN && profile.discovery)
    return respond({ status: 200, body: hub.configuration() });
  if (method === 'GET' && segments.length === 1) {
    const refusal = permission.refusal('read', rest, []);
    const context = () => contextAnswer(profile, hub.currentContext(rest));
    return respond(refusal ? { status: 403, body: refusal } : { status: 200, body: context() });
  }
  if (method === 'POST' && segments.length <= 1) {
    return respond(post(hub, request, segments[0], permission, addOn));
  }
  const allow = segments.length === 0 ? 'POST, OPTIONS' : 'GET, POST, OPTIONS';
  const hint = 'POST {hub.url} to subscribe or publish; GET {hub.url}/{topic} for the current context';
  if (segments.length <= 1)
    return respond({ status: 405, body: `Method ${method} not allowed: ${hint}` }, { allow });
  return respond({ status: 404, body: `Not found: ${hint}` });
}

function post(
  hub: FhircastHub,
  request: HubHttpRequest,
  pathTopic: string | undefined,
  permission: HubPermission,
  addOn: HubAddOn | undefined,
): HubResult {
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const isForm =
    type === 'application/x-www-form-urlencoded' || (type === '' && !request.body.trim().startsWith('{'));
  const isJson = type === 'application/json' || type.endsWith('+json') || (type === '' && !isForm);
  if (!isForm && !isJson) {
    return {
      status: 415,
      body: `Unsupported Content-Type ${type}: send JSON or a form (x-www-form-urlencoded)`,
    };
  }
  if (isJson && pathTopic === undefined && hub.options.profile.publishAt === 'topic-only') return exit(hub);
  const { maxNestingDepth } = hub.options;
  if (isJson && nestsDeeperThan(request.body, maxNestingDepth)) {
    const limit = nestingLimitText(maxNestingDepth);
    return { status: 400, body: `The request body has ${limit}, the hub's limit (maxNestingDepth)` };
  }
  const json = isJson ? parseJson(request.body) : undefined;
  if (isJson && json === undefined) return { status: 400, body: 'The request body is not valid JSON' };
  if (isForm || (isObject(json) && 'hub.mode' in json)) {
    if (pathTopic !== undefined)
      return { status: 400, body: 'Subscription requests are posted to {hub.url}' };
    const params = readSubscriptionParams(request.body, isJson);
    if ('message' in params) return { status: params.status, body: params.message };
    const subscription = parseSubscriptionRequest(params);
    if ('message' in subscription) return { status: subscription.status, body: subscription.message };
    const refusal =
      subscription.mode === 'subscribe'
        ? permission.refusal('read', subscription.topic, subscription.events)
        : undefined;
    if (refusal) return { status: 403, body: refusal };
    return hub.subscription(subscription, request.socketBase);
  }
  const notification = parsePublishBody(json, pathTopic, hub.options.lenient);
  if ('message' in notification) {
    hub.options.log(`refused a publish: ${notification.status} ${shortened(notification.message)}`);
    return { status: notification.status, body: notification.message };
  }
  const refusal = permission.refusal('write', notification.event['hub.topic'], [
    notification.event['hub.event'],
  ]);
  if (refusal) return { status: 403, body: refusal };
  const published = hub.publish(notification);
  // Whatever shape the profile answers in (202 with the event, or the sandbox's 200 "OK").
  if (published.status < 300) addOn?.published(notification);
  return published;
}

/**
 * A JSON POST to `{hub}` makes the sandbox hub's process exit. Emulated without ending this process: every
 * socket drops and all state is lost, as after a restart, and the request is answered 502, so a test sees
 * an app that posts there (to publish, or to find out where to publish).
 */
function exit(hub: FhircastHub): HubResult {
  hub.options.log(
    'a JSON POST to hub.url: the legacy sandbox would have exited; dropped every socket and all state',
  );
  hub.restartWithoutState();
  const hint = 'the legacy sandbox exits on a JSON POST to {hub.url}; publish to {hub.url}/{topic}';
  return { status: 502, body: `${hint}. Every subscription and context was lost.` };
}

/** CORS headers for an allowed origin; none for a request without `Origin`, which no browser sent cross-site. */
function corsHeaders(request: HubHttpRequest): Record<string, string> {
  const { origin } = request.headers;
  if (origin === undefined) return { vary: 'Origin' };
  return {
    'access-control-allow-origin': origin,
    // MedplumClient fetches with `credentials: 'include'`, which a browser refuses without this. The hub
    // reads no cookies, so a credentialed request can do nothing an allowed origin could not do anyway.
    'access-control-allow-credentials': 'true',
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers':
      request.headers['access-control-request-headers'] ?? 'Authorization, Content-Type, Accept',
    'access-control-max-age': '600',
    vary: 'Origin, Access-Control-Request-Headers',
  };
}

function formatResponse(result: HubResult, headers: Record<string, string>): HubHttpResponse {
  if (typeof result.body === 'string') {
    return {
      status: result.status,
      headers: { ...headers, 'content-type': 'text/plain; charset=utf-8' },
      body: result.body,
    };
  }
  const body = JSON.stringify(result.body);
  return {
    status: result.status,
    headers: { ...headers, 'content-type': 'application/json; charset=utf-8' },
    body,
  };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
