import { useCallback, useRef, useSyncExternalStore } from 'react';
import type { FhircastState, FhircastStore } from '../core/store.ts';

/** Object.is, or `isEqual` when given: a selection equal to the previous one keeps the previous identity. */
export function useStoreSelector<T>(
  store: FhircastStore,
  selector: (state: FhircastState) => T,
  isEqual: (a: T, b: T) => boolean = Object.is,
): T {
  const last = useRef<{ state: FhircastState; value: T } | undefined>(undefined);
  const select = (state: FhircastState): T => {
    const previous = last.current;
    if (previous && previous.state === state) return previous.value;
    const value = selector(state);
    if (previous && isEqual(previous.value, value)) {
      last.current = { state, value: previous.value };
      return previous.value;
    }
    last.current = { state, value };
    return value;
  };
  const getSnapshot = () => select(store.getState());
  const subscribe = useCallback((onChange: () => void) => store.subscribe(onChange), [store]);
  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
}

/** True when two objects have the same keys with `Object.is`-equal values. */
export function shallowEqual<T>(a: T, b: T): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const keysA = Object.keys(a);
  if (keysA.length !== Object.keys(b).length) return false;
  return keysA.every((key) =>
    Object.is((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  );
}
