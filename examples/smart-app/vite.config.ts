/**
 * The example SMART app, built from this repository: `react-fhircast` resolves to the kit's sources (so
 * `npm install && npm start` needs no build or pack first), everything else to the repository's packages.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  plugins: [react()],
  resolve: {
    alias: [
      { find: /^react-fhircast$/, replacement: here('../../src/index.ts') },
      { find: /^react-fhircast\/styles\.css$/, replacement: here('../../src/components/styles.css') },
    ],
  },
  server: { host: '127.0.0.1', strictPort: true },
  preview: { host: '127.0.0.1', strictPort: true },
  build: { outDir: here('dist'), emptyOutDir: true },
});
