import type { Meta, StoryContext, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { ContextPublisher } from '../../src/components/ContextPublisher/index.ts';
import { PatientBanner } from '../../src/components/PatientBanner/index.ts';
import { ReportPanel } from '../../src/components/ReportPanel/index.ts';
import { SyncErrorNotice } from '../../src/components/SyncErrorNotice/index.ts';
import { sampleCatalogue } from '../../src/storybook/samples.ts';
import { StoryApp } from '../support/StoryApp.tsx';
import { ReportStateLine, SignReport } from './reportCreator.tsx';

const REPORT_EVENTS = [
  'DiagnosticReport-open',
  'DiagnosticReport-close',
  'DiagnosticReport-update',
  'DiagnosticReport-select',
  'syncerror',
];

/**
 * IHE IRA's reading room: the Image Display shares measurements and what the radiologist points at; the
 * Report Creator follows, tells a resumed report from a new one, and refuses changes to a signed report,
 * which the Image Display learns as a sync error.
 */
function RadiologyReporting() {
  return (
    <div className="rfc-story-grid">
      <StoryApp name="Image Display" events={REPORT_EVENTS}>
        <SyncErrorNotice />
        <ContextPublisher samples={sampleCatalogue} />
      </StoryApp>
      <StoryApp name="Report Creator" events={REPORT_EVENTS}>
        <PatientBanner now={new Date('2026-11-26T12:00:00Z')} />
        <ReportStateLine />
        <SignReport />
        <ReportPanel />
      </StoryApp>
    </div>
  );
}

const meta = {
  title: 'Workflows/Radiology reporting',
  component: RadiologyReporting,
} satisfies Meta<typeof RadiologyReporting>;

export default meta;
type Story = StoryObj<typeof meta>;

type Canvas = StoryContext['canvas'];
const apps = (canvas: Canvas) => ({
  viewer: within(canvas.getByRole('region', { name: 'Image Display' })),
  editor: within(canvas.getByRole('region', { name: 'Report Creator' })),
});

/** Opens the report whose option starts with `label` from the Image Display. */
async function openReport(viewer: ReturnType<typeof within>, label: RegExp) {
  const option = await viewer.findByRole('option', { name: label });
  await userEvent.selectOptions(await viewer.findByLabelText('Context to open'), option);
  await userEvent.click(viewer.getByRole('button', { name: 'Open' }));
}

/** Clicks `name` in the Image Display once it is enabled (each waits for the last publish to settle). */
async function clickWhenEnabled(viewer: ReturnType<typeof within>, name: string) {
  const button = await viewer.findByRole('button', { name });
  await waitFor(() => expect(button).toBeEnabled(), { timeout: 3000 });
  await userEvent.click(button);
}

/** Opens the CT report in the viewer, shares two measurements and selects the first; the editor follows. */
async function reportWithSelection(canvas: Canvas) {
  const { viewer, editor } = apps(canvas);
  await expect(await editor.findByText('No report open')).toBeVisible();
  await openReport(viewer, /^CT chest, abdomen and pelvis report/);
  await expect(await editor.findByText('Ana Lucía Rivera', {}, { timeout: 3000 })).toBeVisible();
  await expect(await editor.findByText(/^New report/)).toBeVisible();
  await expect(await editor.findByText('No measurements shared yet')).toBeVisible();
  await clickWhenEnabled(viewer, 'Add measurement');
  await expect(await editor.findByText('23.4 mm', {}, { timeout: 3000 })).toBeVisible();
  await clickWhenEnabled(viewer, 'Add measurement');
  await expect(await editor.findByText('11.8 mm', {}, { timeout: 3000 })).toBeVisible();
  await clickWhenEnabled(viewer, 'Select measurement');
  await waitFor(() => expect(editor.getByText('23.4 mm').closest('[aria-current="true"]')).not.toBeNull(), {
    timeout: 3000,
  });
  return { viewer, editor };
}

/** DiagnosticReport-open, measurements as updates, and a select highlighting the first in the editor. */
export const MeasurementsFlowIntoTheReport: Story = {
  play: async ({ canvas }) => {
    await reportWithSelection(canvas);
  },
};

/**
 * The radiologist opens another study's report, then comes back: the Report Creator says the CT report
 * is resumed, with its measurements and selection as they were (IRA: DiagnosticReport-open of a report
 * already in the session).
 */
export const AReportResumedAfterAnotherStudy: Story = {
  play: async ({ canvas }) => {
    const { viewer, editor } = await reportWithSelection(canvas);
    await openReport(viewer, /^Chest X-ray report/);
    await expect(await editor.findByText('No measurements shared yet', {}, { timeout: 3000 })).toBeVisible();
    await expect(editor.getByText(/^New report/)).toBeVisible();
    await openReport(viewer, /^CT chest, abdomen and pelvis report/);
    await expect(await editor.findByText(/^Resumed report/, {}, { timeout: 3000 })).toBeVisible();
    await expect(await editor.findByText('11.8 mm', {}, { timeout: 3000 })).toBeVisible();
    await waitFor(() => expect(editor.getByText('23.4 mm').closest('[aria-current="true"]')).not.toBeNull(), {
      timeout: 3000,
    });
  },
};

/**
 * The radiologist signs the report; a measurement the Image Display shares afterwards is refused by the
 * Report Creator (409), and the Image Display shows the sync error the hub sends about it.
 */
export const ARefusedMeasurementBecomesASyncError: Story = {
  play: async ({ canvas }) => {
    const { viewer, editor } = await reportWithSelection(canvas);
    await userEvent.click(editor.getByRole('button', { name: 'Sign report' }));
    await expect(await editor.findByText(/^Signed:/, {}, { timeout: 3000 })).toBeVisible();
    await clickWhenEnabled(viewer, 'Add measurement');
    await expect(
      await viewer.findByText(
        'DiagnosticReport-update was not taken up by Report Creator',
        {},
        { timeout: 5000 },
      ),
    ).toBeVisible();
    expect(editor.queryByText('9.2 mm')).toBeNull();
  },
};

/** DiagnosticReport-close from the viewer: the editor closes the report, measurements and all. */
export const ClosingTheReportEmptiesTheEditor: Story = {
  play: async ({ canvas }) => {
    const { viewer, editor } = await reportWithSelection(canvas);
    await clickWhenEnabled(viewer, 'Close current');
    await expect(await editor.findByText('No report open', {}, { timeout: 3000 })).toBeVisible();
  },
};
