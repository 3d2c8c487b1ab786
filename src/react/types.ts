/** The types components and apps built on the React layer need, so they never reach into the core. */
export type { FhircastClient } from '../core/client.ts';
export type { PublishResult } from '../core/publish.ts';
export type { FhircastPublishers } from '../core/publishers.ts';
export type { EventLogEntry, FhircastState, FhircastStatus } from '../core/store.ts';
