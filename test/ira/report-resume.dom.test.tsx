import { act, cleanup, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFhircastClient, type FhircastClient } from '../../src/core/client.ts';
import { createPublishers, type FhircastPublishers } from '../../src/core/publishers.ts';
import { type RunningHub, startHub } from '../../src/hub/index.ts';
import { FhircastProvider } from '../../src/react/FhircastProvider.tsx';
import { useFhircastClient } from '../../src/react/useFhircastClient.ts';
import { useFhircastReportState } from '../../src/react/useFhircastReportState.ts';
import { measurements, patients, reports, studies } from '../../src/storybook/samples.ts';

const TOPIC = 'reading-room-resume';
const EVENTS = [
  'DiagnosticReport-open',
  'DiagnosticReport-close',
  'DiagnosticReport-update',
  'DiagnosticReport-select',
];

let hub: RunningHub;
let viewer: FhircastClient;
let publish: FhircastPublishers;
beforeEach(async () => {
  hub = await startHub();
  viewer = createFhircastClient({ hubUrl: hub.url, topic: TOPIC, events: EVENTS, subscriberName: 'viewer' });
  viewer.connect();
  publish = createPublishers(viewer);
});
afterEach(async () => {
  cleanup();
  await viewer.disconnect();
  await hub.close();
});

function renderEditor() {
  const wrapper = ({ children }: { children: ReactNode }) => (
    <FhircastProvider hubUrl={hub.url} topic={TOPIC} events={EVENTS} subscriberName="report editor">
      {children}
    </FhircastProvider>
  );
  return renderHook(() => ({ report: useFhircastReportState(), client: useFhircastClient() }), { wrapper });
}

const lesion = measurements[0] as (typeof measurements)[number];
const openRivera = () =>
  publish.openReport(reports.riveraCt, { patient: patients.rivera, studies: [studies.riveraCt] });
const openOther = () =>
  publish.openReport(reports.okaforXray, { patient: patients.okafor, studies: [studies.okaforXray] });

describe('a report context opened again is resumed, not new [IRA-RAD-154-resumed]', () => {
  it('resumes a report after another report displaced it: version, content and selection come back', async () => {
    const { result } = renderEditor();
    await waitFor(() => expect(result.current.client.store.getState().status).toBe('connected'));
    await waitFor(() => expect(viewer.store.getState().status).toBe('connected'));
    await act(() => openRivera());
    await waitFor(() => expect(result.current.report.report?.id).toBe(reports.riveraCt.id));
    expect(result.current.report.resumed).toBe(false);
    await act(() => publish.updateReport([{ put: lesion }]));
    await act(() => publish.selectInReport([lesion]));
    const { versionId } = result.current.report;
    await act(() => openOther());
    await waitFor(() => expect(result.current.report.report?.id).toBe(reports.okaforXray.id));
    expect(result.current.report.resumed).toBe(false);
    await act(() => openRivera());
    await waitFor(() => expect(result.current.report.report?.id).toBe(reports.riveraCt.id));
    expect(result.current.report).toMatchObject({ resumed: true, versionId });
    await waitFor(() => expect(result.current.report.contentPending).toBe(false));
    const state = result.current.client.store.getState();
    expect(state.content).toEqual([lesion]);
    expect(state.selection).toEqual([{ reference: `Observation/${lesion.id}` }]);
  });

  it('resumes a report reopened while its socket was down, once it reconnects', async () => {
    const { result } = renderEditor();
    await waitFor(() => expect(result.current.client.store.getState().status).toBe('connected'));
    await waitFor(() => expect(viewer.store.getState().status).toBe('connected'));
    await act(() => openRivera());
    await act(() => publish.updateReport([{ put: lesion }]));
    await act(() => publish.selectInReport([lesion]));
    await act(() => openOther());
    await waitFor(() => expect(result.current.report.report?.id).toBe(reports.okaforXray.id));
    const editor = result.current.client;
    const reconnected = new Promise<void>((resolve) => {
      let dropped = false;
      editor.store.subscribe((state) => {
        if (state.status === 'reconnecting') dropped = true;
        if (dropped && state.status === 'connected') resolve();
      });
    });
    hub.dropSockets((subscriber) => subscriber.name === 'report editor');
    await openRivera();
    await reconnected;
    await waitFor(() => expect(result.current.report.report?.id).toBe(reports.riveraCt.id));
    expect(result.current.report.resumed).toBe(true);
    await waitFor(() => expect(editor.store.getState().contentPending).toBeUndefined());
    expect(editor.store.getState().content).toEqual([lesion]);
    expect(editor.store.getState().selection).toEqual([{ reference: `Observation/${lesion.id}` }]);
  });
});
