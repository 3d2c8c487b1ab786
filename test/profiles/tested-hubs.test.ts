import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HUB_PROFILE_NAMES, HUB_PROFILES, type HubProfile } from '../../src/hub/profiles.ts';

/** A row of the README's "Tested hubs" table, by column. */
interface TestedHub {
  hub: string;
  profile: string;
  options: string;
  differs: string;
}

/** The rows of the table under `## Tested hubs`, header and rule left out. */
function testedHubs(readme: string): TestedHub[] {
  const section = readme.split('\n## Tested hubs\n')[1]?.split('\n## ')[0] ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| hub |'))
    .map((line) => {
      const [hub = '', profile = '', options = '', differs = ''] = line
        .slice(2, -2)
        .split(' | ')
        .map((cell) => cell.trim());
      return { hub, profile: profile.replaceAll('`', ''), options, differs };
    });
}

/** A profile's client options as the table writes them: `publishTo: 'topic'`, or none. */
function optionsCell(needs: HubProfile['clientNeeds']): string {
  const options = Object.entries(needs).map(([name, value]) => `\`${name}: '${value}'\``);
  return options.length > 0 ? options.join(', ') : 'none';
}

const rows = testedHubs(readFileSync(new URL('../../README.md', import.meta.url), 'utf8'));

describe("the README's Tested hubs table", () => {
  it('has one row for each profile the hub plays, and no other', () => {
    expect(rows.map((row) => row.profile).sort()).toEqual([...HUB_PROFILE_NAMES].sort());
  });

  it.each(HUB_PROFILE_NAMES)(
    'names the %s hub and the client options its suites run with, and says what differs',
    (name) => {
      const profile = HUB_PROFILES[name];
      const row = rows.find((candidate) => candidate.profile === name);
      expect(row).toMatchObject({ hub: profile.hub, options: optionsCell(profile.clientNeeds) });
      expect(row?.differs).not.toBe('');
    },
  );
});
