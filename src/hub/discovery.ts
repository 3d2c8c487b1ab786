import { EVENT_CATALOG } from '../protocol/events.ts';

/** The discovery document served at `{hub.url}/.well-known/fhircast-configuration`. */
export function discoveryDocument(): Record<string, unknown> {
  return {
    eventsSupported: EVENT_CATALOG.map((spec) => spec.name).filter((name) => name !== 'heartbeat'),
    websocketSupport: true,
    webhookSupport: false,
    fhircastVersion: '3.0.0',
    capabilities: { supportsGetCurrentContext: true, supportsNonCurrentContextUpdates: false },
  };
}
