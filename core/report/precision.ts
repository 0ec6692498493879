// How precisely a run has pinned each bench down so far, for the adaptive part of a run: after the
// base forks, the orchestrator measures again, in fresh processes, the benches whose figures are
// still loose (Pinpoint-style: spend the time where the uncertainty is), until each is settled, hits
// the fork cap, or the time budget runs out. Between-fork spread is what a bench's figure is
// uncertain by (a fixed workload in one process is steady; processes differ), so the precision of a
// bench is the standard error of its median over forks, on the log scale, and of its ratios against
// the reference target, paired by fork.
import { pairObservations } from './paired.ts';
import type { NoiseBands } from './bands.ts';
import { MIN_USABLE, usableObservations, type Column } from './pool.ts';
import { compareRevisions } from './revisions.ts';

export interface PrecisionGoal {
  /** Standard error (log scale) a target's median may keep: 0.025 ≈ ±5% at 95%. */
  medianSe: number;
  /** Standard error (log scale) a ratio against the reference may keep. */
  ratioSe: number;
  /** No bench gets more forks than this. */
  maxForks: number;
  /** Also count as loose a bench with fewer clean (not noisy) measurements than MIN_USABLE on some target (--rerun-noisy). */
  rerunNoisy?: boolean;
  /**
   * A/B (bench:compare, the regression gate's compare mode): also count as loose a bench whose
   * head-against-base verdict is still 'unsure' on some runtime (its interval crosses an edge of the
   * noise band), Pinpoint's UNKNOWN: more forks until it reads same, slower or faster, or the cap;
   * and one read as slower or faster from fewer than MIN_VERDICT_FORKS forks.
   */
  verdicts?: { bands: NoiseBands | null };
}

/**
 * An A/B verdict of slower or faster stops a bench's forks only from this many forks on: three forks
 * measured within half a minute once read +10, +14 and +12% for a revision against itself
 * (docs/decisions/schedule.md); JMH's default is five forks.
 */
export const MIN_VERDICT_FORKS = 5;

export const DEFAULT_PRECISION: PrecisionGoal = { medianSe: 0.025, ratioSe: 0.02, maxForks: 10 };

export interface BenchPrecision {
  id: string;
  /** The fewest usable measurements any target has of it. */
  forks: number;
  /** The largest standard error among its medians and ratios (Infinity with fewer than two). */
  worstSe: number;
  settled: boolean;
  /** Whether it may still get a fork (under the cap). */
  open: boolean;
}

function sd(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return Infinity;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
}

/** Standard error of a median of n values with this spread (normal approximation: √(π/2)·σ/√n). */
export function medianStandardError(logValues: readonly number[]): number {
  return (Math.sqrt(Math.PI / 2) * sd(logValues)) / Math.sqrt(logValues.length);
}

/**
 * The precision of every bench the columns share: each column's median, and each column's ratio
 * against `reference` (a column's target label; null or absent: medians only).
 */
export function benchPrecision(columns: readonly Column[], reference: string | null, goal: PrecisionGoal = DEFAULT_PRECISION): BenchPrecision[] {
  const ids = new Set(columns.flatMap((c) => [...c.benches.keys()]));
  const ref = columns.find((c) => c.target === reference) ?? null;
  const unsure = new Set<string>();
  if (goal.verdicts !== undefined) {
    for (const row of compareRevisions(columns, { bands: goal.verdicts.bands }).rows) {
      const open = row.cells.some(
        (cell) =>
          cell !== null &&
          (cell.verdict === 'unsure' ||
            // a change read from a few forks may be one phase of the machine: confirm it in more
            (cell.verdict !== 'same' && Math.min(cell.base.observations.length, cell.head.observations.length) < MIN_VERDICT_FORKS)),
      );
      if (open) unsure.add(row.id);
    }
  }
  const result: BenchPrecision[] = [];
  for (const id of ids) {
    let worst = 0;
    let forks = Infinity;
    let settled = true;
    for (const column of columns) {
      const bench = column.benches.get(id);
      if (bench === undefined) continue;
      const usable = usableObservations(bench.observations);
      // the cap counts forks measured, noisy ones too: counting only usable ones let a bench whose
      // measurements are all marked noisy take fork after fork until the time budget ran out
      forks = Math.min(forks, bench.observations.length);
      if (goal.rerunNoisy && bench.observations.some((o) => o.noisy) && bench.observations.filter((o) => !o.noisy).length < MIN_USABLE) settled = false;
      const se = medianStandardError(usable.map((o) => Math.log(o.p50)));
      worst = Math.max(worst, se);
      if (!(se <= goal.medianSe)) settled = false;
      const other = ref?.benches.get(id);
      if (ref !== null && column !== ref && other !== undefined) {
        const pairs = pairObservations(bench.observations, other.observations);
        const ratioSe = medianStandardError(pairs.map(([a, b]) => Math.log(a.p50 / b.p50)));
        worst = Math.max(worst, ratioSe);
        if (!(ratioSe <= goal.ratioSe)) settled = false;
      }
    }
    if (forks === Infinity) continue;
    if (unsure.has(id)) settled = false;
    result.push({ id, forks, worstSe: worst, settled, open: !settled && forks < goal.maxForks });
  }
  return result.sort((a, b) => b.worstSe - a.worstSe);
}
