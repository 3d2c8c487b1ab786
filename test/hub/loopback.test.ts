import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoopbackHub, type RunningHub, startHub } from '../../src/hub/index.ts';
import { runScenario } from '../support/scenario.ts';

describe('the in-memory loopback hub', () => {
  let server: RunningHub;
  beforeAll(async () => {
    server = await startHub();
  });
  afterAll(() => server.close());

  it('gives the same answers and frames as the server for the same session', async () => {
    const loopback = createLoopbackHub();
    const overSockets = await runScenario({ url: server.url, fetch, WebSocket });
    const inMemory = await runScenario({
      url: loopback.url,
      fetch: loopback.fetch,
      WebSocket: loopback.WebSocket,
    });
    loopback.close();
    expect(inMemory).toEqual(overSockets);
    expect(overSockets.filter((entry) => 'frame' in entry)).toHaveLength(6);
    expect(overSockets.at(-1)).toEqual({ step: 'socket closed', status: 1000, body: '' });
  });

  it('refuses to fetch anything but its own origin', async () => {
    const loopback = createLoopbackHub();
    await expect(loopback.fetch(`${server.url}/x`)).rejects.toThrow('loopback hub: fetch only reaches');
    loopback.close();
  });

  it('fails a socket to a URL it does not serve with an error and an abnormal close', async () => {
    const loopback = createLoopbackHub();
    const socket = new loopback.WebSocket('ws://elsewhere.example/ws/fhircast/x');
    const events: string[] = [];
    socket.onerror = () => events.push('error');
    const code = await new Promise<number>((resolve) => {
      socket.onclose = (event) => resolve(event.code);
    });
    expect(events).toEqual(['error']);
    expect(code).toBe(1006);
    expect(socket.readyState).toBe(WebSocket.CLOSED);
    loopback.close();
  });
});
