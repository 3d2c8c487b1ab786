import { useId, useMemo, useState } from 'react';
import type { PublishResult } from '../../react/types.ts';
import { useFhircastContext } from '../../react/useFhircastContext.ts';
import { useFhircastPublish } from '../../react/useFhircastPublish.ts';
import { classNames } from '../format.ts';
import { type ContextPublisherSamples, sampleGroups } from './sampleOptions.ts';

/** Props of {@link ContextPublisher}. */
export interface ContextPublisherProps {
  /** What can be opened, and the measurements "Add measurement" shares. */
  samples: ContextPublisherSamples;
  /** Classes added to the root element. */
  className?: string;
}

/**
 * A control panel that plays the EHR or PACS in demos: opens a sample patient, encounter, study or report,
 * closes the current context, and in an open report shares and selects measurements. The outcome of the
 * last action is announced.
 *
 * @example
 * <ContextPublisher samples={sampleCatalogue} />
 */
export function ContextPublisher({ samples, className }: ContextPublisherProps) {
  const publishers = useFhircastPublish();
  const { current, content, selection } = useFhircastContext();
  const groups = useMemo(() => sampleGroups(samples), [samples]);
  const options = groups.flatMap((group) => group.options);
  const [chosen, setChosen] = useState(() => options[0]?.value ?? '');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ text: string; failed: boolean }>();
  const selectId = useId();
  const reportHintId = useId();

  const run = async (action: () => Promise<PublishResult>) => {
    setBusy(true);
    try {
      const result = await action();
      setOutcome({ text: `Published ${result.event.event['hub.event']}`, failed: false });
    } catch (error) {
      setOutcome({ text: error instanceof Error ? error.message : String(error), failed: true });
    } finally {
      setBusy(false);
    }
  };

  const reportOpen = current === 'DiagnosticReport';
  const shared = new Set(content.map((resource) => `${resource.resourceType}/${resource.id ?? ''}`));
  const nextToAdd = samples.measurements.find((observation) => !shared.has(`Observation/${observation.id}`));
  const sharedMeasurements = content.filter((resource) => resource.resourceType === 'Observation');
  const selectedAt = sharedMeasurements.findIndex(
    (resource) => `Observation/${resource.id}` === selection[0]?.reference,
  );
  const nextToSelect = sharedMeasurements[(selectedAt + 1) % Math.max(1, sharedMeasurements.length)];
  const option = options.find((candidate) => candidate.value === chosen) ?? options[0];
  const reportHint = reportContentHint(reportOpen, nextToAdd !== undefined, sharedMeasurements.length > 0);
  const describedBy = reportHint ? reportHintId : undefined;

  return (
    <div className={classNames('rfc-context-publisher', className)}>
      <fieldset className="rfc-context-publisher__group">
        <legend>Context</legend>
        <label htmlFor={selectId}>Context to open</label>
        <select
          id={selectId}
          className="rfc-context-publisher__select rfc-focusable"
          value={option?.value ?? ''}
          onChange={(event) => setChosen(event.currentTarget.value)}
        >
          {groups.map((group) => (
            <optgroup key={group.label} label={group.label}>
              {group.options.map((entry) => (
                <option key={entry.value} value={entry.value}>
                  {entry.label}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
        <button
          type="button"
          className="rfc-button"
          disabled={busy || !option}
          onClick={() => option && run(() => option.open(publishers))}
        >
          Open
        </button>
        <button
          type="button"
          className="rfc-button"
          data-variant="quiet"
          disabled={busy}
          onClick={() => run(() => publishers.closeCurrent())}
        >
          Close current
        </button>
      </fieldset>
      <fieldset className="rfc-context-publisher__group">
        <legend>Report content</legend>
        <button
          type="button"
          className="rfc-button"
          disabled={busy || !reportOpen || !nextToAdd}
          aria-describedby={describedBy}
          onClick={() => nextToAdd && run(() => publishers.updateReport([{ put: nextToAdd }]))}
        >
          Add measurement
        </button>
        <button
          type="button"
          className="rfc-button"
          data-variant="quiet"
          disabled={busy || !reportOpen || !nextToSelect}
          aria-describedby={describedBy}
          onClick={() => nextToSelect && run(() => publishers.selectInReport([nextToSelect]))}
        >
          Select measurement
        </button>
        <button
          type="button"
          className="rfc-button"
          data-variant="quiet"
          disabled={busy || !reportOpen}
          aria-describedby={describedBy}
          onClick={() => run(() => publishers.selectInReport([]))}
        >
          Clear selection
        </button>
        {reportHint ? (
          <p id={reportHintId} className="rfc-context-publisher__hint">
            {reportHint}
          </p>
        ) : null}
      </fieldset>
      <p className="rfc-context-publisher__outcome" role="status" data-failed={outcome?.failed || undefined}>
        {outcome?.text ?? ''}
      </p>
    </div>
  );
}

/** Why some report content buttons are disabled, or nothing when every one can be used. */
function reportContentHint(reportOpen: boolean, canAdd: boolean, canSelect: boolean): string | undefined {
  if (!reportOpen) return 'Open a report to share and select measurements in it.';
  if (!canSelect) return 'Add a measurement to select it.';
  if (!canAdd) return 'Every sample measurement is shared.';
  return undefined;
}
