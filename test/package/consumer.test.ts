import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, serveStatic } from '../support/browser.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const bin = (name: string) => join(repo, 'node_modules', '.bin', name);
const work = mkdtempSync(join(tmpdir(), 'react-fhircast-consumer-'));
const version = (name: string): string =>
  JSON.parse(readFileSync(join(repo, 'node_modules', name, 'package.json'), 'utf8')).version;
/** npm flags for installs that come from the npm cache whenever it holds the package. */
const OFFLINE = ['--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--silent'];
let tarball: string;

beforeAll(() => {
  execFileSync('npm', ['pack', '--pack-destination', work, '--silent'], { cwd: repo, stdio: 'pipe' });
  tarball = join(work, readdirSync(work).find((name) => name.endsWith('.tgz')) as string);
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs a command in `cwd`, failing with everything it printed. */
function run(cwd: string, command: string, args: string[], env: Record<string, string> = {}): void {
  try {
    execFileSync(command, args, { cwd, stdio: 'pipe', encoding: 'utf8', env: { ...process.env, ...env } });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

/** A new directory holding a package.json of an ESM app. */
function newApp(name: string): string {
  const app = join(work, name);
  mkdirSync(join(app, 'src'), { recursive: true });
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name, private: true, type: 'module' }));
  return app;
}

const APP = `import { createRoot } from 'react-dom/client';
import {
  ConnectionStatus,
  FhircastProvider,
  PatientBanner,
  useFhircastPatient,
  useFhircastPublish,
  useFhircastStatus,
} from 'react-fhircast';
import 'react-fhircast/styles.css';
import { createLoopbackHub } from 'react-fhircast/hub/loopback';

const hub = createLoopbackHub();

function Banner() {
  const patient = useFhircastPatient();
  const { status } = useFhircastStatus();
  const { openPatient } = useFhircastPublish();
  const family: string | undefined = patient?.name?.[0]?.family;
  return (
    <button type="button" onClick={() => void openPatient({ resourceType: 'Patient', id: 'p1' })}>
      {status}: {family ?? 'No patient'}
    </button>
  );
}

createRoot(document.getElementById('root') as HTMLElement).render(
  <FhircastProvider hubUrl={hub.url} topic="t" events={['Patient-open']} fetch={hub.fetch} WebSocket={hub.WebSocket}>
    <Banner />
    <PatientBanner />
    <ConnectionStatus />
  </FhircastProvider>,
);
`;

/** Small apps, one import set each: follow a patient; and show it in a PatientBanner; and publish. */
const SMALL_APPS = {
  follow: `import { createRoot } from 'react-dom/client';
import { FhircastProvider, useFhircastPatient } from 'react-fhircast';
function Name() { return <p>{useFhircastPatient()?.id ?? 'none'}</p>; }
createRoot(document.body).render(<FhircastProvider hubUrl="http://127.0.0.1:7001/api/hub" topic="t" events={['Patient-open']}><Name /></FhircastProvider>);
`,
  banner: `import { createRoot } from 'react-dom/client';
import { FhircastProvider, PatientBanner, useFhircastPatient } from 'react-fhircast';
function Name() { return <p>{useFhircastPatient()?.id ?? 'none'}</p>; }
createRoot(document.body).render(<FhircastProvider hubUrl="http://127.0.0.1:7001/api/hub" topic="t" events={['Patient-open']}><Name /><PatientBanner /></FhircastProvider>);
`,
  publish: `import { createRoot } from 'react-dom/client';
import { FhircastProvider, useFhircastPatient, useFhircastPublish } from 'react-fhircast';
function Name() { const { selectInReport } = useFhircastPublish(); return <p onClick={() => void selectInReport([])}>{useFhircastPatient()?.id ?? 'none'}</p>; }
createRoot(document.body).render(<FhircastProvider hubUrl="http://127.0.0.1:7001/api/hub" topic="t" events={['Patient-open']}><Name /></FhircastProvider>);
`,
};

describe('the published package', () => {
  it('packs into a tarball that a separate Vite + React app installs, type-checks and builds', () => {
    expect(tarball).toMatch(/react-fhircast-\d+\.\d+\.\d+\.tgz$/);
    const packed = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' });
    expect(packed).not.toMatch(/^package\/examples\//m);
    const app = newApp('consumer');
    writeFileSync(
      join(app, 'index.html'),
      '<div id="root"></div><script type="module" src="/src/main.tsx"></script>',
    );
    writeFileSync(join(app, 'src', 'main.tsx'), APP);
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'ESNext',
          moduleResolution: 'bundler',
          jsx: 'react-jsx',
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          lib: ['ES2022', 'DOM'],
          types: [],
        },
        include: ['src'],
      }),
    );
    const react = version('react');
    run(app, 'npm', [
      'install',
      tarball,
      `react@${react}`,
      `react-dom@${react}`,
      '@types/react@19',
      '@types/react-dom@19',
      ...OFFLINE,
    ]);
    run(app, bin('tsc'), ['-p', 'tsconfig.json']);
    run(app, bin('vite'), ['build', '--logLevel', 'error']);
    const assets = readdirSync(join(app, 'dist', 'assets'));
    const bundle = readFileSync(
      join(app, 'dist', 'assets', assets.find((f) => f.endsWith('.js')) as string),
      'utf8',
    );
    expect(bundle).toContain('fhircast.loopback');
    expect(bundle).not.toContain('node:http');
    const css = assets.find((f) => f.endsWith('.css'));
    expect(readFileSync(join(app, 'dist', 'assets', css as string), 'utf8')).toContain('--rfc-surface');
    const script =
      "const { startHub } = await import('react-fhircast/hub'); const hub = await startHub(); await hub.close();";
    run(app, process.execPath, ['--input-type=module', '-e', script]);
    run(app, join(app, 'node_modules', '.bin', 'react-fhircast-hub'), ['--help']);
    // react-fhircast/core works in Node with no React in its module graph.
    const followInNode = [
      "const { createFhircastClient } = await import('react-fhircast/core');",
      "const { startHub } = await import('react-fhircast/hub');",
      'const hub = await startHub();',
      "const client = createFhircastClient({ hubUrl: hub.url, topic: 't', events: ['Patient-open'] });",
      'client.connect();',
      "await new Promise((done) => client.store.subscribe((s) => s.status === 'connected' && done()));",
      'await client.disconnect(); await hub.close();',
    ].join(' ');
    run(app, process.execPath, ['--input-type=module', '-e', followInNode]);
    expect(
      moduleGraph(join(app, 'node_modules', 'react-fhircast', 'dist', 'core', 'index.js')),
    ).not.toContain('react');
    // Pay for what you use: a small app's bundle holds the code of what it imports, and no component,
    // hook or helper it does not.
    const built = (name: keyof typeof SMALL_APPS) => {
      writeFileSync(join(app, 'src', 'main.tsx'), SMALL_APPS[name]);
      run(app, bin('vite'), ['build', '--logLevel', 'error', '--outDir', `dist-${name}`]);
      const out = join(app, `dist-${name}`, 'assets');
      return readdirSync(out)
        .filter((file) => file.endsWith('.js'))
        .map((file) => readFileSync(join(out, file), 'utf8'))
        .join('\n');
    };
    const follow = built('follow');
    const banner = built('banner');
    const publish = built('publish');
    for (const bundle of [follow, banner]) {
      for (const component of ['rfc-event-log', 'rfc-report-panel', 'rfc-context-publisher']) {
        expect(bundle).not.toContain(component);
      }
    }
    expect(follow).not.toContain('rfc-patient-banner');
    expect(banner).toContain('rfc-patient-banner');
    expect(follow).not.toContain('selectInReport');
    expect(publish).toContain('selectInReport');
  }, 180_000);

  it('is added to a fresh Vite + React + Storybook 10 project with one line, which builds and shows the panel', async () => {
    const app = newApp('storybook-consumer');
    const react = version('react');
    run(app, 'npm', [
      'install',
      tarball,
      `react@${react}`,
      `react-dom@${react}`,
      `storybook@${version('storybook')}`,
      `@storybook/react-vite@${version('@storybook/react-vite')}`,
      `vite@${version('vite')}`,
      `@vitejs/plugin-react@${version('@vitejs/plugin-react')}`,
      ...OFFLINE,
    ]);
    mkdirSync(join(app, '.storybook'));
    writeFileSync(join(app, '.storybook', 'main.js'), STORYBOOK_MAIN);
    writeFileSync(join(app, 'src', 'Banner.stories.jsx'), STORY);
    const out = join(app, 'storybook-static');
    run(app, join(app, 'node_modules', '.bin', 'storybook'), ['build', '--output-dir', out, '--quiet'], {
      STORYBOOK_DISABLE_TELEMETRY: '1',
    });

    const servers: Server[] = [];
    const origin = await serveStatic(out, servers);
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(`${origin}/?path=/story/clinic-banner--empty`);
      await page.getByRole('tab', { name: 'FHIRcast' }).click();
      const panel = page.getByRole('tabpanel', { name: 'FHIRcast' });
      const canvas = page.frameLocator('#storybook-preview-iframe');
      await canvas.getByText('No patient in context').waitFor();
      await panel.getByRole('button', { name: 'Open patient' }).click();
      await canvas.getByText('Ana Lucía Rivera', { exact: true }).waitFor();
    } finally {
      await browser.close();
      for (const server of servers) server.close();
    }
  }, 300_000);
});

/** The team's Storybook configuration: the addon is the one line about FHIRcast. */
const STORYBOOK_MAIN = `export default {
  stories: ['../src/**/*.stories.jsx'],
  addons: ['react-fhircast/storybook'],
  framework: { name: '@storybook/react-vite', options: {} },
  core: { disableTelemetry: true },
};
`;

/** A story of the team's own with nothing FHIRcast in it but the kit's banner. */
const STORY = `import { PatientBanner } from 'react-fhircast';
import 'react-fhircast/styles.css';

export default { title: 'Clinic/Banner', component: PatientBanner };

export const Empty = {};
`;

/** The bare package names a built module imports, directly or through the files it imports. */
function moduleGraph(entry: string): string[] {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const stack = [entry];
  while (stack.length > 0) {
    const file = stack.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/from\s*"([^"]+)"/g)) {
      if ((specifier as string).startsWith('.')) stack.push(join(dirname(file), specifier as string));
      else packages.add((specifier as string).split('/')[0] as string);
    }
  }
  return [...packages];
}
