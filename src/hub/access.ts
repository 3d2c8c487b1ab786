import type { FhircastNotification } from '../protocol/types.ts';
import type { FhircastHub } from './hub.ts';
import type { BearerTokens } from './tokens.ts';

/**
 * Who may do what on the hub's FHIRcast paths. The hub itself knows only its configured bearer tokens;
 * an add-on (the SMART launch) issues tokens of its own, each limited to a session and to scopes.
 */
export interface HubPermission {
  /**
   * Why this caller may not `read` (subscribe to, or get the context of) or `write` (publish) `events` on
   * `topic`, naming what it lacks; undefined when it may. No events: reading the topic's context.
   */
  refusal(action: 'read' | 'write', topic: string, events: readonly string[]): string | undefined;
}

/** A caller with a configured token, or any caller of a hub that asks for none: it may do everything. */
export const FULL_ACCESS: HubPermission = { refusal: () => undefined };

/** The parts of an HTTP request an add-on reads (the hub's `HubHttpRequest` has each of them). */
export interface AddOnRequest {
  readonly method: string;
  /** Path and query. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string;
  readonly bodyTooLarge?: boolean;
  /** `ws://host:port` for the name the request reached the hub by; its http form is the hub's origin. */
  readonly socketBase: string;
}

/** An add-on's answer, in the shape of the hub's `HubHttpResponse`; the hub adds the CORS headers. */
export interface AddOnResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Something served beside the FHIRcast paths that also issues tokens: the development SMART launch. */
export interface HubAddOn {
  /** Answers a request outside the FHIRcast paths, or undefined when the path is not the add-on's. */
  route(hub: FhircastHub, request: AddOnRequest): AddOnResponse | undefined;
  /** What a bearer token the hub was not configured with may do; undefined when the add-on never issued it. */
  permission(token: string, hub: FhircastHub): HubPermission | undefined;
  /** Told of every published event the hub accepted, as the hub broadcast it. */
  published(notification: FhircastNotification): void;
}

/**
 * What the caller behind an `Authorization` header may do, or undefined for a 401. A configured token may
 * do everything; with an add-on, any other token presented must be one it issued (a stale or made-up token
 * is refused, so an app learns its token expired); a hub configured with no token lets callers without one
 * do everything, as it always has.
 */
export function authorise(
  tokens: BearerTokens,
  authorization: string | undefined,
  hub: FhircastHub,
  addOn: HubAddOn | undefined,
): HubPermission | undefined {
  if (tokens.required && tokens.accepts(authorization)) return FULL_ACCESS;
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  if (addOn && presented !== undefined) return addOn.permission(presented, hub);
  return tokens.required ? undefined : FULL_ACCESS;
}
