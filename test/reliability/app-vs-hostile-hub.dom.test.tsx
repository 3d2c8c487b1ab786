import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionStatus } from '../../src/components/ConnectionStatus/index.ts';
import { EventLog } from '../../src/components/EventLog/index.ts';
import { PatientBanner } from '../../src/components/PatientBanner/index.ts';
import { ReportPanel } from '../../src/components/ReportPanel/index.ts';
import { FhircastProvider } from '../../src/react/FhircastProvider.tsx';
import { hostileFrames, patientOpen } from '../fixtures/hostile-frames.ts';
import { type HostileHub, startHostileHub } from '../support/hostile-hub.ts';

const TOPIC = 'hostile-app-topic';
let hub: HostileHub | undefined;
afterEach(async () => {
  cleanup();
  await hub?.close();
  hub = undefined;
});

describe('an app fed by a malicious hub', () => {
  it('keeps showing the right patient and a readable log through every hostile frame', async () => {
    hub = await startHostileHub(TOPIC);
    const { container } = render(
      <FhircastProvider
        hubUrl={hub.url}
        topic={TOPIC}
        events={['Patient-open', 'Patient-close', 'DiagnosticReport-open', 'DiagnosticReport-update']}
      >
        <ConnectionStatus />
        <PatientBanner />
        <ReportPanel />
        <EventLog maxRows={50} />
      </FhircastProvider>,
    );
    await hub.connected();
    const table = await screen.findByRole('table', { name: 'FHIRcast event log' });
    await waitFor(() => expect(within(table).getAllByText('resync').length).toBeGreaterThan(0));
    hub.send(patientOpen(TOPIC, 'legit', 'a', 'Able'));
    await waitFor(() =>
      expect(screen.getByRole('region', { name: /patient/i }).textContent).toContain('Able'),
    );

    const frames = hostileFrames(TOPIC);
    for (const { frame } of frames) hub.send(frame);
    await hub.waitForAcks(1 + frames.filter((f) => f.ack !== undefined).length, 20_000);
    await waitFor(() => expect(within(table).getAllByText('invalid').length).toBeGreaterThanOrEqual(8));

    const banner = screen.getByRole('region', { name: /patient/i });
    expect(banner.textContent).toContain('Able');
    expect(banner.textContent).not.toContain('Evil');
    expect(container.querySelector('.rfc-connection-status')?.getAttribute('data-status')).toBe('connected');
  }, 30_000);
});
