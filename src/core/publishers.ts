import type {
  Bundle,
  DiagnosticReport,
  Encounter,
  ImagingStudy,
  Patient,
  Reference,
  Resource,
} from '@medplum/fhirtypes';
import { findItem } from '../protocol/items.ts';
import type { ContextItem } from '../protocol/types.ts';
import type { FhircastClient } from './client.ts';
import type { PublishOptions, PublishResult } from './publish.ts';

/**
 * One change to shared content: add or replace a resource, share one by reference ("Type/id", for
 * subscribers to read from the FHIR server), or delete one by "Type/id".
 */
export type ContentChange = { put: Resource } | { reference: string } | { delete: string };

/**
 * Refuses, before anything is sent, an update the guide does not allow: one that adds a resource without
 * an id (no subscriber could later change, select or remove it) or names a resource twice (the order of
 * two changes to one resource is not defined).
 */
function checkChanges(changes: readonly ContentChange[]): void {
  const named = new Set<string>();
  for (const change of changes) {
    const target =
      'put' in change
        ? change.put.id && `${change.put.resourceType}/${change.put.id}`
        : 'reference' in change
          ? change.reference
          : change.delete;
    if (!target || named.has(target)) {
      throw new TypeError(
        `react-fhircast: updateReport takes one change per resource, each with an id, not ${target ? `${target} twice` : 'a put without an id'}`,
      );
    }
    named.add(target);
  }
}

/** What a report open or close names besides the report. */
export interface ReportContext {
  patient: Patient;
  encounter?: Encounter;
  studies?: ImagingStudy[];
}

/** Typed publishers for every FHIRcast STU3 event, bound to one client. Each returns the publish promise. */
export interface FhircastPublishers {
  openPatient(patient: Patient, options?: PublishOptions): Promise<PublishResult>;
  closePatient(patient: Patient, options?: PublishOptions): Promise<PublishResult>;
  openEncounter(encounter: Encounter, patient: Patient, options?: PublishOptions): Promise<PublishResult>;
  closeEncounter(encounter: Encounter, patient: Patient, options?: PublishOptions): Promise<PublishResult>;
  openImagingStudy(
    study: ImagingStudy,
    related?: { patient?: Patient; encounter?: Encounter },
  ): Promise<PublishResult>;
  closeImagingStudy(
    study: ImagingStudy,
    related?: { patient?: Patient; encounter?: Encounter },
  ): Promise<PublishResult>;
  openReport(
    report: DiagnosticReport,
    context: ReportContext,
    options?: PublishOptions,
  ): Promise<PublishResult>;
  closeReport(
    report: DiagnosticReport,
    context: ReportContext,
    options?: PublishOptions,
  ): Promise<PublishResult>;
  /** Closes the current context with the very items of its open (a close SHALL reuse the open's ids). */
  closeCurrent(options?: PublishOptions): Promise<PublishResult>;
  /** Shares content changes in the current report (versionId and report reference filled in). */
  updateReport(changes: readonly ContentChange[], options?: PublishOptions): Promise<PublishResult>;
  /**
   * Shares a new `DiagnosticReport.status` of the current report (an IHE IRA Report Creator's sign-off,
   * say): an update that PUTs the report with that status.
   */
  updateReportStatus(
    status: NonNullable<DiagnosticReport['status']>,
    options?: PublishOptions,
  ): Promise<PublishResult>;
  /** Selects resources in the current report; an empty list clears the selection. */
  selectInReport(
    selected: ReadonlyArray<Resource | Reference | string>,
    options?: PublishOptions,
  ): Promise<PublishResult>;
  openHome(options?: PublishOptions): Promise<PublishResult>;
}

const item = (key: string, resource: Resource | undefined): ContextItem[] =>
  resource ? [{ key, resource: resource as unknown as ContextItem['resource'] }] : [];

/** Builds the typed publishers for `client`; reads the current context from its store where needed. */
export function createPublishers(client: FhircastClient): FhircastPublishers {
  const send = (event: string, context: ContextItem[], options?: PublishOptions) =>
    client.publish(event, context, options);
  const reportItems = (report: DiagnosticReport, context: ReportContext) => [
    ...item('report', report),
    ...item('patient', context.patient),
    ...item('encounter', context.encounter),
    ...(context.studies ?? []).flatMap((study) => item('study', study)),
  ];
  const studyItems = (study: ImagingStudy, related: { patient?: Patient; encounter?: Encounter } = {}) => [
    ...item('study', study),
    ...item('patient', related.patient),
    ...item('encounter', related.encounter),
  ];
  const currentReport = () => {
    const state = client.store.getState();
    const report = state.current === 'DiagnosticReport' ? state.anchors.DiagnosticReport : undefined;
    if (!report) throw new Error('react-fhircast: there is no current DiagnosticReport context');
    const patient = findItem(report.context, 'patient');
    const patientRef = patient?.resource?.id
      ? `Patient/${patient.resource.id}`
      : patient?.reference?.reference;
    return [
      { key: 'report', reference: { reference: report.ref } },
      ...(patientRef ? [{ key: 'patient', reference: { reference: patientRef } }] : []),
    ];
  };
  const publishers: FhircastPublishers = {
    openPatient: (patient, options) => send('Patient-open', item('patient', patient), options),
    closePatient: (patient, options) => send('Patient-close', item('patient', patient), options),
    openEncounter: (encounter, patient, options) =>
      send('Encounter-open', [...item('encounter', encounter), ...item('patient', patient)], options),
    closeEncounter: (encounter, patient, options) =>
      send('Encounter-close', [...item('encounter', encounter), ...item('patient', patient)], options),
    openImagingStudy: (study, related) => send('ImagingStudy-open', studyItems(study, related)),
    closeImagingStudy: (study, related) => send('ImagingStudy-close', studyItems(study, related)),
    openReport: (report, context, options) =>
      send('DiagnosticReport-open', reportItems(report, context), options),
    closeReport: (report, context, options) =>
      send('DiagnosticReport-close', reportItems(report, context), options),
    closeCurrent: async (options) => {
      const state = client.store.getState();
      const current = state.current ? state.anchors[state.current] : undefined;
      if (!current) throw new Error('react-fhircast: there is no current context to close');
      return send(`${current.anchor}-close`, [...current.context], options);
    },
    updateReport: async (changes, options) => {
      checkChanges(changes);
      const updates: Bundle = {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: changes.map((change) => {
          if ('put' in change) {
            const url = `${change.put.resourceType}/${change.put.id}`;
            return { request: { method: 'PUT', url }, resource: change.put };
          }
          if ('reference' in change) {
            return { fullUrl: change.reference, request: { method: 'PUT', url: change.reference } };
          }
          return { fullUrl: change.delete, request: { method: 'DELETE', url: change.delete } };
        }),
      };
      return send('DiagnosticReport-update', [...currentReport(), ...item('updates', updates)], options);
    },
    updateReportStatus: async (status, options) => {
      const state = client.store.getState();
      const held = state.current === 'DiagnosticReport' ? state.anchors.DiagnosticReport : undefined;
      const opened = held ? findItem(held.context, 'report')?.resource : undefined;
      if (!opened) throw new Error('react-fhircast: there is no current DiagnosticReport context');
      // The report as shared last (an earlier status change) wins over the one the open carried.
      const shared = state.content.find(
        (resource) => resource.resourceType === 'DiagnosticReport' && resource.id === opened.id,
      );
      const report = { ...(shared ?? opened), status } as unknown as Resource;
      return publishers.updateReport([{ put: report }], options);
    },
    selectInReport: async (selected, options) => {
      const select = selected.map((entry) => ({
        key: 'select',
        reference: { reference: toReference(entry) },
      }));
      return send('DiagnosticReport-select', [...currentReport(), ...select], options);
    },
    openHome: (options) => send('home-open', [], options),
  };
  return publishers;
}

function toReference(entry: Resource | Reference | string): string {
  if (typeof entry === 'string') return entry;
  if ('resourceType' in entry) return `${entry.resourceType}/${entry.id ?? ''}`;
  return entry.reference ?? '';
}
