import { type ReactNode, useContext, useEffect, useRef, useState } from 'react';
import { createFhircastClient, type FhircastClient } from '../core/client.ts';
import type { FhircastClientOptions } from '../core/options.ts';
import { FhircastObserverContext } from './FhircastObserverContext.ts';
import { FhircastReactContext } from './FhircastReactContext.ts';
import { useLatest } from './useLatest.ts';

/** Props: a ready `client`, or the options to create one (`hubUrl`, `topic`, `events`, `token`, …). */
export type FhircastProviderProps = { children?: ReactNode } & (
  | { client: FhircastClient }
  | (FhircastClientOptions & { client?: undefined })
);

/**
 * Owns one FHIRcast client for the components below it: connects in an effect (never during render),
 * re-subscribes when `events` change, starts a new client when `hubUrl` or `topic` change, and unsubscribes
 * on unmount. A `client` passed in is connected on mount and left for its owner to disconnect.
 *
 * @example
 * <FhircastProvider hubUrl="http://127.0.0.1:7001/api/hub" topic={topic} events={['Patient-open', 'Patient-close']}>
 *   <PatientBanner />
 * </FhircastProvider>
 */
export function FhircastProvider(props: FhircastProviderProps): ReactNode {
  const client = useProviderClient(props);
  const owned = props.client === undefined;
  const observe = useContext(FhircastObserverContext);
  const subscriberName = props.client === undefined ? props.subscriberName : undefined;
  // Before the connect below: an observer learns of the client before its first request.
  useEffect(() => observe?.({ client, subscriberName }), [observe, client, subscriberName]);
  useEffect(() => {
    let cancelled = false;
    let started = false;
    // Deferred so that StrictMode's immediate unmount and remount cost no subscription at the hub.
    queueMicrotask(() => {
      if (cancelled) return;
      started = true;
      client.connect();
    });
    return () => {
      cancelled = true;
      if (started && owned) void client.disconnect();
    };
  }, [client, owned]);
  return <FhircastReactContext.Provider value={client}>{props.children}</FhircastReactContext.Provider>;
}

function useProviderClient(props: FhircastProviderProps): FhircastClient {
  const latest = useLatest(props);
  const options = props.client === undefined ? props : undefined;
  const key = options ? [options.hubUrl, options.topic, options.subscriberName ?? ''].join('\n') : '';
  const create = (): FhircastClient | undefined => {
    if (!options) return undefined;
    const { children: _children, client: _client, token: _token, getToken: _getToken, ...rest } = options;
    return createFhircastClient({
      ...rest,
      getToken: () => {
        const current = latest.current;
        if (current.client !== undefined) return undefined;
        return current.getToken ? current.getToken() : current.token;
      },
    });
  };
  const [owned, setOwned] = useState(() => ({ key, client: create() }));
  let ownedClient = owned.client;
  if (options && owned.key !== key) {
    const next = { key, client: create() };
    setOwned(next);
    ownedClient = next.client;
  }
  const eventsKey = options ? options.events.join(',') : '';
  const appliedEvents = useRef(eventsKey);
  useEffect(() => {
    if (!ownedClient || appliedEvents.current === eventsKey) return;
    appliedEvents.current = eventsKey;
    ownedClient.setEvents(eventsKey.split(','));
  }, [ownedClient, eventsKey]);
  return props.client ?? (ownedClient as FhircastClient);
}
