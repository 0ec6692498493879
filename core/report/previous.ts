// Finds the previous run of each runtime on the same host, for the criterion-style change figure.
import { buildColumns, type PooledBench } from './pool.ts';
import { columnKey, type LoadedRun } from './runs.ts';

/**
 * For each column of the current runs, the newest earlier run (by run record start time,
 * another run id) of the same runtime on the same host, pooled over its rounds.
 */
export function previousBenches(current: readonly LoadedRun[], history: readonly LoadedRun[]): Map<string, Map<string, PooledBench>> {
  const currentIds = new Set(current.map((r) => r.run.runId));
  const startOf = new Map<string, string>();
  for (const run of current) {
    const key = columnKey(run.run);
    const known = startOf.get(key);
    if (known === undefined || run.run.startedAt < known) startOf.set(key, run.run.startedAt);
  }
  const result = new Map<string, Map<string, PooledBench>>();
  for (const [key, startedAt] of startOf) {
    const earlier = history.filter((r) => columnKey(r.run) === key && !currentIds.has(r.run.runId) && r.run.startedAt < startedAt);
    if (earlier.length === 0) continue;
    const newest = earlier.reduce((a, b) => (b.run.startedAt > a.run.startedAt ? b : a)).run.runId;
    const column = buildColumns(earlier.filter((r) => r.run.runId === newest))[0];
    if (column !== undefined) result.set(key, column.benches);
  }
  return result;
}
