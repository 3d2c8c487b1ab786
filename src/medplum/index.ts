export { MedplumFhircastProvider, type MedplumFhircastProviderProps } from './MedplumFhircastProvider.tsx';
