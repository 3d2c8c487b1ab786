import type { Observation, Resource } from '@medplum/fhirtypes';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ReportPanel } from '../../src/components/ReportPanel/index.ts';
import { imagingSelections, measurements, patients, reports, studies } from '../../src/storybook/samples.ts';
import { axeViolations, type Harness, renderWithHub } from '../support/render-with-hub.tsx';

const lesion = measurements[0] as Observation;
const liverLesion = measurements[1] as Observation;
const outline = imagingSelections[0] as unknown as Resource;

/** The EHR opens the Rivera CT report and connects, so that its own client holds the report as current. */
async function openReportAsEhr(harness: Harness): Promise<void> {
  await harness.ehr.openReport(reports.riveraCt, { patient: patients.rivera, studies: [studies.riveraCt] });
  await waitFor(() => expect(harness.app.store.getState().current).toBe('DiagnosticReport'));
  harness.ehr.client.connect();
  await waitFor(() => {
    const state = harness.ehr.client.store.getState();
    expect(state.status).toBe('connected');
    expect(state.current).toBe('DiagnosticReport');
  });
}

describe('ReportPanel', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.ehr.client.disconnect();
    harness?.unmount();
    harness = undefined;
    cleanup();
  });

  it('says "No report open" in a section labelled Report, with no axe violations', async () => {
    harness = await renderWithHub(<ReportPanel />);
    const section = screen.getByRole('region', { name: 'Report' });
    within(section).getByText('No report open');
    expect(screen.queryByText('No measurements shared yet')).toBeNull();
    expect(await axeViolations(harness.container)).toEqual([]);
  });

  it('shows the open report’s code, status and identifier, and "No measurements shared yet"', async () => {
    harness = await renderWithHub(<ReportPanel />);
    await harness.ehr.openReport(reports.riveraCt, { patient: patients.rivera, studies: [studies.riveraCt] });
    await screen.findByText('CT chest, abdomen and pelvis report');
    const terms = screen.getAllByRole('term').map((term) => term.textContent);
    const definitions = screen.getAllByRole('definition').map((definition) => definition.textContent);
    expect(terms).toEqual(['Report', 'Status', 'Identifier']);
    expect(definitions).toEqual(['CT chest, abdomen and pelvis report', 'Preliminary', 'RPT-2026-0412']);
    screen.getByText('No measurements shared yet');
    expect(screen.queryByText('No report open')).toBeNull();
    expect(await axeViolations(harness.container)).toEqual([]);
  });

  it('shows the status a Report Creator’s update gave the report, not listing the report as a measurement [IRA-REPORT-STATUS-shown]', async () => {
    harness = await renderWithHub(<ReportPanel />);
    await openReportAsEhr(harness);
    await harness.ehr.updateReport([{ put: { ...reports.riveraCt, status: 'final' } }]);
    await waitFor(() =>
      expect(screen.getAllByRole('definition').map((definition) => definition.textContent)).toEqual([
        'CT chest, abdomen and pelvis report',
        'Final',
        'RPT-2026-0412',
      ]),
    );
    screen.getByText('No measurements shared yet');
  });

  it('lists shared measurements, imaging selections and other resources as the EHR shares them', async () => {
    harness = await renderWithHub(<ReportPanel />);
    await openReportAsEhr(harness);
    const finding: Observation = {
      resourceType: 'Observation',
      id: 'obs-finding',
      status: 'final',
      code: { text: 'Impression' },
      valueCodeableConcept: { text: 'Stable disease' },
    };
    const note: Observation = {
      resourceType: 'Observation',
      id: 'obs-note',
      status: 'amended',
      code: { coding: [{ code: 'note', display: 'Comment' }] },
      valueString: 'Compared with prior CT',
    };
    const other = { resourceType: 'DocumentReference', id: 'doc-1' } as Resource;
    await harness.ehr.updateReport([
      { put: lesion },
      { put: outline },
      { put: finding },
      { put: note },
      { put: other },
    ]);
    const list = await screen.findByRole('list', { name: 'Measurements' });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual([
      'Lesion long axis: 23.4 mm, Right upper lobe Preliminary',
      'Lesion outline, series 3 image 112 Series 2.25.163248733617946912408112215513096713811 Study 2.25.163248733617946912408112215513096713810',
      'Impression: Stable disease Final',
      'Comment: Compared with prior CT Amended',
      'DocumentReference/doc-1',
    ]);
    expect(screen.queryByText('No measurements shared yet')).toBeNull();
    expect(await axeViolations(harness.container)).toEqual([]);
  });

  it('highlights the selected measurement with aria-current and announces it politely', async () => {
    harness = await renderWithHub(<ReportPanel />, { theme: 'dark' });
    await openReportAsEhr(harness);
    await harness.ehr.updateReport([{ put: lesion }, { put: liverLesion }]);
    await screen.findByRole('list', { name: 'Measurements' });
    const status = within(screen.getByRole('region', { name: 'Report' })).getByRole('status');
    expect(status.textContent).toBe('');
    await harness.ehr.selectInReport(['Observation/obs-lesion-2']);
    await waitFor(() =>
      expect(status.textContent).toBe('Selected: Lesion long axis: 11.8 mm, Segment VII of the liver'),
    );
    const items = screen.getAllByRole('listitem');
    expect(items.map((item) => item.getAttribute('aria-current'))).toEqual([null, 'true']);
    expect(items[1]?.className).toBe('rfc-report-panel__item');
    expect(items[1]?.hasAttribute('data-selected')).toBe(true);
    expect(await axeViolations(harness.container)).toEqual([]);
    await harness.ehr.selectInReport([]);
    await waitFor(() => expect(status.textContent).toBe(''));
    expect(screen.getAllByRole('listitem').map((item) => item.getAttribute('aria-current'))).toEqual([
      null,
      null,
    ]);
  });

  it('selectable: pressing an item publishes its select, which comes back highlighted [IRA-CONTENT-CREATOR-user-select]', async () => {
    harness = await renderWithHub(<ReportPanel selectable />);
    await openReportAsEhr(harness);
    await harness.ehr.updateReport([{ put: lesion }, { put: liverLesion }]);
    const button = await screen.findByRole('button', { name: 'Lesion long axis: 23.4 mm, Right upper lobe' });
    expect(button.getAttribute('aria-current')).toBeNull();
    fireEvent.click(button);
    await waitFor(() => expect(button.getAttribute('aria-current')).toBe('true'));
    expect(harness.app.store.getState().selection).toEqual([{ reference: 'Observation/obs-lesion-1' }]);
    expect(screen.getByRole('status').textContent).toBe(
      'Selected: Lesion long axis: 23.4 mm, Right upper lobe',
    );
    const other = screen.getByRole('button', { name: 'Lesion long axis: 11.8 mm, Segment VII of the liver' });
    expect(other.getAttribute('aria-current')).toBeNull();
    expect(await axeViolations(harness.container)).toEqual([]);
  });

  it('puts its className on the root beside its own class', async () => {
    harness = await renderWithHub(<ReportPanel className="side-panel" />);
    expect(screen.getByRole('region', { name: 'Report' }).className).toBe('rfc-report-panel side-panel');
  });

  it('shows content shared by reference as loading while the app reads it, then the resource [IRA-RAD-150-fullurl] [IRA-RAD-154-content-by-reference]', async () => {
    let deliver: (resource: Resource) => void = () => {};
    const asked: string[] = [];
    harness = await renderWithHub(<ReportPanel />, {
      readResource: (reference) => {
        asked.push(reference);
        return new Promise((resolve) => {
          deliver = resolve;
        });
      },
    });
    await openReportAsEhr(harness);
    await harness.ehr.updateReport([{ reference: `Observation/${liverLesion.id}` }]);
    const item = await screen.findByText(`Observation/${liverLesion.id}`);
    expect(item.closest('li')?.textContent).toBe(`Observation/${liverLesion.id} loading…`);
    expect(item.closest('li')?.getAttribute('aria-busy')).toBe('true');
    expect(asked).toEqual([`Observation/${liverLesion.id}`]);
    deliver(liverLesion as Resource);
    await screen.findByText('Segment VII of the liver', { exact: false });
    expect(screen.queryByText('loading…')).toBeNull();
    expect(harness.app.store.getState().content).toEqual([liverLesion]);
    expect(harness.app.store.getState().contentFetching).toEqual([]);
    expect(await axeViolations(harness.container)).toEqual([]);
  });

  it('lists content shared by reference without a reader as shared by reference', async () => {
    harness = await renderWithHub(<ReportPanel />);
    await openReportAsEhr(harness);
    await harness.ehr.updateReport([{ reference: 'Observation/elsewhere' }]);
    const item = await screen.findByText('Observation/elsewhere');
    expect(item.closest('li')?.textContent).toBe('Observation/elsewhere shared by reference');
  });
});
