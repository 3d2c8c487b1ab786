import type Client from 'fhirclient/lib/Client';
import { useMemo } from 'react';
import {
  ConnectionStatus,
  EventLog,
  FhircastProvider,
  fhircastFromSmartClient,
  PatientBanner,
} from 'react-fhircast';
import { ClosePatient } from './ClosePatient.tsx';
import { LaunchPatient } from './LaunchPatient.tsx';

const EVENTS = ['Patient-open', 'Patient-close'];

/**
 * The app after a SMART launch: it joins the FHIRcast session the token response names and follows the
 * EHR's patient. `getToken` refreshes the access token through fhirclient before it expires.
 */
export function App({ smart }: { smart: Client }) {
  const launch = useMemo(() => fhircastFromSmartClient(smart), [smart]);
  return (
    <FhircastProvider
      hubUrl={launch.hubUrl}
      topic={launch.topic}
      getToken={launch.getToken}
      events={EVENTS}
      subscriberName="example-smart-app"
    >
      <main>
        <header>
          <h1>Example SMART app</h1>
          <ConnectionStatus />
        </header>
        <LaunchPatient smart={smart} />
        <PatientBanner label="Patient in context" />
        <ClosePatient />
        <p>Granted scopes: {String(smart.state.tokenResponse?.scope ?? 'none')}</p>
        <EventLog />
      </main>
    </FhircastProvider>
  );
}
