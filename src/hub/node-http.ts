import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HubAddOn } from './access.ts';
import type { HubFaults } from './faults.ts';
import { errorText, logSafely } from './guard.ts';
import type { HubHostNames } from './hosts.ts';
import { handleHttp } from './http.ts';
import type { FhircastHub } from './hub.ts';

/** What the HTTP side of the Node server works with. */
export interface HttpSide {
  hub(): FhircastHub;
  faults: HubFaults;
  names(): HubHostNames;
  /** Served beside the FHIRcast paths (the SMART launch), when the hub was started with one. */
  addOn?: HubAddOn | undefined;
}

const TEXT = { 'content-type': 'text/plain; charset=utf-8' };

/** Reads one request's body (stopping at the size limit) and answers it; nothing it does can throw. */
export function serveHttp(side: HttpSide, req: IncomingMessage, res: ServerResponse): void {
  const hub = side.hub();
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > hub.options.maxBodyBytes) tooLarge = true;
    else chunks.push(chunk);
  });
  req.on('end', () => {
    // handleHttp never throws; this guards the transport's own work so that no request ends the process.
    try {
      answer(side, hub, req, res, tooLarge ? undefined : Buffer.concat(chunks).toString('utf8'));
    } catch (error) {
      logSafely(hub.options.log, `failed to answer a ${req.method} request: ${errorText(error)}`);
      if (res.headersSent) res.destroy();
      else res.writeHead(500, TEXT).end('The hub failed to answer');
    }
  });
  req.on('error', () => res.destroy());
}

/** Answers a request whose body was read; `body` is undefined when it was over the size limit. */
function answer(
  side: HttpSide,
  hub: FhircastHub,
  req: IncomingMessage,
  res: ServerResponse,
  body: string | undefined,
): void {
  const socketBase = side.names().socketBase(req.headers.host);
  if (socketBase === undefined) {
    res.writeHead(421, TEXT).end(side.names().refusal(req.headers.host ?? ''));
    return;
  }
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const fault =
    req.method === 'OPTIONS'
      ? undefined
      : side.faults.takeHttpFault({
          method: req.method ?? 'GET',
          url: req.url ?? '/',
          contentType: req.headers['content-type'] ?? '',
        });
  if (fault?.kind === 'hang') return;
  if (fault) {
    res.writeHead(fault.status, TEXT).end('injected fault');
    return;
  }
  const response = handleHttp(
    hub,
    {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      headers,
      body: body ?? '',
      bodyTooLarge: body === undefined,
      socketBase,
    },
    side.addOn,
  );
  res.writeHead(response.status, response.headers).end(response.body);
}
