import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BearerTokens, sameText } from '../../src/hub/tokens.ts';

describe('the hub’s bearer tokens', () => {
  const tokens = new BearerTokens(['s3cret-token', 'other', 'üñí©ødé']);

  it.each(['Bearer s3cret-token', 'bearer other', 'BEARER   üñí©ødé  '])('accepts "%s"', (header) => {
    expect(tokens.accepts(header)).toBe(true);
  });

  it.each([
    undefined,
    '',
    'Bearer',
    'Bearer ',
    'Bearer s3cret',
    'Bearer s3cret-token-and-more',
    'Bearer S3CRET-TOKEN',
    'Bearer othe',
    'Bearer s3cret-token other',
    'Basic czNjcmV0LXRva2Vu',
    's3cret-token',
    'Bearer uñí©ødé',
  ])('refuses %s', (header) => {
    expect(tokens.accepts(header)).toBe(false);
  });

  it('asks for no token when none is configured', () => {
    expect(new BearerTokens([]).required).toBe(false);
    expect(tokens.required).toBe(true);
  });

  it('refuses to be configured with an empty token or one with spaces, which no header could carry', () => {
    expect(() => new BearerTokens([''])).toThrow('token');
    expect(() => new BearerTokens(['two words'])).toThrow('token');
  });

  it('compares text without stopping at the first difference, and agrees with === on any strings', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(sameText(a, b)).toBe(a === b);
        expect(sameText(a, a)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
