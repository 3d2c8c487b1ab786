import { describe, expect, it } from 'vitest';
import { Redactor, redactSecrets } from '../../src/core/redact.ts';

describe('redactSecrets', () => {
  it('shortens every occurrence of each secret to its first four characters', () => {
    const topic = 'f3c1a9d2-topic';
    const endpoint = 'ws://hub/ws/fhircast/9b8c7d6e5f4a';
    expect(redactSecrets(`${endpoint} on ${topic}, again ${topic}`, [topic, endpoint])).toBe(
      'ws:/… on f3c1…, again f3c1…',
    );
  });

  it('leaves text alone for secrets of four characters or fewer, which shortening could not hide', () => {
    expect(redactSecrets("context replaced with the hub's", ['t', 'hub', ''])).toBe(
      "context replaced with the hub's",
    );
  });
});

describe('Redactor', () => {
  it('removes any "Bearer …" credential and every token it was told of, and shortens the secrets', () => {
    const redactor = new Redactor(() => ['f3c1a9d2-topic']);
    redactor.rememberToken('eyJhbGciOi.sent-token_1');
    expect(
      redactor.redact(
        '{"authorization":"Bearer eyJhbGciOi.sent-token_1","other":"Bearer abc+/def==","again":"eyJhbGciOi.sent-token_1","topic":"f3c1a9d2-topic"}',
      ),
    ).toBe(
      '{"authorization":"Bearer [redacted]","other":"Bearer [redacted]","again":"[redacted]","topic":"f3c1…"}',
    );
  });

  it('keeps prose readable: a lowercase "bearer token" and a placeholder are not credentials', () => {
    const redactor = new Redactor(() => []);
    expect(redactor.redact('A valid bearer token is required (Authorization: Bearer <token>)')).toBe(
      'A valid bearer token is required (Authorization: Bearer <token>)',
    );
  });

  it('cleans the start of a long text, a token across the cut included, without cleaning all of it', () => {
    const redactor = new Redactor(() => []);
    const token = `jwt-${'x'.repeat(3000)}`;
    redactor.rememberToken(token);
    const text = `${'a'.repeat(90)}${token}${'b'.repeat(1_000_000)}`;
    expect(redactor.redactStart(text, 100)).toBe(`${'a'.repeat(90)}[redacted]`);
    expect(redactor.redactStart('short Bearer abc', 100)).toBe('short Bearer [redacted]');
  });

  it('remembers the last eight tokens of a refreshing source, and none too short to remove safely', () => {
    const redactor = new Redactor(() => []);
    const tokens = Array.from({ length: 9 }, (_, n) => `refreshed-token-${n}`);
    for (const token of tokens) redactor.rememberToken(token);
    redactor.rememberToken('abc');
    expect(redactor.redact(tokens.join(' '))).toBe(
      `refreshed-token-0 ${Array(8).fill('[redacted]').join(' ')}`,
    );
    expect(redactor.redact('abc')).toBe('abc');
  });
});
