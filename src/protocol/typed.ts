import type {
  Bundle,
  DiagnosticReport,
  Encounter,
  ImagingStudy,
  OperationOutcome,
  Parameters,
  Patient,
  Reference,
  Resource,
} from '@medplum/fhirtypes';
import type { ContextItem } from './types.ts';

/** A context item carrying a resource of type R under key K. */
export interface ResourceItem<K extends string, R> {
  key: K;
  resource: R;
}

/** A context item carrying a reference under key K. */
export interface ReferenceItem<K extends string> {
  key: K;
  reference: Reference;
}

/** A context item under key K: the resource R itself, or a reference to it. */
export type ContextEntry<K extends string, R> = ResourceItem<K, R> | ReferenceItem<K>;

/** The context items each FHIRcast STU3 event may carry, typed by key and resource type. */
export interface FhircastEventContextMap {
  'Patient-open': ContextEntry<'patient', Patient>;
  'Patient-close': ContextEntry<'patient', Patient>;
  'Encounter-open': ContextEntry<'encounter', Encounter> | ContextEntry<'patient', Patient>;
  'Encounter-close': ContextEntry<'encounter', Encounter> | ContextEntry<'patient', Patient>;
  'ImagingStudy-open':
    | ContextEntry<'study', ImagingStudy>
    | ContextEntry<'encounter', Encounter>
    | ContextEntry<'patient', Patient>;
  'ImagingStudy-close':
    | ContextEntry<'study', ImagingStudy>
    | ContextEntry<'encounter', Encounter>
    | ContextEntry<'patient', Patient>;
  'DiagnosticReport-open':
    | ContextEntry<'report', DiagnosticReport>
    | ContextEntry<'patient', Patient>
    | ContextEntry<'encounter', Encounter>
    | ContextEntry<'study', ImagingStudy>;
  'DiagnosticReport-close':
    | ContextEntry<'report', DiagnosticReport>
    | ContextEntry<'patient', Patient>
    | ContextEntry<'encounter', Encounter>
    | ContextEntry<'study', ImagingStudy>;
  'DiagnosticReport-update':
    | ContextEntry<'report', DiagnosticReport>
    | ContextEntry<'patient', Patient>
    | ResourceItem<'updates', Bundle>;
  'DiagnosticReport-select':
    | ContextEntry<'report', DiagnosticReport>
    | ContextEntry<'patient', Patient>
    | ContextEntry<'select', Resource>;
  syncerror: ResourceItem<'operationoutcome', OperationOutcome>;
  userLogout: ResourceItem<'parameters', Parameters>;
  userHibernate: ResourceItem<'parameters', Parameters>;
  'home-open': never;
}

/** The names of the events this kit knows the context of. */
export type KnownEventName = keyof FhircastEventContextMap;

/** The context array an event takes: typed for known events, loose for any other name. */
export type EventContext<E extends string> = E extends KnownEventName
  ? FhircastEventContextMap[E][]
  : ContextItem[];

/** Treats typed context items as the wire type the core validates. */
export function asContextItems(context: readonly unknown[]): ContextItem[] {
  return context as ContextItem[];
}
