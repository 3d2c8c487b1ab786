// Writes dist/styles.css: src/components/styles.css with its @import chain inlined, in order, once each.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

function inline(file: string, seen: Set<string>): string {
  if (seen.has(file)) return '';
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  return text.replace(/^@import\s+['"](.+?)['"];\s*$/gm, (_line, target: string) =>
    inline(resolve(dirname(file), target), seen),
  );
}

const out = join('dist', 'styles.css');
mkdirSync('dist', { recursive: true });
writeFileSync(out, inline(resolve('src/components/styles.css'), new Set()));
