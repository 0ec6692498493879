// Exports the comparison for github-action-benchmark's `customSmallerIsBetter` tool: a JSON array of
// { name, unit, value, range?, extra? } (its BenchmarkResult), one entry per target and bench (the
// median over forks in ns), and one per memory figure where a suite measures one (bytes).
import type { ComparisonReport } from '../compare.ts';
import { formatNsRange } from '../format.ts';
import { columnHeader, rankText, statusText, type Exporter } from './exporter.ts';

/** One entry of github-action-benchmark's input (src/extract.ts, BenchmarkResult). */
interface BenchmarkResult {
  name: string;
  unit: string;
  value: number;
  range?: string;
  extra?: string;
}

/** "± 12300": the larger half of the median's interval in the value's unit, as the action's own extractors write ranges. */
function range(estimate: number, low: number, high: number): string | undefined {
  if (!Number.isFinite(low) || !Number.isFinite(high) || low === high) return undefined;
  return `± ${Number(Math.max(high - estimate, estimate - low).toPrecision(3))}`;
}

export const githubBenchmarkExporter: Exporter = {
  format: 'github-benchmark',
  render(report: ComparisonReport): string {
    const results: BenchmarkResult[] = [];
    for (const row of report.rows) {
      row.cells.forEach((cell, i) => {
        if (cell === null) return;
        const column = report.columns[i]!;
        const { estimate, low, high, n } = cell.bench.median;
        const lines = [
          `${columnHeader(report, i)} · ${row.suite}`,
          n > 1 ? `median of ${n} fork medians, interval ${formatNsRange(low, high, estimate)}` : 'one fork',
          ...(cell.rank === 'only' ? [] : [`against the fastest: ${rankText(cell)}`]),
          `status: ${statusText(cell)}`,
        ];
        if (cell.noisy > 0) lines.push(`${cell.noisy} of ${cell.bench.observations.length} measurements noisy`);
        const entry: BenchmarkResult = { name: `${column.label}/${row.id}`, unit: 'ns', value: estimate };
        const r = range(estimate, low, high);
        if (r !== undefined) entry.range = r;
        entry.extra = lines.join('\n');
        results.push(entry);
        const peak = cell.bench.extra.bytesPeak;
        if (typeof peak === 'number')
          results.push({ name: `${column.label}/${row.id} (peak memory)`, unit: 'bytes', value: peak, extra: `${columnHeader(report, i)} · ${row.suite}` });
      });
    }
    return JSON.stringify(results, null, 2);
  },
};
