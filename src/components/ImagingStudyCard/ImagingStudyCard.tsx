import type { ImagingStudy } from '@medplum/fhirtypes';
import type { ReactNode } from 'react';
import { useFhircastStudy } from '../../react/useFhircastStudy.ts';
import {
  classNames,
  formatDateTime,
  studyAccession,
  studyInstanceUid,
  studyModalities,
  textOf,
} from '../format.ts';

/** Props of `ImagingStudyCard`. */
export interface ImagingStudyCardProps {
  /** Shown when no imaging study is in context. Default "No imaging study in context". */
  emptyText?: string;
  /** Locale of the study date. Default the user's. */
  locale?: string;
  /** Time zone of the study time, e.g. "Europe/Paris". Default the user's. */
  timeZone?: string;
  /** Accessible name of the region; give each instance its own when several share a page. Default "Imaging study". */
  label?: string;
  /** Classes added to the root `<section>`. */
  className?: string;
}

/**
 * The imaging study in context: description, accession, Study Instance UID, modality, date, and the
 * number of series and instances when the study gives them.
 *
 * @example
 * <ImagingStudyCard locale="en-GB" />
 */
export function ImagingStudyCard({
  emptyText = 'No imaging study in context',
  locale,
  timeZone,
  label = 'Imaging study',
  className,
}: ImagingStudyCardProps): ReactNode {
  const study = useFhircastStudy();
  return (
    <section
      aria-label={label}
      className={classNames('rfc-imaging-study-card', className)}
      data-empty={study ? undefined : ''}
    >
      {study ? (
        <StudyDetails study={study} locale={locale} timeZone={timeZone} />
      ) : (
        <p className="rfc-imaging-study-card__empty">{emptyText}</p>
      )}
    </section>
  );
}

function StudyDetails(props: {
  study: ImagingStudy;
  locale: string | undefined;
  timeZone: string | undefined;
}): ReactNode {
  const { study } = props;
  const started = textOf(study.started);
  const rows: Array<[term: string, value: ReactNode, className?: string]> = [];
  const add = (term: string, value: ReactNode, className?: string) => {
    if (value !== undefined && value !== '') rows.push([term, value, className]);
  };
  add('Accession', studyAccession(study), 'rfc-imaging-study-card__code');
  add('Study Instance UID', studyInstanceUid(study), 'rfc-imaging-study-card__code');
  add('Modality', studyModalities(study));
  const date = formatDateTime(started, { locale: props.locale, timeZone: props.timeZone });
  add('Date', date && <time dateTime={started}>{date}</time>);
  add('Series', count(study.numberOfSeries));
  add('Instances', count(study.numberOfInstances));
  return (
    <>
      <p className="rfc-imaging-study-card__title">{textOf(study.description) ?? 'Imaging study'}</p>
      {rows.length > 0 && (
        <dl className="rfc-imaging-study-card__details">
          {rows.map(([term, value, valueClass]) => (
            <div key={term} className="rfc-imaging-study-card__item">
              <dt>{term}</dt>
              <dd className={valueClass}>{value}</dd>
            </div>
          ))}
        </dl>
      )}
    </>
  );
}

/** A count from the hub, as text; undefined unless it is a whole number of zero or more. */
function count(value: unknown): string | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? String(value) : undefined;
}
