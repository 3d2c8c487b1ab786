/** The anchor types of FHIRcast STU3: the resources a context is opened on. */
export type AnchorType = 'Patient' | 'Encounter' | 'ImagingStudy' | 'DiagnosticReport';

/** What an event does to the context of its anchor type. */
export type EventAction = 'open' | 'close' | 'update' | 'select';

/** One context key an event carries, with its FHIR type and cardinality. */
export interface ContextKeySpec {
  key: string;
  resourceType: string;
  min: 0 | 1;
  max: 1 | '*';
}

/** A catalogued event: its canonical name, anchor and action (if any), and its context keys. */
export interface EventSpec {
  name: string;
  anchor?: AnchorType;
  action?: EventAction;
  keys: readonly ContextKeySpec[];
}

/** The context key that names the anchor resource of each anchor type. */
export const ANCHOR_KEYS: Readonly<Record<AnchorType, string>> = {
  Patient: 'patient',
  Encounter: 'encounter',
  ImagingStudy: 'study',
  DiagnosticReport: 'report',
};

const one = (key: string, resourceType: string): ContextKeySpec => ({ key, resourceType, min: 1, max: 1 });
const optional = (key: string, resourceType: string): ContextKeySpec => ({
  key,
  resourceType,
  min: 0,
  max: 1,
});
const many = (key: string, resourceType: string): ContextKeySpec => ({ key, resourceType, min: 0, max: '*' });

const ANCHOR_EVENT_KEYS: Readonly<Record<AnchorType, readonly ContextKeySpec[]>> = {
  Patient: [one('patient', 'Patient')],
  Encounter: [one('encounter', 'Encounter'), one('patient', 'Patient')],
  ImagingStudy: [
    one('study', 'ImagingStudy'),
    optional('encounter', 'Encounter'),
    optional('patient', 'Patient'),
  ],
  DiagnosticReport: [
    one('report', 'DiagnosticReport'),
    one('patient', 'Patient'),
    optional('encounter', 'Encounter'),
    many('study', 'ImagingStudy'),
  ],
};

function anchorEvents(anchor: AnchorType): EventSpec[] {
  const keys = ANCHOR_EVENT_KEYS[anchor];
  return [
    { name: `${anchor}-open`, anchor, action: 'open', keys },
    { name: `${anchor}-close`, anchor, action: 'close', keys },
  ];
}

/** Every event named by FHIRcast STU3, plus the legacy `heartbeat`. */
export const EVENT_CATALOG: readonly EventSpec[] = [
  ...anchorEvents('Patient'),
  ...anchorEvents('Encounter'),
  ...anchorEvents('ImagingStudy'),
  ...anchorEvents('DiagnosticReport'),
  {
    name: 'DiagnosticReport-update',
    anchor: 'DiagnosticReport',
    action: 'update',
    keys: [one('report', 'DiagnosticReport'), optional('patient', 'Patient'), one('updates', 'Bundle')],
  },
  {
    name: 'DiagnosticReport-select',
    anchor: 'DiagnosticReport',
    action: 'select',
    keys: [one('report', 'DiagnosticReport'), optional('patient', 'Patient'), many('select', '*')],
  },
  { name: 'syncerror', keys: [one('operationoutcome', 'OperationOutcome')] },
  { name: 'userLogout', keys: [one('parameters', 'Parameters')] },
  { name: 'userHibernate', keys: [one('parameters', 'Parameters')] },
  { name: 'home-open', keys: [] },
  { name: 'heartbeat', keys: [] },
];

const byLowerName = new Map(EVENT_CATALOG.map((spec) => [spec.name.toLowerCase(), spec]));

/** The catalogued spec of an event name (case-insensitive), or undefined for an unknown name. */
export function findEventSpec(name: string): EventSpec | undefined {
  return byLowerName.get(name.trim().toLowerCase());
}

/** The canonical spelling of a known event name (`patient-OPEN` → `Patient-open`); unknown names unchanged. */
export function canonicalEventName(name: string): string {
  return findEventSpec(name)?.name ?? name.trim();
}

/** True when two event names denote the same event (FHIRcast names are case-insensitive). */
export function sameEventName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}
