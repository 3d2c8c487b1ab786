import type { Encounter } from '@medplum/fhirtypes';
import { cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { EncounterBanner } from '../../src/components/EncounterBanner/index.ts';
import { encounters, patients } from '../../src/storybook/samples.ts';
import { axeViolations, type Harness, renderWithHub } from '../support/render-with-hub.tsx';

describe('EncounterBanner', () => {
  let harness: Harness | undefined;
  afterEach(() => {
    harness?.unmount();
    harness = undefined;
    cleanup();
  });

  const definitionOf = (term: string) => screen.getByText(term).nextElementSibling?.textContent;

  it('says no encounter is in context before any Encounter-open, inside a section named Encounter', async () => {
    harness = await renderWithHub(<EncounterBanner />);
    expect(screen.getByRole('region', { name: 'Encounter' }).textContent).toBe('No encounter in context');
  });

  it('shows the empty text it is given', async () => {
    harness = await renderWithHub(<EncounterBanner emptyText="No visit selected" />);
    screen.getByText('No visit selected');
  });

  it('shows the type, class, status, start and identifier of the opened encounter', async () => {
    harness = await renderWithHub(<EncounterBanner locale="en-GB" timeZone="UTC" />);
    await harness.ehr.openEncounter(encounters.riveraClinic, patients.rivera);
    await screen.findByText('Oncology follow-up');
    expect(definitionOf('Type')).toBe('Oncology follow-up');
    expect(definitionOf('Class')).toBe('ambulatory');
    expect(definitionOf('Status')).toBe('In progress');
    expect(definitionOf('Started')).toBe('26 Nov 2026, 08:30');
    expect(screen.getByText('26 Nov 2026, 08:30').getAttribute('datetime')).toBe('2026-11-26T08:30:00Z');
    expect(definitionOf('Identifier')).toBe('V-88213');
  });

  it('shows the start in the time zone it is given', async () => {
    harness = await renderWithHub(<EncounterBanner locale="en-GB" timeZone="Asia/Tokyo" />);
    await harness.ehr.openEncounter(encounters.okaforEmergency, patients.okafor);
    await screen.findByText('Chest pain');
    expect(definitionOf('Started')).toBe('26 Nov 2026, 15:05');
  });

  it('follows a change of encounter and goes back to empty when it closes', async () => {
    harness = await renderWithHub(<EncounterBanner />);
    await harness.ehr.openEncounter(encounters.riveraClinic, patients.rivera);
    await screen.findByText('Oncology follow-up');
    await harness.ehr.openEncounter(encounters.okaforEmergency, patients.okafor);
    await screen.findByText('Chest pain');
    expect(definitionOf('Class')).toBe('emergency');
    expect(screen.queryByText('Identifier')).toBeNull();
    await harness.ehr.closeEncounter(encounters.okaforEmergency, patients.okafor);
    await screen.findByText('No encounter in context');
  });

  it('renders an encounter with only a status, and a class given only as a code', async () => {
    // Encounter.class is required in R4; hubs relay encounters without it all the same.
    const sparse = { resourceType: 'Encounter', id: 'enc-sparse', status: 'planned' } as Encounter;
    const coded = {
      resourceType: 'Encounter',
      id: 'enc-coded',
      status: 'finished',
      class: { code: 'IMP' },
    } satisfies Encounter;
    harness = await renderWithHub(<EncounterBanner />);
    await harness.ehr.openEncounter(sparse, patients.sparse);
    await waitFor(() => expect(definitionOf('Status')).toBe('Planned'));
    expect(screen.queryByText('Type')).toBeNull();
    await harness.ehr.openEncounter(coded, patients.sparse);
    await waitFor(() => expect(definitionOf('Class')).toBe('IMP'));
    expect(definitionOf('Status')).toBe('Finished');
  });

  it('shows hostile strings as literal text and creates no element from them', async () => {
    const hostile = {
      resourceType: 'Encounter',
      id: 'enc-hostile',
      status: 'in-progress',
      type: [{ text: '<img src=x onerror=alert(1)>' }],
      identifier: [{ value: '"><svg onload=alert(3)>' }],
      class: { code: '<script>alert(2)</script>' },
    } satisfies Encounter;
    harness = await renderWithHub(<EncounterBanner />);
    await harness.ehr.openEncounter(hostile, patients.hostile);
    await screen.findByText('<img src=x onerror=alert(1)>');
    screen.getByText('"><svg onload=alert(3)>');
    screen.getByText('<script>alert(2)</script>');
    expect(harness.container.querySelector('img, script, svg')).toBeNull();
  });

  it('puts its className on the root section beside its own class', async () => {
    harness = await renderWithHub(<EncounterBanner className="visit-bar" />);
    expect(screen.getByRole('region', { name: 'Encounter' }).className).toBe(
      'rfc-encounter-banner visit-bar',
    );
  });

  it('has no axe violations, empty and with an encounter, in the dark theme too', async () => {
    harness = await renderWithHub(<EncounterBanner />, { theme: 'dark' });
    expect(await axeViolations(harness.container)).toEqual([]);
    await harness.ehr.openEncounter(encounters.riveraClinic, patients.rivera);
    await screen.findByText('Oncology follow-up');
    expect(await axeViolations(harness.container)).toEqual([]);
  });
});
