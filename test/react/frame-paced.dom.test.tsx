import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFhircastClient } from '../../src/core/client.ts';
import type { EventLogEntry } from '../../src/core/store.ts';
import { FhircastProvider } from '../../src/react/FhircastProvider.tsx';
import { useFramePacedSlice } from '../../src/react/framePaced.ts';
import { useFhircastEventLog } from '../../src/react/useFhircastEventLog.ts';

const reactGlobals = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean };
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  reactGlobals.IS_REACT_ACT_ENVIRONMENT = true;
});

const entry = (seq: number): EventLogEntry => ({
  seq,
  direction: 'in',
  name: 'Patient-open',
  time: seq,
  raw: '{}',
});

describe('frame-paced slices (EventLog, ReportPanel)', () => {
  it('draw many changes, each in its own task as socket messages come, once at the next frame with the newest state', async () => {
    // Frames are run by hand, so "once per frame" is counted, not timed.
    const frames: FrameRequestCallback[] = [];
    vi.stubGlobal('requestAnimationFrame', (run: FrameRequestCallback) => frames.push(run));
    vi.stubGlobal('cancelAnimationFrame', () => {});
    // Never connected: the store is written directly, as the client's own writer does.
    const client = createFhircastClient({
      hubUrl: 'http://127.0.0.1:9/api/hub',
      topic: 't',
      events: ['Patient-open'],
    });
    const renders = { paced: 0, immediate: 0 };
    function Paced() {
      const log = useFramePacedSlice('Paced', (state) => state.log);
      renders.paced++;
      return <p>paced {log.length}</p>;
    }
    function Immediate() {
      const log = useFhircastEventLog();
      renders.immediate++;
      return <p>immediate {log.length}</p>;
    }
    render(
      <FhircastProvider client={client}>
        <Paced />
        <Immediate />
      </FhircastProvider>,
    );
    const before = { ...renders };
    // Outside act, as a socket's messages arrive: each change is its own task.
    reactGlobals.IS_REACT_ACT_ENVIRONMENT = false;
    for (let seq = 1; seq <= 50; seq++) {
      client.store.setState((state) => ({ log: [...state.log, entry(seq)] }));
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    expect(screen.getByText(/^immediate/).textContent).toBe('immediate 50');
    expect(renders.immediate - before.immediate).toBe(50);
    expect(screen.getByText(/^paced/).textContent).toBe('paced 0');
    expect(renders.paced - before.paced).toBe(0);
    expect(frames).toHaveLength(1);
    reactGlobals.IS_REACT_ACT_ENVIRONMENT = true;
    act(() => {
      for (const run of frames.splice(0)) run(0);
    });
    expect(screen.getByText(/^paced/).textContent).toBe('paced 50');
    expect(renders.paced - before.paced).toBe(1);
  });
});
