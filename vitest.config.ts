import { fileURLToPath } from 'node:url';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { CHROMIUM_ARGS, findChromium } from './scripts/chromium.ts';

const chromium = await findChromium();

/** Real Chromium (system, or the one @sparticuz/chromium ships), headless, one instance named after its project. */
const browser = (name: string) => ({
  enabled: true,
  headless: true,
  provider: playwright({
    launchOptions: {
      executablePath: chromium.executablePath,
      args: CHROMIUM_ARGS,
      env: { ...process.env, ...chromium.env } as Record<string, string>,
    },
  }),
  instances: [{ browser: 'chromium' as const, name }],
});

/**
 * Test projects: `node` (core and hub over real sockets), `jsdom` (hooks, providers, components),
 * `browser` (the component tests again, in real Chromium) and `storybook` (every story's play
 * function and accessibility check, in real Chromium).
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.dom.test.ts', 'test/**/*.dom.test.tsx'],
        },
      },
      {
        test: {
          name: 'jsdom',
          environment: 'jsdom',
          include: ['test/**/*.dom.test.ts', 'test/**/*.dom.test.tsx', 'test/components/**/*.test.tsx'],
          setupFiles: ['test/setup/jsdom-websocket.ts'],
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/components/**/*.test.tsx'],
          browser: browser('browser'),
        },
      },
      {
        plugins: [storybookTest({ configDir: fileURLToPath(new URL('.storybook', import.meta.url)) })],
        // A story may fill a log with a few hundred events, which React's development build renders slowly.
        test: {
          name: 'storybook',
          browser: browser('storybook'),
          setupFiles: ['test/setup/quiet-console.ts'],
          testTimeout: 30_000,
        },
      },
    ],
  },
});
