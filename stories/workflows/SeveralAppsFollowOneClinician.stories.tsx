import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, within } from 'storybook/test';
import { ContextPublisher } from '../../src/components/ContextPublisher/index.ts';
import { EncounterBanner } from '../../src/components/EncounterBanner/index.ts';
import { PatientBanner } from '../../src/components/PatientBanner/index.ts';
import { STORY_EVENTS } from '../../src/storybook/hubAccess.ts';
import { sampleCatalogue } from '../../src/storybook/samples.ts';
import { StoryApp } from '../support/StoryApp.tsx';

const FOLLOWED = ['Patient-open', 'Patient-close', 'Encounter-open', 'Encounter-close'];

/** One clinician, three applications: the EHR drives, the billing and lab views follow together. */
function SeveralApps() {
  return (
    <div className="rfc-story-grid">
      <StoryApp name="EHR" events={STORY_EVENTS}>
        <ContextPublisher samples={sampleCatalogue} />
      </StoryApp>
      <StoryApp name="Billing" events={FOLLOWED}>
        <PatientBanner label="Billing patient" now={new Date('2026-11-26T12:00:00Z')} />
        <EncounterBanner label="Billing encounter" />
      </StoryApp>
      <StoryApp name="Lab results" events={FOLLOWED}>
        <PatientBanner label="Lab patient" now={new Date('2026-11-26T12:00:00Z')} />
      </StoryApp>
    </div>
  );
}

const meta = {
  title: 'Workflows/Several apps follow one clinician',
  component: SeveralApps,
} satisfies Meta<typeof SeveralApps>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Switching patients in the EHR switches the billing and the lab view together. */
export const BillingAndLabSwitchTogether: Story = {
  play: async ({ canvas }) => {
    const ehr = within(canvas.getByRole('region', { name: 'EHR' }));
    const billing = within(canvas.getByRole('region', { name: 'Billing' }));
    const lab = within(canvas.getByRole('region', { name: 'Lab results' }));
    for (const [option, name] of [
      ['Ana Lucía Rivera (MRN MRN-004512)', 'Ana Lucía Rivera'],
      ['Chinedu Okafor (MRN MRN-007731)', 'Chinedu Okafor'],
      ['Chest pain — Chinedu Okafor', 'Chinedu Okafor'],
    ] as const) {
      await userEvent.selectOptions(await ehr.findByLabelText('Context to open'), option);
      await userEvent.click(ehr.getByRole('button', { name: 'Open' }));
      await expect(await billing.findByText(name, {}, { timeout: 3000 })).toBeVisible();
      await expect(await lab.findByText(name, {}, { timeout: 3000 })).toBeVisible();
    }
    await expect(await billing.findByText('Chest pain')).toBeVisible();
  },
};
