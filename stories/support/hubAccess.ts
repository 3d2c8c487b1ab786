import { createContext, useContext } from 'react';

/** Where a story's apps find the hub: URL, topic, and the fetch and WebSocket that lead there. */
export interface HubAccess {
  url: string;
  topic: string;
  fetch: typeof globalThis.fetch;
  WebSocket: typeof globalThis.WebSocket;
  /** `live` for the development hub started by `npm start`, `loopback` for the in-memory one. */
  kind: 'live' | 'loopback';
}

export const HubAccessContext = createContext<HubAccess | null>(null);

/** The hub of the current story (for stories that mount several apps on one topic). */
export function useHubAccess(): HubAccess {
  const access = useContext(HubAccessContext);
  if (!access) throw new Error('useHubAccess must be used inside a story decorated by withFhircast');
  return access;
}

/** Every event the kit's components follow. */
export const STORY_EVENTS = [
  'Patient-open',
  'Patient-close',
  'Encounter-open',
  'Encounter-close',
  'ImagingStudy-open',
  'ImagingStudy-close',
  'DiagnosticReport-open',
  'DiagnosticReport-close',
  'DiagnosticReport-update',
  'DiagnosticReport-select',
  'syncerror',
];
