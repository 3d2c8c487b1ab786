import type { Meta, StoryObj } from '@storybook/react-vite';
import { type ReactNode, useState } from 'react';
import { expect, userEvent, within } from 'storybook/test';
import { ContextPublisher } from '../../src/components/ContextPublisher/index.ts';
import { EncounterBanner } from '../../src/components/EncounterBanner/index.ts';
import { useFhircastEvent } from '../../src/react/useFhircastEvent.ts';
import { useFhircastPatient } from '../../src/react/useFhircastPatient.ts';
import { STORY_EVENTS } from '../../src/storybook/hubAccess.ts';
import { sampleCatalogue } from '../../src/storybook/samples.ts';
import { StoryApp } from '../support/StoryApp.tsx';

/** Demo rules of a decision-support service, by encounter class code. */
const RULES: Record<string, string> = {
  EMER: 'Chest pain pathway: record an ECG within 10 minutes and a troponin within 1 hour.',
  AMB: 'Oncology follow-up: compare today’s lesion measurements with the previous CT.',
};

/** A decision-support app: it evaluates its rules each time an encounter opens. */
function DecisionSupportCards(): ReactNode {
  const patient = useFhircastPatient();
  const [advice, setAdvice] = useState<string[]>([]);
  useFhircastEvent('Encounter-open', (event) => {
    const encounter = event.event.context.find((item) => item.key === 'encounter')?.resource as
      | { class?: { code?: string } }
      | undefined;
    const rule = RULES[encounter?.class?.code ?? ''];
    setAdvice(rule ? [rule] : ['No rules apply to this encounter.']);
  });
  return (
    <section aria-label="Decision support cards" className="rfc-story-cds">
      {advice.length === 0 ? (
        <p>Waiting for an encounter…</p>
      ) : (
        <ul>
          {advice.map((line) => (
            <li key={line}>
              {line} {patient?.name?.[0]?.family ? `(${patient.name[0].family})` : ''}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function DecisionSupport() {
  return (
    <div className="rfc-story-grid">
      <StoryApp name="EHR" events={STORY_EVENTS}>
        <ContextPublisher samples={sampleCatalogue} />
      </StoryApp>
      <StoryApp name="Decision support" events={['Encounter-open', 'Encounter-close']}>
        <EncounterBanner />
        <DecisionSupportCards />
      </StoryApp>
    </div>
  );
}

const meta = {
  title: 'Workflows/Decision support on Encounter-open',
  component: DecisionSupport,
} satisfies Meta<typeof DecisionSupport>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Opening an emergency visit in the EHR triggers the chest pain pathway in the decision-support app. */
export const EncounterOpenTriggersAdvice: Story = {
  play: async ({ canvas }) => {
    const ehr = within(canvas.getByRole('region', { name: 'EHR' }));
    const cds = within(canvas.getByRole('region', { name: 'Decision support' }));
    await expect(await cds.findByText('Waiting for an encounter…')).toBeVisible();
    await userEvent.selectOptions(
      await ehr.findByLabelText('Context to open'),
      'Chest pain — Chinedu Okafor',
    );
    await userEvent.click(ehr.getByRole('button', { name: 'Open' }));
    await expect(await cds.findByText(/Chest pain pathway/, {}, { timeout: 3000 })).toBeVisible();
    await expect(cds.getByText(/\(Okafor\)/)).toBeVisible();
    await userEvent.selectOptions(
      ehr.getByLabelText('Context to open'),
      'Oncology follow-up — Ana Lucía Rivera',
    );
    await userEvent.click(ehr.getByRole('button', { name: 'Open' }));
    await expect(await cds.findByText(/Oncology follow-up: compare/, {}, { timeout: 3000 })).toBeVisible();
  },
};
