import { cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { PatientBanner } from '../../src/components/PatientBanner/index.ts';
import type { FhircastNotification } from '../../src/protocol/types.ts';
import { patients } from '../../src/storybook/samples.ts';
import { axeViolations, type Harness, renderWithHub } from '../support/render-with-hub.tsx';

const NOW = new Date('2026-11-26T12:00:00Z');

describe('PatientBanner', () => {
  let harness: Harness | undefined;
  afterEach(() => {
    harness?.unmount();
    harness = undefined;
    cleanup();
  });

  it('says no patient is in context before any Patient-open, inside a section named Patient', async () => {
    harness = await renderWithHub(<PatientBanner now={NOW} locale="en-GB" />);
    const section = screen.getByRole('region', { name: 'Patient' });
    expect(section.textContent).toBe('No patient in context');
    expect(screen.getByRole('status').textContent).toBe('');
  });

  it('shows the empty text it is given', async () => {
    harness = await renderWithHub(<PatientBanner emptyText="Select a patient in the EHR" />);
    screen.getByText('Select a patient in the EHR');
  });

  it('shows the official name, the MRN, the birth date with age and the gender of the opened patient', async () => {
    harness = await renderWithHub(<PatientBanner now={NOW} locale="en-GB" />);
    await harness.ehr.openPatient(patients.rivera);
    await screen.findByText('Ana Lucía Rivera');
    expect(screen.getByText('MRN').nextElementSibling?.textContent).toBe('MRN-004512');
    expect(screen.getByText('14 Mar 1961').getAttribute('datetime')).toBe('1961-03-14');
    screen.getByText('(65 years)');
    screen.getByText('Female');
    expect(screen.queryByText('SSN-REDACTED')).toBeNull();
  });

  it('announces each change of patient in its live region, and the patient leaving', async () => {
    harness = await renderWithHub(<PatientBanner now={NOW} />);
    const status = screen.getByRole('status');
    await harness.ehr.openPatient(patients.rivera);
    await waitFor(() => expect(status.textContent).toBe('Patient in context: Ana Lucía Rivera'));
    await harness.ehr.openPatient(patients.okafor);
    await waitFor(() => expect(status.textContent).toBe('Patient in context: Chinedu Okafor'));
    screen.getByText('Chinedu Okafor');
    expect(screen.getByText('MRN').nextElementSibling?.textContent).toBe('MRN-007731');
    await harness.ehr.closePatient(patients.okafor);
    await waitFor(() => expect(status.textContent).toBe('No patient in context'));
    expect(screen.queryByText('Chinedu Okafor')).toBeNull();
    expect(screen.getAllByText('No patient in context')).toHaveLength(2);
  });

  it('follows patients opened back to back, faster than the page runs a task, acknowledging every one', async () => {
    harness = await renderWithHub(<PatientBanner now={NOW} />, { events: ['Patient-open'] });
    const { app, loopback } = harness;
    const open = (index: number): FhircastNotification => ({
      timestamp: new Date().toISOString(),
      id: `burst-${index}`,
      event: {
        'hub.topic': app.store.getState().topic,
        'hub.event': 'Patient-open',
        context: [
          {
            key: 'patient',
            resource: { resourceType: 'Patient', id: `p${index}`, name: [{ family: `Burst${index}` }] },
          },
        ],
      },
    });
    const errors: unknown[] = [];
    const onError = (event: ErrorEvent) => errors.push(event.error ?? event.message);
    window.addEventListener('error', onError);
    const act = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean };
    const actEnvironment = act.IS_REACT_ACT_ENVIRONMENT;
    act.IS_REACT_ACT_ENVIRONMENT = false;
    const count = 120;
    try {
      for (let index = 0; index < count; index++) {
        loopback.hub.publish(open(index));
        // Microtasks only: the event arrives and React renders it, but no task (timer, message) runs in
        // between, as when a hub's events arrive faster than the page gets back to its task queue.
        for (let tick = 0; tick < 10; tick++) await Promise.resolve();
      }
      await waitFor(() =>
        expect(screen.getByRole('status').textContent).toBe(`Patient in context: Burst${count - 1}`),
      );
    } finally {
      window.removeEventListener('error', onError);
      act.IS_REACT_ACT_ENVIRONMENT = actEnvironment;
    }
    screen.getByText(`Burst${count - 1}`);
    const acknowledged = app.store
      .getState()
      .log.filter(
        (entry) => entry.direction === 'in' && entry.name === 'Patient-open' && entry.status === 200,
      );
    expect(acknowledged).toHaveLength(count);
    expect(errors).toEqual([]);
  });

  it('renders a patient with only resourceType and id as an unnamed patient [FC-2.3-full-or-limited-resources]', async () => {
    harness = await renderWithHub(<PatientBanner now={NOW} />);
    await harness.ehr.openPatient(patients.sparse);
    await screen.findByText('Unnamed patient');
    expect(harness.container.querySelector('dl')).toBeNull();
    expect(screen.getByRole('status').textContent).toBe('Patient in context: Unnamed patient');
  });

  it('shows hostile strings as literal text and creates no element from them', async () => {
    harness = await renderWithHub(<PatientBanner now={NOW} />);
    await harness.ehr.openPatient(patients.hostile);
    await screen.findByText('<script>alert(2)</script> <img src=x onerror=alert(1)>');
    screen.getByText('"><svg onload=alert(3)>');
    screen.getByText('Unknown');
    expect(harness.container.querySelector('img, script, svg')).toBeNull();
  });

  it('shows a long name with its prefix and labels an untyped identifier ID', async () => {
    harness = await renderWithHub(<PatientBanner now={NOW} locale="en-GB" />);
    await harness.ehr.openPatient(patients.longName);
    await screen.findByText('Dr. Maximiliana Theodora Wilhelmina Vandenberghe-Oyelaran-Kowalczyk');
    expect(screen.getByText('ID').nextElementSibling?.textContent).toBe('MRN-000001');
    screen.getByText('(25 years)');
    screen.getByText('Other');
  });

  it('puts its className on the root section beside its own class', async () => {
    harness = await renderWithHub(<PatientBanner className="chart-header" />);
    const section = screen.getByRole('region', { name: 'Patient' });
    expect(section.className).toBe('rfc-patient-banner chart-header');
  });

  it('names its region with the label it is given, so two banners on one page stay distinct', async () => {
    harness = await renderWithHub(
      <>
        <PatientBanner label="Billing patient" />
        <PatientBanner label="Lab patient" />
      </>,
    );
    screen.getByRole('region', { name: 'Billing patient' });
    screen.getByRole('region', { name: 'Lab patient' });
    expect(await axeViolations(harness.container)).toEqual([]);
  });

  it('has no axe violations, empty and with a patient, in the dark theme too', async () => {
    harness = await renderWithHub(<PatientBanner now={NOW} />, { theme: 'dark' });
    expect(await axeViolations(harness.container)).toEqual([]);
    await harness.ehr.openPatient(patients.rivera);
    await screen.findByText('Ana Lucía Rivera');
    expect(await axeViolations(harness.container)).toEqual([]);
  });
});
