import type { ReactNode } from 'react';
import type { FhircastStatus } from '../../react/types.ts';
import { useFhircastStatus } from '../../react/useFhircastStatus.ts';
import { classNames, textOf } from '../format.ts';
import { useSecondsUntil } from './useSecondsUntil.ts';

/** Props of `ConnectionStatus`. */
export interface ConnectionStatusProps {
  /** Classes added to the root element. */
  className?: string;
}

/** What the pill says for each status (reconnecting adds its countdown). */
export const CONNECTION_STATUS_LABELS: Readonly<Record<FhircastStatus, string>> = {
  idle: 'Not connected',
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  unauthorized: 'Not authorised',
  denied: 'Subscription denied',
  disconnected: 'Disconnected',
};

const RETRYABLE: ReadonlySet<FhircastStatus> = new Set([
  'unauthorized',
  'denied',
  'reconnecting',
  'disconnected',
]);

/**
 * The connection to the hub as a coloured pill with the reason, a countdown while reconnecting, and a
 * Retry button whenever trying again can help.
 *
 * @example
 * <ConnectionStatus className="app-header__status" />
 */
export function ConnectionStatus({ className }: ConnectionStatusProps): ReactNode {
  const { status, reason, retryAt, retry } = useFhircastStatus();
  const seconds = useSecondsUntil(status === 'reconnecting' ? retryAt : undefined);
  const label = CONNECTION_STATUS_LABELS[status] ?? status;
  const why = textOf(reason);
  return (
    <div className={classNames('rfc-connection-status', className)} data-status={status}>
      <p role="status" className="rfc-connection-status__pill">
        {seconds ? (
          <>
            {/* The countdown is for the eye: a live region re-read every second would drown a screen reader. */}
            <span className="rfc-connection-status__label" aria-hidden="true">
              Reconnecting in {seconds} s
            </span>
            <span className="rfc-visually-hidden">{label}</span>
          </>
        ) : (
          <span className="rfc-connection-status__label">{label}</span>
        )}
        {why && (
          <>
            <span className="rfc-visually-hidden">: </span>
            <span className="rfc-connection-status__reason">{why}</span>
          </>
        )}
      </p>
      {RETRYABLE.has(status) && (
        <button type="button" className="rfc-button rfc-connection-status__retry" onClick={retry}>
          Retry
        </button>
      )}
    </div>
  );
}
