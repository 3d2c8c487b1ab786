// Compile-time tests: `npm run typecheck` fails if any line marked @ts-expect-error compiles.
import type { DiagnosticReport, Encounter, Patient } from '@medplum/fhirtypes';
import type { FhircastClient } from '../../src/core/client.ts';
import type { FhircastPublishApi } from '../../src/react/useFhircastPublish.ts';

declare const client: FhircastClient;
declare const publish: FhircastPublishApi;
declare const patient: Patient;
declare const encounter: Encounter;
declare const report: DiagnosticReport;

export async function typedPublishAcceptsTheRightKeysAndResources(): Promise<void> {
  await client.publish('Patient-open', [{ key: 'patient', resource: patient }]);
  await client.publish('Encounter-open', [
    { key: 'encounter', resource: encounter },
    { key: 'patient', reference: { reference: 'Patient/1' } },
  ]);
  await client.publish('DiagnosticReport-select', [
    { key: 'report', reference: { reference: 'DiagnosticReport/1' } },
    { key: 'select', reference: { reference: 'Observation/1' } },
  ]);
  await client.publish('home-open', []);
  // Events the kit does not know take any keyed context.
  await client.publish('Medication-open', [{ key: 'medication', resource: { resourceType: 'Medication' } }]);
  await publish.openPatient(patient);
  await publish.openReport(report, { patient });
}

export async function typedPublishRejectsWrongKeysAndResourceTypes(): Promise<void> {
  // @ts-expect-error: Patient-open has no "encounter" key
  await client.publish('Patient-open', [{ key: 'encounter', resource: encounter }]);
  // @ts-expect-error: the "patient" key must carry a Patient, not an Encounter
  await client.publish('Patient-open', [{ key: 'patient', resource: encounter }]);
  // @ts-expect-error: home-open carries no context
  await client.publish('home-open', [{ key: 'patient', resource: patient }]);
  // @ts-expect-error: openPatient takes a Patient
  await publish.openPatient(encounter);
  // @ts-expect-error: openReport needs the patient
  await publish.openReport(report, {});
}
