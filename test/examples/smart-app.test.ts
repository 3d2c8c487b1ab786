import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningHub, startHub } from '../../src/hub/index.ts';
import { launchBrowser, serveStatic } from '../support/browser.ts';
import { smartOf } from '../support/smart-client.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'react-fhircast-smart-app-'));
const servers: Server[] = [];
let appOrigin = '';
let hub: RunningHub;

beforeAll(async () => {
  execFileSync(
    join(repo, 'node_modules', '.bin', 'vite'),
    [
      'build',
      '--config',
      'examples/smart-app/vite.config.ts',
      '--outDir',
      out,
      '--emptyOutDir',
      '--logLevel',
      'error',
    ],
    { cwd: repo, stdio: 'pipe' },
  );
  appOrigin = await serveStatic(out, servers);
  hub = await startHub({ smart: { appUrl: `${appOrigin}/` } });
}, 120_000);

afterAll(async () => {
  for (const server of servers) server.close();
  await hub?.close();
  rmSync(out, { recursive: true, force: true });
});

/** Opens a sample patient from the EHR page, as a clinician would. */
async function ehrOpens(ehr: Page, label: string, name: string): Promise<void> {
  await ehr.getByLabel('Sample patient').selectOption({ label });
  await ehr.getByRole('button', { name: 'Open patient' }).click();
  await ehr.getByRole('status').getByText(`Published Patient-open: ${name} is in context`).waitFor();
}

/** Presses Launch on the EHR page for `appUrl`; answers the app's window once it opened. */
async function launch(ehr: Page, appUrl: string): Promise<Page> {
  await ehr.getByLabel('App launch URL').fill(appUrl);
  const [app] = await Promise.all([
    ehr.context().waitForEvent('page'),
    ehr.getByRole('button', { name: 'Launch' }).click(),
  ]);
  return app;
}

describe('the example SMART app, launched from the development EHR in Chromium', () => {
  it('shows the launch patient, follows the EHR to the next one, and a read-only launch cannot publish', async () => {
    const browser = await launchBrowser();
    try {
      const ehr = await browser.newPage();
      await ehr.goto(smartOf(hub).launchUrl);
      expect(await ehr.getByLabel('App launch URL').inputValue()).toBe(`${appOrigin}/`);
      await ehrOpens(ehr, 'Ana Lucía Rivera (MRN-004512)', 'Ana Lucía Rivera');

      const app = await launch(ehr, `${appOrigin}/`);
      const banner = app.getByRole('region', { name: 'Patient in context' });
      await banner.getByText('Ana Lucía Rivera', { exact: true }).waitFor();
      await app.getByTestId('launch-patient').getByText('Ana Lucía Rivera', { exact: true }).waitFor();

      await ehrOpens(ehr, 'Chinedu Okafor (MRN-007731)', 'Chinedu Okafor');
      await banner.getByText('Chinedu Okafor', { exact: true }).waitFor();

      const readOnly = await launch(ehr, `${appOrigin}/?access=read-only`);
      const readOnlyBanner = readOnly.getByRole('region', { name: 'Patient in context' });
      await readOnlyBanner.getByText('Chinedu Okafor', { exact: true }).waitFor();
      await readOnly.getByRole('button', { name: 'Close patient' }).click();
      const refusal = readOnly.getByRole('alert');
      await refusal.getByText(/fhircast\/Patient-close\.write/).waitFor();
      expect(await refusal.textContent()).toMatch(/403/);
      const context = await (await fetch(`${hub.url}/${smartOf(hub).topic}`)).json();
      expect(context.context[0].resource.id).toBe('pat-okafor');
    } finally {
      await browser.close();
    }
  }, 240_000);
});
