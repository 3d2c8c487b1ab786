import { useSyncExternalStoreWithSelector } from 'use-sync-external-store/with-selector';
import type { FhircastState, FhircastStore } from '../core/store.ts';
import { useProvidedClient } from './useProvidedClient.ts';

type Subscribe = (listener: () => void) => () => void;

/** Runs `run` at the next animation frame (a timer as long as one where there are no frames); answers a cancel. */
function atNextFrame(run: () => void): () => void {
  if (typeof requestAnimationFrame === 'function') {
    const frame = requestAnimationFrame(run);
    return () => cancelAnimationFrame(frame);
  }
  const timer = setTimeout(run, 16);
  return () => clearTimeout(timer);
}

const paced = new WeakMap<FhircastStore, Subscribe>();

/**
 * `store.subscribe`, telling each listener at most once per animation frame. Nothing is dropped: the
 * listener then reads the newest state, so a list that thousands of events a second change is drawn once
 * per frame rather than once per event (which, with `useSyncExternalStore` rendering every change at once,
 * took more of the main thread than the events themselves). A hidden tab runs no frames: its lists catch
 * up at the first frame it is shown.
 */
function framePacedSubscribe(store: FhircastStore): Subscribe {
  let subscribe = paced.get(store);
  if (!subscribe) {
    subscribe = (listener) => {
      let cancel: (() => void) | undefined;
      const unsubscribe = store.subscribe(() => {
        cancel ??= atNextFrame(() => {
          cancel = undefined;
          listener();
        });
      });
      return () => {
        cancel?.();
        unsubscribe();
      };
    };
    paced.set(store, subscribe);
  }
  return subscribe;
}

/**
 * `selector`'s slice of the provider's store, re-rendering at most once per animation frame (for EventLog
 * and ReportPanel). Slices read together here always come from the same state.
 */
export function useFramePacedSlice<T>(
  component: string,
  selector: (state: FhircastState) => T,
  isEqual?: (a: T, b: T) => boolean,
): T {
  const { store } = useProvidedClient(component);
  return useSyncExternalStoreWithSelector(
    framePacedSubscribe(store),
    store.getState,
    store.getState,
    selector,
    isEqual,
  );
}
