import { afterEach, describe, expect, it, vi } from 'vitest';
import { type FhircastClientOptions, resolveClientOptions } from '../../src/core/options.ts';
import { platformTimers } from '../../src/core/timers.ts';
import { MAX_MESSAGE_LENGTH } from '../../src/protocol/json.ts';

/** A WebSocket class and a fetch the options can hold: resolution never calls them. */
class NoSocket {}
const noFetch = (() => Promise.reject(new Error('not called'))) as typeof fetch;

const valid: FhircastClientOptions = {
  hubUrl: 'https://hub.example.org/api/hub',
  topic: 'topic-options-0001',
  events: ['Patient-open'],
  WebSocket: NoSocket as unknown as typeof WebSocket,
  fetch: noFetch,
};

/** The message of the TypeError `resolveClientOptions` throws for `options`. */
function failure(options: Partial<FhircastClientOptions>): string {
  try {
    resolveClientOptions({ ...valid, ...options } as FhircastClientOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
    return (error as TypeError).message;
  }
  throw new Error('resolveClientOptions accepted the options');
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('resolveClientOptions: what is wrong, named', () => {
  it.each([
    ['a ws:// URL', 'ws://hub.example.org/api/hub'],
    ['a relative path', '/api/hub'],
    ['an empty string', ''],
    ['a number', 42],
  ])('refuses %s as hubUrl', (_what, hubUrl) => {
    expect(failure({ hubUrl } as Partial<FhircastClientOptions>)).toBe(
      'createFhircastClient: hubUrl must be an http(s) URL',
    );
  });

  it.each([
    ['an empty topic', ''],
    ['a topic of spaces', '   '],
    ['a topic that is not a string', undefined],
  ])('refuses %s', (_what, topic) => {
    expect(failure({ topic } as Partial<FhircastClientOptions>)).toBe(
      'createFhircastClient: topic must be a non-empty string',
    );
  });

  it.each([
    ['an empty subscriberName', ''],
    ['a subscriberName of spaces', '  '],
  ])(
    'refuses %s, which would send no subscriber.name [IRA-RAD-146-subscriber-name]',
    (_what, subscriberName) => {
      expect(failure({ subscriberName })).toBe(
        'createFhircastClient: subscriberName must not be empty: hubs refuse an empty subscriber.name (IHE IRA: 400)',
      );
    },
  );

  it.each([
    ['no events', []],
    ['events that are not a list', 'Patient-open'],
  ])('refuses %s', (_what, events) => {
    expect(failure({ events } as Partial<FhircastClientOptions>)).toBe(
      'createFhircastClient: events must name at least one event',
    );
  });

  it('asks for the WebSocket option where the platform has no WebSocket', () => {
    vi.stubGlobal('WebSocket', undefined);
    expect(failure({ WebSocket: undefined })).toBe(
      'createFhircastClient: no WebSocket implementation: pass the WebSocket option',
    );
  });

  it('asks for the fetch option where the platform has no fetch', () => {
    vi.stubGlobal('fetch', undefined);
    expect(failure({ fetch: undefined })).toBe(
      'createFhircastClient: no fetch implementation: pass the fetch option',
    );
  });

  it('names the first option at fault, in the order hubUrl, topic, events', () => {
    expect(failure({ hubUrl: 'ftp://x', topic: '', events: [] })).toContain('hubUrl');
    expect(failure({ topic: '', events: [] })).toContain('topic');
  });
});

describe('resolveClientOptions: defaults', () => {
  it('fills in every default and keeps what it was given', () => {
    const random = () => 0;
    const resolved = resolveClientOptions({ ...valid, random });
    expect(resolved).toEqual({
      ...valid,
      random,
      subscriberName: 'react-fhircast-00000000',
      publishTo: 'hub',
      confirmTimeoutMs: 5000,
      echoTimeoutMs: 5000,
      logLimit: 300,
      maxMessageLength: 16_777_216,
      publishRetries: 0,
      timers: platformTimers,
    });
    expect(MAX_MESSAGE_LENGTH).toBe(16_777_216);
    expect(resolved).not.toHaveProperty('leaseSeconds');
    expect(resolved).not.toHaveProperty('requestTimeoutMs');
  });

  it('names the subscriber react-fhircast- and eight hex digits drawn from the random source [IRA-RAD-146-subscriber-name]', () => {
    const named = (random: number) => resolveClientOptions({ ...valid, random: () => random }).subscriberName;
    expect(named(0.5)).toBe('react-fhircast-7fffffff');
    expect(named(0.999_999_999_9)).toBe('react-fhircast-fffffffe');
    expect(named(0.000_001)).toBe('react-fhircast-000010c6');
    expect(resolveClientOptions({ ...valid, subscriberName: 'PACS viewer' }).subscriberName).toBe(
      'PACS viewer',
    );
  });

  it('takes the platform fetch, WebSocket, timers and Math.random where none are given', () => {
    const platformFetch = vi.fn();
    vi.stubGlobal('fetch', platformFetch);
    vi.stubGlobal('WebSocket', NoSocket);
    const resolved = resolveClientOptions({ hubUrl: valid.hubUrl, topic: valid.topic, events: valid.events });
    expect(resolved.WebSocket).toBe(NoSocket);
    expect(resolved.timers).toBe(platformTimers);
    expect(resolved.random).toBe(Math.random);
    void resolved.fetch('https://hub.example.org/api/hub');
    expect(platformFetch.mock.contexts).toEqual([globalThis]);
  });

  it('drops trailing slashes from hubUrl, and accepts HTTP in any case', () => {
    expect(resolveClientOptions({ ...valid, hubUrl: 'https://hub.example.org/api/hub///' }).hubUrl).toBe(
      'https://hub.example.org/api/hub',
    );
    expect(resolveClientOptions({ ...valid, hubUrl: 'HTTP://localhost:3000/' }).hubUrl).toBe(
      'HTTP://localhost:3000',
    );
  });

  it('keeps each option it is given over its default', () => {
    const timers = { ...platformTimers };
    const resolved = resolveClientOptions({
      ...valid,
      publishTo: 'topic',
      confirmTimeoutMs: 1,
      echoTimeoutMs: 2,
      logLimit: 3,
      maxMessageLength: 4,
      timers,
      leaseSeconds: 60,
    });
    expect(resolved).toMatchObject({
      publishTo: 'topic',
      confirmTimeoutMs: 1,
      echoTimeoutMs: 2,
      logLimit: 3,
      maxMessageLength: 4,
      leaseSeconds: 60,
    });
    expect(resolved.timers).toBe(timers);
  });
});
