import { describe, expect, it } from 'vitest';
import { measureSizes, SIZE_BUDGETS, SIZE_CEILINGS } from '../../bench/size.ts';

const KB = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;

describe('bundle size (min+gzip, every runtime dependency inside, react left out)', () => {
  it('stays within the ceilings: the kit may not grow while the size targets are not met', async () => {
    const results = await measureSizes([
      'react-fhircast: core + store + hooks',
      'react-fhircast: everything',
      'react-fhircast: (a)',
    ]);
    const gzipped = (prefix: string) =>
      results.find((result) => result.name.startsWith(prefix))?.gzipped ?? NaN;
    const figures = {
      coreStoreHooks: gzipped('react-fhircast: core + store + hooks'),
      everything: gzipped('react-fhircast: everything'),
      followOnly: gzipped('react-fhircast: (a)'),
    };
    const over = (Object.keys(figures) as (keyof typeof figures)[])
      .filter((key) => !(figures[key] <= SIZE_CEILINGS[key]))
      .map(
        (key) =>
          `${key}: ${KB(figures[key])}, over its ceiling of ${KB(SIZE_CEILINGS[key])} (target ${KB(SIZE_BUDGETS[key])})`,
      );
    expect(over).toEqual([]);
  }, 120_000);
});
