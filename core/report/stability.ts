// The harness's own benchmark: do two runs of unchanged code tell the same story? For benches with a
// median of at least a microsecond, the share whose per-target medians agree within ±10%, and the
// share whose ratios between targets (each against the reference target) agree within ±5%. Used
// by `npm run bench:stability` on two fresh runs, and on fork subsets of runs already made, which
// is how the schedule's forks and rounds were chosen (README, "How a run is scheduled").
import { CATALOGUE } from '../catalogue.ts';
import { calibrationReference, markDrift } from './drift.ts';
import { logHalfWidth, medianOf, type Interval } from './intervals.ts';
import { pairObservations, ratioBetween, type RatioOptions } from './paired.ts';
import { buildColumns, type Column } from './pool.ts';
import type { RunManifestView } from './run-index.ts';
import type { LoadedRun } from './runs.ts';
import { normalUpperTail, sampleSd } from './stats.ts';

/** The issue's goal for the ratios: this share of benches within the tolerance, run to run. */
export const RATIO_GOAL = 0.9;
/** The floor and tolerances the goals are stated with (README, "Goals"), and the defaults. */
export const STABILITY_DEFAULTS = { minNs: 1000, medianTolerance: 0.1, ratioTolerance: 0.05 } as const;

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
  /** Keyed like `ratios`: whether the ratios' intervals account for how far the two runs differ. */
  intervals: Map<string, IntervalAgreement>;
  /** Keyed like `ratios`: what more forks would buy, projected from the forks' spread. */
  projections: Map<string, ForkProjection>;
  options: Required<Omit<StabilityOptions, 'reference' | 'ratio'>> & { reference: string };
}

/**
 * Do the ratios' intervals hold what the second run found? Over the benches whose ratio has an
 * interval in both runs: how many differ between the runs by less than the two intervals' half-widths
 * combined (on the log scale, each on the side facing the other estimate, added in quadrature: the
 * interval of a difference of two independent estimates), and how many second-run ratios fall inside
 * the first run's interval. With honest 95% intervals the first share is about 95% or more and the
 * second about 83% (two equally precise estimates, normal errors) or more; shares well below say the
 * intervals understate the noise between runs.
 */
export interface IntervalAgreement {
  consistent: number;
  inside: number;
  of: number;
  /** Each first-run interval's half-width (log scale), for the typical width. */
  halfWidths: number[];
}

/** The two runs' ratio estimates of each bench (with intervals), into an IntervalAgreement. */
export function intervalAgreement(pairs: ReadonlyArray<readonly [Interval, Interval]>): IntervalAgreement {
  const result: IntervalAgreement = { consistent: 0, inside: 0, of: 0, halfWidths: [] };
  for (const [first, second] of pairs) {
    const width = logHalfWidth(first);
    if (width === null || logHalfWidth(second) === null) continue;
    const d = Math.log(second.estimate / first.estimate);
    const h1 = d >= 0 ? Math.log(first.high / first.estimate) : Math.log(first.estimate / first.low);
    const h2 = d >= 0 ? Math.log(second.estimate / second.low) : Math.log(second.high / second.estimate);
    result.of++;
    if (Math.abs(d) <= Math.hypot(h1, h2)) result.consistent++;
    if (second.estimate >= first.low && second.estimate <= first.high) result.inside++;
    result.halfWidths.push(width);
  }
  return result;
}

/**
 * What the forks' spread says about the ratio goal: each bench's spread between forks (the standard
 * deviation of its forks' log ratios, pooled over both runs), the forks a bench had, and the forks a
 * bench would need for `goal` of benches to agree within the tolerance (null: more than
 * MAX_PROJECTED_FORKS). A projection under a simple model (projectedShare), not a measurement: it
 * leaves out whatever moves a whole run (the sitting), so it errs on the hopeful side; and it models
 * a mean, which one slowed fork drags, where a ratio of three or four forks is their median (paired.ts),
 * so at three forks it can read below what is measured.
 */
export interface ForkProjection {
  spreads: number[];
  /** Forks per bench in these runs: the mean over benches and both runs. */
  forks: number;
  goal: number;
  forksForGoal: number | null;
}

export const MAX_PROJECTED_FORKS = 200;

/**
 * The share of benches whose figure two runs of `forks` forks each would put within ±tolerance of
 * each other, if each run's figure were the mean of its forks' logs, normally spread with the bench's
 * spread σ: the mean over benches of P(|N(0, 2σ²/forks)| < ln(1 + tolerance)).
 */
export function projectedShare(spreads: readonly number[], forks: number, tolerance: number): number {
  if (spreads.length === 0) return NaN;
  const limit = Math.log(1 + tolerance);
  let sum = 0;
  for (const sigma of spreads) sum += sigma === 0 ? 1 : 1 - 2 * normalUpperTail(limit / (sigma * Math.sqrt(2 / forks)));
  return sum / spreads.length;
}

/** Each bench's spread of log ratios over forks, pooled over the runs (variances weighted by degrees of freedom). */
function forkProjection(benches: ReadonlyArray<ReadonlyArray<readonly number[]>>, tolerance: number, goal: number): ForkProjection {
  const spreads: number[] = [];
  let forks = 0;
  let cells = 0;
  for (const runs of benches) {
    let squares = 0;
    let df = 0;
    for (const logs of runs) {
      forks += logs.length;
      cells++;
      if (logs.length < 2) continue;
      squares += sampleSd(logs) ** 2 * (logs.length - 1);
      df += logs.length - 1;
    }
    if (df > 0) spreads.push(Math.sqrt(squares / df));
  }
  let forksForGoal: number | null = null;
  for (let n = 1; n <= MAX_PROJECTED_FORKS && spreads.length > 0; n++) {
    if (projectedShare(spreads, n, tolerance) >= goal) {
      forksForGoal = n;
      break;
    }
  }
  return { spreads, forks: cells === 0 ? 0 : forks / cells, goal, forksForGoal };
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
  const minNs = options.minNs ?? STABILITY_DEFAULTS.minNs;
  const medianTolerance = options.medianTolerance ?? STABILITY_DEFAULTS.medianTolerance;
  const ratioTolerance = options.ratioTolerance ?? STABILITY_DEFAULTS.ratioTolerance;
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
  const intervals = new Map<string, IntervalAgreement>();
  const projections = new Map<string, ForkProjection>();
  const forkLogs = (set: ReadonlyMap<string, Column>, t: string, id: string) =>
    pairObservations(set.get(t)!.benches.get(id)!.observations, set.get(reference)!.benches.get(id)!.observations).map(([x, y]) => Math.log(x.p50 / y.p50));
  for (const t of targets) {
    if (t === reference || !first.has(reference)) continue;
    const estimates = benches.map(
      (id) =>
        [
          ratioBetween(first.get(t)!.benches.get(id)!, first.get(reference)!.benches.get(id)!, options.ratio),
          ratioBetween(second.get(t)!.benches.get(id)!, second.get(reference)!.benches.get(id)!, options.ratio),
        ] as const,
    );
    ratios.set(
      `${t}/${reference}`,
      share(
        estimates.map(([r1, r2], i) => ({ id: benches[i]!, change: r2.estimate / r1.estimate - 1 })),
        ratioTolerance,
      ),
    );
    intervals.set(`${t}/${reference}`, intervalAgreement(estimates));
    projections.set(
      `${t}/${reference}`,
      forkProjection(
        benches.map((id) => [forkLogs(first, t, id), forkLogs(second, t, id)]),
        ratioTolerance,
        RATIO_GOAL,
      ),
    );
  }
  return { benches, medians, ratios, pace, intervals, projections, options: { minNs, medianTolerance, ratioTolerance, driftThreshold, reference } };
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
  for (const [pair, a] of report.intervals) {
    if (a.of === 0) continue;
    const width = medianOf(a.halfWidths);
    lines.push(
      `ratio intervals ${pair}: the runs differ by less than their combined intervals on ${a.consistent}/${a.of} = ${percent(a.consistent / a.of)}, ` +
        `the second run's ratio inside the first's interval on ${a.inside}/${a.of} = ${percent(a.inside / a.of)} ` +
        `(honest intervals: about 95% and 83% or more); median interval ±${((Math.exp(width) - 1) * 100).toFixed(1)}%`,
    );
  }
  for (const [pair, p] of report.projections) {
    if (p.spreads.length === 0) continue;
    const at = (n: number) => `${percent(projectedShare(p.spreads, n, ratioTolerance))} at ${n}`;
    const counts = [...new Set([Math.max(1, Math.round(p.forks)), 9, 20])].sort((a, b) => a - b);
    lines.push(
      `projection ${pair} (the forks' spread, both runs; hopeful: it leaves out what moves a whole run): within ±${percent(ratioTolerance)} on ` +
        `${counts.map(at).join(', ')} forks a bench (these runs: ${p.forks.toFixed(1)}); ${percent(p.goal)} at ` +
        `${p.forksForGoal === null ? `more than ${MAX_PROJECTED_FORKS}` : `about ${p.forksForGoal}`} forks`,
    );
  }
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

/** The medians' goal: this share of benches within the tolerance, run to run (README, "Goals"). */
export const MEDIAN_GOAL = 0.9;
/** The longest a run of the whole catalogue on node, bun and deno may take, per profile (README, "Goals"). */
export const RUN_TIME_GOAL_MS: Readonly<Record<string, number>> = { quick: 5 * 60_000, full: 15 * 60_000 };
const GOAL_RUNTIMES = ['node', 'bun', 'deno'];

/** One run of a stability pair as its manifest (run.json) describes it. */
export interface StabilityRun {
  profile: string | null;
  /** Its wall-clock time from start to end, null when the manifest has none. */
  durationMs: number | null;
  /** Runtimes of its targets. */
  runtimes: readonly string[];
  benches: readonly string[];
  /** Options it ran with besides its profile and run id (`--forks 2`): the goal is for the profile as it is. */
  options: readonly string[];
}

/** A run's options other than its profile and run id (what makes it another run than the profile). */
function beyondProfile(argv: readonly string[]): string[] {
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--profile' || argv[i] === '--run-id') i++;
    else if (!argv[i]!.startsWith('--profile=') && !argv[i]!.startsWith('--run-id=')) rest.push(argv[i]!);
  }
  return rest;
}

/** A run of a stability pair from its manifest (run-index.ts reads and checks it). */
export function stabilityRunOf(manifest: RunManifestView): StabilityRun {
  const start = Date.parse(manifest.startedAt ?? '');
  const end = Date.parse(manifest.endedAt ?? '');
  return {
    profile: manifest.profile ?? null,
    durationMs: Number.isFinite(start) && Number.isFinite(end) ? end - start : null,
    runtimes: (manifest.targets ?? []).map((t) => t.runtime),
    benches: manifest.benches,
    options: beyondProfile(manifest.argv ?? []),
  };
}

function minutes(ms: number): string {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/**
 * The goals of the README against a stability pair: ratios within ±5% and medians within ±10% on
 * ≥ 90% of the benches of 1 µs or more, and a run of the whole catalogue on node, bun and deno under
 * 5 minutes (quick) or 15 (full). A goal is judged only where the pair measured what it is about
 * (the tolerances and floor as the goals say; for the time, both runs of one profile over the whole
 * catalogue on those three runtimes); otherwise the line says why not.
 */
export function renderGoals(
  report: StabilityReport,
  runs: readonly StabilityRun[] | null,
  catalogue: readonly string[] = CATALOGUE.map((entry) => entry.id),
): string[] {
  const { medianTolerance, ratioTolerance, minNs } = report.options;
  const verdict = (met: boolean) => (met ? 'met' : 'not met');
  const lines: string[] = [];
  const d = STABILITY_DEFAULTS;
  if (medianTolerance !== d.medianTolerance || ratioTolerance !== d.ratioTolerance || minNs !== d.minNs) {
    lines.push('goals: the shares are not judged (the goals are for medians within ±10% and ratios within ±5% on benches of 1000 ns or more)');
  } else {
    const judge = (what: string, shares: Map<string, Share>, goal: number) => {
      const entries = [...shares].filter(([, s]) => s.of > 0);
      if (entries.length === 0) return;
      const met = entries.every(([, s]) => s.within / s.of >= goal);
      lines.push(`goal: ${what} on ≥ ${percent(goal)} of benches: ${verdict(met)} (${entries.map(([k, s]) => `${k} ${percent(s.within / s.of)}`).join(', ')})`);
    };
    judge('ratios within ±5%', report.ratios, RATIO_GOAL);
    judge('medians within ±10%', report.medians, MEDIAN_GOAL);
  }
  if (runs === null || runs.length === 0) return lines;
  const times = runs.map((r) => (r.durationMs === null ? 'unknown' : minutes(r.durationMs))).join(', ');
  const profile = runs[0]!.profile;
  const limit = profile === null ? undefined : RUN_TIME_GOAL_MS[profile];
  const why =
    limit === undefined || runs.some((r) => r.profile !== profile)
      ? 'the goal is for one profile, quick or full'
      : runs.some((r) => GOAL_RUNTIMES.some((rt) => !r.runtimes.includes(rt)) || r.runtimes.length !== GOAL_RUNTIMES.length)
        ? 'the goal is for node, bun and deno together'
        : runs.some((r) => catalogue.some((id) => !r.benches.includes(id)))
          ? 'the goal is for the whole catalogue'
          : runs.some((r) => r.options.length > 0)
            ? `the goal is for the profile as it is, not with ${[...new Set(runs.flatMap((r) => r.options))].join(' ')}`
            : runs.some((r) => r.durationMs === null)
              ? 'a run has no start and end in its manifest'
              : null;
  if (why !== null) lines.push(`run time: ${times} (not judged: ${why})`);
  else {
    const met = runs.every((r) => r.durationMs! < limit!);
    lines.push(`goal: a ${profile} run on node, bun and deno under ${limit! / 60_000} minutes: ${verdict(met)} (${times})`);
  }
  return lines;
}
