/**
 * Pure formatting helpers the components share. Resources come from the hub as untrusted JSON, so every
 * helper checks shapes at run time and returns plain strings (never markup) or undefined.
 */
import type {
  CodeableConcept,
  Coding,
  HumanName,
  Identifier,
  ImagingStudy,
  Patient,
} from '@medplum/fhirtypes';

/** Locale and time zone for dates; both default to the user's. */
export interface DateFormatOptions {
  locale?: string | undefined;
  timeZone?: string | undefined;
}

/** `value` when it is a non-blank string, trimmed; otherwise undefined. */
export function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** `value` when it is an array, otherwise an empty one (hub data may be any shape). */
export function listOf<T>(value: readonly T[] | undefined): readonly T[] {
  return Array.isArray(value) ? value : [];
}

/** The name a clinician sees first: an `official`, then a `usual` one, then the first. */
export function preferredName(names: readonly HumanName[] | undefined): HumanName | undefined {
  const all = listOf(names).filter((name): name is HumanName => typeof name === 'object' && name !== null);
  return all.find((name) => name.use === 'official') ?? all.find((name) => name.use === 'usual') ?? all[0];
}

/** A HumanName as one line: its `text`, else prefix, given names and family; undefined when empty. */
export function formatHumanName(name: HumanName | undefined): string | undefined {
  if (!name) return undefined;
  const text = textOf(name.text);
  if (text) return text;
  const parts = [...listOf(name.prefix), ...listOf(name.given), name.family].map(textOf).filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : undefined;
}

/** The patient's display name, or `fallback` ("Unnamed patient") when it has none. */
export function formatPatientName(patient: Patient | undefined, fallback = 'Unnamed patient'): string {
  return formatHumanName(preferredName(patient?.name)) ?? fallback;
}

/** True when a CodeableConcept has a coding with `code`. */
export function hasCode(concept: CodeableConcept | undefined, code: string): boolean {
  return listOf(concept?.coding).some((coding) => coding?.code === code);
}

/** An identifier ready to show: its label and value. */
export interface LabelledIdentifier {
  label: string;
  value: string;
}

/** The identifier a clinician looks for: the MR one ("MRN"), else the first, labelled by type.text or "ID". */
export function patientIdentifier(
  identifiers: readonly Identifier[] | undefined,
): LabelledIdentifier | undefined {
  const usable = listOf(identifiers).filter((identifier) => textOf(identifier?.value));
  const mrn = usable.find((identifier) => hasCode(identifier.type, 'MR'));
  if (mrn) return { label: 'MRN', value: textOf(mrn.value) as string };
  const first = usable[0];
  if (!first) return undefined;
  return { label: textOf(first.type?.text) ?? 'ID', value: textOf(first.value) as string };
}

const FHIR_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** Whole years between a full FHIR date (YYYY-MM-DD) and `now`; undefined for partial or future dates. */
export function ageInYears(birthDate: string | undefined, now: Date): number | undefined {
  const match = FHIR_DATE.exec(textOf(birthDate) ?? '');
  if (!match?.[3]) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  let age = now.getFullYear() - year;
  if (now.getMonth() + 1 < month || (now.getMonth() + 1 === month && now.getDate() < day)) age--;
  return age >= 0 ? age : undefined;
}

/** A FHIR date (YYYY, YYYY-MM or YYYY-MM-DD) for people: "14 Mar 1961" in en-GB; the raw text if invalid. */
export function formatDate(value: string | undefined, options: DateFormatOptions = {}): string | undefined {
  const text = textOf(value);
  const match = FHIR_DATE.exec(text ?? '');
  if (!match) return text;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2] ?? 1) - 1, Number(match[3] ?? 1)));
  if (Number.isNaN(date.getTime())) return text;
  const fields: Intl.DateTimeFormatOptions = match[3]
    ? { dateStyle: 'medium' }
    : match[2]
      ? { year: 'numeric', month: 'short' }
      : { year: 'numeric' };
  // A date has no time zone: format it in UTC so it never shifts by a day.
  return new Intl.DateTimeFormat(options.locale, { ...fields, timeZone: 'UTC' }).format(date);
}

/** A FHIR dateTime or instant as date and time in `timeZone`; a bare date as a date; the raw text if invalid. */
export function formatDateTime(
  value: string | undefined,
  options: DateFormatOptions = {},
): string | undefined {
  const text = textOf(value);
  if (!text || FHIR_DATE.test(text)) return formatDate(text, options);
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) return text;
  return new Intl.DateTimeFormat(options.locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
  }).format(date);
}

/** A code for people: "in-progress" → "In progress", "female" → "Female". */
export function formatCode(code: string | undefined): string | undefined {
  const text = textOf(code)?.replace(/[-_]+/g, ' ');
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : undefined;
}

/** A Coding's display, else its code. */
export function codingText(coding: Coding | undefined): string | undefined {
  return textOf(coding?.display) ?? textOf(coding?.code);
}

/** A CodeableConcept's text, else its first coding's display or code. */
export function conceptText(concept: CodeableConcept | undefined): string | undefined {
  return textOf(concept?.text) ?? listOf(concept?.coding).map(codingText).find(Boolean);
}

/** A DICOM UID without its `urn:oid:` prefix. */
export function stripOidPrefix(uid: string | undefined): string | undefined {
  return textOf(uid)?.replace(/^urn:oid:/i, '');
}

/** The study's accession number: the identifier typed ACSN. */
export function studyAccession(study: ImagingStudy | undefined): string | undefined {
  return textOf(listOf(study?.identifier).find((identifier) => hasCode(identifier?.type, 'ACSN'))?.value);
}

/** The Study Instance UID (identifier system `urn:dicom:uid`), without its `urn:oid:` prefix. */
export function studyInstanceUid(study: ImagingStudy | undefined): string | undefined {
  return stripOidPrefix(
    listOf(study?.identifier).find((identifier) => identifier?.system === 'urn:dicom:uid')?.value,
  );
}

/** The study's modalities, each once: from `modality`, else from its series ("CT, PT"). */
export function studyModalities(study: ImagingStudy | undefined): string | undefined {
  const direct = listOf(study?.modality).map((coding) => textOf(coding?.code));
  const codes = direct.some(Boolean)
    ? direct
    : listOf(study?.series).map((series) => textOf(series?.modality?.code));
  const unique = [...new Set(codes.filter((code): code is string => code !== undefined))];
  return unique.length > 0 ? unique.join(', ') : undefined;
}

/** Joins `className` props: the component's own class first, blanks dropped. */
export function classNames(...names: ReadonlyArray<string | false | undefined>): string {
  return names.filter(Boolean).join(' ');
}
