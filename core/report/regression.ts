// The regression gate: compares measured benches with baselines.json. A regression is
// a slowdown beyond the tolerance that is also significant (one-sided t-test); speed-ups never fail.
import { baselineRuntimes, type BaselinesFile } from '../record/baselines.ts';
import { calibrationReference } from './drift.ts';
import { formatNs, formatPercent } from './format.ts';
import { usableObservations, type Column } from './pool.ts';
import { runLevelPSlower, sampleSd, welchTest, type SampleSummary } from './stats.ts';

export const DEFAULT_TOLERANCE = 0.1;
/**
 * Default session spread for the runs method (see stats.runLevelPSlower): how far a whole sitting
 * moves on a shared machine, about 6% here (docs/decisions/regression-gate.md has the measurement).
 * `--drift 0` restores the bare run-level test for a quiet machine.
 */
export const DEFAULT_SESSION_DRIFT = 0.06;
/**
 * Family-wise significance level of the gate: each bench is tested at REGRESSION_ALPHA / (benches
 * compared) (Bonferroni), so unchanged code fails the whole gate with probability ≤ 1% however
 * many benches the baselines hold.
 */
export const REGRESSION_ALPHA = 0.01;
/**
 * Sample count assumed for a baseline entry without `samples` (hand-written, guide-shaped):
 * the smallest sample with a spread. Conservative: such a baseline then only fails the gate
 * when the slowdown is large against its standard deviation.
 */
export const ASSUMED_BASELINE_SAMPLES = 2;

export type Verdict = 'regression' | 'slower-not-significant' | 'within-tolerance' | 'faster' | 'not-measured';

/**
 * How a bench was judged. 'runs': the sample unit is a run (round) and the figure its median;
 * used when the baseline recorded ≥ 2 rounds, because on a shared machine whole runs drift far
 * more than samples within a run (two runs of unchanged code differed by +135% in cache_hit's
 * mean at p = 1e-8 per sample). 'samples': Welch's test on the means with the sample counts,
 * for guide-shaped baselines that only have mean and standard deviation.
 */
export type GateMethod = 'runs' | 'samples';

export interface GateFinding {
  /** Column label (runtime, or runtime@host). */
  column: string;
  runtime: string;
  id: string;
  method: GateMethod;
  /** Runs method: n = rounds, mean = median, sd = sd of the rounds' medians. Samples method: n, mean, sd of samples. As in the file. */
  baseline: SampleSummary;
  /** The factor the baseline was multiplied by before the comparison (its column's MachineScale; 1 when not scaled). */
  scale: number;
  current: SampleSummary | null;
  /** current / (baseline · scale) − 1 (medians for the runs method, means for the samples method). */
  change: number | null;
  /** One-sided p-value for "current is slower than baseline". */
  pSlower: number | null;
  verdict: Verdict;
}

export interface GateResult {
  findings: GateFinding[];
  regressions: GateFinding[];
  /** The level each bench was tested at: alpha / benches compared. */
  perBenchAlpha: number;
  /** Baseline runtimes that had no results to compare (not installed or not run). */
  skippedRuntimes: string[];
  tolerance: number;
  alpha: number;
  /** The session spread the runs method allowed for. */
  drift: number;
  /** Per column: how the machine's speed was accounted for (see MachineScale). */
  machine: MachineScale[];
}

/**
 * How fast the machine ran a column's calibration workload (core/bench/calibration.ts, timed
 * beside every bench) now against when the baselines were measured. On this shared VM whole
 * sittings move by 10–20% (docs/decisions/regression-gate.md, "the machine's pace"), and every bench
 * with them; the gate multiplies the baselines by `factor` so that such a move is not read as
 * the code's. `factor` is null when either side has no calibration (or scaling is turned off),
 * and `why` says which.
 */
export interface MachineScale {
  column: string;
  runtime: string;
  /** The calibration median of the baseline run and of the results (ns), where known. */
  baselineNs: number | null;
  currentNs: number | null;
  factor: number | null;
  /**
   * 'other-version': the runtime's version differs from the baselines' (the calibration runs on
   * the runtime, so its pace then measures the runtime too, not only the machine).
   */
  why: 'scaled' | 'off' | 'no-baseline-calibration' | 'no-current-calibration' | 'other-version';
}

export interface GateOptions {
  tolerance?: number;
  alpha?: number;
  /** Session spread (coefficient of variation) for the runs method; default DEFAULT_SESSION_DRIFT. */
  drift?: number;
  /** Scale the baselines by the machine's calibration now against then (default true; see MachineScale). */
  calibrate?: boolean;
}

/** The machine's speed now against the baselines' run, for one column. */
export function machineScale(baselines: BaselinesFile, column: Column, calibrate = true): MachineScale {
  const then = baselines._meta?.runtimes?.[column.runtime];
  const baselineNs = then?.calibrationNs ?? null;
  const currentNs = calibrationReference(column);
  const where = { column: column.label, runtime: column.runtime, baselineNs, currentNs };
  if (!calibrate) return { ...where, factor: null, why: 'off' };
  if (baselineNs === null) return { ...where, factor: null, why: 'no-baseline-calibration' };
  if (currentNs === null) return { ...where, factor: null, why: 'no-current-calibration' };
  if (then !== undefined && column.versions.some((version) => version !== then.version)) return { ...where, factor: null, why: 'other-version' };
  return { ...where, factor: currentNs / baselineNs, why: 'scaled' };
}

function scaled(summary: SampleSummary, factor: number): SampleSummary {
  return { n: summary.n, mean: summary.mean * factor, sd: summary.sd * factor };
}

function verdictFor(change: number, pSlower: number, tolerance: number, alpha: number): Verdict {
  if (change > tolerance) return pSlower < alpha ? 'regression' : 'slower-not-significant';
  return change < -tolerance ? 'faster' : 'within-tolerance';
}

/** Samples method: Welch on the means; `n < 2` on either side counts as 2. */
export function judge(
  baseline: SampleSummary,
  current: SampleSummary,
  tolerance: number,
  alpha: number,
): { change: number; pSlower: number; verdict: Verdict } {
  const change = current.mean / baseline.mean - 1;
  const pSlower = welchTest({ ...baseline, n: Math.max(2, baseline.n) }, { ...current, n: Math.max(2, current.n) }).pGreater;
  return { change, pSlower, verdict: verdictFor(change, pSlower, tolerance, alpha) };
}

/** Runs method: medians, with runs as the sample unit (see GateMethod and stats.runLevelPSlower). */
export function judgeRuns(
  baseline: SampleSummary,
  current: SampleSummary,
  tolerance: number,
  alpha: number,
  drift = DEFAULT_SESSION_DRIFT,
): { change: number; pSlower: number; verdict: Verdict } {
  const change = current.mean / baseline.mean - 1;
  const pSlower = runLevelPSlower(baseline, current, drift);
  return { change, pSlower, verdict: verdictFor(change, pSlower, tolerance, alpha) };
}

/** Compares every column whose runtime has a baseline section, for the ids in that section. */
export function regressionGate(baselines: BaselinesFile, columns: readonly Column[], options: GateOptions = {}): GateResult {
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  const alpha = options.alpha ?? REGRESSION_ALPHA;
  const drift = options.drift ?? DEFAULT_SESSION_DRIFT;
  const sections = baselineRuntimes(baselines);
  const findings: GateFinding[] = [];
  const machine: MachineScale[] = [];
  for (const column of columns) {
    const section = sections.get(column.runtime);
    if (section === undefined) continue;
    const speed = machineScale(baselines, column, options.calibrate ?? true);
    machine.push(speed);
    const scale = speed.factor ?? 1;
    for (const [id, entry] of Object.entries(section)) {
      const byRuns = entry.median_ns !== undefined && entry.round_sd_ns !== undefined && (entry.rounds ?? 1) >= 2;
      const method: GateMethod = byRuns ? 'runs' : 'samples';
      const baseline = byRuns
        ? { n: entry.rounds!, mean: entry.median_ns!, sd: entry.round_sd_ns! }
        : { n: entry.samples ?? ASSUMED_BASELINE_SAMPLES, mean: entry.mean_ns, sd: entry.std_dev_ns };
      const bench = column.benches.get(id);
      const where = { column: column.label, runtime: column.runtime, id, method, baseline, scale };
      if (bench === undefined) {
        findings.push({ ...where, current: null, change: null, pSlower: null, verdict: 'not-measured' });
        continue;
      }
      // Verdicts are set below, once the number of comparisons (the Bonferroni divisor) is known.
      if (byRuns) {
        const forks = usableObservations(bench.observations).map((o) => o.p50);
        const current = { n: forks.length, mean: bench.median.estimate, sd: sampleSd(forks) };
        findings.push({ ...where, current, ...judgeRuns(scaled(baseline, scale), current, tolerance, alpha, drift) });
      } else {
        const current = { n: bench.samples, mean: bench.mean, sd: bench.stdDev };
        findings.push({ ...where, current, ...judge(scaled(baseline, scale), current, tolerance, alpha) });
      }
    }
  }
  const compared = findings.filter((f) => f.pSlower !== null).length;
  const perBenchAlpha = alpha / Math.max(1, compared);
  for (const f of findings) if (f.change !== null && f.pSlower !== null) f.verdict = verdictFor(f.change, f.pSlower, tolerance, perBenchAlpha);
  const measured = new Set(columns.map((c) => c.runtime));
  return {
    findings,
    regressions: findings.filter((f) => f.verdict === 'regression'),
    perBenchAlpha,
    skippedRuntimes: [...sections.keys()].filter((runtime) => !measured.has(runtime)),
    tolerance,
    alpha,
    drift,
    machine,
  };
}

const VERDICT_TEXT: Record<Verdict, string> = {
  regression: '✗ REGRESSION',
  'slower-not-significant': '~ slower, not significant',
  'within-tolerance': '✓ within tolerance',
  faster: '✓ faster',
  'not-measured': '? not measured',
};

/** One line per column on the machine's speed. */
export function renderMachine(machine: readonly MachineScale[]): string[] {
  return machine.map((m) => {
    const calibration = (ns: number | null) => (ns === null ? 'unknown' : formatNs(ns));
    if (m.why === 'scaled') {
      const factor = m.factor!;
      const pace =
        Math.abs(factor - 1) < 0.0005 ? 'as fast as' : `${formatPercent(Math.abs(factor - 1)).replace('+', '')} ${factor > 1 ? 'slower' : 'faster'} than`;
      return `${m.column}: the machine ran the calibration ${pace} when the baselines were measured (${calibration(m.currentNs)} now, ${calibration(m.baselineNs)} then); baselines scaled by ×${factor.toFixed(3)} (--as-measured compares them unscaled)`;
    }
    if (m.why === 'off')
      return `${m.column}: baselines compared as measured (--as-measured; calibration ${calibration(m.currentNs)} now, ${calibration(m.baselineNs)} then)`;
    const missing =
      m.why === 'no-baseline-calibration'
        ? 'the baselines record no calibration (hand-written, or written before it was kept)'
        : m.why === 'other-version'
          ? "another version of the runtime than the baselines' (the calibration would measure it too, not only the machine)"
          : 'these results have no calibration readings';
    return `${m.column}: ${missing}; baselines compared as measured, so a slower or faster machine reads as a change of the code`;
  });
}

/** The machine's speed per column, one line per finding, then the offenders again, then a verdict line. */
export function renderGate(result: GateResult): string {
  const lines = renderMachine(result.machine);
  for (const f of result.findings) {
    const before = f.scale === 1 ? formatNs(f.baseline.mean) : `${formatNs(f.baseline.mean)} ×${f.scale.toFixed(3)}`;
    if (f.current === null || f.change === null) {
      lines.push(`${f.column} ${f.id}: ${VERDICT_TEXT[f.verdict]} (baseline ${before})`);
      continue;
    }
    const figure = f.method === 'runs' ? `median, ${f.baseline.n} vs ${f.current.n} run(s)` : 'mean';
    lines.push(
      `${f.column} ${f.id}: ${before} → ${formatNs(f.current.mean)} (${formatPercent(f.change)} ${figure}, p = ${f.pSlower!.toPrecision(2)}) ${VERDICT_TEXT[f.verdict]}`,
    );
  }
  for (const runtime of result.skippedRuntimes) lines.push(`${runtime}: no results to compare (runtime not installed or not run), skipped`);
  const compared = result.findings.filter((f) => f.current !== null).length;
  const drift = result.findings.some((f) => f.method === 'runs' && f.current !== null)
    ? `; sittings allowed to move ${Math.round(result.drift * 1000) / 10}%`
    : '';
  const rule = `regression = slower than baseline by more than ${formatPercent(result.tolerance)} and one-sided p < ${result.alpha}/${compared} = ${result.perBenchAlpha.toPrecision(2)} (Bonferroni${drift})`;
  if (result.regressions.length === 0) {
    lines.push(`no regression (${result.findings.filter((f) => f.current !== null).length} benches compared; ${rule})`);
  } else {
    lines.push(`${result.regressions.length} regression(s) (${rule}):`);
    for (const f of result.regressions) lines.push(`  ${f.column} ${f.id}: ${formatPercent(f.change!)}`);
  }
  return lines.join('\n');
}
