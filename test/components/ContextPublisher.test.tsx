import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ContextPublisher,
  type ContextPublisherSamples,
} from '../../src/components/ContextPublisher/index.ts';
import { sampleCatalogue } from '../../src/storybook/samples.ts';
import { axeViolations, type Harness, renderWithHub } from '../support/render-with-hub.tsx';

// The demo catalogue is what the component is made for: it must fit the prop's type as it is.
const samples: ContextPublisherSamples = sampleCatalogue;

const button = (name: string) => screen.getByRole('button', { name }) as HTMLButtonElement;

function chooseToOpen(label: string): void {
  const option = screen.getByRole('option', { name: label }) as HTMLOptionElement;
  fireEvent.change(screen.getByLabelText('Context to open'), { target: { value: option.value } });
}

describe('ContextPublisher', () => {
  let harness: Harness | undefined;
  afterEach(() => {
    harness?.unmount();
    harness = undefined;
    cleanup();
  });

  it('offers the samples grouped by kind with readable labels, report actions disabled, no axe violations', async () => {
    harness = await renderWithHub(<ContextPublisher samples={samples} />);
    const select = screen.getByLabelText('Context to open') as HTMLSelectElement;
    const groups = [...select.querySelectorAll('optgroup')].map((group) => [
      group.label,
      [...group.querySelectorAll('option')].map((option) => option.text),
    ]);
    expect(groups).toEqual([
      [
        'Patients',
        [
          'Ana Lucía Rivera (MRN MRN-004512)',
          'Chinedu Okafor (MRN MRN-007731)',
          'Dr. Maximiliana Theodora Wilhelmina Vandenberghe-Oyelaran-Kowalczyk (ID MRN-000001)',
        ],
      ],
      ['Encounters', ['Oncology follow-up — Ana Lucía Rivera', 'Chest pain — Chinedu Okafor']],
      [
        'Imaging studies',
        [
          'CT chest, abdomen and pelvis with contrast — Ana Lucía Rivera',
          'Chest X-ray, 2 views — Chinedu Okafor',
        ],
      ],
      [
        'Reports',
        ['CT chest, abdomen and pelvis report — Ana Lucía Rivera', 'Chest X-ray report — Chinedu Okafor'],
      ],
    ]);
    expect(select.selectedOptions[0]?.text).toBe('Ana Lucía Rivera (MRN MRN-004512)');
    expect(button('Open').disabled).toBe(false);
    expect(button('Close current').disabled).toBe(false);
    expect(button('Add measurement').disabled).toBe(true);
    expect(button('Select measurement').disabled).toBe(true);
    expect(button('Clear selection').disabled).toBe(true);
    expect(screen.getByRole('status').textContent).toBe('');
    expect(await axeViolations(harness.container)).toEqual([]);
  });

  it('says why the report buttons are disabled, as their description', async () => {
    harness = await renderWithHub(
      <ContextPublisher samples={{ ...samples, measurements: samples.measurements.slice(0, 1) }} />,
    );
    const why = () =>
      screen.getByRole('button', { name: 'Add measurement' }).getAttribute('aria-describedby');
    const described = () => document.getElementById(why() ?? '')?.textContent;
    expect(described()).toBe('Open a report to share and select measurements in it.');
    chooseToOpen('CT chest, abdomen and pelvis report — Ana Lucía Rivera');
    fireEvent.click(button('Open'));
    await waitFor(() => expect(described()).toBe('Add a measurement to select it.'));
    await waitFor(() => expect(button('Add measurement').disabled).toBe(false));
    fireEvent.click(button('Add measurement'));
    await waitFor(() => expect(described()).toBe('Every sample measurement is shared.'));
    await waitFor(() => expect(button('Select measurement').disabled).toBe(false));
  });

  it('opens the chosen sample patient: the app’s context becomes that Patient and the outcome is announced', async () => {
    harness = await renderWithHub(<ContextPublisher samples={samples} />);
    chooseToOpen('Chinedu Okafor (MRN MRN-007731)');
    fireEvent.click(button('Open'));
    expect(button('Open').disabled).toBe(true);
    expect(button('Close current').disabled).toBe(true);
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Published Patient-open'));
    expect(button('Open').disabled).toBe(false);
    expect(harness.app.store.getState().current).toBe('Patient');
    expect(harness.app.store.getState().anchors.Patient?.ref).toBe('Patient/pat-okafor');
    expect(button('Add measurement').disabled).toBe(true);
  });

  it('closes the current context with Close current [FC-3.6.2-close-names-open]', async () => {
    harness = await renderWithHub(<ContextPublisher samples={samples} />);
    chooseToOpen('Oncology follow-up — Ana Lucía Rivera');
    fireEvent.click(button('Open'));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Published Encounter-open'));
    expect(harness.app.store.getState().current).toBe('Encounter');
    fireEvent.click(button('Close current'));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Published Encounter-close'));
    expect(harness.app.store.getState().current).toBeUndefined();
  });

  it('in an open report, adds the next measurement, selects them in turn and clears the selection [IRA-RAD-151-whole-selection]', async () => {
    harness = await renderWithHub(<ContextPublisher samples={samples} />, { theme: 'dark' });
    chooseToOpen('CT chest, abdomen and pelvis report — Ana Lucía Rivera');
    fireEvent.click(button('Open'));
    await waitFor(() => expect(button('Add measurement').disabled).toBe(false));
    expect(screen.getByRole('status').textContent).toBe('Published DiagnosticReport-open');
    expect(button('Select measurement').disabled).toBe(true);
    expect(button('Clear selection').disabled).toBe(false);
    const state = () => harness!.app.store.getState();

    fireEvent.click(button('Add measurement'));
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe('Published DiagnosticReport-update'),
    );
    expect(state().content.map((resource) => resource.id)).toEqual(['obs-lesion-1']);
    fireEvent.click(button('Add measurement'));
    await waitFor(() => expect(state().content).toHaveLength(2));
    expect(state().content.map((resource) => resource.id)).toEqual(['obs-lesion-1', 'obs-lesion-2']);

    fireEvent.click(button('Select measurement'));
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe('Published DiagnosticReport-select'),
    );
    expect(state().selection).toEqual([{ reference: 'Observation/obs-lesion-1' }]);
    await waitFor(() => expect(button('Select measurement').disabled).toBe(false));
    fireEvent.click(button('Select measurement'));
    await waitFor(() => expect(state().selection).toEqual([{ reference: 'Observation/obs-lesion-2' }]));
    await waitFor(() => expect(button('Select measurement').disabled).toBe(false));
    fireEvent.click(button('Select measurement'));
    await waitFor(() => expect(state().selection).toEqual([{ reference: 'Observation/obs-lesion-1' }]));

    await waitFor(() => expect(button('Clear selection').disabled).toBe(false));
    fireEvent.click(button('Clear selection'));
    await waitFor(() => expect(state().selection).toEqual([]));
    expect(await axeViolations(harness.container)).toEqual([]);
  });

  it('disables Add measurement once every sample measurement is shared', async () => {
    harness = await renderWithHub(
      <ContextPublisher samples={{ ...samples, measurements: samples.measurements.slice(0, 1) }} />,
    );
    chooseToOpen('CT chest, abdomen and pelvis report — Ana Lucía Rivera');
    fireEvent.click(button('Open'));
    await waitFor(() => expect(button('Add measurement').disabled).toBe(false));
    fireEvent.click(button('Add measurement'));
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe('Published DiagnosticReport-update'),
    );
    expect(button('Add measurement').disabled).toBe(true);
    expect(button('Select measurement').disabled).toBe(false);
  });

  it('shows the error when there is no context to close', async () => {
    harness = await renderWithHub(<ContextPublisher samples={samples} />);
    fireEvent.click(button('Close current'));
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe(
        'react-fhircast: there is no current context to close',
      ),
    );
    expect(screen.getByRole('status').hasAttribute('data-failed')).toBe(true);
  });

  it('shows the hub’s rejection when the hub has gone away under an open report', async () => {
    harness = await renderWithHub(<ContextPublisher samples={samples} />);
    chooseToOpen('CT chest, abdomen and pelvis report — Ana Lucía Rivera');
    fireEvent.click(button('Open'));
    await waitFor(() => expect(button('Add measurement').disabled).toBe(false));
    harness.loopback.close();
    fireEvent.click(button('Add measurement'));
    await waitFor(() => expect(screen.getByRole('status').hasAttribute('data-failed')).toBe(true));
    expect(screen.getByRole('status').textContent).toBe(
      'publish DiagnosticReport-update rejected: HTTP 409: DiagnosticReport-update: DiagnosticReport/report-rivera-ct is not the current context (there is none); the context was fetched again',
    );
  });

  it('puts its className on the root beside its own class', async () => {
    harness = await renderWithHub(<ContextPublisher samples={samples} className="demo-controls" />);
    const root = screen.getByLabelText('Context to open').closest('.rfc-context-publisher');
    expect(root?.className).toBe('rfc-context-publisher demo-controls');
  });
});
