// The report's charts, drawn by Observable Plot into SVG on a linkedom document (no browser needed;
// the page then carries the SVG inline). Axes and labels use currentColor, so the page's light or dark
// text colour carries over; each target keeps its colour from palette.ts; times are shown in the unit
// that suits the bench (ns, µs, ms, s).
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import type { Cell, ComparisonReport, Row } from '../core/report/compare.ts';
import { formatNs, formatRatio, timeUnitFor } from '../core/report/format.ts';
import type { BenchHistory, TestbedHistory } from '../core/report/history.ts';

const { document } = parseHTML('<!doctype html><html><body></body></html>');

/** Plot's result as markup. */
function markup(chart: Element): string {
  return chart.outerHTML;
}

/** Fixed class names keep the output the same from run to run (Plot otherwise derives one per chart). */
const CLASS = 'plot';

/** A color scale mapping target labels to their colours. */
function targetScale(colours: ReadonlyMap<string, string>): Plot.ScaleOptions {
  return { domain: [...colours.keys()], range: [...colours.values()] };
}

/**
 * One bench: per target its median over forks (a dot), the median's interval (a bar) and every
 * fork's own median (small rings: hollow where the measurement was noisy), on a time axis in the
 * bench's unit.
 */
export function benchChart(report: ComparisonReport, row: Row, colours: ReadonlyMap<string, string>): string {
  const cells = row.cells.map((cell, i) => ({ cell, label: report.columns[i]!.label })).filter((x): x is { cell: Cell; label: string } => x.cell !== null);
  const unit = timeUnitFor(Math.min(...cells.map((c) => c.cell.bench.median.estimate)));
  const scaled = (ns: number) => ns / unit.ns;
  const medians = cells.map(({ cell, label }) => ({
    label,
    median: scaled(cell.bench.median.estimate),
    low: scaled(Number.isFinite(cell.bench.median.low) ? cell.bench.median.low : cell.bench.median.estimate),
    high: scaled(Number.isFinite(cell.bench.median.high) ? cell.bench.median.high : cell.bench.median.estimate),
    title: `${label}: ${formatNs(cell.bench.median.estimate)} (median of ${cell.bench.median.n} fork${cell.bench.median.n === 1 ? '' : 's'})${cell.ratio === null ? '' : `, ${formatRatio(cell.ratio.estimate)} the fastest`}`,
  }));
  const forks = cells.flatMap(({ cell, label }) =>
    cell.bench.observations.map((o) => ({
      label,
      value: scaled(o.p50),
      noisy: o.noisy,
      title: `${label} fork ${o.fork}: ${formatNs(o.p50)}${o.noisy ? ' (noisy)' : ''}`,
    })),
  );
  const labels = cells.map((c) => c.label);
  return markup(
    Plot.plot({
      document,
      className: CLASS,
      width: 440,
      height: 34 + 24 * labels.length,
      marginLeft: 96,
      marginRight: 16,
      x: { label: `median time (${unit.unit}) →`, grid: true, nice: true },
      y: { label: null, domain: labels },
      color: targetScale(colours),
      marks: [
        Plot.ruleY(medians, { y: 'label', x1: 'low', x2: 'high', stroke: 'label', strokeWidth: 4, strokeOpacity: 0.35, className: 'interval' }),
        Plot.dot(forks, {
          y: 'label',
          x: 'value',
          stroke: 'label',
          r: 3,
          fill: 'label',
          fillOpacity: (d) => (d.noisy ? 0 : 0.35),
          title: 'title',
          className: 'fork',
        }),
        Plot.dot(medians, { y: 'label', x: 'median', fill: 'label', r: 5.5, stroke: 'currentColor', strokeWidth: 0.75, title: 'title', className: 'median' }),
      ],
    }) as unknown as Element,
  );
}

/** Thresholds of the ratio heatmap: within the default noise band, then ever slower. */
const RATIO_STEPS = [1.03, 1.1, 1.25, 1.5, 2, 3];

/** Bench × target: each cell's time over the row's fastest (★ the fastest), coloured by how much slower. */
export function ratioHeatmap(report: ComparisonReport): string {
  const labels = report.columns.map((c) => c.label);
  const cells = report.rows.flatMap((row) =>
    row.cells.flatMap((cell, i) => {
      if (cell === null) return [];
      const ratio = cell.ratio?.estimate ?? 1;
      const text =
        cell.rank === 'fastest' || cell.rank === 'tie' || cell.rank === 'unclear' || cell.rank === 'only'
          ? '★'
          : cell.rank === 'same'
            ? '≈'
            : `${cell.rank === 'unsure' ? '?' : ''}${formatRatio(ratio)}`;
      return [
        {
          bench: row.id,
          target: labels[i]!,
          ratio,
          text,
          title: `${row.id} on ${labels[i]}: ${formatNs(cell.bench.median.estimate)}${cell.ratio === null ? ' (the fastest)' : `, ${formatRatio(ratio)} the fastest (${cell.rank})`}`,
        },
      ];
    }),
  );
  return markup(
    Plot.plot({
      document,
      className: CLASS,
      width: Math.max(360, 200 + 110 * labels.length),
      height: 60 + 18 * report.rows.length,
      marginLeft: 200,
      marginTop: 40,
      x: { label: null, domain: labels, axis: 'top' },
      y: { label: null, domain: report.rows.map((r) => r.id) },
      color: {
        type: 'threshold',
        domain: RATIO_STEPS,
        scheme: 'YlOrRd',
        legend: true,
        label: "time over the row's fastest",
        tickFormat: (d: number) => `${d}×`,
      },
      marks: [
        Plot.cell(cells, { x: 'target', y: 'bench', fill: 'ratio', inset: 0.5, title: 'title', className: 'ratio' }),
        Plot.text(cells, { x: 'target', y: 'bench', text: 'text', fill: (d) => (d.ratio >= 2 ? 'white' : 'black'), fontSize: 10 }),
      ],
    }) as unknown as Element,
  );
}

/** One bench over the runs of a testbed: a line per target, change points ringed (▲ up, ▼ down). */
export function historyChart(history: TestbedHistory, bench: BenchHistory, colours: ReadonlyMap<string, string>): string {
  const unit = timeUnitFor(Math.min(...bench.series.flatMap((s) => s.points.map((p) => p.median))));
  const at = (run: number) => new Date(history.runs[run]!.startedAt);
  const points = bench.series.flatMap((s) =>
    s.points.map((p) => ({
      target: s.target,
      when: at(p.run),
      median: p.median / unit.ns,
      title: `${s.target}, ${p.runId}: ${formatNs(p.median)} (${p.forks} fork(s), ${p.version})`,
    })),
  );
  const changes = bench.series.flatMap((s) =>
    s.changes.map((c) => {
      const p = s.points[c.point]!;
      return {
        target: s.target,
        when: at(p.run),
        median: p.median / unit.ns,
        mark: c.step > 0 ? '▲' : '▼',
        title: `${s.target}: ${c.step > 0 ? 'up' : 'down'} ${(c.step * 100).toFixed(1)}% at ${c.runId}${c.confirmed ? '' : ' (last run, unconfirmed)'}`,
      };
    }),
  );
  const domain = bench.series.map((s) => s.target);
  return markup(
    Plot.plot({
      document,
      className: CLASS,
      width: 440,
      height: 200,
      marginLeft: 56,
      marginRight: 16,
      x: { label: null, type: 'utc', ticks: 4, tickFormat: '%m-%d %H:%M' },
      y: { label: `↑ median time (${unit.unit})`, grid: true, nice: true },
      color: { domain, range: domain.map((t) => colours.get(t) ?? '#888888'), legend: false },
      marks: [
        Plot.line(points, { x: 'when', y: 'median', stroke: 'target', strokeWidth: 1.5 }),
        Plot.dot(points, { x: 'when', y: 'median', fill: 'target', r: 2.5, title: 'title', className: 'run' }),
        Plot.dot(changes, { x: 'when', y: 'median', stroke: 'target', r: 7, strokeWidth: 2, title: 'title', className: 'change-point' }),
        Plot.text(changes, { x: 'when', y: 'median', text: 'mark', dy: -13, fill: 'currentColor', fontSize: 11 }),
      ],
    }) as unknown as Element,
  );
}
