import { describe, expect, it } from 'vitest';
import { FhircastError, UntrustedEndpointError } from '../../src/core/errors.ts';
import { Lease, MIN_RENEWAL_INTERVAL_MS, renewalDelay } from '../../src/core/lease.ts';
import type { FhircastClientOptions } from '../../src/core/options.ts';
import { clientParts, PARTS_TOPIC } from '../support/client-parts.ts';
import { installFakeClock, tick } from '../support/clock.ts';
import { createFakeHub } from '../support/fake-hubs.ts';
import { recordSlice } from '../support/store.ts';

const ENDPOINT = 'ws://fake.hub/ws/endpoint-1';

/** How the hub answers the n-th renewal (1-based) on `endpoint`: the endpoint it gives, or a failure. */
type Answer = (endpoint: string, n: number, lease: Lease) => Promise<string>;

/** The same endpoint back (a 202), with no confirmation on the socket. */
const accepted: Answer = (endpoint) => Promise.resolve(endpoint);

/**
 * A Lease linked to a connection written by hand: it is running on ENDPOINT with one socket, and notes
 * when each renewal was asked for (ms since the test began) and what the lease told it.
 */
function leaseOn(answer: Answer, options: Partial<FhircastClientOptions> = {}) {
  const { options: resolved, writer, store } = clientParts(createFakeHub(PARTS_TOPIC), options);
  const link = {
    running: true,
    socket: { url: ENDPOINT } as WebSocket | undefined,
    endpoint: ENDPOINT as string | undefined,
  };
  const start = Date.now();
  const renewals: number[] = [];
  const told: string[] = [];
  const lease: Lease = new Lease(resolved, writer, {
    get running() {
      return link.running;
    },
    get socket() {
      return link.socket;
    },
    get endpoint() {
      return link.endpoint;
    },
    resubscribe: (endpoint) => {
      renewals.push(Date.now() - start);
      return answer(endpoint, renewals.length, lease);
    },
    lost: (_socket, reason, endpoint) => told.push(`lost: ${reason} (${endpoint ?? 'no endpoint'})`),
    untrusted: (error) => told.push(`untrusted: ${error.message}`),
  });
  const leaseEnds = recordSlice(store, (state) =>
    state.leaseEndsAt === undefined ? undefined : state.leaseEndsAt - start,
  );
  return { lease, link, start, renewals, told, leaseEnds };
}

installFakeClock();

describe('renewalDelay', () => {
  it('renews at 80 % of the lease, never sooner than 5 s', () => {
    expect(MIN_RENEWAL_INTERVAL_MS).toBe(5000);
    expect(renewalDelay(100_000)).toBe(80_000);
    expect(renewalDelay(6250)).toBe(5000);
    expect(renewalDelay(6000)).toBe(5000);
    expect(renewalDelay(1)).toBe(5000);
  });
});

describe('Lease', () => {
  it('answers when a confirmed lease ends and renews at 80 % of it, once per confirmation', async () => {
    const confirming: Answer = (endpoint, _n, lease) => {
      lease.confirmed(100);
      return Promise.resolve(endpoint);
    };
    const { lease, start, renewals, leaseEnds } = leaseOn(confirming);
    expect(lease.confirmed(100)).toBe(start + 100_000);
    await tick(79_999);
    expect(renewals).toEqual([]);
    await tick(170_001);
    expect(renewals).toEqual([80_000, 160_000, 240_000]);
    expect(leaseEnds).toEqual([undefined]);
  });

  it('re-arms itself after a 202 that no confirmation on the socket follows', async () => {
    const { lease, renewals, leaseEnds } = leaseOn(accepted);
    lease.confirmed(100);
    await tick(170_000);
    expect(renewals).toEqual([80_000, 160_000]);
    expect(leaseEnds).toEqual([undefined, 180_000, 260_000]);
  });

  it('renews a lease of 0.001 s every 5 s, not at once and again', async () => {
    const { lease, start, renewals } = leaseOn(accepted);
    expect(lease.confirmed(0.001)).toBe(start + 1);
    await tick(16_000);
    expect(renewals).toEqual([5000, 10_000, 15_000]);
  });

  it('takes the lease asked for when the hub names none, and renews nothing without a lease', async () => {
    const asked = leaseOn(accepted, { leaseSeconds: 60 });
    expect(asked.lease.confirmed(undefined)).toBe(asked.start + 60_000);
    const none = leaseOn(accepted);
    expect(none.lease.confirmed(undefined)).toBeUndefined();
    await tick(60 * 60_000);
    expect(asked.renewals.slice(0, 2)).toEqual([48_000, 96_000]);
    expect(none.renewals).toEqual([]);
  });

  it('retries a renewal that failed on the network or with a 5xx at the backoff steps, then goes on as before', async () => {
    const failing: Answer = (endpoint, n) => {
      if (n === 1)
        return Promise.reject(new FhircastError('could not reach the hub (subscribe): fetch failed'));
      if (n === 2) return Promise.reject(new FhircastError('subscribe failed: HTTP 503', { status: 503 }));
      return Promise.resolve(endpoint);
    };
    const { lease, renewals, told } = leaseOn(failing);
    lease.confirmed(100);
    await tick(161_000);
    expect(renewals).toEqual([80_000, 80_250, 80_750, 160_750]);
    expect(told).toEqual([]);
  });

  it('starts the backoff steps again after a renewal that succeeded', async () => {
    const down = new FhircastError('could not reach the hub (subscribe): fetch failed');
    const { lease, renewals } = leaseOn((endpoint, n) =>
      n === 1 || n === 3 ? Promise.reject(down) : Promise.resolve(endpoint),
    );
    lease.confirmed(100);
    await tick(161_000);
    expect(renewals).toEqual([80_000, 80_250, 160_250, 160_500]);
  });

  it('tells the connection when the hub refuses the renewal (4xx), and renews no more', async () => {
    const { lease, renewals, told } = leaseOn(() =>
      Promise.reject(new FhircastError('subscribe failed: HTTP 403: revoked', { status: 403 })),
    );
    lease.confirmed(100);
    await tick(300_000);
    expect(renewals).toEqual([80_000]);
    expect(told).toEqual([
      'lost: lease renewal refused: FhircastError: subscribe failed: HTTP 403: revoked (no endpoint)',
    ]);
  });

  it('tells the connection when the hub moves the subscription to another endpoint', async () => {
    const { lease, renewals, told } = leaseOn(() => Promise.resolve('ws://fake.hub/ws/endpoint-2'));
    lease.confirmed(100);
    await tick(300_000);
    expect(renewals).toEqual([80_000]);
    expect(told).toEqual([
      'lost: the hub moved the subscription to a new endpoint (ws://fake.hub/ws/endpoint-2)',
    ]);
  });

  it('tells the connection when a renewal gives an endpoint it will not follow', async () => {
    const { lease, told } = leaseOn(() =>
      Promise.reject(new UntrustedEndpointError('subscribe refused: another host')),
    );
    lease.confirmed(100);
    await tick(80_000);
    expect(told).toEqual(['untrusted: subscribe refused: another host']);
  });

  it('drops a failure that comes back after the connection stopped or lost its socket', async () => {
    let fail: (error: Error) => void = () => {};
    const { lease, link, renewals, told } = leaseOn(
      () => new Promise<string>((_resolve, reject) => (fail = reject)),
    );
    lease.confirmed(100);
    await tick(80_000);
    link.socket = undefined;
    fail(new FhircastError('subscribe failed: HTTP 403', { status: 403 }));
    await tick(300_000);
    expect(renewals).toEqual([80_000]);
    expect(told).toEqual([]);
  });

  it('renews at once when asked (the events changed), and not at all without an endpoint', async () => {
    const { lease, link, renewals } = leaseOn(accepted);
    await lease.renew();
    link.endpoint = undefined;
    await lease.renew();
    expect(renewals).toEqual([0]);
  });

  it('stops renewing on cancel', async () => {
    const { lease, renewals } = leaseOn(accepted);
    lease.confirmed(100);
    await tick(10_000);
    lease.cancel();
    await tick(300_000);
    expect(renewals).toEqual([]);
  });
});
