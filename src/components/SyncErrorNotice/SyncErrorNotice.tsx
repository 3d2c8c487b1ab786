import { type ReactNode, useState } from 'react';
import { useFhircastSyncErrors } from '../../react/useFhircastSyncErrors.ts';
import { classNames } from '../format.ts';

/** Props of `SyncErrorNotice`. */
export interface SyncErrorNoticeProps {
  /** Classes added to the root element. */
  className?: string;
}

/**
 * Tells the user when another app refused (or never acknowledged) an event this app published, with the
 * hub's reason, until dismissed: the publish itself succeeded, so nothing else would say so.
 *
 * @example
 * <SyncErrorNotice className="app-header__notice" />
 */
export function SyncErrorNotice({ className }: SyncErrorNoticeProps): ReactNode {
  const refusals = useFhircastSyncErrors().filter((error) => error.own);
  const [dismissed, setDismissed] = useState(0);
  const latest = refusals.at(-1);
  const showing = latest !== undefined && latest.time > dismissed ? latest : undefined;
  return (
    <div className={classNames('rfc-sync-error-notice', className)} role="status">
      {showing ? (
        <p className="rfc-sync-error-notice__text">
          <span className="rfc-sync-error-notice__title">
            {showing.eventName ?? 'An event'} was not taken up by {showing.subscriberName ?? 'another app'}
          </span>
          : {showing.diagnostics}{' '}
          <button type="button" className="rfc-focusable" onClick={() => setDismissed(showing.time)}>
            Dismiss
          </button>
        </p>
      ) : null}
    </div>
  );
}
