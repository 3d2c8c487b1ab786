import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent } from 'storybook/test';
import { SyncErrorNotice } from '../../src/components/SyncErrorNotice/index.ts';
import { useFhircastEvent } from '../../src/react/useFhircastEvent.ts';
import { useFhircastPublish } from '../../src/react/useFhircastPublish.ts';
import { patients } from '../../src/storybook/samples.ts';
import { StoryApp } from '../support/StoryApp.tsx';

const EVENTS = ['Patient-open', 'Patient-close', 'syncerror'];

function OpenRivera() {
  const { openPatient } = useFhircastPublish();
  return (
    <button type="button" className="rfc-button" onClick={() => void openPatient(patients.rivera)}>
      Open Ana Lucía Rivera
    </button>
  );
}

/** An app with unsaved dictation refuses to switch patient (409), as the guide lets a subscriber do. */
function RefusesPatientChanges() {
  useFhircastEvent('Patient-open', () => 409);
  return <p className="rfc-story-note">Unsaved dictation: refuses every Patient-open</p>;
}

/** The EHR publishes; the dictation app refuses; the EHR's notice says so until dismissed. */
function EhrAndDictation(props: Parameters<typeof SyncErrorNotice>[0]) {
  return (
    <div className="rfc-story-grid">
      <StoryApp name="EHR" events={EVENTS}>
        <OpenRivera />
        <SyncErrorNotice {...props} />
      </StoryApp>
      <StoryApp name="Dictation app" events={EVENTS}>
        <RefusesPatientChanges />
      </StoryApp>
    </div>
  );
}

const meta = {
  title: 'Components/SyncErrorNotice',
  component: SyncErrorNotice,
  render: (args) => <EhrAndDictation {...args} />,
} satisfies Meta<typeof SyncErrorNotice>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Nothing refused: the notice is an empty live region, ready to speak. */
export const NothingRefused: Story = {
  play: async ({ canvas }) => {
    const ehr = await canvas.findByRole('region', { name: 'EHR' });
    await expect(ehr.querySelector('.rfc-sync-error-notice')).toBeEmptyDOMElement();
  },
};

/**
 * The EHR's Patient-open succeeded at the hub, but the dictation app refused it: the hub's sync error
 * reaches the EHR after the echo, and the notice names the event, the app and the reason.
 */
export const AnotherAppRefused: Story = {
  play: async ({ canvas }) => {
    await userEvent.click(await canvas.findByRole('button', { name: 'Open Ana Lucía Rivera' }));
    await expect(
      await canvas.findByText('Patient-open was not taken up by Dictation app', {}, { timeout: 5000 }),
    ).toBeVisible();
  },
};

/** Dismissed, the notice empties until the next refusal. */
export const Dismissed: Story = {
  play: async ({ canvas }) => {
    await userEvent.click(await canvas.findByRole('button', { name: 'Open Ana Lucía Rivera' }));
    await userEvent.click(await canvas.findByRole('button', { name: 'Dismiss' }, { timeout: 5000 }));
    await expect(canvas.queryByText(/was not taken up/)).toBeNull();
  },
};
