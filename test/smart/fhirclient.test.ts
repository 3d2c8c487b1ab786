import type { IncomingMessage, ServerResponse } from 'node:http';
import smart from 'fhirclient';
import { afterEach, describe, expect, it } from 'vitest';
import { createFhircastClient } from '../../src/core/index.ts';
import { type RunningHub, startHub } from '../../src/hub/index.ts';
import { fhircastFromSmartClient } from '../../src/smart/index.ts';
import { ehrOpens, newLaunch, smartOf, testPatient } from '../support/smart-client.ts';

const hubs: RunningHub[] = [];
afterEach(async () => {
  await Promise.all(hubs.splice(0).map((hub) => hub.close()));
});

/** The app's page as `fhirclient`'s Node adapter sees it: a request for `url`, a response it redirects with. */
function appPage(url: string, storage: Map<string, unknown>) {
  let redirectedTo: string | undefined;
  const { host, pathname, search } = new URL(url);
  const request = {
    headers: { host },
    url: `${pathname}${search}`,
    socket: {},
  } as unknown as IncomingMessage;
  const response = {
    writeHead: (_status: number, headers: { location: string }) => {
      redirectedTo = headers.location;
    },
    end: () => {},
  } as unknown as ServerResponse;
  const store = {
    get: async (key: string) => storage.get(key),
    set: async (key: string, value: unknown) => storage.set(key, value),
    unset: async (key: string) => storage.delete(key),
  };
  return { api: smart(request, response, store), redirectedTo: () => redirectedTo };
}

/** Runs `fhirclient`'s own EHR launch against the hub: authorize, the hub's redirect, then ready(). */
async function launchWithFhirclient(hub: RunningHub, scope: string) {
  const storage = new Map<string, unknown>();
  const launch = await newLaunch(hub);
  const entry = appPage(
    `http://127.0.0.1:5199/app/?iss=${encodeURIComponent(smartOf(hub).fhirBaseUrl)}&launch=${launch}`,
    storage,
  );
  await entry.api.authorize({ clientId: 'fhirclient-app', scope });
  const authorizeUrl = entry.redirectedTo();
  if (!authorizeUrl) throw new Error('fhirclient did not redirect to /authorize');
  const approval = await fetch(authorizeUrl, { redirect: 'manual' });
  const back = approval.headers.get('location');
  if (approval.status !== 302 || !back)
    throw new Error(`authorize answered ${approval.status}: ${await approval.text()}`);
  return appPage(back, storage).api.ready();
}

describe('fhirclient against the development SMART launch', () => {
  it('completes an EHR launch and reads the launch patient over FHIR; the kit finds the session', async () => {
    const hub = await startHub({ smart: true });
    hubs.push(hub);
    await ehrOpens(hub, testPatient('p-fc', 'Fhirclient'));
    const client = await launchWithFhirclient(hub, 'launch fhircast/Patient-open.read patient/Patient.read');
    expect(client.patient.id).toBe('p-fc');
    expect((await client.patient.read()).name[0].family).toBe('Fhirclient');
    expect(fhircastFromSmartClient(client)).toMatchObject({
      hubUrl: hub.url,
      topic: smartOf(hub).topic,
      accessToken: client.state.tokenResponse?.access_token,
    });
  });

  it('refreshes through the client when its token is about to expire, and a kit client joins with it', async () => {
    const hub = await startHub({ smart: { accessTokenSeconds: 5 } });
    hubs.push(hub);
    const client = await launchWithFhirclient(hub, 'launch fhircast/Patient-open.read offline_access');
    const first = client.state.tokenResponse?.access_token;
    const { hubUrl, topic, getToken } = fhircastFromSmartClient(client);
    // fhirclient refreshes a token that expires within 10 s: this one lives 5 s, so the next call refreshes.
    const refreshed = await getToken?.();
    expect(refreshed).toEqual(expect.any(String));
    expect(refreshed).not.toBe(first);
    expect(client.state.tokenResponse?.access_token).toBe(refreshed);
    const app = createFhircastClient({
      hubUrl,
      topic,
      events: ['Patient-open'],
      ...(getToken ? { getToken } : {}),
    });
    app.connect();
    await new Promise<void>((resolve) => {
      const stop = app.store.subscribe((state) => {
        if (state.status === 'connected') {
          stop();
          resolve();
        }
      });
    });
    await app.disconnect();
  });

  it('gives the held token when a refresh fails, so the hub’s 401 ends the session visibly', async () => {
    const hub = await startHub({ smart: { accessTokenSeconds: 5 } });
    hubs.push(hub);
    const client = await launchWithFhirclient(hub, 'fhircast/Patient-open.read offline_access');
    const held = client.state.tokenResponse?.access_token;
    if (client.state.tokenResponse) client.state.tokenResponse.refresh_token = 'revoked';
    expect(await fhircastFromSmartClient(client).getToken?.()).toBe(held);
  });
});
