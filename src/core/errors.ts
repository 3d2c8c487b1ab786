/** An error from a FHIRcast operation, with the hub's HTTP status when there was one. */
export class FhircastError extends Error {
  readonly status: number | undefined;
  /** True when the client fetched the hub's context after the failure (a stale update, for instance). */
  readonly resynced: boolean;

  constructor(message: string, options: { status?: number; resynced?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FhircastError';
    this.status = options.status;
    this.resynced = options.resynced ?? false;
  }
}

/** A WebSocket endpoint the client will not follow; the client stops as `denied` with this message. */
export class UntrustedEndpointError extends FhircastError {
  constructor(message: string) {
    super(message);
    this.name = 'UntrustedEndpointError';
  }
}

/** What a failed attempt to connect means: the credentials were refused, the subscription was, or try again. */
export function failureOutcome(error: unknown): 'unauthorized' | 'denied' | 'retry' {
  const status = error instanceof FhircastError ? error.status : undefined;
  if (status === 401 || status === 403) return 'unauthorized';
  if (error instanceof UntrustedEndpointError) return 'denied';
  // A 4xx other than a timeout or a rate limit will be refused again: stop until the app retries.
  if (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429)
    return 'denied';
  return 'retry';
}
