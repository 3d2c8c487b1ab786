import type { DiagnosticReport, Resource } from '@medplum/fhirtypes';
import { useCallback, useMemo, useState } from 'react';
import { shallow } from 'zustand/shallow';
import { useFramePacedSlice } from '../../react/framePaced.ts';
import type { FhircastState } from '../../react/types.ts';
import { useFhircastPublish } from '../../react/useFhircastPublish.ts';
import { useFhircastReport } from '../../react/useFhircastReport.ts';
import { useFhircastSelection } from '../../react/useFhircastSelection.ts';
import { classNames, conceptText, formatCode, listOf, textOf } from '../format.ts';
import {
  type ContentItemText,
  contentLabel,
  describeContent,
  ReportContentItem,
} from './ReportContentItem.tsx';

/** Props of {@link ReportPanel}. */
export interface ReportPanelProps {
  /** Each shared item is a button that publishes a `DiagnosticReport-select` of it (default false). */
  selectable?: boolean;
  /** Accessible name of the region; give each instance its own when several share a page. Default "Report". */
  label?: string;
  /** Classes added to the root element. */
  className?: string;
}

/**
 * Texts of each shared resource, worked out once per resource object: an update replaces only the
 * resources it names, so the others keep their identity, their texts and (memoised) their list items.
 */
const described = new WeakMap<object, ContentItemText>();
function describeOnce(resource: Parameters<typeof describeContent>[0]): ContentItemText {
  let item = described.get(resource);
  if (!item) {
    item = describeContent(resource);
    described.set(resource, item);
  }
  return item;
}

const sharedContent = (state: FhircastState) => ({
  content: state.content as readonly Resource[],
  fetching: state.contentFetching,
});
/**
 * The DiagnosticReport in context, the content shared in it (measurements, imaging selections) and the
 * current selection, highlighted and announced. With `selectable`, choosing an item selects it for
 * every participant.
 *
 * @example
 * <ReportPanel selectable />
 */
export function ReportPanel({ selectable = false, label = 'Report', className }: ReportPanelProps) {
  const opened = useFhircastReport();
  // At most once per frame: measurements arriving faster than frames are drawn together, newest first;
  // content and what is being read come from the same state, so an item never shows as both or neither.
  const { content, fetching } = useFramePacedSlice('ReportPanel', sharedContent, shallow);
  const selection = useFhircastSelection();
  const { selectInReport } = useFhircastPublish();
  const [error, setError] = useState<string>();

  // An update may PUT the report itself (a new status, say): show that version.
  const shared = content.find(
    (resource): resource is DiagnosticReport =>
      resource.resourceType === 'DiagnosticReport' && resource.id === opened?.id,
  );
  const report = opened ? (shared ?? opened) : undefined;
  const items = useMemo(
    () => content.filter((resource) => resource !== shared).map(describeOnce),
    [content, shared],
  );
  const selected = useMemo(() => new Set(selection.map((reference) => reference.reference)), [selection]);
  const announcement = selection
    .map((reference) => {
      const item = items.find((candidate) => candidate.ref === reference.reference);
      return item ? contentLabel(item) : (reference.display ?? reference.reference ?? '');
    })
    .filter(Boolean)
    .join('; ');

  const select = useCallback(
    (ref: string) => {
      setError(undefined);
      selectInReport([ref]).catch((reason: unknown) =>
        setError(`Could not select: ${reason instanceof Error ? reason.message : String(reason)}`),
      );
    },
    [selectInReport],
  );
  const identifier = listOf(report?.identifier)
    .map((entry) => textOf(entry?.value))
    .find(Boolean);

  return (
    <section aria-label={label} className={classNames('rfc-report-panel', className)}>
      {report ? (
        <dl className="rfc-report-panel__fields">
          <dt>Report</dt>
          <dd className="rfc-report-panel__title">{conceptText(report.code) ?? 'Untitled report'}</dd>
          <dt>Status</dt>
          <dd>{formatCode(report.status) ?? 'Unknown'}</dd>
          {identifier ? (
            <>
              <dt>Identifier</dt>
              <dd>{identifier}</dd>
            </>
          ) : null}
        </dl>
      ) : (
        <p className="rfc-report-panel__empty">No report open</p>
      )}
      {report && items.length === 0 ? (
        <p className="rfc-report-panel__empty">No measurements shared yet</p>
      ) : null}
      {report && items.length > 0 ? (
        <ul className="rfc-report-panel__items" aria-label="Measurements">
          {items.map((item) => (
            <ReportContentItem
              key={item.ref}
              item={item}
              selected={selected.has(item.ref)}
              onSelect={selectable ? select : undefined}
              loading={fetching.includes(item.ref)}
            />
          ))}
        </ul>
      ) : null}
      {error ? (
        <p className="rfc-report-panel__error" role="alert">
          {error}
        </p>
      ) : null}
      <p className="rfc-visually-hidden" role="status">
        {announcement ? `Selected: ${announcement}` : ''}
      </p>
    </section>
  );
}
