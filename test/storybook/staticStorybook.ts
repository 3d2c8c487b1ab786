/** The static Storybook as the tests build and read it (served and opened with `test/support/browser.ts`). */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));

/** Builds the Storybook into `outputDir`; with `hubUrl`, its stories join that live hub (as under `npm start`). */
export function buildStorybook(outputDir: string, hubUrl = ''): void {
  execFileSync(
    join(repo, 'node_modules', '.bin', 'storybook'),
    ['build', '--output-dir', outputDir, '--quiet'],
    {
      cwd: repo,
      env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1', STORYBOOK_FHIRCAST_HUB_URL: hubUrl },
      stdio: 'pipe',
    },
  );
}

/** One entry of the built Storybook's index. */
export interface IndexEntry {
  id: string;
  type: 'story' | 'docs';
  title: string;
  tags?: string[];
}

/** The entries a reader can open: every docs page and story listed in the sidebar. */
export function listedEntries(outputDir: string): IndexEntry[] {
  const index = JSON.parse(readFileSync(join(outputDir, 'index.json'), 'utf8')) as {
    entries: Record<string, IndexEntry>;
  };
  return Object.values(index.entries).filter((entry) => entry.tags?.includes('dev') !== false);
}
