import { describe, expect, it } from 'vitest';
import { createPublishers } from '../../src/core/publishers.ts';
import type { FhircastHub } from '../../src/hub/hub.ts';
import { HUB_PROFILE_NAMES, HUB_PROFILES } from '../../src/hub/profiles.ts';
import { clientsForEachTest } from '../support/clients.ts';
import { installFakeClock, ON_FAKE_TIME, tick } from '../support/clock.ts';
import { recoveryTargetMs } from '../support/recovery.ts';
import { nextConnectedAt, recordSlice } from '../support/store.ts';

const TOPIC = 'topic-recovery-0001';
const EVENTS = ['Patient-open', 'Patient-close', 'syncerror'];
/** The client here has the default backoff: the target is one default step + 1.5 s. */
const TARGET_MS = recoveryTargetMs();

installFakeClock();
const { clientFor, loopback } = clientsForEachTest({ topic: TOPIC, events: EVENTS, ...ON_FAKE_TIME });

type Drop =
  | 'the hub closes its socket'
  | 'the hub restarts with its state'
  | 'the hub restarts without state';

/**
 * What each drop does to the in-memory hub; a restart there has no downtime, only its effects. A hub that
 * keeps endpoints confirms the reconnect to the old one at once (or, after a restart without state, denies
 * it, and the client subscribes anew at once); the sandbox forgets an endpoint with its socket and meets the
 * reconnect with silence, which the client gives 1 s before it subscribes anew.
 */
const DROPS: Record<Drop, (hub: FhircastHub) => void> = {
  'the hub closes its socket': (hub) => hub.dropSocketsWhere((subscriber) => subscriber.name === 'follower'),
  'the hub restarts with its state': (hub) => hub.dropSocketsWhere(() => true),
  'the hub restarts without state': (hub) => hub.restartWithoutState(),
};

const patient = (id: string) => ({ resourceType: 'Patient' as const, id });

/** Issue 13's target, on fake time (so exact, whatever the machine's load), for every profile the hub plays. */
describe.each(HUB_PROFILE_NAMES)('recovery on the %s profile, with no app option', (profile) => {
  const needs = HUB_PROFILES[profile].clientNeeds;

  it.each(Object.keys(DROPS) as Drop[])(
    'is connected and following again within one backoff step + 1.5 s when %s',
    async (drop) => {
      const peer = loopback({ profile });
      const follower = clientFor(peer, { ...needs, subscriberName: 'follower' });
      const publisher = clientFor(peer, { ...needs, subscriberName: 'publisher' });
      follower.connect();
      publisher.connect();
      await tick(0);
      await createPublishers(publisher).openPatient(patient('before'));
      expect(follower.store.getState().anchors.Patient?.ref).toBe('Patient/before');

      const statuses = recordSlice(follower.store, (state) => state.status);
      const connectedAt = nextConnectedAt(follower.store);
      const dropped = Date.now();
      DROPS[drop](peer.hub);
      await tick(TARGET_MS);
      expect(statuses).toEqual(['connected', 'reconnecting', 'connected']);
      expect((connectedAt() as number) - dropped).toBeLessThanOrEqual(TARGET_MS);
      // After any reconnect the client holds the hub's context: kept, or none after a restart without state.
      const kept = drop !== 'the hub restarts without state';
      expect(follower.store.getState().current).toBe(kept ? 'Patient' : undefined);

      await createPublishers(publisher).openPatient(patient('after'));
      expect(follower.store.getState().anchors.Patient?.ref).toBe('Patient/after');
      expect(peer.hub.subscriptionCount(TOPIC)).toBe(2);
    },
  );
});
