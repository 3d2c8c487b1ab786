import { useContext } from 'react';
import type { FhircastClient } from '../core/client.ts';
import { FhircastReactContext } from './FhircastReactContext.ts';

/** The provider's client; throws outside a `<FhircastProvider>`, naming the hook that asked. */
export function useProvidedClient(hookName: string): FhircastClient {
  const client = useContext(FhircastReactContext);
  if (!client) {
    throw new Error(
      `${hookName} must be used inside a <FhircastProvider>: no FHIRcast client was found above it`,
    );
  }
  return client;
}
