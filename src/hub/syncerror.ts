import type { FhircastNotification } from '../protocol/types.ts';
import { randomUuid } from './options.ts';

/** The coding systems FHIRcast uses to say which event, event name and subscriber a sync error is about. */
export const SYNC_ERROR_SYSTEMS = {
  eventId: 'https://fhircast.hl7.org/events/syncerror/eventid',
  eventName: 'https://fhircast.hl7.org/events/syncerror/eventname',
  subscriberName: 'https://fhircast.hl7.org/events/syncerror/subscribername',
} as const;

/** A spec-shaped `syncerror` notification naming the event, its name and the subscriber. */
export function syncErrorNotification(
  topic: string,
  eventId: string,
  eventName: string,
  subscriberName: string,
  diagnostics: string,
): FhircastNotification {
  return {
    timestamp: new Date().toISOString(),
    id: randomUuid(),
    event: {
      'hub.topic': topic,
      'hub.event': 'syncerror',
      context: [
        {
          key: 'operationoutcome',
          resource: {
            resourceType: 'OperationOutcome',
            issue: [
              {
                severity: 'warning',
                code: 'processing',
                diagnostics,
                details: {
                  coding: [
                    { system: SYNC_ERROR_SYSTEMS.eventId, code: eventId },
                    { system: SYNC_ERROR_SYSTEMS.eventName, code: eventName },
                    { system: SYNC_ERROR_SYSTEMS.subscriberName, code: subscriberName },
                  ],
                },
              },
            ],
          },
        },
      ],
    },
  };
}
