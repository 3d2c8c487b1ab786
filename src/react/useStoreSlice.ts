import { useSyncExternalStoreWithSelector } from 'use-sync-external-store/with-selector';
import type { FhircastState, FhircastStore } from '../core/store.ts';

/**
 * The slice `selector` picks from the store; the component re-renders only when it changes (by
 * `Object.is`, or `isEqual` when given), and a new selector (one that depends on a prop) is applied at
 * once. React's own useSyncExternalStore with use-sync-external-store's selector helper, as zustand's
 * `useStoreWithEqualityFn` does, without the shim for React versions before 18.
 */
export function useStoreSlice<T>(
  store: FhircastStore,
  selector: (state: FhircastState) => T,
  isEqual?: (a: T, b: T) => boolean,
): T {
  return useSyncExternalStoreWithSelector(store.subscribe, store.getState, store.getState, selector, isEqual);
}
