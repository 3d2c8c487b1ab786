import { describe, expect, it } from 'vitest';
import { Liveness } from '../../src/core/liveness.ts';
import { fakeTimers, installFakeClock, tick } from '../support/clock.ts';

installFakeClock();

/** A Liveness on fake time, and the sockets it judged dead with when (ms since the test began). */
function watching() {
  const start = Date.now();
  const deaths: [string, number][] = [];
  const liveness = new Liveness(fakeTimers, (socket) =>
    deaths.push([(socket as unknown as { name: string }).name, Date.now() - start]),
  );
  return { liveness, deaths };
}

const socket = (name: string) => ({ name }) as unknown as WebSocket;

describe('Liveness: a dead socket told from a quiet one', () => {
  it('never judges a socket whose hub sent no heartbeat, however long it is silent', async () => {
    const { liveness, deaths } = watching();
    const quiet = socket('quiet');
    liveness.alive(quiet);
    await tick(60 * 60_000);
    expect(deaths).toEqual([]);
  });

  it('judges a socket dead once two heartbeat periods pass without any frame', async () => {
    const { liveness, deaths } = watching();
    liveness.heartbeat(socket('a'), 1000);
    await tick(1999);
    expect(deaths).toEqual([]);
    await tick(1);
    expect(deaths).toEqual([['a', 2000]]);
    await tick(10_000);
    expect(deaths).toEqual([['a', 2000]]);
  });

  it('counts the two periods again from every frame', async () => {
    const { liveness, deaths } = watching();
    const a = socket('a');
    liveness.heartbeat(a, 1000);
    await tick(1500);
    liveness.alive(a);
    await tick(1500);
    liveness.alive(a);
    await tick(5000);
    expect(deaths).toEqual([['a', 5000]]);
  });

  it('takes the period a later heartbeat names', async () => {
    const { liveness, deaths } = watching();
    const a = socket('a');
    liveness.heartbeat(a, 1000);
    await tick(500);
    liveness.heartbeat(a, 10_000);
    await tick(19_999);
    expect(deaths).toEqual([]);
    await tick(1);
    expect(deaths).toEqual([['a', 20_500]]);
  });

  it('forgets the period on reset: a new socket learns its own', async () => {
    const { liveness, deaths } = watching();
    liveness.heartbeat(socket('old'), 1000);
    liveness.reset();
    const fresh = socket('new');
    liveness.alive(fresh);
    await tick(60_000);
    expect(deaths).toEqual([]);
    liveness.heartbeat(fresh, 3000);
    await tick(6000);
    expect(deaths).toEqual([['new', 66_000]]);
  });

  it('stops watching on clear, until the next frame', async () => {
    const { liveness, deaths } = watching();
    const a = socket('a');
    liveness.heartbeat(a, 1000);
    liveness.clear();
    await tick(10_000);
    expect(deaths).toEqual([]);
    liveness.alive(a);
    await tick(2000);
    expect(deaths).toEqual([['a', 12_000]]);
  });
});
