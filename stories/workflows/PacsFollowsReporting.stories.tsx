import type { Meta, StoryContext, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, within } from 'storybook/test';
import { ContextPublisher } from '../../src/components/ContextPublisher/index.ts';
import { ImagingStudyCard } from '../../src/components/ImagingStudyCard/index.ts';
import { PatientBanner } from '../../src/components/PatientBanner/index.ts';
import { STORY_EVENTS } from '../../src/storybook/hubAccess.ts';
import { sampleCatalogue } from '../../src/storybook/samples.ts';
import { StoryApp } from '../support/StoryApp.tsx';

/** The reporting worklist drives; the PACS viewer loads the study it opens. */
function PacsFollowsReporting() {
  return (
    <div className="rfc-story-grid">
      <StoryApp name="Reporting worklist" events={STORY_EVENTS}>
        <ContextPublisher samples={sampleCatalogue} />
      </StoryApp>
      <StoryApp name="PACS viewer" events={['ImagingStudy-open', 'ImagingStudy-close']}>
        <PatientBanner now={new Date('2026-11-26T12:00:00Z')} />
        <ImagingStudyCard />
      </StoryApp>
    </div>
  );
}

const meta = {
  title: 'Workflows/PACS follows the reporting app',
  component: PacsFollowsReporting,
} satisfies Meta<typeof PacsFollowsReporting>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Opens the chest X-ray in the worklist; the PACS shows the study, its accession and its patient. */
async function openStudy(canvas: StoryContext['canvas']) {
  const worklist = within(canvas.getByRole('region', { name: 'Reporting worklist' }));
  const pacs = within(canvas.getByRole('region', { name: 'PACS viewer' }));
  await expect(await pacs.findByText('No imaging study in context')).toBeVisible();
  await userEvent.selectOptions(
    await worklist.findByLabelText('Context to open'),
    'Chest X-ray, 2 views — Chinedu Okafor',
  );
  await userEvent.click(worklist.getByRole('button', { name: 'Open' }));
  await expect(await pacs.findByText('ACC-2026-0418', {}, { timeout: 3000 })).toBeVisible();
  await expect(pacs.getByText('Chest X-ray, 2 views')).toBeVisible();
  await expect(pacs.getByText('Chinedu Okafor')).toBeVisible();
  return { worklist, pacs };
}

/** ImagingStudy-open from the worklist: the PACS shows the study, its accession and its patient. */
export const ImagingStudyOpenLoadsTheStudy: Story = {
  play: async ({ canvas }) => {
    await openStudy(canvas);
  },
};

/** ImagingStudy-close from the worklist: the PACS lets the study go. */
export const ImagingStudyCloseEmptiesTheViewer: Story = {
  play: async ({ canvas }) => {
    const { worklist, pacs } = await openStudy(canvas);
    await userEvent.click(worklist.getByRole('button', { name: 'Close current' }));
    await expect(await pacs.findByText('No imaging study in context', {}, { timeout: 3000 })).toBeVisible();
  },
};
