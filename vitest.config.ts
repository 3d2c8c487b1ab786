import { defineConfig } from 'vitest/config';

/**
 * Test projects: `node` (core and hub over real sockets), `jsdom` (files named *.dom.test.ts[x]).
 * The browser project joins with the components.
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
          include: ['test/**/*.dom.test.ts', 'test/**/*.dom.test.tsx'],
          setupFiles: ['test/setup/jsdom-websocket.ts'],
        },
      },
    ],
  },
});
