import { shallow } from 'zustand/shallow';
import type { ContextState } from '../core/context.ts';
import type { FhircastState } from '../core/store.ts';
import { useProvidedClient } from './useProvidedClient.ts';
import { useStoreSlice } from './useStoreSlice.ts';

/** The synchronised context: every open anchor, which is current, its versionId, content and selection. */
export type FhircastContextValue = Pick<
  ContextState,
  'anchors' | 'current' | 'versionId' | 'content' | 'selection'
>;

const selectContext = (state: FhircastState): FhircastContextValue => ({
  anchors: state.anchors,
  current: state.current,
  versionId: state.versionId,
  content: state.content,
  selection: state.selection,
});

/**
 * The current FHIRcast context, or the slice `selector` picks from the whole state. The component
 * re-renders only when that slice changes (by `Object.is`, or `isEqual` when given).
 *
 * @example
 * const { current, anchors } = useFhircastContext();
 * const versionId = useFhircastContext((state) => state.versionId);
 */
export function useFhircastContext(): FhircastContextValue;
export function useFhircastContext<T>(
  selector: (state: FhircastState) => T,
  isEqual?: (a: T, b: T) => boolean,
): T;
export function useFhircastContext<T>(
  selector?: (state: FhircastState) => T,
  isEqual?: (a: T, b: T) => boolean,
): T | FhircastContextValue {
  const client = useProvidedClient('useFhircastContext');
  return useStoreSlice<T | FhircastContextValue>(
    client.store,
    selector ?? selectContext,
    (selector ? isEqual : shallow) as (a: unknown, b: unknown) => boolean,
  );
}
