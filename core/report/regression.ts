// The regression gate: compares measured benches with baselines.json. A regression is
// a slowdown beyond the tolerance that is also significant (Welch, one-sided); speed-ups never fail.
import { baselineRuntimes, type BaselinesFile } from '../record/baselines.ts';
import { formatNs, formatPercent } from './format.ts';
import type { Column } from './pool.ts';
import { welchTest, type SampleSummary } from './stats.ts';

export const DEFAULT_TOLERANCE = 0.1;
/** One-sided significance level of "the current mean is greater than the baseline mean". */
export const REGRESSION_ALPHA = 0.01;
/**
 * Sample count assumed for a baseline entry without `samples` (hand-written, guide-shaped):
 * the smallest sample with a spread. Conservative: such a baseline then only fails the gate
 * when the slowdown is large against its standard deviation.
 */
export const ASSUMED_BASELINE_SAMPLES = 2;

export type Verdict = 'regression' | 'slower-not-significant' | 'within-tolerance' | 'faster' | 'not-measured';

export interface GateFinding {
  /** Column label (runtime, or runtime@host). */
  column: string;
  runtime: string;
  id: string;
  baseline: SampleSummary;
  current: SampleSummary | null;
  /** current mean / baseline mean − 1. */
  change: number | null;
  /** One-sided Welch p-value for "current is slower than baseline". */
  pSlower: number | null;
  verdict: Verdict;
}

export interface GateResult {
  findings: GateFinding[];
  regressions: GateFinding[];
  /** Baseline runtimes that had no results to compare (not installed or not run). */
  skippedRuntimes: string[];
  tolerance: number;
  alpha: number;
}

export interface GateOptions {
  tolerance?: number;
  alpha?: number;
}

/** Judges one bench: see the module comment; `n < 2` on the current side counts as 2. */
export function judge(baseline: SampleSummary, current: SampleSummary, tolerance: number, alpha: number): { change: number; pSlower: number; verdict: Verdict } {
  const change = current.mean / baseline.mean - 1;
  const pSlower = welchTest({ ...baseline, n: Math.max(2, baseline.n) }, { ...current, n: Math.max(2, current.n) }).pGreater;
  const verdict: Verdict = change > tolerance ? (pSlower < alpha ? 'regression' : 'slower-not-significant') : change < -tolerance ? 'faster' : 'within-tolerance';
  return { change, pSlower, verdict };
}

/** Compares every column whose runtime has a baseline section, for the ids in that section. */
export function regressionGate(baselines: BaselinesFile, columns: readonly Column[], options: GateOptions = {}): GateResult {
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  const alpha = options.alpha ?? REGRESSION_ALPHA;
  const sections = baselineRuntimes(baselines);
  const findings: GateFinding[] = [];
  for (const column of columns) {
    const section = sections.get(column.runtime);
    if (section === undefined) continue;
    for (const [id, entry] of Object.entries(section)) {
      const baseline = { n: entry.samples ?? ASSUMED_BASELINE_SAMPLES, mean: entry.mean_ns, sd: entry.std_dev_ns };
      const bench = column.benches.get(id);
      if (bench === undefined) {
        findings.push({ column: column.label, runtime: column.runtime, id, baseline, current: null, change: null, pSlower: null, verdict: 'not-measured' });
        continue;
      }
      const current = { n: bench.samples, mean: bench.mean, sd: bench.stdDev };
      findings.push({ column: column.label, runtime: column.runtime, id, baseline, current, ...judge(baseline, current, tolerance, alpha) });
    }
  }
  const measured = new Set(columns.map((c) => c.runtime));
  return {
    findings,
    regressions: findings.filter((f) => f.verdict === 'regression'),
    skippedRuntimes: [...sections.keys()].filter((runtime) => !measured.has(runtime)),
    tolerance,
    alpha,
  };
}

const VERDICT_TEXT: Record<Verdict, string> = {
  regression: '✗ REGRESSION',
  'slower-not-significant': '~ slower, not significant',
  'within-tolerance': '✓ within tolerance',
  faster: '✓ faster',
  'not-measured': '? not measured',
};

/** One line per finding, then the offenders again, then a verdict line. */
export function renderGate(result: GateResult): string {
  const lines = result.findings.map((f) => {
    if (f.current === null || f.change === null) return `${f.column} ${f.id}: ${VERDICT_TEXT[f.verdict]} (baseline ${formatNs(f.baseline.mean)})`;
    return `${f.column} ${f.id}: ${formatNs(f.baseline.mean)} → ${formatNs(f.current.mean)} (${formatPercent(f.change)}, p = ${f.pSlower!.toPrecision(2)}) ${VERDICT_TEXT[f.verdict]}`;
  });
  for (const runtime of result.skippedRuntimes) lines.push(`${runtime}: no results to compare (runtime not installed or not run), skipped`);
  const rule = `regression = slower than baseline by more than ${formatPercent(result.tolerance)} and Welch one-sided p < ${result.alpha}`;
  if (result.regressions.length === 0) {
    lines.push(`no regression (${result.findings.filter((f) => f.current !== null).length} benches compared; ${rule})`);
  } else {
    lines.push(`${result.regressions.length} regression(s) (${rule}):`);
    for (const f of result.regressions) lines.push(`  ${f.column} ${f.id}: ${formatPercent(f.change!)}`);
  }
  return lines.join('\n');
}
