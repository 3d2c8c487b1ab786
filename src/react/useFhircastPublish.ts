import { useMemo } from 'react';
import type { FhircastClient } from '../core/client.ts';
import { createPublishers, type FhircastPublishers } from '../core/publishers.ts';
import { useProvidedClient } from './useProvidedClient.ts';

/** Typed publishers plus the raw `publish`, bound to the provider's client; stable across renders. */
export type FhircastPublishApi = FhircastPublishers & { publish: FhircastClient['publish'] };

/**
 * Functions that publish FHIRcast events. Each returns a promise that resolves once the hub accepted
 * the event (`echoed` false when the app does not follow it or its echo did not come within
 * `echoTimeoutMs`), and rejects with the hub's reason otherwise.
 *
 * @example
 * const { openPatient, updateReport } = useFhircastPublish();
 * await openPatient(patient);
 * await updateReport([{ put: measurement }]);
 */
export function useFhircastPublish(): FhircastPublishApi {
  const client = useProvidedClient('useFhircastPublish');
  return useMemo(
    () => ({
      ...createPublishers(client),
      publish: (event, context, options) => client.publish(event, context, options),
    }),
    [client],
  );
}
