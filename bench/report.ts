/** One line of the benchmark table: a measured value, and its baseline from the same run when it has one. */
export interface BenchRow {
  /** Which benchmark: "Bundle size", "Event to screen", … */
  group: string;
  /** What was measured, e.g. "core + store + hooks, gzipped". */
  metric: string;
  value: number;
  unit: string;
  /** The baseline measured in the same run, for a ratio. */
  baseline?: { name: string; value: number };
  /** The target from the issue, e.g. "≤ 1.5× baseline" or "≤ 6144 B". */
  target?: string;
  /** Whether the value meets the target, when there is one. */
  met?: boolean;
  /** Anything a reader needs to interpret the figure. */
  note?: string;
}

/** The ratio of a row to its baseline, or undefined. */
export function ratio(row: BenchRow): number | undefined {
  return row.baseline && row.baseline.value > 0 ? row.value / row.baseline.value : undefined;
}

const format = (value: number) =>
  Number.isInteger(value) ? String(value) : value.toFixed(value < 10 ? 2 : 1);

/** A Markdown table of the rows. */
export function markdownTable(rows: readonly BenchRow[]): string {
  const lines = [
    '| benchmark | metric | value | baseline (same run) | ratio | target | met |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const row of rows) {
    const r = ratio(row);
    lines.push(
      [
        row.group,
        row.metric + (row.note ? ` (${row.note})` : ''),
        `${format(row.value)} ${row.unit}`,
        row.baseline ? `${row.baseline.name}: ${format(row.baseline.value)} ${row.unit}` : '',
        r === undefined ? '' : `${r.toFixed(2)}×`,
        row.target ?? '',
        row.met === undefined ? '' : row.met ? 'yes' : 'no',
      ]
        .join(' | ')
        .replace(/^/, '| ')
        .concat(' |'),
    );
  }
  return lines.join('\n');
}
