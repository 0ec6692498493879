// The harness's own benchmark: do two runs of unchanged code tell the same story? For benches with a
// median of at least a microsecond, the share whose per-target medians agree within ±10%, and the
// share whose ratios between targets (each against the reference target) agree within ±5%. Used
// by `npm run bench:stability` on two fresh runs, and on fork subsets of runs already made, which
// is how the schedule's forks and rounds were chosen (README, "How a run is scheduled").
import { calibrationReference, markDrift } from './drift.ts';
import { medianOf } from './intervals.ts';
import { ratioBetween, type RatioOptions } from './paired.ts';
import { buildColumns, type Column } from './pool.ts';
import type { LoadedRun } from './runs.ts';

export interface StabilityOptions {
  /** Benches below this median (ns, in either run) are left out: their figures are timer-bound. */
  minNs?: number;
  medianTolerance?: number;
  ratioTolerance?: number;
  /** The target ratios are formed against (default: the first column, node when present). */
  reference?: string;
  ratio?: RatioOptions;
  /** Drift threshold for marking (and setting aside) noisy measurements; 0 turns it off. */
  driftThreshold?: number;
}

export interface Share {
  within: number;
  of: number;
  /** |change| per bench, for the spread (median and 90th percentile). */
  changes: number[];
  /** Benches outside the tolerance, worst first: id and change. */
  outliers: Array<{ id: string; change: number }>;
}

export interface StabilityReport {
  benches: string[];
  medians: Map<string, Share>;
  /** Keyed "target/reference". */
  ratios: Map<string, Share>;
  /**
   * Per target: the machine's pace, its calibration median in the second set over the first (null
   * where either has no calibration), and the medians' share once each second figure is divided by
   * it: what agrees when the machine's own change of speed between the runs is taken out. A
   * diagnostic beside `medians`, not a replacement: the goals are on the figures as measured.
   */
  pace: Map<string, { factor: number; medians: Share } | null>;
  options: Required<Omit<StabilityOptions, 'reference' | 'ratio'>> & { reference: string };
}

function share(changes: Array<{ id: string; change: number }>, tolerance: number): Share {
  const outliers = changes.filter((c) => Math.abs(c.change) > tolerance).sort((a, b) => Math.abs(b.change) - Math.abs(a.change));
  return { within: changes.length - outliers.length, of: changes.length, changes: changes.map((c) => Math.abs(c.change)), outliers };
}

/** Columns of a set of runs, drift-marked, keyed by target label. */
export function columnsOf(runs: readonly LoadedRun[], driftThreshold: number): Map<string, Column> {
  const columns = buildColumns(runs);
  if (driftThreshold > 0) markDrift(columns, driftThreshold);
  return new Map(columns.map((c) => [c.target, c]));
}

/** How far two sets of columns (two runs, or two fork subsets) agree. */
export function stabilityBetween(first: ReadonlyMap<string, Column>, second: ReadonlyMap<string, Column>, options: StabilityOptions = {}): StabilityReport {
  const minNs = options.minNs ?? 1000;
  const medianTolerance = options.medianTolerance ?? 0.1;
  const ratioTolerance = options.ratioTolerance ?? 0.05;
  const driftThreshold = options.driftThreshold ?? 0;
  const targets = [...first.keys()].filter((t) => second.has(t));
  const reference = options.reference ?? targets[0] ?? '';
  const ids = new Set<string>();
  for (const t of targets) for (const id of first.get(t)!.benches.keys()) if (second.get(t)!.benches.has(id)) ids.add(id);
  // A bench counts when every target has it in both and its medians are ≥ minNs everywhere.
  const benches = [...ids].filter((id) =>
    targets.every((t) => {
      const a = first.get(t)!.benches.get(id);
      const b = second.get(t)!.benches.get(id);
      return a !== undefined && b !== undefined && a.median.estimate >= minNs && b.median.estimate >= minNs;
    }),
  );
  // A target's medians, second over first, with the second divided by `pace` (1: as measured).
  const medianShare = (t: string, pace: number) =>
    share(
      benches.map((id) => ({ id, change: second.get(t)!.benches.get(id)!.median.estimate / pace / first.get(t)!.benches.get(id)!.median.estimate - 1 })),
      medianTolerance,
    );
  const medians = new Map<string, Share>(targets.map((t) => [t, medianShare(t, 1)]));
  const pace = new Map<string, { factor: number; medians: Share } | null>();
  for (const t of targets) {
    const before = calibrationReference(first.get(t)!);
    const after = calibrationReference(second.get(t)!);
    const factor = before === null || after === null || !(before > 0) ? null : after / before;
    pace.set(t, factor === null ? null : { factor, medians: medianShare(t, factor) });
  }
  const ratios = new Map<string, Share>();
  for (const t of targets) {
    if (t === reference || !first.has(reference)) continue;
    const changes = benches.map((id) => {
      const r1 = ratioBetween(first.get(t)!.benches.get(id)!, first.get(reference)!.benches.get(id)!, options.ratio).estimate;
      const r2 = ratioBetween(second.get(t)!.benches.get(id)!, second.get(reference)!.benches.get(id)!, options.ratio).estimate;
      return { id, change: r2 / r1 - 1 };
    });
    ratios.set(`${t}/${reference}`, share(changes, ratioTolerance));
  }
  return { benches, medians, ratios, pace, options: { minNs, medianTolerance, ratioTolerance, driftThreshold, reference } };
}

function percent(x: number): string {
  return `${(x * 100).toFixed(0)}%`;
}

function spread(changes: readonly number[]): string {
  if (changes.length === 0) return '';
  const sorted = [...changes].sort((a, b) => a - b);
  return `median |change| ${(medianOf(sorted) * 100).toFixed(1)}%, p90 ${(sorted[Math.floor(0.9 * (sorted.length - 1))]! * 100).toFixed(1)}%`;
}

/** One share as a line: what agreed, how many, the spread and the worst benches. */
function shareLine(what: string, name: string, s: Share, showOutliers: number): string {
  const worst = s.outliers
    .slice(0, showOutliers)
    .map((o) => `${o.id} ${(o.change * 100).toFixed(0)}%`)
    .join(', ');
  return `${what} ${name.padEnd(12)} ${s.within}/${s.of} = ${percent(s.within / Math.max(1, s.of))} (${spread(s.changes)})${worst ? `; worst: ${worst}` : ''}`;
}

/** The report as lines: one per target and per ratio, with the worst benches. */
export function renderStability(report: StabilityReport, showOutliers = 3): string {
  const { medianTolerance, ratioTolerance, minNs } = report.options;
  const lines = [`${report.benches.length} bench(es) with a median ≥ ${minNs} ns on every target in both`];
  for (const [t, s] of report.medians) lines.push(shareLine(`medians within ±${percent(medianTolerance)} `, t, s, showOutliers));
  for (const [pair, s] of report.ratios) lines.push(shareLine(`ratios within ±${percent(ratioTolerance)}  `, pair, s, showOutliers));
  const paced = [...report.pace].filter((entry): entry is [string, { factor: number; medians: Share }] => entry[1] !== null);
  if (paced.length > 0) {
    const factors = paced.map(([t, p]) => `${t} ×${p.factor.toFixed(3)}`).join(', ');
    const shares = paced.map(([t, p]) => `${t} ${percent(p.medians.within / Math.max(1, p.medians.of))}`).join(', ');
    lines.push(
      `machine pace (calibration, second over first): ${factors}; medians within ±${percent(medianTolerance)} with that taken out: ${shares} (a diagnostic; the shares above are as measured)`,
    );
  }
  return lines.join('\n');
}
