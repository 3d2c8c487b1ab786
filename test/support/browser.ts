/** A real Chromium and a static file server, for tests that drive a built site as a person would. */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
};

/** Serves `root` as plain static files on a free loopback port (`/` is `index.html`); answers its origin. */
export function serveStatic(root: string, servers: Server[]): Promise<string> {
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent((request.url ?? '/').split('?')[0] ?? '/'));
    try {
      const file = join(root, path.endsWith('/') ? `${path}index.html` : path);
      const body = readFileSync(file);
      response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  servers.push(server);
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
    });
  });
}

/** Launches headless Chromium with the flags of `scripts/chromium.ts`. */
export async function launchBrowser() {
  const launch = await findChromium();
  return chromium.launch({
    executablePath: launch.executablePath,
    args: CHROMIUM_ARGS,
    env: { ...process.env, ...launch.env } as Record<string, string>,
  });
}
