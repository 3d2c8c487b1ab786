export { type FaultRequest, HubFaults, publishRequests, subscriptionRequests } from './faults.ts';
export { HUB_BASE_PATHS, type HubHttpRequest, type HubHttpResponse, handleHttp } from './http.ts';
export {
  ENDPOINT_PATH,
  FhircastHub,
  type HubConnection,
  type HubResult,
  type HubSocket,
  parseAck,
  type SubscriberFilter,
  type SubscriberInfo,
} from './hub.ts';
export { createLoopbackHub, LOOPBACK_ORIGIN, type LoopbackHub } from './loopback.ts';
export type { HubClock, HubOptions } from './options.ts';
export { type RunningHub, type StartHubOptions, startHub } from './server.ts';
