export {
  CONNECTION_STATUS_LABELS,
  ConnectionStatus,
  type ConnectionStatusProps,
} from './components/ConnectionStatus/index.ts';
export {
  ContextPublisher,
  type ContextPublisherProps,
  type ContextPublisherSamples,
} from './components/ContextPublisher/index.ts';
export { EncounterBanner, type EncounterBannerProps } from './components/EncounterBanner/index.ts';
export { EventLog, type EventLogProps } from './components/EventLog/index.ts';
export { ImagingStudyCard, type ImagingStudyCardProps } from './components/ImagingStudyCard/index.ts';
export { PatientBanner, type PatientBannerProps } from './components/PatientBanner/index.ts';
export { ReportPanel, type ReportPanelProps } from './components/ReportPanel/index.ts';
export { BACKOFF_STEPS, type BackoffOptions, backoffDelay } from './core/backoff.ts';
export {
  createFhircastClient,
  type EventListener,
  type FhircastClient,
  type ListenerResult,
} from './core/client.ts';
export {
  type AnchorContext,
  type ContextOutcome,
  type ContextState,
  EMPTY_CONTEXT,
  parseTimestamp,
  reduceContext,
  replaceContext,
} from './core/context.ts';
export { FhircastError } from './core/errors.ts';
export type { RequestInfo } from './core/http.ts';
export type { ClientTimers, FhircastClientOptions, WebSocketClass } from './core/options.ts';
export type { PublishOptions, PublishResult } from './core/publish.ts';
export {
  type ContentChange,
  createPublishers,
  type FhircastPublishers,
  type ReportContext,
} from './core/publishers.ts';
export {
  createFhircastStore,
  type EventLogEntry,
  type FhircastState,
  type FhircastStatus,
  type FhircastStore,
  initialState,
  type SessionEnd,
  type SyncErrorInfo,
} from './core/store.ts';
export {
  applyUpdateBundle,
  type ContentUpdateResult,
  contentBundle,
  keyFromUrl,
  resourceKey,
} from './protocol/content.ts';
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
} from './protocol/events.ts';
export {
  ackFrame,
  type InboundFrame,
  type ParsedCurrentContext,
  parseCurrentContext,
  parseFrame,
  type SubscriptionFields,
  subscriptionForm,
} from './protocol/messages.ts';
export type {
  ContextEntry,
  EventContext,
  FhircastEventContextMap,
  KnownEventName,
  ReferenceItem,
  ResourceItem,
} from './protocol/typed.ts';
export type * from './protocol/types.ts';
export { validateEventContext } from './protocol/validate.ts';
export { FhircastProvider, type FhircastProviderProps } from './react/FhircastProvider.tsx';
export { useFhircastClient } from './react/useFhircastClient.ts';
export { useFhircastContent } from './react/useFhircastContent.ts';
export { type FhircastContextValue, useFhircastContext } from './react/useFhircastContext.ts';
export { useFhircastEncounter } from './react/useFhircastEncounter.ts';
export { useFhircastEvent } from './react/useFhircastEvent.ts';
export { useFhircastEventLog } from './react/useFhircastEventLog.ts';
export { useFhircastPatient } from './react/useFhircastPatient.ts';
export { type FhircastPublishApi, useFhircastPublish } from './react/useFhircastPublish.ts';
export { useFhircastReport } from './react/useFhircastReport.ts';
export { useFhircastSelection } from './react/useFhircastSelection.ts';
export { type FhircastStatusValue, useFhircastStatus } from './react/useFhircastStatus.ts';
export { useFhircastStudy } from './react/useFhircastStudy.ts';
export {
  fhircastFromLaunchUrl,
  fhircastFromSmartClient,
  fhircastFromTokenResponse,
  type SmartFhircastLaunch,
  SmartLaunchError,
  type SmartLaunchOptions,
} from './smart/index.ts';
