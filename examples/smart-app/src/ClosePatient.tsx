import { useState } from 'react';
import { useFhircastPatient, useFhircastPublish } from 'react-fhircast';

/**
 * Publishes `Patient-close` for the patient in context. An app launched read-only (`?access=read-only`)
 * holds no write scope, and the hub's refusal, naming the missing scope, is shown.
 */
export function ClosePatient() {
  const patient = useFhircastPatient();
  const { closePatient } = useFhircastPublish();
  const [outcome, setOutcome] = useState<{ text: string; failed: boolean } | undefined>();
  const close = () => {
    if (!patient) return;
    closePatient(patient).then(
      () => setOutcome({ text: 'Closed the patient for every app in the session', failed: false }),
      (error: unknown) =>
        setOutcome({ text: error instanceof Error ? error.message : String(error), failed: true }),
    );
  };
  return (
    <div>
      <button type="button" onClick={close} disabled={!patient}>
        Close patient
      </button>
      {outcome && <p role={outcome.failed ? 'alert' : 'status'}>{outcome.text}</p>}
    </div>
  );
}
