/**
 * SMART scopes as the development launch grants and enforces them. FHIRcast's own scopes follow the
 * guide's syntax `fhircast/{event|*}.{read|write|*}` (event names in any case); read lets an app subscribe
 * to an event, write lets it publish one.
 */

/** Longest scope string accepted, and longest single scope: OAuth sets no limit, a development hub does. */
export const MAX_SCOPE_LENGTH = 2000;
const MAX_ONE_SCOPE = 200;

const FHIRCAST_SCOPE = /^fhircast\/([A-Za-z][\w.-]*?|\*)\.(read|write|\*)$/;
const FHIR_RESOURCE_SCOPE = /^(patient|user|system)\/(\*|[A-Z][A-Za-z]*)\.(read|write|\*|c?r?u?d?s?)$/;
/** Scopes that carry no FHIRcast or FHIR access but change what the launch gives. */
const LAUNCH_SCOPES = new Set([
  'launch',
  'launch/patient',
  'launch/encounter',
  'offline_access',
  'online_access',
]);

/** Events that need no scope: a hub sends sync errors to every subscriber, and anyone may report one. */
const UNSCOPED_EVENTS = new Set(['syncerror', 'heartbeat']);

/**
 * The scopes granted for a requested `scope` string: FHIRcast, FHIR resource and launch scopes, in the
 * order asked. Others (`openid`, `fhirUser`, `profile`: this launch issues no id_token) are left out, as
 * OAuth lets a server grant less than asked.
 */
export function grantableScopes(requested: string): string[] {
  const granted: string[] = [];
  for (const scope of requested.split(' ')) {
    if (scope === '' || scope.length > MAX_ONE_SCOPE || granted.includes(scope)) continue;
    if (LAUNCH_SCOPES.has(scope) || FHIRCAST_SCOPE.test(scope) || FHIR_RESOURCE_SCOPE.test(scope)) {
      granted.push(scope);
    }
  }
  return granted;
}

/** Whether the scopes let an app refresh its token (`fhirclient` refreshes only with one of these). */
export function allowsRefresh(scopes: readonly string[]): boolean {
  return scopes.includes('offline_access') || scopes.includes('online_access');
}

/** The scope an `action` on `event` needs, as the guide writes it: `fhircast/Patient-open.read`. */
export function scopeFor(event: string, action: 'read' | 'write'): string {
  return `fhircast/${event}.${action}`;
}

/** Whether `scopes` let an app `read` or `write` `event` (wildcards and any case of the name count). */
export function permits(scopes: readonly string[], event: string, action: 'read' | 'write'): boolean {
  if (UNSCOPED_EVENTS.has(event.toLowerCase())) return true;
  return scopes.some((scope) => {
    const match = FHIRCAST_SCOPE.exec(scope);
    if (!match) return false;
    const [, name = '', granted] = match;
    return (
      (name === '*' || name.toLowerCase() === event.toLowerCase()) && (granted === '*' || granted === action)
    );
  });
}

/** Whether `scopes` hold any FHIRcast read scope, which getting a topic's context needs. */
export function readsAnything(scopes: readonly string[]): boolean {
  return scopes.some((scope) => {
    const granted = FHIRCAST_SCOPE.exec(scope)?.[2];
    return granted === 'read' || granted === '*';
  });
}
