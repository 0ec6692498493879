// The change of each cell against an earlier run: which columns of the earlier run match the current
// ones (the same target on the same testbed), and the change itself, formed like every other ratio
// here from the forks' medians (the runs are separate sittings, so nothing pairs them: each side's
// forks are resampled on their own) and judged against the noise band.
import { ratioBetween, verdictOf, type RatioEstimate, type RatioOptions, type RatioVerdict } from './paired.ts';
import { buildColumns, type PooledBench } from './pool.ts';
import { columnKey, type LoadedRun } from './runs.ts';

/** The benches of the earlier run's column matching a current column, and which run that was. */
export interface PreviousColumn {
  runId: string;
  benches: ReadonlyMap<string, PooledBench>;
}

/** A cell's change against the same bench in the earlier run: current / earlier, with its interval and verdict. */
export interface RunChange {
  runId: string;
  ratio: RatioEstimate;
  verdict: RatioVerdict;
}

function targetKey(run: LoadedRun): string {
  return `${run.run.target.label}\u0000${run.run.testbed ?? ''}`;
}

/**
 * For each column of the current runs (by column key), the matching column of `earlier` (the runs of
 * one earlier run, chosen by run-index.ts): the same target label on the same testbed. Hostnames may
 * differ (the run index already checked the machines are alike).
 */
export function previousColumns(current: readonly LoadedRun[], earlier: readonly LoadedRun[]): Map<string, PreviousColumn> {
  const result = new Map<string, PreviousColumn>();
  if (earlier.length === 0) return result;
  const earlierColumns = new Map(buildColumns(earlier).map((c) => [targetKey(c.runs[0]!), c]));
  for (const run of current) {
    const match = earlierColumns.get(targetKey(run));
    if (match !== undefined) result.set(columnKey(run.run), { runId: match.runs[0]!.run.runId, benches: match.benches });
  }
  return result;
}

/** current / earlier for one bench over the two runs' forks, with its verdict against the band. */
export function changeAgainst(earlier: PooledBench, current: PooledBench, band: number, runId: string, options: RatioOptions = {}): RunChange {
  const ratio = ratioBetween(current, earlier, options);
  return { runId, ratio, verdict: verdictOf(ratio, band) };
}
