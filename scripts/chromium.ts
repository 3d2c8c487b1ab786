/**
 * Finds a Chromium for browser tests with no manual step: $CHROMIUM_PATH, then a system Chromium
 * (Debian's `chromium`), then the Chromium that the npm package @sparticuz/chromium ships inside itself.
 * The last one also needs NSS/NSPR/expat, which it carries in al2023.tar.br: they are unpacked next to
 * it and handed to the browser on LD_LIBRARY_PATH.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';

/** A browser to launch: its binary, and environment it needs. */
export interface ChromiumLaunch {
  executablePath: string;
  env: Record<string, string>;
  source: 'CHROMIUM_PATH' | 'system' | '@sparticuz/chromium';
}

/** Flags for a headless Chromium on a closed, shared machine. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const SYSTEM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** Resolves a Chromium; `REACT_FHIRCAST_BUNDLED_CHROMIUM=1` skips the system one (to test the fallback). */
export async function findChromium(): Promise<ChromiumLaunch> {
  const forced = process.env.CHROMIUM_PATH;
  if (forced && existsSync(forced)) return { executablePath: forced, env: {}, source: 'CHROMIUM_PATH' };
  if (process.env.REACT_FHIRCAST_BUNDLED_CHROMIUM !== '1') {
    const system = SYSTEM_PATHS.find((path) => existsSync(path));
    if (system) return { executablePath: system, env: {}, source: 'system' };
  }
  return bundledChromium();
}

async function bundledChromium(): Promise<ChromiumLaunch> {
  const { default: chromium } = await import('@sparticuz/chromium');
  const executablePath = await chromium.executablePath();
  const require = createRequire(import.meta.url);
  const bin = join(dirname(require.resolve('@sparticuz/chromium')), '..', '..', 'bin');
  const libraries = join(tmpdir(), 'react-fhircast-chromium-libs');
  if (!existsSync(join(libraries, 'lib', 'libnss3.so'))) {
    mkdirSync(libraries, { recursive: true });
    const archive = join(libraries, 'al2023.tar');
    writeFileSync(archive, brotliDecompressSync(readFileSync(join(bin, 'al2023.tar.br'))));
    execFileSync('tar', ['-xf', archive, '-C', libraries]);
  }
  const path = [join(libraries, 'lib'), process.env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  return { executablePath, env: { LD_LIBRARY_PATH: path }, source: '@sparticuz/chromium' };
}
