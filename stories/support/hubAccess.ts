import { createContext, useContext } from 'react';
import { COMPONENT_EVENTS } from '../../test/fixtures/events.ts';

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

/** Every event the kit's components follow (derived from the event catalogue). */
export const STORY_EVENTS = COMPONENT_EVENTS;
