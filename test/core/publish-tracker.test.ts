import { describe, expect, it, vi } from 'vitest';
import { FhircastError } from '../../src/core/errors.ts';
import { PublishTracker } from '../../src/core/publish-tracker.ts';
import { fakeTimers, installFakeClock, tick } from '../support/clock.ts';

installFakeClock();

/** How a publish waiting for its echo ended so far: `waiting`, `echoed`, `no echo`, or the error's message. */
function outcome(promise: Promise<boolean>) {
  const seen = { now: 'waiting' as string };
  promise.then(
    (echoed) => {
      seen.now = echoed ? 'echoed' : 'no echo';
    },
    (error: Error) => {
      seen.now = `${error.name}: ${error.message}`;
    },
  );
  return seen;
}

describe('PublishTracker: publishes waiting for their echo', () => {
  it('resolves true when the echo of its id arrives, and only its own', async () => {
    const tracker = new PublishTracker(fakeTimers, 5000);
    const first = outcome(tracker.expect('publish-1'));
    const second = outcome(tracker.expect('publish-2'));
    tracker.echoed('publish-2');
    tracker.echoed('someone-else');
    await tick(0);
    expect([first.now, second.now]).toEqual(['waiting', 'echoed']);
  });

  it('resolves false when no echo came within the time-out, and ignores an echo after it', async () => {
    const tracker = new PublishTracker(fakeTimers, 5000);
    const late = outcome(tracker.expect('publish-1'));
    await tick(4999);
    expect(late.now).toBe('waiting');
    await tick(1);
    expect(late.now).toBe('no echo');
    tracker.echoed('publish-1');
    await tick(0);
    expect(late.now).toBe('no echo');
  });

  it('rejects with the diagnostics when a sync error names the publish', async () => {
    const tracker = new PublishTracker(fakeTimers, 5000);
    const pending = tracker.expect('publish-1');
    const refused = outcome(pending);
    tracker.refused('publish-1', 'Acme Product failed to follow context');
    await tick(0);
    expect(refused.now).toBe(
      'FhircastError: publish refused by a subscriber: Acme Product failed to follow context',
    );
    await expect(pending).rejects.toBeInstanceOf(FhircastError);
    tracker.echoed('publish-1');
    await tick(10_000);
    expect(refused.now).toBe(
      'FhircastError: publish refused by a subscriber: Acme Product failed to follow context',
    );
  });

  it('takes the first of echo, refusal and time-out: a refusal after the echo changes nothing', async () => {
    const tracker = new PublishTracker(fakeTimers, 5000);
    const echoed = outcome(tracker.expect('publish-1'));
    tracker.echoed('publish-1');
    tracker.refused('publish-1', 'too late');
    await tick(10_000);
    expect(echoed.now).toBe('echoed');
  });

  it('forgets a publish: it resolves false at once and its time-out is cleared', async () => {
    const tracker = new PublishTracker(fakeTimers, 5000);
    const forgotten = outcome(tracker.expect('publish-1'));
    const kept = outcome(tracker.expect('publish-2'));
    tracker.forget('publish-1');
    tracker.forget('never-published');
    await tick(0);
    expect([forgotten.now, kept.now]).toEqual(['no echo', 'waiting']);
    tracker.echoed('publish-2');
    await tick(0);
    expect(kept.now).toBe('echoed');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('resolves every waiting publish false on flush, and waits for none afterwards', async () => {
    const tracker = new PublishTracker(fakeTimers, 5000);
    const published = ['publish-1', 'publish-2', 'publish-3'].map((id) => outcome(tracker.expect(id)));
    tracker.echoed('publish-2');
    tracker.flush();
    await tick(0);
    expect(published.map((seen) => seen.now)).toEqual(['no echo', 'echoed', 'no echo']);
    tracker.echoed('publish-1');
    await tick(10_000);
    expect(published.map((seen) => seen.now)).toEqual(['no echo', 'echoed', 'no echo']);
    expect(vi.getTimerCount()).toBe(0);
  });
});
