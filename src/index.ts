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
export { SyncErrorNotice, type SyncErrorNoticeProps } from './components/SyncErrorNotice/index.ts';
export * from './core/index.ts';
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
export { type FhircastReportState, useFhircastReportState } from './react/useFhircastReportState.ts';
export { useFhircastSelection } from './react/useFhircastSelection.ts';
export { type FhircastStatusValue, useFhircastStatus } from './react/useFhircastStatus.ts';
export { useFhircastStudy } from './react/useFhircastStudy.ts';
export { useFhircastSyncErrors } from './react/useFhircastSyncErrors.ts';
export {
  fhircastFromLaunchUrl,
  fhircastFromSmartClient,
  fhircastFromTokenResponse,
  type SmartClient,
  type SmartFhircastLaunch,
  SmartLaunchError,
  type SmartLaunchOptions,
} from './smart/index.ts';
