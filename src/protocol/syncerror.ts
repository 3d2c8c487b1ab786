import type { ContextItem } from './types.ts';

/** The coding systems FHIRcast uses to say which event, event name and subscriber a sync error is about. */
export const SYNC_ERROR_SYSTEMS = {
  eventId: 'https://fhircast.hl7.org/events/syncerror/eventid',
  eventName: 'https://fhircast.hl7.org/events/syncerror/eventname',
  subscriberName: 'https://fhircast.hl7.org/events/syncerror/subscribername',
} as const;

/** What a sync error is about: the event (its id and name), who could not process it, and why. */
export interface SyncErrorAbout {
  eventId: string;
  eventName: string;
  subscriberName: string;
  diagnostics: string;
}

/** The context of a `syncerror` event: an OperationOutcome warning (`processing`) naming the event. */
export function syncErrorContext(about: SyncErrorAbout): ContextItem[] {
  const coding = [
    { system: SYNC_ERROR_SYSTEMS.eventId, code: about.eventId },
    { system: SYNC_ERROR_SYSTEMS.eventName, code: about.eventName },
    { system: SYNC_ERROR_SYSTEMS.subscriberName, code: about.subscriberName },
  ];
  const issue = {
    severity: 'warning',
    code: 'processing',
    diagnostics: about.diagnostics,
    details: { coding },
  };
  return [{ key: 'operationoutcome', resource: { resourceType: 'OperationOutcome', issue: [issue] } }];
}
