import type { DiagnosticReport } from '@medplum/fhirtypes';
import { shallow } from 'zustand/shallow';
import type { FhircastState } from '../core/store.ts';
import { findItem } from '../protocol/items.ts';
import { useProvidedClient } from './useProvidedClient.ts';
import { useStoreSlice } from './useStoreSlice.ts';

/** The report in context and where its context stands. */
export interface FhircastReportState {
  /** The current report context's DiagnosticReport (as last shared by an update), or undefined when none. */
  report: DiagnosticReport | undefined;
  /** `context.versionId` of the report context (undefined on hubs without content sharing). */
  versionId: string | undefined;
  /** True when the report was open before and came back (resumed after another displaced it), false when new. */
  resumed: boolean;
  /** True while the report's shared content is being fetched from the hub. */
  contentPending: boolean;
}

const selectReportState = (state: FhircastState): FhircastReportState => {
  const held = state.current === 'DiagnosticReport' ? state.anchors.DiagnosticReport : undefined;
  const opened = held ? findItem(held.context, 'report')?.resource : undefined;
  const shared =
    opened && state.content.find((r) => r.resourceType === 'DiagnosticReport' && r.id === opened.id);
  return {
    report: (shared ?? opened) as DiagnosticReport | undefined,
    versionId: held ? state.versionId : undefined,
    resumed: held ? state.resumed : false,
    contentPending: held !== undefined && state.contentPending === held.ref,
  };
};

/**
 * The current report context: its DiagnosticReport, version, and whether it was resumed (reopened after
 * another context displaced it, its content and selection restored) rather than opened new; a Report
 * Creator continues a resumed report where it was. Re-renders only when one of these changes.
 *
 * @example
 * const { report, resumed } = useFhircastReportState();
 * return <h2>{report?.code?.text} {resumed ? '(resumed)' : '(new)'}</h2>;
 */
export function useFhircastReportState(): FhircastReportState {
  const client = useProvidedClient('useFhircastReportState');
  return useStoreSlice(client.store, selectReportState, shallow);
}
