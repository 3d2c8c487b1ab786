import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

const external = [
  /^node:/,
  ...builtinModules,
  'ws',
  'react',
  'react-dom',
  'react/jsx-runtime',
  /^zustand/,
  /^use-sync-external-store/,
  /^@medplum\//,
];

/** Library build: one ES module per entry, dependencies left to the consumer's bundler. */
export default defineConfig({
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
      },
      formats: ['es'],
    },
    rollupOptions: { external },
  },
});
