/** A FHIR resource as FHIRcast carries it: only `resourceType` is guaranteed. */
export interface FhirResource {
  resourceType: string;
  id?: string;
  [field: string]: unknown;
}

/** A FHIR Reference (`{ reference: "Type/id" }`). */
export interface FhirReference {
  reference?: string;
  display?: string;
  [field: string]: unknown;
}

/** One entry of an event's `context` array; the value names its datatype. */
export interface ContextItem {
  key: string;
  resource?: FhirResource;
  reference?: FhirReference;
  [valueField: string]: unknown;
}

/** The `event` object of a notification or publish request. */
export interface FhircastEvent {
  'hub.topic': string;
  'hub.event': string;
  context: ContextItem[];
  'context.versionId'?: string;
  'context.priorVersionId'?: string;
}

/** A FHIRcast event notification (what the hub sends and what a publisher posts). */
export interface FhircastNotification {
  timestamp: string;
  id: string;
  event: FhircastEvent;
}

/** The hub's answer to a get-current-context request. */
export interface CurrentContext {
  'context.type': string;
  'context.versionId'?: string;
  context: ContextItem[];
}

/** A subscription confirmation frame sent on the WebSocket. */
export interface SubscriptionConfirmation {
  'hub.mode': 'subscribe';
  'hub.topic': string;
  'hub.events': string;
  'hub.lease_seconds': number;
}

/** A subscription denial frame; the hub closes the socket after it. */
export interface SubscriptionDenial {
  'hub.mode': 'denied';
  'hub.topic'?: string;
  'hub.events'?: string;
  'hub.reason': string;
}

/** An acknowledgement of an event, sent by the subscriber on the same socket. */
export interface EventAck {
  id: string;
  status: number;
}
