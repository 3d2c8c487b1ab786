/** The static Storybook as the tests use it: built once per test file, served as plain files, opened in Chromium. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
};

/** Builds the Storybook into `outputDir`; with `hubUrl`, its stories join that live hub (as under `npm start`). */
export function buildStorybook(outputDir: string, hubUrl = ''): void {
  execFileSync(
    join(repo, 'node_modules', '.bin', 'storybook'),
    ['build', '--output-dir', outputDir, '--quiet'],
    {
      cwd: repo,
      env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1', STORYBOOK_FHIRCAST_HUB_URL: hubUrl },
      stdio: 'pipe',
    },
  );
}

/** Serves `root` as plain static files (no hub, no API); `close` stops the server. */
export async function serveStatic(root: string): Promise<{ origin: string; close(): void }> {
  const server: Server = createServer((request, response) => {
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
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { origin: `http://127.0.0.1:${port}`, close: () => server.close() };
}

/** Launches the Chromium that `scripts/chromium.ts` finds, headless. */
export async function launchBrowser(): Promise<Browser> {
  const launch = await findChromium();
  return chromium.launch({
    executablePath: launch.executablePath,
    args: CHROMIUM_ARGS,
    env: { ...process.env, ...launch.env } as Record<string, string>,
  });
}

/** One entry of the built Storybook's index. */
export interface IndexEntry {
  id: string;
  type: 'story' | 'docs';
  title: string;
  tags?: string[];
}

/** The entries a reader can open: every docs page and story listed in the sidebar. */
export function listedEntries(outputDir: string): IndexEntry[] {
  const index = JSON.parse(readFileSync(join(outputDir, 'index.json'), 'utf8')) as {
    entries: Record<string, IndexEntry>;
  };
  return Object.values(index.entries).filter((entry) => entry.tags?.includes('dev') !== false);
}
