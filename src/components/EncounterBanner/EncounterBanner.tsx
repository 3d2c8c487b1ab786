import type { Coding, Encounter } from '@medplum/fhirtypes';
import type { ReactNode } from 'react';
import { useFhircastEncounter } from '../../react/useFhircastEncounter.ts';
import {
  classNames,
  codingText,
  conceptText,
  formatCode,
  formatDateTime,
  listOf,
  textOf,
} from '../format.ts';

/** Props of `EncounterBanner`. */
export interface EncounterBannerProps {
  /** Shown when no encounter is in context. Default "No encounter in context". */
  emptyText?: string;
  /** Locale of the start date and time. Default the user's. */
  locale?: string;
  /** Time zone of the start time, e.g. "Europe/Paris". Default the user's. */
  timeZone?: string;
  /** Accessible name of the region; give each instance its own when several share a page. Default "Encounter". */
  label?: string;
  /** Classes added to the root `<section>`. */
  className?: string;
}

/**
 * The encounter in context: its type, class, status, start and identifier.
 *
 * @example
 * <EncounterBanner timeZone="America/Chicago" />
 */
export function EncounterBanner({
  emptyText = 'No encounter in context',
  locale,
  timeZone,
  label = 'Encounter',
  className,
}: EncounterBannerProps): ReactNode {
  const encounter = useFhircastEncounter();
  const rows = encounter ? encounterRows(encounter, locale, timeZone) : [];
  return (
    <section
      aria-label={label}
      className={classNames('rfc-encounter-banner', className)}
      data-empty={encounter ? undefined : ''}
    >
      {!encounter ? (
        <p className="rfc-encounter-banner__empty">{emptyText}</p>
      ) : rows.length === 0 ? (
        <p className="rfc-encounter-banner__empty">Encounter with no details</p>
      ) : (
        <dl className="rfc-encounter-banner__details">
          {rows.map((row) => (
            <div key={row.term} className="rfc-encounter-banner__item">
              <dt>{row.term}</dt>
              <dd>{row.dateTime ? <time dateTime={row.dateTime}>{row.value}</time> : row.value}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}

interface Row {
  term: string;
  value: string;
  /** Machine-readable value of a `<time>`, for dates. */
  dateTime?: string;
}

/** The encounter's fields worth showing, in reading order; fields it lacks are left out. */
function encounterRows(encounter: Encounter, locale?: string, timeZone?: string): Row[] {
  // R4 has one Coding in `class`; R5 a list of CodeableConcepts: accept both.
  const encounterClass: unknown = encounter.class;
  const classText = Array.isArray(encounterClass)
    ? conceptText(encounterClass[0])
    : codingText(encounterClass as Coding | undefined);
  const start = textOf(encounter.period?.start);
  const identifier = listOf(encounter.identifier).find((candidate) => textOf(candidate?.value));
  const rows: Array<Row | undefined> = [
    withValue('Type', listOf(encounter.type).map(conceptText).find(Boolean)),
    withValue('Class', classText),
    withValue('Status', formatCode(encounter.status)),
    start ? withValue('Started', formatDateTime(start, { locale, timeZone }), start) : undefined,
    identifier
      ? withValue(textOf(identifier.type?.text) ?? 'Identifier', textOf(identifier.value))
      : undefined,
  ];
  return rows.filter((row): row is Row => Boolean(row));
}

function withValue(term: string, value: string | undefined, dateTime?: string): Row | undefined {
  if (!value) return undefined;
  return dateTime ? { term, value, dateTime } : { term, value };
}
