import type { FhircastClient } from '../core/client.ts';
import { useProvidedClient } from './useProvidedClient.ts';

/**
 * The provider's FHIRcast client: the escape hatch for anything the other hooks do not cover.
 * Throws when used outside a `<FhircastProvider>`.
 *
 * @example
 * const client = useFhircastClient();
 * useEffect(() => client.on('syncerror', (event) => report(event)), [client]);
 */
export function useFhircastClient(): FhircastClient {
  return useProvidedClient('useFhircastClient');
}
