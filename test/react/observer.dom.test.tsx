import { cleanup, render, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { FhircastClient } from '../../src/core/client.ts';
import { createLoopbackHub } from '../../src/hub/loopback.ts';
import { FhircastObserverContext, type ObservedProvider } from '../../src/react/FhircastObserverContext.ts';
import { FhircastProvider } from '../../src/react/FhircastProvider.tsx';

afterEach(cleanup);

describe('FhircastObserverContext', () => {
  it('tells an observer above of every provider below, before it connects, and when it goes', async () => {
    const hub = createLoopbackHub();
    const seen: { name: string | undefined; status: string }[] = [];
    const gone: FhircastClient[] = [];
    const observe = ({ client, subscriberName }: ObservedProvider) => {
      seen.push({ name: subscriberName, status: client.store.getState().status });
      return () => gone.push(client);
    };
    const app = (name: string) => (
      <FhircastProvider
        hubUrl={hub.url}
        topic="t"
        events={['Patient-open']}
        fetch={hub.fetch}
        WebSocket={hub.WebSocket}
        subscriberName={name}
      />
    );
    const { unmount } = render(
      <FhircastObserverContext.Provider value={observe}>
        {app('EHR')}
        {app('viewer')}
      </FhircastObserverContext.Provider>,
    );
    expect(seen).toEqual([
      { name: 'EHR', status: 'idle' },
      { name: 'viewer', status: 'idle' },
    ]);
    await waitFor(() => expect(hub.hub.subscriptionCount('t')).toBe(2));
    unmount();
    expect(gone).toHaveLength(2);
    hub.close();
  });

  it('is not needed: a provider without an observer above works as before', async () => {
    const hub = createLoopbackHub();
    render(
      <FhircastProvider
        hubUrl={hub.url}
        topic="t"
        events={['Patient-open']}
        fetch={hub.fetch}
        WebSocket={hub.WebSocket}
      />,
    );
    await waitFor(() => expect(hub.hub.subscriptionCount('t')).toBe(1));
    hub.close();
  });
});
