import { useMemo } from 'react';
import { shallow } from 'zustand/shallow';
import type { FhircastState, FhircastStatus } from '../core/store.ts';
import { useProvidedClient } from './useProvidedClient.ts';
import { useStoreSlice } from './useStoreSlice.ts';

/** The connection status, why, and when the next attempt happens while reconnecting. */
export interface FhircastStatusValue {
  status: FhircastStatus;
  reason: string | undefined;
  retryAt: number | undefined;
  /** Tries again now (after `unauthorized` or `denied`, or to skip a backoff wait). */
  retry: () => void;
}

/**
 * The connection status of the provider's client, with its reason.
 *
 * @example
 * const { status, reason, retry } = useFhircastStatus();
 * if (status === 'unauthorized') return <button onClick={retry}>Sign in again ({reason})</button>;
 */
export function useFhircastStatus(): FhircastStatusValue {
  const client = useProvidedClient('useFhircastStatus');
  const slice = useStoreSlice(
    client.store,
    (state: FhircastState) => ({ status: state.status, reason: state.reason, retryAt: state.retryAt }),
    shallow,
  );
  return useMemo(() => ({ ...slice, retry: () => client.retry() }), [slice, client]);
}
