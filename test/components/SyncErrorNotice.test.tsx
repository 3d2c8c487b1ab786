import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { SyncErrorNotice } from '../../src/components/SyncErrorNotice/index.ts';
import { createFhircastClient, type FhircastClient } from '../../src/core/client.ts';
import { createPublishers } from '../../src/core/publishers.ts';
import { patients } from '../../src/storybook/samples.ts';
import { axeViolations, type Harness, renderWithHub } from '../support/render-with-hub.tsx';

describe('SyncErrorNotice', () => {
  let harness: Harness | undefined;
  let pacs: FhircastClient | undefined;
  afterEach(async () => {
    await pacs?.disconnect();
    await harness?.ehr.client.disconnect();
    harness?.unmount();
    harness = undefined;
    cleanup();
  });

  it('says nothing until another app refuses an event this app published', async () => {
    harness = await renderWithHub(<SyncErrorNotice />);
    expect(screen.getByRole('status').textContent).toBe('');
    expect(await axeViolations(harness.container)).toEqual([]);
  });

  it('tells the user which app refused this app’s event and why, until dismissed [IRA-REFUSALS-observable]', async () => {
    harness = await renderWithHub(<SyncErrorNotice />);
    const { loopback } = harness;
    pacs = createFhircastClient({
      hubUrl: loopback.url,
      topic: 'component-test',
      events: ['Patient-open'],
      fetch: loopback.fetch,
      WebSocket: loopback.WebSocket,
      subscriberName: 'PACS',
    });
    pacs.on('Patient-open', () => 409);
    pacs.connect();
    await waitFor(() => expect(pacs?.store.getState().status).toBe('connected'));
    // An event another participant published and the PACS refused is not this app's: no notice.
    await harness.ehr.openPatient(patients.okafor as never);
    await waitFor(() => expect(harness?.app.store.getState().syncErrors).toHaveLength(1));
    expect(screen.getByRole('status').textContent).toBe('');
    await createPublishers(harness.app).openPatient(patients.rivera as never);
    const notice = await screen.findByText('Patient-open was not taken up by PACS');
    expect(notice.closest('p')?.textContent).toBe(
      'Patient-open was not taken up by PACS: PACS refused Patient-open with status 409 Dismiss',
    );
    expect(await axeViolations(harness.container)).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.getByRole('status').textContent).toBe('');
  });
});
