import { describe, expect, it } from 'vitest';
import { outlineJson } from '../../src/protocol/json.ts';

describe('outlineJson', () => {
  it('counts the nesting of objects and arrays, not brackets inside strings', () => {
    expect(outlineJson('{"a":[{"b":"[[[{{{"}]}')).toEqual({ depth: 3 });
    expect(outlineJson('"just a string"')).toEqual({ depth: 0 });
    expect(outlineJson('[[[]]]')).toEqual({ depth: 3 });
  });

  it('reads the top-level id, escapes included, and no nested or non-string id', () => {
    expect(outlineJson('{"event":{"id":"inner"},"id" : "a\\"b\\u0063"}')).toEqual({ depth: 2, id: 'a"bc' });
    expect(outlineJson('{"id":5,"event":{"id":"inner"}}')).toEqual({ depth: 2 });
    expect(outlineJson('{"x":"id","y":["id"]}')).toEqual({ depth: 2 });
    expect(outlineJson('{"id":""}')).toEqual({ depth: 1 });
  });

  it('never throws on text that is not JSON', () => {
    expect(outlineJson('{"id":"open')).toEqual({ depth: 1 });
    expect(outlineJson(']]]}}')).toEqual({ depth: 0 });
  });
});
