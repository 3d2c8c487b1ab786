/**
 * `react-fhircast/core`: the FHIRcast client with no React: the client, its zustand store, the typed
 * publishers, the context reducer and the protocol's types. `react-fhircast` re-exports all of it.
 */

export {
  applyUpdateBundle,
  type ContentUpdateResult,
  contentBundle,
  resourceKey,
} from '../protocol/content.ts';
export {
  ANCHOR_KEYS,
  type AnchorType,
  type ContextKeySpec,
  canonicalEventName,
  EVENT_CATALOG,
  type EventAction,
  type EventSpec,
  findEventSpec,
  sameEventName,
} from '../protocol/events.ts';
export type { ParsedCurrentContext } from '../protocol/messages.ts';
export type {
  ContextEntry,
  EventContext,
  FhircastEventContextMap,
  KnownEventName,
  ReferenceItem,
  ResourceItem,
} from '../protocol/typed.ts';
export type * from '../protocol/types.ts';
export { validateEventContext } from '../protocol/validate.ts';
export type { BackoffOptions } from './backoff.ts';
export {
  createFhircastClient,
  type EventListener,
  type FhircastClient,
  type ListenerResult,
} from './client.ts';
export {
  type AnchorContext,
  type ContextOutcome,
  type ContextState,
  EMPTY_CONTEXT,
  reduceContext,
  replaceContext,
} from './context.ts';
export { FhircastError, UntrustedEndpointError } from './errors.ts';
export type { RequestInfo } from './http.ts';
export type { ClientTimers, FhircastClientOptions, WebSocketClass } from './options.ts';
export type { PublishOptions, PublishResult } from './publish.ts';
export {
  type ContentChange,
  createPublishers,
  type FhircastPublishers,
  type ReportContext,
} from './publishers.ts';
export type { ResourceReader } from './references.ts';
export type {
  EventLogEntry,
  FhircastState,
  FhircastStatus,
  FhircastStore,
  SessionEnd,
  SyncErrorInfo,
} from './store.ts';
