import type { Meta, StoryContext, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { ContextPublisher } from '../../src/components/ContextPublisher/index.ts';
import { PatientBanner } from '../../src/components/PatientBanner/index.ts';
import { ReportPanel } from '../../src/components/ReportPanel/index.ts';
import { sampleCatalogue } from '../../src/storybook/samples.ts';
import { StoryApp } from '../support/StoryApp.tsx';

const REPORT_EVENTS = [
  'DiagnosticReport-open',
  'DiagnosticReport-close',
  'DiagnosticReport-update',
  'DiagnosticReport-select',
];

/** The image viewer shares measurements and what the radiologist points at with the report editor. */
function RadiologyReporting() {
  return (
    <div className="rfc-story-grid">
      <StoryApp name="Image viewer" events={REPORT_EVENTS}>
        <ContextPublisher samples={sampleCatalogue} />
      </StoryApp>
      <StoryApp name="Report editor" events={REPORT_EVENTS}>
        <PatientBanner now={new Date('2026-11-26T12:00:00Z')} />
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

/** Opens the CT report in the viewer, shares two measurements and selects the first; the editor follows. */
async function reportWithSelection(canvas: StoryContext['canvas']) {
  const viewer = within(canvas.getByRole('region', { name: 'Image viewer' }));
  const editor = within(canvas.getByRole('region', { name: 'Report editor' }));
  await expect(await editor.findByText('No report open')).toBeVisible();
  await userEvent.selectOptions(
    await viewer.findByLabelText('Context to open'),
    'CT chest, abdomen and pelvis report — Ana Lucía Rivera',
  );
  await userEvent.click(viewer.getByRole('button', { name: 'Open' }));
  await expect(await editor.findByText('Ana Lucía Rivera', {}, { timeout: 3000 })).toBeVisible();
  await expect(await editor.findByText('No measurements shared yet')).toBeVisible();

  const add = await viewer.findByRole('button', { name: 'Add measurement' });
  await waitFor(() => expect(add).toBeEnabled(), { timeout: 3000 });
  await userEvent.click(add);
  await expect(await editor.findByText('23.4 mm', {}, { timeout: 3000 })).toBeVisible();
  await waitFor(() => expect(add).toBeEnabled(), { timeout: 3000 });
  await userEvent.click(add);
  await expect(await editor.findByText('11.8 mm', {}, { timeout: 3000 })).toBeVisible();

  const select = viewer.getByRole('button', { name: 'Select measurement' });
  await waitFor(() => expect(select).toBeEnabled(), { timeout: 3000 });
  await userEvent.click(select);
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

/** DiagnosticReport-close from the viewer: the editor closes the report, measurements and all. */
export const ClosingTheReportEmptiesTheEditor: Story = {
  play: async ({ canvas }) => {
    const { viewer, editor } = await reportWithSelection(canvas);
    await waitFor(() => expect(viewer.getByRole('button', { name: 'Close current' })).toBeEnabled());
    await userEvent.click(viewer.getByRole('button', { name: 'Close current' }));
    await expect(await editor.findByText('No report open', {}, { timeout: 3000 })).toBeVisible();
  },
};
