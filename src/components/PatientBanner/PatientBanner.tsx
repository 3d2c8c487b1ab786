import type { Patient } from '@medplum/fhirtypes';
import type { ReactNode } from 'react';
import { useFhircastPatient } from '../../react/useFhircastPatient.ts';
import {
  ageInYears,
  classNames,
  formatCode,
  formatDate,
  formatPatientName,
  patientIdentifier,
  textOf,
} from '../format.ts';
import { usePatientAnnouncement } from './usePatientAnnouncement.ts';

/** Props of `PatientBanner`. */
export interface PatientBannerProps {
  /** Shown (and announced) when no patient is in context. Default "No patient in context". */
  emptyText?: string;
  /** The moment the age is counted to. Default the time of rendering. */
  now?: Date;
  /** Locale of the birth date. Default the user's. */
  locale?: string;
  /** Accessible name of the region; give each instance its own when several share a page. Default "Patient". */
  label?: string;
  /** Classes added to the root `<section>`. */
  className?: string;
}

/**
 * The patient in context: name, the identifier a clinician looks for (MRN first), birth date with age
 * and gender; announces every change of patient to screen readers.
 *
 * @example
 * <PatientBanner />
 */
export function PatientBanner({
  emptyText = 'No patient in context',
  now,
  locale,
  label = 'Patient',
  className,
}: PatientBannerProps): ReactNode {
  const patient = useFhircastPatient();
  const name = patient ? formatPatientName(patient) : undefined;
  const announcement = usePatientAnnouncement(name ? `Patient in context: ${name}` : emptyText);
  return (
    <section
      aria-label={label}
      className={classNames('rfc-patient-banner', className)}
      data-empty={patient ? undefined : ''}
    >
      {patient ? (
        <PatientDetails patient={patient} name={name as string} now={now ?? new Date()} locale={locale} />
      ) : (
        <p className="rfc-patient-banner__empty">{emptyText}</p>
      )}
      <p role="status" className="rfc-visually-hidden">
        {announcement}
      </p>
    </section>
  );
}

function PatientDetails(props: {
  patient: Patient;
  name: string;
  now: Date;
  locale: string | undefined;
}): ReactNode {
  const { patient, now, locale } = props;
  const identifier = patientIdentifier(patient.identifier);
  const birthDate = textOf(patient.birthDate);
  const born = formatDate(birthDate, { locale });
  const age = ageInYears(birthDate, now);
  const gender = formatCode(patient.gender);
  return (
    <>
      <p className="rfc-patient-banner__name">{props.name}</p>
      {identifier || born || gender ? (
        <dl className="rfc-patient-banner__details">
          {identifier && (
            <div className="rfc-patient-banner__item">
              <dt>{identifier.label}</dt>
              <dd className="rfc-patient-banner__identifier">{identifier.value}</dd>
            </div>
          )}
          {born && (
            <div className="rfc-patient-banner__item">
              <dt>Born</dt>
              <dd>
                <time dateTime={birthDate}>{born}</time>
                {age !== undefined && (
                  <>
                    {' '}
                    <span className="rfc-patient-banner__age">({age === 1 ? '1 year' : `${age} years`})</span>
                  </>
                )}
              </dd>
            </div>
          )}
          {gender && (
            <div className="rfc-patient-banner__item">
              <dt>Gender</dt>
              <dd>{gender}</dd>
            </div>
          )}
        </dl>
      ) : null}
    </>
  );
}
