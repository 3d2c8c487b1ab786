/**
 * Fails a story test that writes an error or a warning to the browser console (a React warning, a failed
 * seed, an unhandled promise): every story page must leave the console clean.
 */
import { afterEach, beforeEach, expect, vi } from 'vitest';

const written: string[] = [];

beforeEach(() => {
  written.length = 0;
  for (const level of ['error', 'warn'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      written.push(`console.${level}: ${args.map(String).join(' ')}`);
    });
  }
});

afterEach(() => {
  vi.restoreAllMocks();
  expect(written).toEqual([]);
});
