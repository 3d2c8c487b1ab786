import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningHub, startHub } from '../../src/hub/index.ts';
import { parseCurrentContext } from '../../src/protocol/messages.ts';
import { FhircastProvider } from '../../src/react/FhircastProvider.tsx';
import { useFhircastPatient } from '../../src/react/useFhircastPatient.ts';
import { type FhircastPublishApi, useFhircastPublish } from '../../src/react/useFhircastPublish.ts';
import { useFhircastStatus } from '../../src/react/useFhircastStatus.ts';
import { patients } from '../../src/storybook/samples.ts';

const TOPIC = 'two-managers';
const EVENTS = ['Patient-open', 'Patient-close'];
const publishers: Record<string, FhircastPublishApi> = {};

function Sender({ name }: { name: string }) {
  publishers[name] = useFhircastPublish();
  const { status } = useFhircastStatus();
  const patient = useFhircastPatient();
  return (
    <p data-testid={name}>
      {status} {patient?.id ?? 'none'}
    </p>
  );
}

let hubs: RunningHub[] = [];
beforeEach(async () => {
  hubs = [await startHub(), await startHub()];
});
afterEach(async () => {
  cleanup();
  await Promise.all(hubs.map((hub) => hub.close()));
});

async function hubPatient(hub: RunningHub): Promise<string | undefined> {
  const answer = parseCurrentContext(await (await fetch(`${hub.url}/${TOPIC}`)).json());
  return answer.context.find((item) => item.key === 'patient')?.resource?.id;
}

describe('one page working with two hubs [IRA-MULTI-HUB]', () => {
  it('keeps a provider, a store and a context per hub, and publishes to each', async () => {
    const [first, second] = hubs as [RunningHub, RunningHub];
    render(
      <>
        <FhircastProvider hubUrl={first.url} topic={TOPIC} events={EVENTS} subscriberName="sender on hub 1">
          <Sender name="hub-1" />
        </FhircastProvider>
        <FhircastProvider hubUrl={second.url} topic={TOPIC} events={EVENTS} subscriberName="sender on hub 2">
          <Sender name="hub-2" />
        </FhircastProvider>
      </>,
    );
    await waitFor(() => expect(screen.getByTestId('hub-1').textContent).toBe('connected none'));
    await waitFor(() => expect(screen.getByTestId('hub-2').textContent).toBe('connected none'));
    await act(() => publishers['hub-1']?.openPatient(patients.rivera) as Promise<unknown>);
    await act(() => publishers['hub-2']?.openPatient(patients.okafor) as Promise<unknown>);
    await waitFor(() =>
      expect(screen.getByTestId('hub-1').textContent).toBe(`connected ${patients.rivera.id}`),
    );
    await waitFor(() =>
      expect(screen.getByTestId('hub-2').textContent).toBe(`connected ${patients.okafor.id}`),
    );
    expect([await hubPatient(first), await hubPatient(second)]).toEqual([
      patients.rivera.id,
      patients.okafor.id,
    ]);
    expect([first.hub.subscriptionCount(TOPIC), second.hub.subscriptionCount(TOPIC)]).toEqual([1, 1]);
  });
});
