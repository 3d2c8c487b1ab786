import type { Patient } from '@medplum/fhirtypes';
import type Client from 'fhirclient/lib/Client';
import { useEffect, useState } from 'react';

/** The patient the app was launched for, read from the EHR's FHIR server with the launch's token. */
export function LaunchPatient({ smart }: { smart: Client }) {
  const [read, setRead] = useState<string>('reading…');
  useEffect(() => {
    if (!smart.patient.id) {
      setRead('none (no patient was in context at launch)');
      return;
    }
    smart.patient.read().then(
      (patient: Patient) => {
        const name = patient.name?.[0];
        setRead([...(name?.given ?? []), name?.family].filter(Boolean).join(' ') || (patient.id ?? ''));
      },
      (error: unknown) =>
        setRead(`could not be read: ${error instanceof Error ? error.message : String(error)}`),
    );
  }, [smart]);
  return (
    <p>
      Launched for (read over FHIR): <strong data-testid="launch-patient">{read}</strong>
    </p>
  );
}
