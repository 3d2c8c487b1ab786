/**
 * Two small parts of the workflow's Report Creator that the kit leaves to the app: saying whether the
 * open report is new or resumed, and signing it, after which it refuses changes from other apps.
 */
import type { ReactNode } from 'react';
import { useFhircastEvent } from '../../src/react/useFhircastEvent.ts';
import { useFhircastPublish } from '../../src/react/useFhircastPublish.ts';
import { useFhircastReportState } from '../../src/react/useFhircastReportState.ts';

/** "New report" or "Resumed report", with the session's version of it. */
export function ReportStateLine(): ReactNode {
  const { report, resumed, versionId } = useFhircastReportState();
  if (!report) return null;
  const version = versionId ? `version ${versionId.slice(0, 8)}` : 'no version yet';
  return (
    <p className="rfc-story-note">
      {resumed
        ? `Resumed report: its measurements and selection are as you left them (${version})`
        : `New report, ${version}`}
    </p>
  );
}

/** Signs the report (status final, shared as an update); a signed report refuses further updates with 409. */
export function SignReport(): ReactNode {
  const { report } = useFhircastReportState();
  const { updateReportStatus } = useFhircastPublish();
  const signed = report?.status === 'final';
  useFhircastEvent('DiagnosticReport-update', () => (signed ? 409 : undefined));
  if (!report) return null;
  return signed ? (
    <p className="rfc-story-note">Signed: changes from other apps are refused</p>
  ) : (
    <button type="button" className="rfc-button" onClick={() => void updateReportStatus('final')}>
      Sign report
    </button>
  );
}
