import { syncErrorContext } from '../protocol/syncerror.ts';
import type { FhircastNotification } from '../protocol/types.ts';
import { randomUuid } from './options.ts';

/** A spec-shaped `syncerror` notification the hub sends, naming the event, its name and the subscriber. */
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
      context: syncErrorContext({ eventId, eventName, subscriberName, diagnostics }),
    },
  };
}
