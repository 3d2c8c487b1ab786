import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';
import { afterAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.ts';
import { startHub } from '../../src/hub/server.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'react-fhircast-storybook-'));
const liveOut = mkdtempSync(join(tmpdir(), 'react-fhircast-storybook-live-'));
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
};

const servers: Server[] = [];
afterAll(() => {
  for (const server of servers) server.close();
  rmSync(out, { recursive: true, force: true });
  rmSync(liveOut, { recursive: true, force: true });
});

/** Serves `root` as plain static files: no hub, no API, nothing but the build. */
function serveStatic(root: string): Promise<string> {
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

describe('the Storybook build', () => {
  it('runs a clinical workflow in a browser with no hub server at all', async () => {
    buildStorybook(out, '');
    const origin = await serveStatic(out);
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(`${origin}/iframe.html?id=${story}&viewMode=story`);
      const ehr = page.getByRole('region', { name: 'EHR' });
      const app = page.getByRole('region', { name: 'SMART app' });
      await app.getByText('No patient in context').waitFor();
      await ehr.getByLabel('Context to open').selectOption({ label: 'Ana Lucía Rivera (MRN MRN-004512)' });
      await ehr.getByRole('button', { name: 'Open' }).click();
      await app.getByText('Ana Lucía Rivera', { exact: true }).waitFor({ timeout: 5000 });
      expect(await app.getByText('MRN-004512', { exact: true }).isVisible()).toBe(true);
    } finally {
      await browser.close();
    }
  }, 240_000);

  it('shares one session between two windows on the same story through the live development hub', async () => {
    const hub = await startHub();
    buildStorybook(liveOut, hub.url);
    const origin = await serveStatic(liveOut);
    const browser = await launchBrowser();
    try {
      const [first, second] = [await browser.newPage(), await browser.newPage()];
      for (const page of [first, second]) await page.goto(`${origin}/iframe.html?id=${story}&viewMode=story`);
      await second.getByRole('region', { name: 'SMART app' }).getByText('No patient in context').waitFor();
      const ehr = first.getByRole('region', { name: 'EHR' });
      await ehr.getByLabel('Context to open').selectOption({ label: 'Chinedu Okafor (MRN MRN-007731)' });
      await ehr.getByRole('button', { name: 'Open' }).click();
      const otherWindow = second.getByRole('region', { name: 'SMART app' });
      await otherWindow.getByText('Chinedu Okafor', { exact: true }).waitFor({ timeout: 5000 });
      const context = await (await fetch(`${hub.url}/storybook-${story}`)).json();
      expect(context['context.type']).toBe('Patient');
    } finally {
      await browser.close();
      await hub.close();
    }
  }, 240_000);
});

// The story without a play function: a scripted one would drive both windows at once.
const story = 'workflows-ehr-to-smart-app--try-it';

function buildStorybook(outputDir: string, hubUrl: string): void {
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

async function launchBrowser() {
  const launch = await findChromium();
  return chromium.launch({
    executablePath: launch.executablePath,
    args: CHROMIUM_ARGS,
    env: { ...process.env, ...launch.env } as Record<string, string>,
  });
}
