import { MedplumClient } from '@medplum/core';
import { MedplumProvider } from '@medplum/react-hooks';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RunningHub, startHub } from '../../src/hub/index.ts';
import { MedplumFhircastProvider } from '../../src/medplum/index.ts';
import { useFhircastContent } from '../../src/react/useFhircastContent.ts';
import { useFhircastPatient } from '../../src/react/useFhircastPatient.ts';
import { useFhircastStatus } from '../../src/react/useFhircastStatus.ts';
import { exampleFor } from '../fixtures/spec.ts';
import { freshTopic, postJson } from '../support/hub-requests.ts';

function View() {
  const { status, reason } = useFhircastStatus();
  const patient = useFhircastPatient();
  return (
    <>
      <p data-testid="status">{status}</p>
      <p data-testid="reason">{reason ?? ''}</p>
      <p data-testid="patient">{patient?.name?.[0]?.family ?? 'none'}</p>
    </>
  );
}

describe('MedplumFhircastProvider', () => {
  let hub: RunningHub;
  beforeAll(async () => {
    hub = await startHub({ tokens: ['medplum-access-token'] });
  });
  afterAll(() => hub.close());
  afterEach(cleanup);

  it('takes the hub URL and a fresh access token from the MedplumClient in context', async () => {
    const medplum = new MedplumClient({ baseUrl: `${hub.origin}/` });
    medplum.setAccessToken('medplum-access-token');
    const topic = freshTopic();
    render(
      <MedplumProvider medplum={medplum}>
        <MedplumFhircastProvider topic={topic} events={['Patient-open', 'Patient-close']}>
          <View />
        </MedplumFhircastProvider>
      </MedplumProvider>,
    );
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('connected'));
    expect(hub.hub.subscriptionCount(topic)).toBe(1);
    const published = await fetch(hub.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer medplum-access-token' },
      body: JSON.stringify(exampleFor('patient-open', topic)),
    });
    expect(published.status).toBe(202);
    await waitFor(() => expect(screen.getByTestId('patient').textContent).toBe('Smith'));
  });

  it('reads content shared by reference from the Medplum FHIR server [IRA-RAD-154-content-by-reference]', async () => {
    const observation = {
      resourceType: 'Observation',
      id: 'by-ref-1',
      status: 'final',
      code: { text: 'Nodule' },
    };
    const reads: string[] = [];
    const fhirFetch: typeof fetch = async (input, init) => {
      const url = String(input);
      if (url.includes('/fhir/R4/Observation/by-ref-1')) {
        reads.push(new URL(url).pathname);
        return new Response(JSON.stringify(observation), {
          headers: { 'content-type': 'application/fhir+json' },
        });
      }
      return fetch(input, init);
    };
    const medplum = new MedplumClient({ baseUrl: `${hub.origin}/`, fetch: fhirFetch });
    medplum.setAccessToken('medplum-access-token');
    const topic = freshTopic();
    function Content() {
      const content = useFhircastContent();
      return <p data-testid="content">{content.map((resource) => JSON.stringify(resource)).join()}</p>;
    }
    const events = ['DiagnosticReport-open', 'DiagnosticReport-update'];
    render(
      <MedplumProvider medplum={medplum}>
        <MedplumFhircastProvider topic={topic} events={events}>
          <View />
          <Content />
        </MedplumFhircastProvider>
      </MedplumProvider>,
    );
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('connected'));
    const post = (body: unknown) =>
      fetch(hub.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer medplum-access-token' },
        body: JSON.stringify(body),
      });
    const opened = await (await post(exampleFor('diagnosticreport-open', topic))).json();
    const report = exampleFor('diagnosticreport-open', topic).event.context.find(
      (item) => item.key === 'report',
    );
    const update = exampleFor('diagnosticreport-update-1', topic, {
      'context.versionId': opened.event.event['context.versionId'],
      context: [
        { key: 'report', reference: { reference: `DiagnosticReport/${report?.resource?.id}` } },
        {
          key: 'updates',
          resource: {
            resourceType: 'Bundle',
            type: 'transaction',
            entry: [
              { fullUrl: 'Observation/by-ref-1', request: { method: 'PUT', url: 'Observation/by-ref-1' } },
            ],
          },
        },
      ],
    });
    expect((await post(update)).status).toBe(202);
    await waitFor(() => expect(screen.getByTestId('content').textContent).toBe(JSON.stringify(observation)));
    expect(reads).toEqual(['/fhir/R4/Observation/by-ref-1']);
  });

  it('reports unauthorized, with the hub message, when the MedplumClient has no valid token', async () => {
    const medplum = new MedplumClient({ baseUrl: `${hub.origin}/` });
    medplum.setAccessToken('expired-token');
    render(
      <MedplumProvider medplum={medplum}>
        <MedplumFhircastProvider topic={freshTopic()} events={['Patient-open']}>
          <View />
        </MedplumFhircastProvider>
      </MedplumProvider>,
    );
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('unauthorized'));
    expect(screen.getByTestId('reason').textContent).toContain('A valid bearer token is required');
    expect((await postJson(hub.url, {})).status).toBe(401);
  });
});
