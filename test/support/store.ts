import type { FhircastState, FhircastStore } from '../../src/core/store.ts';

/** Resolves with the state once `predicate` holds, or rejects after `timeoutMs` with the last state seen. */
export function waitForState(
  store: FhircastStore,
  predicate: (state: FhircastState) => boolean,
  timeoutMs = 3000,
): Promise<FhircastState> {
  return new Promise((resolve, reject) => {
    if (predicate(store.getState())) {
      resolve(store.getState());
      return;
    }
    const timer = setTimeout(() => {
      unsubscribe();
      const { status, reason, current, versionId } = store.getState();
      reject(
        new Error(`state never matched; last: ${JSON.stringify({ status, reason, current, versionId })}`),
      );
    }, timeoutMs);
    const unsubscribe = store.subscribe((state) => {
      if (!predicate(state)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(state);
    });
  });
}

/** Records every distinct value of a slice, in order, as the store changes. */
export function recordSlice<T>(store: FhircastStore, select: (state: FhircastState) => T): T[] {
  const values: T[] = [select(store.getState())];
  store.subscribe((state, previous) => {
    const value = select(state);
    if (!Object.is(value, select(previous))) values.push(value);
  });
  return values;
}
