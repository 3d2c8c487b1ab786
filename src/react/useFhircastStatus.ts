import { useMemo } from 'react';
import type { FhircastState, FhircastStatus } from '../core/store.ts';
import { useFhircastClient } from './useFhircastClient.ts';
import { shallowEqual, useStoreSelector } from './useStoreSelector.ts';

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
  const client = useFhircastClient('useFhircastStatus');
  const slice = useStoreSelector(
    client.store,
    (state: FhircastState) => ({ status: state.status, reason: state.reason, retryAt: state.retryAt }),
    shallowEqual,
  );
  return useMemo(() => ({ ...slice, retry: () => client.retry() }), [slice, client]);
}
