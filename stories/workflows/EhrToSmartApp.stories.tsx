import type { Meta, StoryContext, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, within } from 'storybook/test';
import { ContextPublisher } from '../../src/components/ContextPublisher/index.ts';
import { EncounterBanner } from '../../src/components/EncounterBanner/index.ts';
import { PatientBanner } from '../../src/components/PatientBanner/index.ts';
import { STORY_EVENTS } from '../../src/storybook/hubAccess.ts';
import { sampleCatalogue } from '../../src/storybook/samples.ts';
import { StoryApp } from '../support/StoryApp.tsx';

/** An EHR and a SMART app it launched share one FHIRcast session: the app follows the chart. */
function EhrToSmartApp() {
  return (
    <div className="rfc-story-grid">
      <StoryApp name="EHR" events={STORY_EVENTS}>
        <ContextPublisher samples={sampleCatalogue} />
      </StoryApp>
      <StoryApp
        name="SMART app"
        events={['Patient-open', 'Patient-close', 'Encounter-open', 'Encounter-close']}
      >
        <PatientBanner now={new Date('2026-11-26T12:00:00Z')} />
        <EncounterBanner />
      </StoryApp>
    </div>
  );
}

const meta = {
  title: 'Workflows/EHR to SMART app',
  component: EhrToSmartApp,
} satisfies Meta<typeof EhrToSmartApp>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The EHR and the SMART app of a story, found in its canvas. */
function apps(canvas: StoryContext['canvas']) {
  return {
    ehr: within(canvas.getByRole('region', { name: 'EHR' })),
    app: within(canvas.getByRole('region', { name: 'SMART app' })),
  };
}

/** Opens a chart, then a visit of another patient, in the EHR; the SMART app follows each. */
async function openChartThenVisit(canvas: StoryContext['canvas']) {
  const { ehr, app } = apps(canvas);
  await expect(await app.findByText('No patient in context')).toBeVisible();
  await userEvent.selectOptions(
    await ehr.findByLabelText('Context to open'),
    'Chinedu Okafor (MRN MRN-007731)',
  );
  await userEvent.click(ehr.getByRole('button', { name: 'Open' }));
  await expect(await app.findByText('Chinedu Okafor', {}, { timeout: 3000 })).toBeVisible();
  await expect(app.getByText('MRN-007731')).toBeVisible();

  await userEvent.selectOptions(
    ehr.getByLabelText('Context to open'),
    'Oncology follow-up — Ana Lucía Rivera',
  );
  await userEvent.click(ehr.getByRole('button', { name: 'Open' }));
  await expect(await app.findByText('Ana Lucía Rivera', {}, { timeout: 3000 })).toBeVisible();
  await expect(await app.findByText('Oncology follow-up')).toBeVisible();
}

/** The clinician opens a chart in the EHR; the SMART app switches to the same patient, then to a visit. */
export const PatientOpenSwitchesTheApp: Story = {
  play: async ({ canvas }) => openChartThenVisit(canvas),
};

/** Closing the visit in the EHR empties the SMART app's encounter banner. */
export const EncounterCloseEmptiesTheApp: Story = {
  play: async ({ canvas }) => {
    await openChartThenVisit(canvas);
    const { ehr, app } = apps(canvas);
    await userEvent.click(ehr.getByRole('button', { name: 'Close current' }));
    await expect(await app.findByText('No encounter in context', {}, { timeout: 3000 })).toBeVisible();
  },
};

/**
 * The same two apps with no script: drive the EHR by hand, or the context from the FHIRcast panel. Under
 * `npm start` the apps join the live hub; the panel's "Share across windows" lets a second window join.
 */
export const TryIt: Story = {};
