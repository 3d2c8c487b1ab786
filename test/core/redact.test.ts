import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../src/core/http.ts';

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
