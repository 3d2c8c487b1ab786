import { useMedplum } from '@medplum/react-hooks';
import type { ReactNode } from 'react';
import type { FhircastClientOptions } from '../core/options.ts';
import { FhircastProvider } from '../react/FhircastProvider.tsx';

/** Props: the session and events; everything else of the client options except hub URL and token. */
export type MedplumFhircastProviderProps = Omit<FhircastClientOptions, 'hubUrl' | 'token' | 'getToken'> & {
  children?: ReactNode;
  /** Overrides the hub URL the MedplumClient reports (`getFhircastHubUrl()`). */
  hubUrl?: string;
};

/**
 * A FhircastProvider for apps inside a Medplum `MedplumProvider`: it takes the hub URL from the
 * MedplumClient (`{baseUrl}/fhircast/STU3`), a fresh access token for every request, and reads content
 * shared by reference from the Medplum FHIR server (unless `readResource` is given).
 *
 * @example
 * <MedplumProvider medplum={medplum}>
 *   <MedplumFhircastProvider topic={topic} events={['Patient-open', 'Patient-close']}>
 *     <PatientBanner />
 *   </MedplumFhircastProvider>
 * </MedplumProvider>
 */
export function MedplumFhircastProvider(props: MedplumFhircastProviderProps): ReactNode {
  const medplum = useMedplum();
  const { children, hubUrl, ...options } = props;
  return (
    <FhircastProvider
      {...options}
      hubUrl={hubUrl ?? medplum.getFhircastHubUrl()}
      getToken={() => medplum.getAccessToken()}
      readResource={options.readResource ?? ((reference) => medplum.readReference({ reference }))}
    >
      {children}
    </FhircastProvider>
  );
}
