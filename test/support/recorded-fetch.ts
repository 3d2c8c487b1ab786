/** A fetch that records what a client asks of its hub, and the answers a fake hub gives. */

/** One HTTP request as a fake or recording fetch saw it. */
export interface FetchCall {
  method: string;
  url: string;
  /** The request body; for form bodies also parsed into `form`. */
  body: string;
  form: URLSearchParams | undefined;
  /** The content-type header, when the request had one. */
  contentType: string | undefined;
  authorization: string | undefined;
  /** Fake time when the request was made. */
  time: number;
}

/** Answers a call, or returns undefined to let the wrapped fetch answer it. */
export type Intercept = (call: FetchCall) => Response | Promise<Response> | undefined;

/** A fetch that records every call and lets `intercept` answer (or reject) before `inner` does. */
export function recordingFetch(inner: typeof fetch | undefined, intercept?: Intercept) {
  const calls: FetchCall[] = [];
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const body = typeof init?.body === 'string' ? init.body : '';
    const headers = new Headers(init?.headers);
    const call: FetchCall = {
      method: (init?.method ?? 'GET').toUpperCase(),
      url: String(input),
      body,
      form: headers.get('content-type')?.includes('form-urlencoded') ? new URLSearchParams(body) : undefined,
      contentType: headers.get('content-type') ?? undefined,
      authorization: headers.get('authorization') ?? undefined,
      time: Date.now(),
    };
    calls.push(call);
    const answer = intercept?.(call);
    if (answer) return answer;
    if (!inner) throw new TypeError('fetch failed');
    return inner(input, init);
  };
  return { fetch: fetchImpl as typeof fetch, calls };
}

/** The subscribe requests among `calls` (renewals included), as their forms. */
export function subscribes(calls: readonly FetchCall[]): URLSearchParams[] {
  return calls.flatMap((call) => (call.form?.get('hub.mode') === 'subscribe' ? [call.form] : []));
}

/** A plain-text HTTP answer. */
export function text(status: number, body: string): Response {
  return new Response(body, { status, headers: { 'content-type': 'text/plain' } });
}

/** A JSON HTTP answer. */
export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}
