import { findItem } from '../../protocol/items.ts';
import type { FhircastNotification } from '../../protocol/types.ts';
import type { AddOnRequest, AddOnResponse, HubAddOn, HubPermission } from '../access.ts';
import { authorise, FULL_ACCESS } from '../access.ts';
import { HUB_BASE_PATHS } from '../http.ts';
import type { FhircastHub } from '../hub.ts';
import { isOriginAllowed } from '../origins.ts';
import { redact } from '../registry.ts';
import { authorizeRequest } from './authorize.ts';
import {
  capabilityStatement,
  SMART_PATHS,
  type SmartEndpoints,
  smartConfiguration,
  smartEndpoints,
} from './discovery.ts';
import { operationOutcome, SeenResources } from './fhir.ts';
import { type LaunchContext, SmartGrants } from './grants.ts';
import { launchPage } from './launch-page.ts';
import { tokenPermission } from './permission.ts';
import { newSecret } from './pkce.ts';
import { SAMPLE_PATIENTS } from './samples.ts';
import { tokenRequest } from './token.ts';

/** Options of the development SMART launch (`startHub({ smart: { … } })`, `--smart`). */
export interface HubSmartOptions {
  /** The app the launch page offers to launch, e.g. `http://127.0.0.1:5173/`. Default none: the page asks. */
  appUrl?: string;
  /** Lifetime of an access token in seconds. Default 3600. */
  accessTokenSeconds?: number;
  /** Lifetime of a refresh token (given with `offline_access` or `online_access`) in seconds. Default 86400. */
  refreshTokenSeconds?: number;
  /** Lifetime of an authorization code in seconds. Default 60. */
  codeSeconds?: number;
  /** Lifetime of a launch id from the launch page in seconds. Default 600. */
  launchSeconds?: number;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const FHIR_TYPE = 'application/fhir+json; charset=utf-8';

/**
 * A SMART App Launch for FHIRcast on the development hub: discovery, `/authorize` (no login: it approves
 * and logs), `/token`, the EHR launch page, read-only FHIR for the resources its session carried, and the
 * tokens it issues, each held to its FHIRcast scopes and its session.
 */
export class SmartLaunch implements HubAddOn {
  /** The session the launch page plays the EHR of; a standalone launch joins it too. */
  readonly topic = globalThis.crypto.randomUUID();
  private readonly pageToken = newSecret();
  private readonly grants: SmartGrants;
  private readonly seen = new SeenResources();
  private readonly appUrl: string | undefined;

  constructor(options: HubSmartOptions = {}) {
    const lifetimes = {
      accessTokenSeconds: options.accessTokenSeconds ?? 3600,
      refreshTokenSeconds: options.refreshTokenSeconds ?? 86_400,
      codeSeconds: options.codeSeconds ?? 60,
      launchSeconds: options.launchSeconds ?? 600,
    };
    for (const [name, value] of Object.entries(lifetimes)) {
      if (!(Number.isFinite(value) && value > 0)) {
        throw new RangeError(`react-fhircast hub: SMART option ${name} must be a positive number`);
      }
    }
    if (options.appUrl !== undefined && !/^https?:\/\//.test(options.appUrl)) {
      throw new RangeError(
        `react-fhircast hub: SMART option appUrl must be an http(s) URL, not "${options.appUrl}"`,
      );
    }
    this.grants = new SmartGrants(lifetimes);
    this.appUrl = options.appUrl;
  }

  route(hub: FhircastHub, request: AddOnRequest): AddOnResponse | undefined {
    const [rawPath = '', query = ''] = request.url.split('?', 2);
    const path = rawPath.replace(/\/+$/, '');
    const method = request.method.toUpperCase();
    const ours = path === SMART_PATHS.fhir || path.startsWith(`${SMART_PATHS.fhir}/`) || isOwnPath(path);
    if (!ours) return undefined;
    if (method === 'OPTIONS') return { status: 204, headers: {}, body: '' };
    if (request.bodyTooLarge || request.body.length > hub.options.maxBodyBytes) {
      return { status: 413, headers: {}, body: `The request body exceeds ${hub.options.maxBodyBytes} bytes` };
    }
    const endpoints = smartEndpoints(request.socketBase, HUB_BASE_PATHS[0]);
    const now = hub.options.clock.now();
    const log = (line: string) => hub.options.log(line);
    if (path.startsWith(SMART_PATHS.fhir)) return this.fhir(hub, request, path, endpoints);
    if (path === SMART_PATHS.authorize && method === 'GET') {
      return authorizeRequest(new URLSearchParams(query), {
        grants: this.grants,
        endpoints,
        now,
        sessionTopic: this.topic,
        launchContext: (topic) => launchContext(hub, topic),
        redirectAllowed: (uri) => isOriginAllowed(uri.origin, hub.options.allowOrigins),
        log,
      });
    }
    if (path === SMART_PATHS.token && method === 'POST') {
      const type = request.headers['content-type'] ?? '';
      return tokenRequest(type, request.body, { grants: this.grants, endpoints, now, log });
    }
    if (path === SMART_PATHS.launch && method === 'GET') {
      const settings = { endpoints, topic: this.topic, token: this.pageToken, appUrl: this.appUrl };
      return launchPage({ ...settings, patients: SAMPLE_PATIENTS });
    }
    if (path === SMART_PATHS.launch && method === 'POST') {
      const launch = this.grants.launches.issue(
        { topic: this.topic },
        this.grants.lifetimes.launchSeconds,
        now,
      );
      log(`SMART: the launch page started a launch on topic ${redact(this.topic)}`);
      return { status: 201, headers: { 'content-type': JSON_TYPE }, body: JSON.stringify({ launch }) };
    }
    const allow =
      path === SMART_PATHS.token
        ? 'POST, OPTIONS'
        : path === SMART_PATHS.launch
          ? 'GET, POST, OPTIONS'
          : 'GET, OPTIONS';
    return {
      status: 405,
      headers: { allow, 'content-type': 'text/plain; charset=utf-8' },
      body: `Method ${method} not allowed here`,
    };
  }

  permission(token: string, hub: FhircastHub): HubPermission | undefined {
    if (token === this.pageToken) return FULL_ACCESS;
    const grant = this.grants.accessTokens.find(token, hub.options.clock.now());
    return grant ? tokenPermission(grant) : undefined;
  }

  published(notification: FhircastNotification): void {
    if (notification.event['hub.topic'] === this.topic) this.seen.record(notification);
  }

  /** Read-only FHIR: discovery, metadata and the resources the session carried; anything else 404. */
  private fhir(
    hub: FhircastHub,
    request: AddOnRequest,
    path: string,
    endpoints: SmartEndpoints,
  ): AddOnResponse {
    const rest = path.slice(SMART_PATHS.fhir.length).split('/').filter(Boolean);
    if (request.method.toUpperCase() !== 'GET') {
      return fhirAnswer(405, operationOutcome('not-supported', 'This FHIR server is read-only'));
    }
    if (rest.join('/') === '.well-known/smart-configuration') {
      return {
        status: 200,
        headers: { 'content-type': JSON_TYPE },
        body: JSON.stringify(smartConfiguration(endpoints)),
      };
    }
    if (rest.join('/') === 'metadata') return fhirAnswer(200, capabilityStatement(endpoints));
    if (!authorise(hub.options.tokens, request.headers.authorization, hub, this)) {
      const answer = fhirAnswer(401, operationOutcome('login', 'A valid bearer token is required'));
      answer.headers['www-authenticate'] = 'Bearer realm="fhir"';
      return answer;
    }
    const [type = '', id = '', ...more] = rest;
    const resource = rest.length === 2 && more.length === 0 ? this.seen.read(type, id) : undefined;
    if (resource) return fhirAnswer(200, resource);
    const what = rest.length === 2 ? `${type}/${id}` : rest.join('/') || 'the base';
    return fhirAnswer(
      404,
      operationOutcome(
        'not-found',
        `${what} is not known here: this read-only FHIR server holds only the resources the session's FHIRcast events carried`,
      ),
    );
  }
}

function isOwnPath(path: string): boolean {
  return path === SMART_PATHS.authorize || path === SMART_PATHS.token || path === SMART_PATHS.launch;
}

/** Ids of the patient, encounter and study in a topic's current context, for the token response. */
function launchContext(hub: FhircastHub, topic: string): LaunchContext {
  const { context } = hub.currentContext(topic);
  const idOf = (key: string) => findItem(context, key)?.resource?.id;
  const found: LaunchContext = {};
  const patient = idOf('patient');
  const encounter = idOf('encounter');
  const study = idOf('study');
  if (patient) found.patient = patient;
  if (encounter) found.encounter = encounter;
  if (study) found.imagingstudy = study;
  return found;
}

function fhirAnswer(status: number, body: unknown): AddOnResponse {
  return { status, headers: { 'content-type': FHIR_TYPE }, body: JSON.stringify(body) };
}
