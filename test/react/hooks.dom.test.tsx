import { act, cleanup, render, renderHook, screen, waitFor } from '@testing-library/react';
import { type ReactNode, useState } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFhircastClient } from '../../src/core/client.ts';
import { createPublishers } from '../../src/core/publishers.ts';
import { createLoopbackHub, type LoopbackHub } from '../../src/hub/loopback.ts';
import { FhircastProvider } from '../../src/react/FhircastProvider.tsx';
import { useFhircastClient } from '../../src/react/useFhircastClient.ts';
import { useFhircastContent } from '../../src/react/useFhircastContent.ts';
import { useFhircastContext } from '../../src/react/useFhircastContext.ts';
import { useFhircastEvent } from '../../src/react/useFhircastEvent.ts';
import { useFhircastEventLog } from '../../src/react/useFhircastEventLog.ts';
import { useFhircastPatient } from '../../src/react/useFhircastPatient.ts';
import { useFhircastPublish } from '../../src/react/useFhircastPublish.ts';
import { useFhircastReport } from '../../src/react/useFhircastReport.ts';
import { useFhircastReportState } from '../../src/react/useFhircastReportState.ts';
import { useFhircastSelection } from '../../src/react/useFhircastSelection.ts';
import { useFhircastStatus } from '../../src/react/useFhircastStatus.ts';
import { useFhircastStudy } from '../../src/react/useFhircastStudy.ts';
import { specExample } from '../fixtures/spec.ts';

const EVENTS = [
  'Patient-open',
  'Patient-close',
  'ImagingStudy-open',
  'DiagnosticReport-open',
  'DiagnosticReport-close',
  'DiagnosticReport-update',
  'DiagnosticReport-select',
];

describe('the hooks, on the in-memory hub', () => {
  let loopback: LoopbackHub;
  beforeAll(() => {
    loopback = createLoopbackHub();
  });
  afterAll(() => loopback.close());
  afterEach(cleanup);

  const provider = (topic: string) =>
    function Wrapper({ children }: { children: ReactNode }) {
      return (
        <FhircastProvider
          hubUrl={loopback.url}
          topic={topic}
          events={EVENTS}
          fetch={loopback.fetch}
          WebSocket={loopback.WebSocket}
        >
          {children}
        </FhircastProvider>
      );
    };

  it.each([
    ['useFhircastContext', () => useFhircastContext()],
    ['useFhircastStatus', () => useFhircastStatus()],
    ['useFhircastPatient', () => useFhircastPatient()],
    ['useFhircastPublish', () => useFhircastPublish()],
    ['useFhircastEventLog', () => useFhircastEventLog()],
    ['useFhircastEvent', () => useFhircastEvent('Patient-open', () => undefined)],
  ])('%s outside a provider throws an error naming the hook and the provider', (name, hook) => {
    expect(() => renderHook(hook)).toThrow(`${name} must be used inside a <FhircastProvider>`);
  });

  it('publishes with the typed helpers and every reader hook follows: report, study, content, selection [FC-2.10-apply-in-order] [FC-2.10-current-context-only] [FC-3.6.2-close-names-open] [IRA-RAD-148-open-report] [IRA-RAD-154-report-associations]', async () => {
    const { result } = renderHook(
      () => ({
        publish: useFhircastPublish(),
        status: useFhircastStatus().status,
        patient: useFhircastPatient(),
        report: useFhircastReport(),
        study: useFhircastStudy(),
        content: useFhircastContent(),
        selection: useFhircastSelection(),
        context: useFhircastContext(),
      }),
      { wrapper: provider('reading-room') },
    );
    await waitFor(() => expect(result.current.status).toBe('connected'));
    const open = specExample('diagnosticreport-open').event.context;
    const resource = (key: string) => open.find((item) => item.key === key)?.resource as never;
    await act(() =>
      result.current.publish.openReport(resource('report'), {
        patient: resource('patient'),
        studies: [resource('study')],
      }),
    );
    expect(result.current.context.current).toBe('DiagnosticReport');
    expect(result.current.report?.id).toBe('2402d3bd-e988-414b-b7f2-4322e86c9327');
    expect(result.current.patient?.id).toBe('503824b8-fe8c-4227-b061-7181ba6c3926');
    expect(result.current.study?.resourceType).toBe('ImagingStudy');

    const measurement = {
      resourceType: 'Observation',
      id: 'm1',
      status: 'preliminary',
      code: { text: 'length' },
    };
    await act(() => result.current.publish.updateReport([{ put: measurement as never }]));
    expect(result.current.content).toEqual([measurement]);
    await act(() => result.current.publish.selectInReport(['Observation/m1']));
    expect(result.current.selection).toEqual([{ reference: 'Observation/m1' }]);
    await act(() => result.current.publish.updateReport([{ delete: 'Observation/m1' }]));
    expect(result.current.content).toEqual([]);
    await act(() => result.current.publish.closeCurrent());
    expect(result.current.context.current).toBeUndefined();
    expect(result.current.report).toBeUndefined();
  });

  it('uses the latest event handler without re-registering, and a refusal keeps the context', async () => {
    const seen: string[] = [];
    function Listener({ label, refuse }: { label: string; refuse: boolean }) {
      useFhircastEvent(['Patient-open'], (event) => {
        seen.push(`${label}:${event.event['hub.event']}`);
        return refuse ? 409 : undefined;
      });
      const patient = useFhircastPatient();
      return <p data-testid="patient">{patient?.id ?? 'none'}</p>;
    }
    let setRefuse: (refuse: boolean) => void = () => {};
    let client: ReturnType<typeof useFhircastClient> | undefined;
    function App() {
      const [refuse, set] = useState(true);
      setRefuse = set;
      client = useFhircastClient();
      return <Listener label={refuse ? 'refusing' : 'following'} refuse={refuse} />;
    }
    const Wrapper = provider('listener-topic');
    render(
      <Wrapper>
        <App />
      </Wrapper>,
    );
    await waitFor(() => expect(client?.store.getState().status).toBe('connected'));
    const patient = specExample('patient-open').event.context[0]?.resource as never;
    const publisher = createFhircastClient({
      hubUrl: loopback.url,
      topic: 'listener-topic',
      events: ['syncerror'],
      fetch: loopback.fetch,
      WebSocket: loopback.WebSocket,
    });
    await createPublishers(publisher).openPatient(patient);
    await waitFor(() => expect(seen).toEqual(['refusing:Patient-open']));
    expect(screen.getByTestId('patient').textContent).toBe('none');
    const refusal = client?.store.getState().log.find((entry) => entry.status === 409);
    expect(refusal).toMatchObject({ name: 'Patient-open', note: 'refused by the app' });

    act(() => setRefuse(false));
    await createPublishers(publisher).openPatient(patient);
    await waitFor(() => expect(seen).toEqual(['refusing:Patient-open', 'following:Patient-open']));
    expect(screen.getByTestId('patient').textContent).toBe('503824b8-fe8c-4227-b061-7181ba6c3926');
  });

  it('a selector that changes with a prop returns the new slice at once, before the store changes again', async () => {
    const { result, rerender } = renderHook(
      ({ anchor }: { anchor: 'Patient' | 'ImagingStudy' }) => ({
        publish: useFhircastPublish(),
        status: useFhircastStatus().status,
        selected: useFhircastContext((state) => state.anchors[anchor]?.ref),
      }),
      { wrapper: provider('selector-topic'), initialProps: { anchor: 'Patient' } },
    );
    await waitFor(() => expect(result.current.status).toBe('connected'));
    const open = specExample('imagingstudy-open').event.context;
    const resource = (key: string) => open.find((item) => item.key === key)?.resource as never;
    await act(() => result.current.publish.openPatient(resource('patient')));
    await act(() =>
      result.current.publish.openImagingStudy(resource('study'), { patient: resource('patient') }),
    );
    expect(result.current.selected).toMatch(/^Patient\//);
    rerender({ anchor: 'ImagingStudy' });
    expect(result.current.selected).toMatch(/^ImagingStudy\//);
    rerender({ anchor: 'Patient' });
    expect(result.current.selected).toMatch(/^Patient\//);
  });

  it('returns the report as an update last shared it, so a new status shows everywhere [IRA-REPORT-STATUS-shown]', async () => {
    const { result } = renderHook(
      () => ({
        publish: useFhircastPublish(),
        status: useFhircastStatus().status,
        report: useFhircastReport(),
        state: useFhircastReportState(),
      }),
      { wrapper: provider('report-status') },
    );
    await waitFor(() => expect(result.current.status).toBe('connected'));
    const open = specExample('diagnosticreport-open').event.context;
    const resource = (key: string) => open.find((item) => item.key === key)?.resource as never;
    await act(() => result.current.publish.openReport(resource('report'), { patient: resource('patient') }));
    const opened = result.current.report?.status;
    await act(() => result.current.publish.updateReportStatus('final'));
    expect([opened, result.current.report?.status, result.current.state.report?.status]).toEqual([
      'unknown',
      'final',
      'final',
    ]);
  });
});
