/**
 * The benchmark page (bench/page) for the in-browser benchmarks: built with Vite into `bench/.work/NAME`
 * and served over HTTP on 127.0.0.1, plus a helper that calls the page's `window.bench` functions.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import type { Page } from 'playwright';
import { build } from 'vite';
import { put, updates } from '../test/fixtures/bundles.ts';

type Bench = Record<string, (...args: unknown[]) => unknown>;

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
};

/** Builds the page into its own output folder `name` (benchmarks may run side by side) and serves it. */
export async function servePage(name: string): Promise<{ server: Server; origin: string }> {
  const outDir = join(import.meta.dirname, '.work', name);
  await build({
    configFile: false,
    root: join(import.meta.dirname, 'page'),
    logLevel: 'silent',
    // BENCH_MINIFY=0 keeps names, for reading a CPU profile of the page.
    build: { outDir, minify: process.env.BENCH_MINIFY !== '0', emptyOutDir: true },
  });
  const server = createServer((request, response) => {
    const path = normalize((request.url ?? '/').split('?')[0] ?? '/');
    try {
      const file = join(outDir, path === '/' ? 'index.html' : path);
      const body = readFileSync(file);
      response
        .writeHead(200, {
          'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
          // Cross-origin isolation: the page's performance.now() then has 5 µs resolution, not 100 µs.
          'cross-origin-opener-policy': 'same-origin',
          'cross-origin-embedder-policy': 'require-corp',
        })
        .end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Calls `window.bench[name](...args)` in the page and answers what it returns. */
export function callBench(page: Page, name: string, ...args: unknown[]): Promise<unknown> {
  return page.evaluate(
    ([fn, rest]) =>
      ((window as unknown as { bench: Bench }).bench[fn as string] as (...a: unknown[]) => unknown)(
        ...(rest as unknown[]),
      ),
    [name, args] as const,
  );
}

/** The `updates` context item of a DiagnosticReport-update that PUTs one resource. */
export function putUpdate(resource: Record<string, unknown>) {
  return updates(put(resource));
}
