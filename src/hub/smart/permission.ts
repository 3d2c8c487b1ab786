import type { HubPermission } from '../access.ts';
import { redact } from '../registry.ts';
import type { TokenGrant } from './grants.ts';
import { permits, readsAnything, scopeFor } from './scopes.ts';

/**
 * What a token the SMART launch issued may do: use its own session only, subscribe to an event with the
 * event's read scope, publish one with its write scope. A refusal names the scope that was missing.
 */
export function tokenPermission(grant: TokenGrant): HubPermission {
  return {
    refusal(action, topic, events) {
      if (topic !== grant.topic) {
        return `This token was issued for another session: it may not use topic ${redact(topic)}`;
      }
      const granted = grant.scopes.join(' ') || 'none';
      if (events.length === 0) {
        return readsAnything(grant.scopes)
          ? undefined
          : `The token has no FHIRcast read scope (such as fhircast/Patient-open.read), which getting the current context needs (granted: ${granted})`;
      }
      const denied = events.find((event) => !permits(grant.scopes, event, action));
      if (denied === undefined) return undefined;
      const doing = action === 'read' ? 'subscribing to' : 'publishing';
      return `The token lacks the scope ${scopeFor(denied, action)}, which ${doing} ${denied} needs (granted: ${granted})`;
    },
  };
}
