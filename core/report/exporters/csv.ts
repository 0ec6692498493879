// Exports the comparison as CSV (RFC 4180: comma-separated, CRLF line ends, a field quoted when it
// holds a comma, a quote or a line break): one row per target and bench, every figure raw (ns,
// ratios, fractions), for spreadsheets and data frames. Quoting is the three lines below rather than
// a library: nothing else of CSV is needed here.
import type { ComparisonReport } from '../compare.ts';
import type { Exporter } from './exporter.ts';

const COLUMNS = [
  'suite',
  'bench',
  'target',
  'host',
  'runtime',
  'version',
  'forks',
  'median_ns',
  'median_low_ns',
  'median_high_ns',
  'rank',
  'ratio_to_fastest',
  'ratio_low',
  'ratio_high',
  'noise_band',
  'status',
  'target_ns',
  'noisy',
  'measurements',
  'change',
  'change_low',
  'change_high',
  'change_verdict',
  'change_against',
] as const;

function field(value: string | number | null): string {
  if (value === null || (typeof value === 'number' && !Number.isFinite(value))) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvExporter: Exporter = {
  format: 'csv',
  render(report: ComparisonReport): string {
    const lines = [COLUMNS.join(',')];
    for (const row of report.rows) {
      row.cells.forEach((cell, i) => {
        if (cell === null) return;
        const column = report.columns[i]!;
        const { median } = cell.bench;
        const target = cell.status.target;
        const values: Record<(typeof COLUMNS)[number], string | number | null> = {
          suite: row.suite,
          bench: row.id,
          target: column.label,
          host: column.host,
          runtime: column.runtime,
          version: column.versions.join('/'),
          forks: median.n,
          median_ns: median.estimate,
          median_low_ns: median.low,
          median_high_ns: median.high,
          rank: cell.rank,
          ratio_to_fastest: cell.ratio?.estimate ?? null,
          ratio_low: cell.ratio?.low ?? null,
          ratio_high: cell.ratio?.high ?? null,
          noise_band: cell.band.value,
          status: cell.status.level,
          target_ns: target?.metric === 'time' ? target.target : null,
          noisy: cell.noisy,
          measurements: cell.bench.observations.length,
          change: cell.change === null ? null : cell.change.ratio.estimate - 1,
          change_low: cell.change === null ? null : cell.change.ratio.low - 1,
          change_high: cell.change === null ? null : cell.change.ratio.high - 1,
          change_verdict: cell.change?.verdict ?? null,
          change_against: cell.change?.runId ?? null,
        };
        lines.push(COLUMNS.map((c) => field(values[c])).join(','));
      });
    }
    return `${lines.join('\r\n')}\r\n`;
  },
};
