import { createContext } from 'react';
import type { FhircastClient } from '../core/client.ts';

/** Carries the provider's client; its value never changes while the client stays the same. */
export const FhircastReactContext = createContext<FhircastClient | null>(null);
FhircastReactContext.displayName = 'FhircastReactContext';
