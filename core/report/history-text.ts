// History as text (`npm run bench:history`): per testbed, each bench's median per target as a
// sparkline over the runs (a column per run, blank where the target did not measure it), its first
// and last figure, and the change points under the line (▲ a step up, ▼ down) with their size.
import stringWidth from 'string-width';
import { formatNs, formatPercent } from './format.ts';
import { medianOf } from './intervals.ts';
import type { HistorySeries, TestbedHistory } from './history.ts';

const BLOCKS = '▁▂▃▄▅▆▇█';

/**
 * One character per run of the testbed: the series' median scaled between its own lowest and
 * highest (the shape of its history), on a log scale spanning at least twice the noise band each way
 * around its middle, so wobble inside the band stays in the middle blocks.
 */
export function sparkline(series: HistorySeries, runs: number): string {
  const values = series.points.map((p) => Math.log(p.median));
  const middle = medianOf(values);
  const span = 2 * Math.log(1 + series.band);
  const low = Math.min(...values, middle - span);
  const high = Math.max(...values, middle + span);
  const cells = Array.from({ length: runs }, () => ' ');
  for (const p of series.points) cells[p.run] = high === low ? BLOCKS[3]! : BLOCKS[Math.min(7, Math.floor(((Math.log(p.median) - low) / (high - low)) * 8))]!;
  return cells.join('');
}

function changeLine(series: HistorySeries, runs: number): string {
  const cells = Array.from({ length: runs }, () => ' ');
  for (const c of series.changes) cells[series.points[c.point]!.run] = c.step > 0 ? '▲' : '▼';
  return cells.join('').trimEnd();
}

function changeText(series: HistorySeries): string {
  return series.changes
    .map((c) => `${c.step > 0 ? '▲' : '▼'} ${formatPercent(c.step)} at ${c.runId}${c.confirmed ? '' : ' (last run, unconfirmed)'}`)
    .join(', ');
}

/** The history of one testbed as text lines; `width` cuts the sparklines to the newest runs that fit. */
export function renderHistory(history: TestbedHistory, options: { width?: number; otherTestbeds?: string[] } = {}): string {
  const width = options.width ?? 120;
  const runs = history.runs.length;
  const first = history.runs[0];
  const last = history.runs.at(-1);
  const lines = [
    `testbed: ${history.testbed}`,
    `${runs} run(s)${first === undefined ? '' : `, ${first.startedAt.slice(0, 16).replace('T', ' ')} to ${last!.startedAt.slice(0, 16).replace('T', ' ')} (UTC)`}; one column per run, oldest first; ▲/▼ a step beyond the noise band (a change point)`,
  ];
  for (const other of options.otherTestbeds ?? []) lines.push(`(not mixed in: ${other})`);
  const nameWidth = Math.max(4, ...history.benches.flatMap((b) => b.series.map((s) => stringWidth(s.target))));
  const indent = ' '.repeat(nameWidth + 4);
  // Room for the numbers after the line: "1.10 ms → 1.32 ms (+20.0%)".
  const shown = Math.min(runs, Math.max(8, width - indent.length - 32));
  const skip = runs - shown;
  if (skip > 0) lines.push(`(the ${skip} oldest run(s) do not fit in ${width} columns: widen the terminal or set COLUMNS)`);
  let suite: string | null = null;
  for (const bench of history.benches) {
    if (bench.suite !== suite) {
      suite = bench.suite;
      lines.push('', `── ${suite}`);
    }
    lines.push(bench.id);
    for (const series of bench.series) {
      const firstPoint = series.points[0]!;
      const lastPoint = series.points.at(-1)!;
      const figures =
        series.points.length === 1
          ? `${formatNs(lastPoint.median)} (one run)`
          : `${formatNs(firstPoint.median)} → ${formatNs(lastPoint.median)} (${formatPercent(lastPoint.median / firstPoint.median - 1)})`;
      lines.push(`  ${series.target.padEnd(nameWidth)}  ${sparkline(series, runs).slice(skip)}  ${figures}`);
      if (series.changes.length > 0) lines.push(`${indent}${changeLine(series, runs).slice(skip).padEnd(shown)}  ${changeText(series)}`);
    }
  }
  return lines.join('\n');
}
