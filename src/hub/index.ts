export { parseAck } from './acks.ts';
export { type FaultRequest, HubFaults, publishRequests, subscriptionRequests } from './faults.ts';
export { HUB_BASE_PATHS, type HubHttpRequest, type HubHttpResponse, handleHttp } from './http.ts';
export { FhircastHub } from './hub.ts';
export { createLoopbackHub, LOOPBACK_ORIGIN, type LoopbackHub } from './loopback.ts';
export type { HubClock, HubOptions } from './options.ts';
export { type RunningHub, type RunningSmartLaunch, type StartHubOptions, startHub } from './server.ts';
export type { HubSmartOptions } from './smart/launch.ts';
export {
  ENDPOINT_PATH,
  type HubConnection,
  type HubResult,
  type HubSocket,
  type SubscriberFilter,
  type SubscriberInfo,
} from './transport.ts';
