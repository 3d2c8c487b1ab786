import type { CodeableConcept, Observation, Resource } from '@medplum/fhirtypes';
import { memo } from 'react';
import { isContentReference } from '../../react/content.ts';
import { conceptText, formatCode, stripOidPrefix, textOf } from '../format.ts';

/** One resource of the shared content, described for people. */
export interface ContentItemText {
  /** "Type/id", as selections reference it. */
  ref: string;
  /** What the item is: a measurement's name, value and body site, or "Type/id". */
  name: string;
  value?: string | undefined;
  site?: string | undefined;
  /** Secondary facts: the status, or the UIDs an imaging selection points to. */
  meta: readonly string[];
}

/** R5 ImagingSelection fields this panel reads (Medplum's R4 types have none). */
interface ImagingSelectionLike {
  code?: CodeableConcept;
  studyUid?: string;
  seriesUid?: string;
  status?: string;
}

function observationValue(observation: Observation): string | undefined {
  const quantity = observation.valueQuantity;
  if (quantity && typeof quantity.value === 'number') {
    return [String(quantity.value), textOf(quantity.unit) ?? textOf(quantity.code)].filter(Boolean).join(' ');
  }
  return textOf(observation.valueString) ?? conceptText(observation.valueCodeableConcept);
}

/** Describes a content resource: Observations and ImagingSelections by their meaning, others as "Type/id". */
export function describeContent(resource: Resource): ContentItemText {
  const ref = `${resource.resourceType}/${resource.id ?? ''}`;
  if (isContentReference(resource)) return { ref, name: ref, meta: ['shared by reference'] };
  if (resource.resourceType === 'Observation') {
    const status = formatCode(resource.status);
    return {
      ref,
      name: conceptText(resource.code) ?? 'Observation',
      value: observationValue(resource),
      site: conceptText(resource.bodySite),
      meta: status ? [status] : [],
    };
  }
  if ((resource.resourceType as string) === 'ImagingSelection') {
    const selection = resource as unknown as ImagingSelectionLike;
    const series = stripOidPrefix(selection.seriesUid);
    const study = stripOidPrefix(selection.studyUid);
    return {
      ref,
      name: conceptText(selection.code) ?? 'Imaging selection',
      meta: [series ? `Series ${series}` : '', study ? `Study ${study}` : ''].filter(Boolean),
    };
  }
  return { ref, name: ref, meta: [] };
}

/** The item's one-line label, as announced: "Lesion long axis: 23.4 mm, Right upper lobe". */
export function contentLabel(item: ContentItemText): string {
  return `${item.name}${item.value ? `: ${item.value}` : ''}${item.site ? `, ${item.site}` : ''}`;
}

/** Props of {@link ReportContentItem}. */
export interface ReportContentItemProps {
  item: ContentItemText;
  selected: boolean;
  /** When given, the item is a button that selects it. */
  onSelect?: ((ref: string) => void) | undefined;
  /** The resource is shared by reference and being fetched: say so in place of its facts. */
  loading?: boolean;
}

/** One shared resource in the ReportPanel list; the selected one is marked `aria-current`. */
export const ReportContentItem = /* @__PURE__ */ memo(function ReportContentItem({
  item,
  selected,
  onSelect,
  loading = false,
}: ReportContentItemProps) {
  const label = (
    <>
      <span className="rfc-report-panel__name">{item.name}</span>
      {item.value ? ': ' : null}
      {item.value ? <span className="rfc-report-panel__value">{item.value}</span> : null}
      {item.site ? ', ' : null}
      {item.site ? <span className="rfc-report-panel__site">{item.site}</span> : null}
    </>
  );
  const current = selected ? 'true' : undefined;
  return (
    <li
      className="rfc-report-panel__item"
      data-selected={selected || undefined}
      aria-busy={loading || undefined}
      aria-current={onSelect ? undefined : current}
    >
      {onSelect ? (
        <button
          type="button"
          className="rfc-report-panel__select rfc-focusable"
          aria-current={current}
          onClick={() => onSelect(item.ref)}
        >
          {label}
        </button>
      ) : (
        <span className="rfc-report-panel__label">{label}</span>
      )}
      {(loading ? ['loading…'] : item.meta).map((fact) => (
        <span key={fact} className="rfc-report-panel__meta">
          {' '}
          {fact}
        </span>
      ))}
    </li>
  );
});
