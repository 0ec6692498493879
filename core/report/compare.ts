// Builds the cross-target comparison (one row per bench id, one cell per column) that every
// exporter renders: each cell's median over its forks and rounds with an interval, its ratio to
// the row's fastest column (the reference, ★) paired by round with an interval, a verdict against the noise band,
// how many of its measurements ran on a slow machine, the status against the guide's target, and
// the change against the previous run.
import { CATALOGUE } from '../catalogue.ts';
import type { TargetsFile } from '../record/baselines.ts';
import { columnTestbed, DEFAULT_NOISE_BAND, type NoiseBands } from './bands.ts';
import { ratioBetween, verdictOf, type RatioEstimate, type RatioOptions, type RatioVerdict } from './paired.ts';
import type { Column, PooledBench } from './pool.ts';
import { changeAgainst, type PreviousColumn, type RunChange } from './previous.ts';
import { statusAgainstTarget, type TargetStatus } from './status.ts';

/**
 * Within one host's cells of a row (ratios never span hosts), against the row's reference (★, see
 * `referenceOf`): 'fastest': the reference, every other cell's interval above the noise band;
 * 'tie': the reference, with another cell the same within the noise band; 'unclear': the
 * reference, with another cell that may or may not differ; 'slower' / 'same' / 'unsure': the other
 * cells, by their ratio's verdict; 'only': the row has one cell.
 */
export type Rank = 'fastest' | 'tie' | 'unclear' | 'slower' | 'same' | 'unsure' | 'only';

export interface Cell {
  bench: PooledBench;
  rank: Rank;
  /** This cell over the row's fastest cell (paired by round where possible); null for the fastest cell itself and a lone cell. */
  ratio: RatioEstimate | null;
  /** The noise band this bench was judged with (fraction) and where it came from. */
  band: { value: number; measured: boolean };
  /** Measurements taken while the machine ran slow (drift.ts), of all measurements. */
  noisy: number;
  status: TargetStatus;
  /** Change of the median against the same target in an earlier run like this one (run-index.ts), null without one. */
  change: RunChange | null;
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
  target: string;
  runtime: string;
  host: string;
  versions: string[];
  engines: string[];
  /** Fresh processes (forks) measured. */
  forks: number;
  benchCount: number;
  errorCount: number;
  /** The earlier run this column's changes are against, null without one. */
  previousRun: string | null;
}

export interface ComparisonReport {
  columns: ColumnInfo[];
  rows: Row[];
}

export interface CompareOptions {
  targets?: TargetsFile | null;
  /** The matching columns of an earlier run, by column key (previous.ts). */
  previous?: ReadonlyMap<string, PreviousColumn>;
  /** Measured noise bands (A/A); DEFAULT_NOISE_BAND where a bench has none. */
  bands?: NoiseBands | null;
  ratio?: RatioOptions;
}

const CATALOGUE_INDEX = new Map(CATALOGUE.map((entry, i) => [entry.id, i]));

/**
 * Bench ids in the catalogue's order (suite by suite, whatever order the forks measured them in);
 * ids the catalogue does not know keep the columns' order: each column's order is kept, and an id one
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
  const known = order.filter((b) => CATALOGUE_INDEX.has(b.id)).sort((a, b) => CATALOGUE_INDEX.get(a.id)! - CATALOGUE_INDEX.get(b.id)!);
  return [...known, ...order.filter((b) => !CATALOGUE_INDEX.has(b.id))];
}

function rankOfOther(verdict: RatioVerdict): Rank {
  // 'faster' than the reference happens only where every cell has another surely faster by its
  // pairs (ratios in a circle): the row then has no clear fastest, and the cell says unsure.
  return verdict === 'same' ? 'same' : verdict === 'slower' ? 'slower' : 'unsure';
}

/**
 * The reference of one host's cells (the ★ the others' ratios are read against): the lowest median,
 * unless another cell is surely faster than it by their paired ratio (its whole interval below the
 * noise band); then the next lowest median such that none is. The medians and the ratios rest on
 * different readings of the forks (a median sets aside the forks the machine slowed, a ratio keeps
 * the pairs slowed alike; a bench bimodal between processes pairs differently from how it sorts),
 * so the lowest median can sit beside a cell that reads below 1× against it. An unsure reading is
 * shown as it is (`? 0.90×`); a sure one used to be shown as unsure too, and now moves the ★.
 * Where every cell has one surely faster (paired ratios need not be transitive), the lowest median
 * stays the reference.
 */
export function referenceOf<T extends { b: PooledBench; i: number }>(
  group: readonly T[],
  ratioOf: (cell: T, reference: T) => { ratio: RatioEstimate; verdict: RatioVerdict },
): { reference: T; others: Map<number, { ratio: RatioEstimate; verdict: RatioVerdict }> } {
  const byMedian = [...group].sort((x, y) => x.b.median.estimate - y.b.median.estimate || x.i - y.i);
  let first: Map<number, { ratio: RatioEstimate; verdict: RatioVerdict }> | null = null;
  for (const candidate of byMedian) {
    const others = new Map<number, { ratio: RatioEstimate; verdict: RatioVerdict }>();
    for (const cell of group) if (cell.i !== candidate.i) others.set(cell.i, ratioOf(cell, candidate));
    if (![...others.values()].some((o) => o.verdict === 'faster')) return { reference: candidate, others };
    first ??= others;
  }
  return { reference: byMedian[0]!, others: first! };
}

/** One row per bench id (catalogue order), one cell per column. */
export function compareColumns(columns: readonly Column[], options: CompareOptions = {}): ComparisonReport {
  const rowKeys = new Map<string, { suite: string; id: string }>();
  for (const { suite, id } of rowOrder(columns)) rowKeys.set(id, { suite, id });

  const rows: Row[] = [];
  for (const { suite, id } of rowKeys.values()) {
    const benches = columns.map((c) => c.benches.get(id) ?? null);
    const present = benches.map((b, i) => ({ b, i })).filter((x): x is { b: PooledBench; i: number } => x.b !== null);
    const bandOf = (columnIndex: number) => {
      const measured = options.bands?.band(columns[columnIndex]!.runtime, id, columnTestbed(columns[columnIndex]!)) ?? null;
      return measured === null ? { value: DEFAULT_NOISE_BAND, measured: false } : { value: measured, measured: true };
    };
    // Ratios are formed within one host (testbed), never across: each host's cells have their own fastest.
    const others = new Map<number, { ratio: RatioEstimate; rank: Rank }>();
    const fastestRanks = new Map<number, Rank>();
    for (const host of new Set(present.map((x) => columns[x.i]!.host))) {
      const group = present.filter((x) => columns[x.i]!.host === host);
      const { reference: fastest, others: judged } = referenceOf(group, (cell, reference) => {
        const ratio = ratioBetween(cell.b, reference.b, options.ratio);
        return { ratio, verdict: verdictOf(ratio, Math.max(bandOf(cell.i).value, bandOf(reference.i).value)) };
      });
      const ranks: Rank[] = [];
      for (const { i } of group) {
        if (i === fastest.i) continue;
        const { ratio, verdict } = judged.get(i)!;
        const rank = rankOfOther(verdict);
        others.set(i, { ratio, rank });
        ranks.push(rank);
      }
      fastestRanks.set(fastest.i, group.length === 1 ? 'only' : ranks.includes('same') ? 'tie' : ranks.includes('unsure') ? 'unclear' : 'fastest');
    }
    const cells = benches.map((bench, i): Cell | null => {
      if (bench === null) return null;
      const other = others.get(i);
      const earlier = options.previous?.get(columns[i]!.key);
      const previous = earlier?.benches.get(id);
      return {
        bench,
        rank: other?.rank ?? fastestRanks.get(i)!,
        ratio: other?.ratio ?? null,
        band: bandOf(i),
        noisy: bench.observations.filter((o) => o.noisy).length,
        status: statusAgainstTarget(bench, options.targets ?? null),
        change: previous === undefined ? null : changeAgainst(previous, bench, bandOf(i).value, earlier!.runId, options.ratio),
      };
    });
    rows.push({ suite, id, cells });
  }
  return {
    columns: columns.map((c) => ({
      key: c.key,
      label: c.label,
      target: c.target,
      runtime: c.runtime,
      host: c.host,
      versions: c.versions,
      engines: c.engines,
      forks: c.forks,
      benchCount: c.benches.size,
      errorCount: c.errors.length,
      previousRun: options.previous?.get(c.key)?.runId ?? null,
    })),
    rows,
  };
}
