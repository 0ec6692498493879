// Builds the cross-runtime comparison (one row per bench id, one cell per column) that
// every exporter renders: fastest and ties, ratios, extra figures, status and change.
import type { TargetsFile } from '../record/baselines.ts';
import type { Column, PooledBench } from './pool.ts';
import { statusAgainstTarget, type TargetStatus } from './status.ts';
import { relativeChange, type RelativeChange, type SampleSummary } from './stats.ts';

export type Rank = 'fastest' | 'tie' | 'slower' | 'only';

export interface Cell {
  bench: PooledBench;
  /** How this cell compares with the row's fastest median. */
  rank: Rank;
  /** median / fastest median (1 for the fastest). */
  ratio: number;
  status: TargetStatus;
  /** Change of the mean against the previous run of the same runtime on the same host. */
  change: RelativeChange | null;
}

export interface Row {
  suite: string;
  id: string;
  /** One entry per report column, null where that column has no such bench. */
  cells: Array<Cell | null>;
}

export interface ColumnInfo {
  key: string;
  label: string;
  runtime: string;
  host: string;
  versions: string[];
  rounds: number;
  benchCount: number;
  errorCount: number;
}

export interface ComparisonReport {
  columns: ColumnInfo[];
  rows: Row[];
}

function summaryOf(bench: PooledBench): SampleSummary {
  return { n: bench.samples, mean: bench.mean, sd: bench.stdDev };
}

/**
 * A difference is inside the noise (a tie) when the interquartile ranges overlap: the
 * table shows the median ± half the IQR, so a tie is exactly what a reader sees as
 * overlapping boxes. A test on the means was tried and dropped: one GC pause inflates a
 * mean and its standard deviation and made 3–7× median differences "not significant".
 */
export function isTie(a: PooledBench, b: PooledBench): boolean {
  return a.p25 <= b.p75 && b.p25 <= a.p75;
}

/** Change against the previous run; a side with fewer than 2 samples gives the estimate only. */
export function changeAgainst(previous: PooledBench, current: PooledBench): RelativeChange {
  if (previous.samples < 2 || current.samples < 2) {
    const estimate = (current.mean - previous.mean) / previous.mean;
    return { estimate, low: estimate, high: estimate, confidence: 0.95, pTwoSided: NaN };
  }
  return relativeChange(summaryOf(previous), summaryOf(current));
}

export interface CompareOptions {
  targets?: TargetsFile | null;
  /** Pooled benches of the previous run, by column key. */
  previous?: ReadonlyMap<string, ReadonlyMap<string, PooledBench>>;
}

/**
 * Bench ids in the runners' catalogue order: each column's order is kept, and an id one
 * column lacks (a crash, a filter) is placed after the id that precedes it where it exists.
 */
export function rowOrder(columns: readonly Column[]): PooledBench[] {
  const order: PooledBench[] = [];
  for (const column of columns) {
    let at = -1;
    for (const bench of column.benches.values()) {
      const found = order.findIndex((b) => b.id === bench.id);
      if (found === -1) order.splice(++at, 0, bench);
      else at = found;
    }
  }
  return order;
}

/** One row per bench id (catalogue order), one cell per column. */
export function compareColumns(columns: readonly Column[], options: CompareOptions = {}): ComparisonReport {
  const rowKeys = new Map<string, { suite: string; id: string }>();
  for (const { suite, id } of rowOrder(columns)) rowKeys.set(id, { suite, id });

  const rows: Row[] = [];
  for (const { suite, id } of rowKeys.values()) {
    const benches = columns.map((c) => c.benches.get(id) ?? null);
    const present = benches.filter((b): b is PooledBench => b !== null);
    const fastest = present.reduce<PooledBench | null>((best, b) => (best === null || b.p50 < best.p50 ? b : best), null)!;
    const ties = new Set(present.filter((b) => b !== fastest && isTie(fastest, b)));
    const cells = benches.map((bench, i): Cell | null => {
      if (bench === null) return null;
      const rank: Rank = present.length === 1 ? 'only' : bench === fastest ? (ties.size > 0 ? 'tie' : 'fastest') : ties.has(bench) ? 'tie' : 'slower';
      const previous = options.previous?.get(columns[i]!.key)?.get(id);
      return {
        bench,
        rank,
        ratio: bench.p50 / fastest.p50,
        status: statusAgainstTarget(bench, options.targets ?? null),
        change: previous === undefined ? null : changeAgainst(previous, bench),
      };
    });
    rows.push({ suite, id, cells });
  }
  return {
    columns: columns.map((c) => ({
      key: c.key,
      label: c.label,
      runtime: c.runtime,
      host: c.host,
      versions: c.versions,
      rounds: c.runs.length,
      benchCount: c.benches.size,
      errorCount: c.errors.length,
    })),
    rows,
  };
}
