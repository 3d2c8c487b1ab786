import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

const external = [
  /^node:/,
  ...builtinModules,
  'ws',
  'react',
  'react-dom',
  'react/jsx-runtime',
  'react/jsx-dev-runtime',
  /^zustand/,
  /^use-sync-external-store/,
  /^@medplum\//,
  // The addon's imports of Storybook resolve in the consumer's Storybook, which provides them.
  /^storybook(\/|$)/,
];

/** Library build: one ES module per entry, dependencies left to the consumer's bundler. */
export default defineConfig({
  // Production JSX whatever NODE_ENV says: `npm pack` run by a test runner (NODE_ENV=test) must not ship
  // React's development runtime, whose jsxDEV is undefined in a production app.
  oxc: { jsx: { runtime: 'automatic', development: false } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    minify: false,
    sourcemap: true,
    target: 'es2022',
    lib: {
      entry: {
        index: 'src/index.ts',
        'core/index': 'src/core/index.ts',
        'medplum/index': 'src/medplum/index.ts',
        'hub/index': 'src/hub/index.ts',
        'hub/loopback': 'src/hub/loopback.ts',
        'hub/cli': 'src/hub/cli.ts',
        'storybook/index': 'src/storybook/index.ts',
        'storybook/preset': 'src/storybook/preset.ts',
        'storybook/manager': 'src/storybook/manager.ts',
        'storybook/preview': 'src/storybook/preview.ts',
      },
      formats: ['es'],
    },
    rollupOptions: { external },
  },
});
