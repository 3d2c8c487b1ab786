import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub } from '../../src/hub/server.ts';
import { launchBrowser, serveStatic } from '../support/browser.ts';
import { buildStorybook, listedEntries } from './staticStorybook.ts';

const out = mkdtempSync(join(tmpdir(), 'react-fhircast-storybook-'));
const liveOut = mkdtempSync(join(tmpdir(), 'react-fhircast-storybook-live-'));
const servers: Server[] = [];
let origin: string;
let browser: Browser;

beforeAll(async () => {
  buildStorybook(out);
  origin = await serveStatic(out, servers);
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  for (const server of servers) server.close();
  rmSync(out, { recursive: true, force: true });
  rmSync(liveOut, { recursive: true, force: true });
});

// The story without a play function: a scripted one would drive the context at the same time.
const story = 'workflows-ehr-to-smart-app--try-it';

describe('the Storybook build', () => {
  it('runs a clinical workflow in a browser with no hub server at all', async () => {
    const page = await browser.newPage();
    await page.goto(`${origin}/iframe.html?id=${story}&viewMode=story`);
    const ehr = page.getByRole('region', { name: 'EHR' });
    const app = page.getByRole('region', { name: 'SMART app' });
    await app.getByText('No patient in context').waitFor();
    await ehr.getByLabel('Context to open').selectOption({ label: 'Ana Lucía Rivera (MRN MRN-004512)' });
    await ehr.getByRole('button', { name: 'Open' }).click();
    await app.getByText('Ana Lucía Rivera', { exact: true }).waitFor({ timeout: 5000 });
    expect(await app.getByText('MRN-004512', { exact: true }).isVisible()).toBe(true);
    await page.close();
  }, 60_000);

  it('opens a patient from the FHIRcast panel, shows it in the story and the stream, and survives dropped sockets', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await page.goto(`${origin}/?path=/story/components-patientbanner--empty`);
    const panel = page.getByRole('tabpanel', { name: 'FHIRcast' });
    const canvas = page.frameLocator('#storybook-preview-iframe');
    await canvas.getByText('No patient in context').waitFor();

    await panel.getByRole('button', { name: 'Open patient' }).click();
    await canvas.getByText('Ana Lucía Rivera', { exact: true }).waitFor();
    const stream = panel.getByRole('table', { name: /FHIRcast traffic/ });
    await stream
      .getByRole('row')
      .filter({ hasText: 'Storybook app' })
      .filter({ hasText: 'Patient-open' })
      .first()
      .waitFor();

    await panel.getByRole('button', { name: 'Drop sockets' }).click();
    const appStatuses = stream
      .getByRole('row')
      .filter({ hasText: 'Storybook app' })
      .filter({ hasText: /^.*status/ });
    await appStatuses.filter({ hasText: 'Reconnecting…' }).first().waitFor();
    // Newest first: once the app is back, its newest status row says so.
    await expect.poll(() => appStatuses.first().textContent()).toContain('Connected');
    const subscribers = panel.getByRole('list', { name: 'Subscribers' });
    await subscribers
      .getByRole('listitem')
      .filter({ hasText: 'Storybook app' })
      .getByText('Connected')
      .waitFor();
    await page.close();
  }, 120_000);

  it('keeps the browser console clean on every docs page (each renders every story of its component)', async () => {
    const page = await browser.newPage();
    const messages: string[] = [];
    let current = '';
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning')
        messages.push(`${current}: ${message.text()}`);
    });
    page.on('pageerror', (error) => messages.push(`${current}: ${error.message}`));
    await page.addInitScript(recordDocsRendered);
    const docs = listedEntries(out).filter((entry) => entry.type === 'docs');
    expect(docs.map((entry) => entry.id)).toContain('introduction--docs');
    for (const entry of docs) {
      current = entry.id;
      await page.goto(`${origin}/iframe.html?id=${entry.id}&viewMode=docs`);
      await page.waitForFunction(() => (globalThis as { __docsRendered?: boolean }).__docsRendered === true);
      // Every story on the page has rendered into its box, seeds and all started.
      await page.waitForFunction(() =>
        [...document.querySelectorAll('[id^="story--"][id$="-inner"]')].every(
          (box) => box.childElementCount > 0,
        ),
      );
    }
    expect(messages).toEqual([]);
    await page.close();
  }, 120_000);

  it('shares one session between two windows on a story whose topic is shared on purpose', async () => {
    const hub = await startHub();
    buildStorybook(liveOut, hub.url);
    const liveOrigin = await serveStatic(liveOut, servers);
    const shared = `${liveOrigin}/iframe.html?id=${story}&viewMode=story&globals=fhircastShare:shared`;
    try {
      const [first, second] = [await browser.newPage(), await browser.newPage()];
      for (const page of [first, second]) await page.goto(shared);
      await second.getByRole('region', { name: 'SMART app' }).getByText('No patient in context').waitFor();
      const ehr = first.getByRole('region', { name: 'EHR' });
      await ehr.getByLabel('Context to open').selectOption({ label: 'Chinedu Okafor (MRN MRN-007731)' });
      await ehr.getByRole('button', { name: 'Open' }).click();
      const otherWindow = second.getByRole('region', { name: 'SMART app' });
      await otherWindow.getByText('Chinedu Okafor', { exact: true }).waitFor({ timeout: 5000 });
      const context = await (await fetch(`${hub.url}/storybook-${story}`)).json();
      expect(context['context.type']).toBe('Patient');
    } finally {
      await hub.close();
    }
  }, 240_000);
});

/**
 * Runs in the page before Storybook: marks `__docsRendered` when the preview says a docs page rendered,
 * catching Storybook's channel as it installs it.
 */
function recordDocsRendered(): void {
  const page = globalThis as { __docsRendered?: boolean; __STORYBOOK_ADDONS_CHANNEL__?: unknown };
  let channel: unknown;
  Object.defineProperty(page, '__STORYBOOK_ADDONS_CHANNEL__', {
    configurable: true,
    get: () => channel,
    set: (value: { on(event: string, listener: () => void): void }) => {
      channel = value;
      value.on('docsRendered', () => {
        page.__docsRendered = true;
      });
    },
  });
}
