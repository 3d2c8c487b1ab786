import { useId } from 'react';
import { useFramePacedSlice } from '../../react/framePaced.ts';
import { classNames } from '../format.ts';
import { EventLogRow } from './EventLogRow.tsx';
import { useEventLogView } from './useEventLogView.ts';

/** Props of {@link EventLog}. */
export interface EventLogProps {
  /** Most rows rendered at once, newest first (default 200). */
  maxRows?: number;
  /** Classes added to the root element. */
  className?: string;
}

/**
 * The FHIRcast traffic of the provider's client as a table, newest first: direction, event, time,
 * status (with the reason for a refusal) and the raw message. It can be filtered by event, paused and
 * cleared; clearing only hides rows, the client's log is left as it is.
 *
 * @example
 * <EventLog maxRows={100} />
 */
export function EventLog({ maxRows = 200, className }: EventLogProps) {
  // At most once per frame: events arriving faster than frames are drawn together, newest log first.
  const log = useFramePacedSlice('EventLog', (state) => state.log);
  const view = useEventLogView(log, Math.max(0, maxRows));
  const filterId = useId();
  let empty: string | undefined;
  if (view.visible === 0) empty = 'No events yet';
  else if (view.matching === 0) empty = `No ${view.filter} events`;

  return (
    <div className={classNames('rfc-event-log', className)}>
      <div className="rfc-event-log__controls">
        <label className="rfc-event-log__label" htmlFor={filterId}>
          Filter by event
        </label>
        <select
          id={filterId}
          className="rfc-event-log__filter rfc-focusable"
          value={view.filter}
          onChange={(event) => view.setFilter(event.currentTarget.value)}
        >
          <option value="">All events</option>
          {view.names.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="rfc-button"
          data-variant="quiet"
          aria-pressed={view.paused}
          onClick={view.togglePause}
        >
          Pause
        </button>
        <button type="button" className="rfc-button" data-variant="quiet" onClick={view.clear}>
          Clear
        </button>
        <p className="rfc-event-log__paused" role="status">
          {view.paused ? `${view.newWhilePaused} new while paused` : ''}
        </p>
      </div>
      {/* Scrolls on its own; keyboard users reach every row through its "Raw" disclosures. */}
      <div className="rfc-event-log__scroll">
        <table className="rfc-event-log__table">
          <caption>FHIRcast event log</caption>
          <thead>
            <tr>
              <th scope="col">Direction</th>
              <th scope="col">Event</th>
              <th scope="col">Time</th>
              <th scope="col">Status</th>
              <th scope="col">Message</th>
            </tr>
          </thead>
          <tbody>
            {empty ? (
              <tr>
                <td className="rfc-event-log__empty" colSpan={5}>
                  {empty}
                </td>
              </tr>
            ) : (
              view.rows.map((entry) => <EventLogRow key={entry.seq} entry={entry} />)
            )}
          </tbody>
        </table>
      </div>
      {view.matching > view.rows.length ? (
        <p className="rfc-event-log__capped">
          Showing the newest {view.rows.length} of {view.matching} events
        </p>
      ) : null}
    </div>
  );
}
