import { useContext } from 'react';
import type { FhircastClient } from '../core/client.ts';
import { FhircastReactContext } from './FhircastReactContext.ts';

/**
 * The provider's FHIRcast client: the escape hatch for anything the other hooks do not cover.
 * Throws when used outside a `<FhircastProvider>`, naming the hook that asked.
 *
 * @example
 * const client = useFhircastClient();
 * useEffect(() => client.on('syncerror', (event) => report(event)), [client]);
 */
export function useFhircastClient(hookName = 'useFhircastClient'): FhircastClient {
  const client = useContext(FhircastReactContext);
  if (!client) {
    throw new Error(
      `${hookName} must be used inside a <FhircastProvider>: no FHIRcast client was found above it`,
    );
  }
  return client;
}
