import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startHub } from '../../src/hub/server.ts';
import { launchBrowser, serveStatic } from '../support/browser.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'react-fhircast-storybook-'));
const liveOut = mkdtempSync(join(tmpdir(), 'react-fhircast-storybook-live-'));
const servers: Server[] = [];
afterAll(() => {
  for (const server of servers) server.close();
  rmSync(out, { recursive: true, force: true });
  rmSync(liveOut, { recursive: true, force: true });
});

describe('the Storybook build', () => {
  it('runs a clinical workflow in a browser with no hub server at all', async () => {
    buildStorybook(out, '');
    const origin = await serveStatic(out, servers);
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
    const origin = await serveStatic(liveOut, servers);
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
