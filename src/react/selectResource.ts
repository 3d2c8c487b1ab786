import type { AnchorType } from '../core/events.ts';
import type { FhircastState } from '../core/store.ts';
import type { FhirResource } from '../core/types.ts';

/**
 * The resource under `key` in the current context; with no current context, the one in the still-open
 * anchor of `fallback` (a context closed elsewhere leaves the others open, as in the guide's multi-tab model).
 */
export function selectResource(
  state: FhircastState,
  key: string,
  fallback: AnchorType,
): FhirResource | undefined {
  const current = state.current ? state.anchors[state.current] : state.anchors[fallback];
  return current?.context.find((item) => item.key.toLowerCase() === key)?.resource;
}

/** Same resource: the same object, or the same content (a new event re-sending an unchanged resource). */
export function sameResource(a: FhirResource | undefined, b: FhirResource | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.resourceType !== b.resourceType || a.id !== b.id) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}
