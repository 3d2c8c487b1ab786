import type { FhircastState } from '../core/store.ts';
import type { AnchorType } from '../protocol/events.ts';
import { findItem } from '../protocol/items.ts';
import type { FhirResource } from '../protocol/types.ts';
import { useProvidedClient } from './useProvidedClient.ts';
import { useStoreSlice } from './useStoreSlice.ts';

/**
 * The resource under `key` in the current context; with no current context, the one in the still-open
 * anchor of `fallback` (a context closed elsewhere leaves the others open, as in the guide's multi-tab
 * model), in its newest shared version when an update replaced it. Re-renders only when that resource
 * changes, not when an event re-sends it unchanged.
 */
export function useAnchorResource(
  hookName: string,
  key: string,
  fallback: AnchorType,
): FhirResource | undefined {
  const client = useProvidedClient(hookName);
  return useStoreSlice(client.store, (state) => selectResource(state, key, fallback), sameResource);
}

function selectResource(state: FhircastState, key: string, fallback: AnchorType): FhirResource | undefined {
  const anchor = state.current ? state.anchors[state.current] : state.anchors[fallback];
  const opened = (anchor && findItem(anchor.context, key))?.resource;
  if (!opened || !state.current) return opened;
  // An update may PUT a resource of the open (a report's new status): the shared version is the newer one.
  const shared = state.content.find(
    (resource) => resource.resourceType === opened.resourceType && resource.id === opened.id,
  );
  return shared ?? opened;
}

/** Same resource: the same object, or the same content (a new event re-sending an unchanged resource). */
function sameResource(a: FhirResource | undefined, b: FhirResource | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.resourceType !== b.resourceType || a.id !== b.id) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}
