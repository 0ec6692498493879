// History: each bench's median per target over the runs of one testbed (the machine: CPU, cores,
// OS, architecture; testbed.ts), in time order, with the steps larger than the noise band marked as
// change points. Runs of other testbeds are never put on one line; revision targets (node:base,
// node:head of bench:compare) are other code, not this history, and runs sampled 'tiny' (smoke
// tests) measure nothing worth a line: both are left out.
import { CATALOGUE } from '../catalogue.ts';
import { DEFAULT_NOISE_BAND, type NoiseBands } from './bands.ts';
import { markDrift } from './drift.ts';
import { medianOf } from './intervals.ts';
import { buildColumns } from './pool.ts';
import type { RunSummary } from './run-index.ts';
import type { LoadedRun } from './runs.ts';
import { fingerprintOf } from './testbed.ts';

/** One run folder: its summary (run-index.ts) and its records. */
export interface HistoryInput {
  summary: RunSummary;
  runs: readonly LoadedRun[];
}

/** One bench of one target in one run: the median over its forks with the interval. */
export interface HistoryPoint {
  /** Index into the testbed's runs. */
  run: number;
  runId: string;
  startedAt: string;
  median: number;
  low: number;
  high: number;
  forks: number;
  version: string;
  noisy: number;
}

/** Where a series steps to another level: the first run of the new level, the levels before and after (medians of their runs). */
export interface ChangePoint {
  /** Index into the series' points. */
  point: number;
  runId: string;
  before: number;
  after: number;
  /** after / before − 1. */
  step: number;
  /** False for a step at the last point, not yet seen again in a later run. */
  confirmed: boolean;
}

export interface HistorySeries {
  target: string;
  runtime: string;
  band: number;
  points: HistoryPoint[];
  changes: ChangePoint[];
}

export interface BenchHistory {
  suite: string;
  id: string;
  series: HistorySeries[];
}

export interface TestbedHistory {
  testbed: string;
  /** The runs with records on this testbed, oldest first. */
  runs: RunSummary[];
  benches: BenchHistory[];
}

/**
 * Change points of a series: a point starts a new level when its median lies beyond the noise band
 * around the current level (the median of the points since the last change) with its whole interval
 * (over forks) beyond it too, and the next point lies beyond on the same side (a lone outlier is not
 * a step). A step at the last point is kept, marked unconfirmed. A slow drift shows as a step once it
 * has carried the figure past the band.
 */
export function changePoints(points: ReadonlyArray<Pick<HistoryPoint, 'median' | 'low' | 'high' | 'runId'>>, band: number): ChangePoint[] {
  const up = 1 + band;
  const starts: Array<{ point: number; confirmed: boolean }> = [];
  let start = 0;
  for (let i = 1; i < points.length; i++) {
    const level = medianOf(points.slice(start, i).map((p) => p.median));
    const side = (p: (typeof points)[number], strict: boolean): number => {
      const informative = strict && Number.isFinite(p.low) && Number.isFinite(p.high) && p.low !== p.high;
      if (p.median > level * up && (!informative || p.low > level * up)) return 1;
      if (p.median < level / up && (!informative || p.high < level / up)) return -1;
      return 0;
    };
    const here = side(points[i]!, true);
    if (here === 0) continue;
    const next = points[i + 1];
    if (next !== undefined && side(next, false) !== here) continue;
    starts.push({ point: i, confirmed: next !== undefined });
    start = i;
  }
  const bounds = [0, ...starts.map((s) => s.point), points.length];
  const levels = bounds.slice(0, -1).map((b, k) => medianOf(points.slice(b, bounds[k + 1]).map((p) => p.median)));
  return starts.map((s, k) => ({
    point: s.point,
    runId: points[s.point]!.runId,
    before: levels[k]!,
    after: levels[k + 1]!,
    step: levels[k + 1]! / levels[k]! - 1,
    confirmed: s.confirmed,
  }));
}

const CATALOGUE_INDEX = new Map(CATALOGUE.map((entry, i) => [entry.id, i]));

/** The history of every testbed in the inputs (most runs first), each bench in the order first seen. */
export function buildHistory(inputs: readonly HistoryInput[], options: { bands?: NoiseBands | null } = {}): TestbedHistory[] {
  const ordered = [...inputs]
    .filter((i) => i.runs.length > 0)
    .sort((a, b) => (a.summary.startedAt < b.summary.startedAt ? -1 : a.summary.startedAt > b.summary.startedAt ? 1 : 0));
  const testbeds = new Map<string, TestbedHistory>();
  const seriesOf = new Map<string, HistorySeries>();
  for (const input of ordered) {
    const byTestbed = new Map<string, LoadedRun[]>();
    for (const run of input.runs) {
      // Revisions are other code; tiny sampling is a smoke test whose figures mean nothing.
      if (run.run.target.revision !== null || run.run.sampling === 'tiny') continue;
      const testbed = fingerprintOf(run.run.host);
      // The fingerprint as the host key: hosts of one testbed in one run pool into one column.
      byTestbed.set(testbed, [...(byTestbed.get(testbed) ?? []), { ...run, run: { ...run.run, testbed } }]);
    }
    for (const [testbed, runs] of byTestbed) {
      let history = testbeds.get(testbed);
      if (history === undefined) testbeds.set(testbed, (history = { testbed, runs: [], benches: [] }));
      const runIndex = history.runs.push(input.summary) - 1;
      const columns = buildColumns(runs);
      markDrift(columns);
      for (const column of columns) {
        for (const bench of column.benches.values()) {
          let benchHistory = history.benches.find((b) => b.id === bench.id);
          if (benchHistory === undefined) history.benches.push((benchHistory = { suite: bench.suite, id: bench.id, series: [] }));
          const key = `${testbed}\u0000${bench.id}\u0000${column.target}`;
          let series = seriesOf.get(key);
          if (series === undefined) {
            const band = options.bands?.band(column.runtime, bench.id, testbed) ?? DEFAULT_NOISE_BAND;
            seriesOf.set(key, (series = { target: column.target, runtime: column.runtime, band, points: [], changes: [] }));
            benchHistory.series.push(series);
          }
          series.points.push({
            run: runIndex,
            runId: input.summary.runId,
            startedAt: input.summary.startedAt,
            median: bench.median.estimate,
            low: bench.median.low,
            high: bench.median.high,
            forks: bench.median.n,
            version: column.versions.join('/'),
            noisy: bench.observations.filter((o) => o.noisy).length,
          });
        }
      }
    }
  }
  for (const series of seriesOf.values()) series.changes = changePoints(series.points, series.band);
  // Benches in the catalogue's order (suite by suite), unknown ids after them as first seen.
  const order = (id: string) => CATALOGUE_INDEX.get(id) ?? CATALOGUE_INDEX.size;
  for (const history of testbeds.values()) history.benches.sort((a, b) => order(a.id) - order(b.id));
  return [...testbeds.values()].sort((a, b) => b.runs.length - a.runs.length);
}
