import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('..', import.meta.url));
const src = join(repo, 'src');

/** Every source file under src/, as a path relative to the repository. */
function sources(dir = src): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) ? [relative(repo, path)] : [];
  });
}

const SPECIFIER = /(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s+'([^']+)'|import\('([^']+)'\)/g;

/** What a file imports: its relative imports as repository paths, and its package imports by name. */
function importsOf(file: string): { local: string[]; packages: string[] } {
  const text = readFileSync(join(repo, file), 'utf8');
  const local: string[] = [];
  const packages: string[] = [];
  for (const match of text.matchAll(SPECIFIER)) {
    const specifier = (match[1] ?? match[2]) as string;
    if (specifier.startsWith('.')) local.push(relative(repo, resolve(dirname(join(repo, file)), specifier)));
    else packages.push(specifier);
  }
  return { local, packages };
}

const files = sources();
const graph = new Map(files.map((file) => [file, importsOf(file)]));
const layer = (file: string) => file.split('/')[1] as string;

/** The files reachable from `start` through relative imports, `start` included. */
function reachable(start: string): Set<string> {
  const seen = new Set<string>();
  const stack = [start];
  while (stack.length > 0) {
    const file = stack.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    stack.push(...(graph.get(file)?.local.filter((next) => !next.endsWith('.css')) ?? []));
  }
  return seen;
}

describe('the shape of the code', () => {
  it('has no import circle', () => {
    const circles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        circles.push([...path.slice(path.indexOf(file)), file].join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const next of graph.get(file)?.local ?? []) visit(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of files) visit(file, []);
    expect(circles).toEqual([]);
  });

  it.each([
    ['protocol', ['protocol']],
    ['core', ['core', 'protocol']],
    ['react', ['react', 'core', 'protocol']],
    ['components', ['components', 'react', 'protocol']],
    ['hub', ['hub', 'protocol']],
  ])('src/%s imports only from %j', (name, allowed) => {
    const crossings = files
      .filter((file) => layer(file) === name)
      .flatMap((file) =>
        (graph.get(file)?.local ?? [])
          .filter((target) => target.startsWith('src/') && !allowed.includes(layer(target)))
          .map((target) => `${file} → ${target}`),
      );
    expect(crossings).toEqual([]);
  });

  it('src/storybook imports the React layer, the components and the protocol, the core and the hub only through their entries', () => {
    // The addon is a consumer of the kit: what a team's own Storybook could import, and the loopback hub.
    const allowed = ['storybook', 'react', 'components', 'protocol'];
    const entries = ['src/core/index.ts', 'src/hub/loopback.ts'];
    const crossings = files
      .filter((file) => layer(file) === 'storybook')
      .flatMap((file) =>
        (graph.get(file)?.local ?? [])
          .filter((target) => target.startsWith('src/') && !allowed.includes(layer(target)))
          .filter((target) => !entries.includes(target))
          .map((target) => `${file} → ${target}`),
      );
    expect(crossings).toEqual([]);
  });

  it('keeps React out of the protocol, the core and the hub', () => {
    const withReact = files
      .filter((file) => ['protocol', 'core', 'hub'].includes(layer(file)))
      .filter((file) =>
        graph.get(file)?.packages.some((name) => name === 'react' || name.startsWith('react/')),
      );
    expect(withReact).toEqual([]);
    const fromCoreEntry = [...reachable('src/core/index.ts')].filter(
      (file) => !['core', 'protocol'].includes(layer(file)),
    );
    expect(fromCoreEntry).toEqual([]);
  });

  it('keeps every source file under 300 lines', () => {
    const long = files
      .map((file) => ({ file, lines: readFileSync(join(repo, file), 'utf8').split('\n').length - 1 }))
      .filter(({ lines }) => lines > 300);
    expect(long).toEqual([]);
  });
});
