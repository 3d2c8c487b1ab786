import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyUpdateBundle } from '../../src/protocol/content.ts';
import { parseCurrentContext, parseFrame } from '../../src/protocol/messages.ts';
import type { FhirResource } from '../../src/protocol/types.ts';
import { depthOf } from '../fixtures/hostile-frames.ts';

const anyJson = fc.jsonValue({ maxDepth: 6 });

describe('the frame parser under arbitrary input', () => {
  it('never throws on arbitrary strings, and classifies every one', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        const frame = parseFrame(text);
        expect(['confirmation', 'denial', 'event', 'invalid']).toContain(frame.kind);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on arbitrary JSON, and refuses what is not an event with a reason', () => {
    fc.assert(
      fc.property(anyJson, (value) => {
        const frame = parseFrame(JSON.stringify(value));
        if (frame.kind === 'invalid') expect(frame.reason.length).toBeGreaterThan(0);
        if (frame.kind === 'event') {
          expect(typeof frame.notification.id).toBe('string');
          expect(Array.isArray(frame.notification.event.context)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on event-shaped frames with wrong types in every field', () => {
    const field = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), anyJson);
    fc.assert(
      fc.property(field, field, field, field, field, (id, name, topic, context, version) => {
        const text = JSON.stringify({
          id,
          timestamp: version,
          event: { 'hub.event': name, 'hub.topic': topic, context, 'context.versionId': version },
        });
        const frame = parseFrame(text);
        expect(['event', 'invalid']).toContain(frame.kind);
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves Object.prototype untouched whatever keys a frame carries', () => {
    fc.assert(
      fc.property(fc.constantFrom('__proto__', 'constructor', 'prototype'), anyJson, (key, value) => {
        const text = `{"id":"x","event":{"hub.event":"Patient-open","hub.topic":"t","${key}":${JSON.stringify(value)},"context":[{"key":"patient","resource":{"resourceType":"Patient","id":"p","${key}":{"polluted":true}}}]}}`;
        parseFrame(text);
        parseCurrentContext(JSON.parse(text));
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it('survives deeply nested JSON without a stack overflow', () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    expect(parseFrame(deep)).toEqual({ kind: 'invalid', reason: 'frame nests deeper than 100 levels' });
  });
});

/** `levels` of nesting as text: alternating objects and arrays, or arrays alone. */
const nesting = fc
  .record({ levels: fc.integer({ min: 0, max: 300 }), arraysOnly: fc.boolean() })
  .map(({ levels, arraysOnly }) =>
    arraysOnly
      ? `${'['.repeat(levels)}1${']'.repeat(levels)}`
      : `${'{"extension":['.repeat(levels >> 1)}${levels % 2 ? '[1]' : '1'}${']}'.repeat(levels >> 1)}`,
  );

/** Where in a Patient-open the nested value goes. */
const place = fc.constantFrom('top level', 'event', 'context item', 'resource');

describe('the frame parser under deep nesting', () => {
  it('refuses, naming the limit and keeping the id, exactly the frames nested deeper than 100 levels', () => {
    fc.assert(
      fc.property(nesting, place, fc.string({ minLength: 1, maxLength: 20 }), (nested, where, id) => {
        const resource: Record<string, unknown> = { resourceType: 'Patient', id: 'p' };
        const item: Record<string, unknown> = { key: 'patient', resource };
        const event: Record<string, unknown> = {
          'hub.topic': 't',
          'hub.event': 'Patient-open',
          context: [item],
        };
        const open: Record<string, unknown> = { timestamp: '2026-01-01T00:00:00Z', id, event };
        const target = { 'top level': open, event, 'context item': item, resource }[where];
        target.nested = '__nested__';
        const text = JSON.stringify(open).replace('"__nested__"', nested);
        const frame = parseFrame(text);
        if (depthOf(JSON.parse(text)) > 100) {
          expect(frame).toEqual({ kind: 'invalid', reason: 'frame nests deeper than 100 levels', id });
        } else {
          expect(frame.kind).toBe('event');
        }
      }),
      { numRuns: 500 },
    );
  });
});

/** A PUT or DELETE of one of a few Observation ids: collisions between entries are likely. */
const entry = fc.oneof(
  fc.record({ id: fc.constantFrom('a', 'b', 'c', 'd'), value: fc.integer() }).map(({ id, value }) => ({
    request: { method: 'PUT' },
    resource: { resourceType: 'Observation', id, valueInteger: value },
  })),
  fc
    .constantFrom('a', 'b', 'c', 'd')
    .map((id) => ({ fullUrl: `Observation/${id}`, request: { method: 'DELETE' } })),
);

/** The content a sequence of bundles must produce, computed the plain way: a map by id. */
function expected(bundles: { entry: ReturnType<typeof entry.generate>['value'][] }[]) {
  const map = new Map<string, FhirResource>();
  for (const bundle of bundles) {
    for (const item of bundle.entry) {
      const key = 'resource' in item ? `Observation/${item.resource.id}` : item.fullUrl;
      if ('resource' in item) {
        map.delete(key);
        map.set(key, item.resource);
      } else map.delete(key);
    }
  }
  return [...map.values()];
}

describe('the content reducer under arbitrary valid updates', () => {
  it('equals the plain map of every PUT and DELETE applied in order', () => {
    fc.assert(
      fc.property(fc.array(fc.array(entry, { maxLength: 6 }), { maxLength: 12 }), (entries) => {
        const bundles = entries.map((items) => ({
          resourceType: 'Bundle',
          type: 'transaction',
          entry: items,
        }));
        let content: readonly FhirResource[] = [];
        for (const bundle of bundles) {
          const result = applyUpdateBundle(content, bundle);
          if (!('content' in result)) throw new Error(result.error);
          content = result.content;
        }
        expect(content).toEqual(expected(bundles as never));
      }),
      { numRuns: 1000 },
    );
  });
});
