import { describe, expect, it } from 'vitest';
import { FhircastError, failureOutcome, UntrustedEndpointError } from '../../src/core/errors.ts';

const answered = (status: number) => new FhircastError(`subscribe failed: HTTP ${status}`, { status });

describe('failureOutcome: what a failed attempt to connect means', () => {
  it.each([401, 403])('stops as unauthorized on %i: the credentials were refused', (status) => {
    expect(failureOutcome(answered(status))).toBe('unauthorized');
  });

  it.each([400, 404, 405, 410, 413, 422])(
    'stops as denied on %i: the same request would be refused again',
    (status) => {
      expect(failureOutcome(answered(status))).toBe('denied');
    },
  );

  it.each([408, 429, 500, 502, 503, 504])(
    'tries again on %i: a time-out, a rate limit or a server error',
    (status) => {
      expect(failureOutcome(answered(status))).toBe('retry');
    },
  );

  it('tries again when the hub could not be reached (no status)', () => {
    expect(failureOutcome(new FhircastError('could not reach the hub (subscribe): fetch failed'))).toBe(
      'retry',
    );
    expect(failureOutcome(new TypeError('fetch failed'))).toBe('retry');
    expect(failureOutcome('a string thrown by a fetch shim')).toBe('retry');
  });

  it('stops as denied on an endpoint the client will not follow', () => {
    expect(failureOutcome(new UntrustedEndpointError('subscribe refused: another host'))).toBe('denied');
  });

  it('keeps the status, the resync flag and the cause on the error it classifies', () => {
    const cause = new TypeError('fetch failed');
    const error = new FhircastError('publish failed', { status: 409, resynced: true, cause });
    expect(error).toMatchObject({ name: 'FhircastError', status: 409, resynced: true, cause });
    expect(new UntrustedEndpointError('refused')).toMatchObject({
      name: 'UntrustedEndpointError',
      status: undefined,
      resynced: false,
    });
    expect(new UntrustedEndpointError('refused')).toBeInstanceOf(FhircastError);
  });
});
