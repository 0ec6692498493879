// Exports the comparison as JSON: every figure in nanoseconds/bytes, no formatting.
import type { ComparisonReport } from '../compare.ts';
import type { Exporter } from './exporter.ts';

export const jsonExporter: Exporter = {
  format: 'json',
  render(report: ComparisonReport): string {
    const rows = report.rows.map((row) => ({
      suite: row.suite,
      id: row.id,
      results: Object.fromEntries(
        row.cells.flatMap((cell, i) => {
          if (cell === null) return [];
          const b = cell.bench;
          return [
            [
              report.columns[i]!.label,
              {
                median_ns: b.median.estimate,
                median_low_ns: b.median.low,
                median_high_ns: b.median.high,
                observations: b.observations.map((o) => ({
                  fork: o.fork,
                  round: o.round,
                  position: o.position,
                  median_ns: o.p50,
                  started_at: o.startedAt,
                  calibration_slowdown: o.slowdown,
                  noisy: o.noisy,
                })),
                pooled_median_ns: b.p50,
                p25_ns: b.p25,
                p75_ns: b.p75,
                mean_ns: b.mean,
                std_dev_ns: b.stdDev,
                min_ns: b.min,
                max_ns: b.max,
                samples: b.samples,
                rounds: b.rounds,
                rank: cell.rank,
                ratio_to_fastest: cell.ratio,
                noise_band: cell.band,
                noisy: cell.noisy,
                extra: b.extra,
                status: cell.status.level,
                status_value: cell.status.value,
                target: cell.status.target,
                change: cell.change,
              },
            ],
          ];
        }),
      ),
    }));
    return JSON.stringify({ columns: report.columns, rows }, null, 2);
  },
};
