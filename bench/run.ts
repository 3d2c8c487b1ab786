/**
 * `npm run bench`: every benchmark in one run, each figure against a baseline measured in the same run
 * (or an absolute count). Prints the table and writes bench/RESULTS.md with the machine and the date.
 * Benchmarks are never tests: nothing here passes or fails a build.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { findChromium } from '../scripts/chromium.ts';
import { type BenchRow, markdownTable } from './report.ts';
import { sizeBenchmark } from './size.ts';

type Benchmark = { name: string; run: () => Promise<BenchRow[]> };

const only = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const benchmarks: Benchmark[] = [
  { name: 'size', run: sizeBenchmark },
  { name: 'hub', run: async () => (await import('./hub-fanout.ts')).hubBenchmark() },
  { name: 'recovery', run: async () => (await import('./recovery-time.ts')).recoveryBenchmark() },
  { name: 'browser', run: async () => (await import('./browser-latency.ts')).browserBenchmark() },
  { name: 'rate', run: async () => (await import('./sustained-rate.ts')).sustainedRateBenchmark() },
];

async function machine(): Promise<string> {
  const chromium = await findChromium();
  let browserVersion = 'unknown';
  try {
    browserVersion = execFileSync(chromium.executablePath, ['--version'], {
      env: { ...process.env, ...chromium.env },
      encoding: 'utf8',
    }).trim();
  } catch {
    // the version is only informative
  }
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return [
    `- date: ${new Date().toISOString()}`,
    `- machine: ${type()}, ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
    `- node: ${process.version}; browser: ${browserVersion} (${chromium.source})`,
  ].join('\n');
}

const findings = join(import.meta.dirname, 'FINDINGS.md');
const started = Date.now();
const rows: BenchRow[] = [];
const failures: string[] = [];
for (const benchmark of benchmarks) {
  if (only.length > 0 && !only.includes(benchmark.name)) continue;
  process.stderr.write(`running ${benchmark.name}…\n`);
  try {
    rows.push(...(await benchmark.run()));
  } catch (error) {
    failures.push(`${benchmark.name}: ${error instanceof Error ? error.stack : String(error)}`);
  }
}
const table = markdownTable(rows);
console.log(table);
if (failures.length > 0) console.error(`\nbenchmarks that could not run:\n${failures.join('\n')}`);
if (only.length === 0) {
  const body = [
    '# Benchmark results',
    '',
    'Written by `npm run bench`. Every ratio is against a baseline measured in the same run, on the same',
    'machine; absolute times on a shared machine are noisy, ratios much less so.',
    '',
    await machine(),
    `- duration: ${((Date.now() - started) / 1000).toFixed(0)} s`,
    '',
    table,
    '',
    ...(failures.length > 0 ? ['## Benchmarks that could not run', '', '```', ...failures, '```', ''] : []),
    ...(existsSync(findings) ? [readFileSync(findings, 'utf8')] : []),
  ].join('\n');
  writeFileSync(join(import.meta.dirname, 'RESULTS.md'), body);
}
