// Exports the comparison in Bencher Metric Format (bencher.dev), one benchmark per runtime and id.
import type { ComparisonReport } from '../compare.ts';
import type { Exporter } from './exporter.ts';

export const bmfExporter: Exporter = {
  format: 'bmf',
  render(report: ComparisonReport): string {
    const metrics: Record<string, Record<string, { value: number; lower_value?: number; upper_value?: number }>> = {};
    for (const row of report.rows) {
      row.cells.forEach((cell, i) => {
        if (cell === null) return;
        const b = cell.bench;
        const entry: (typeof metrics)[string] = { latency: { value: b.median.estimate, lower_value: b.median.low, upper_value: b.median.high } };
        if (typeof b.extra.linesPerSecond === 'number') entry.throughput = { value: b.extra.linesPerSecond };
        if (typeof b.extra.bytesPeak === 'number') entry.peak_bytes = { value: b.extra.bytesPeak };
        metrics[`${report.columns[i]!.label}/${row.id}`] = entry;
      });
    }
    return JSON.stringify(metrics, null, 2);
  },
};
