// A/B of two code revisions (bench:compare): per runtime, the base and head targets' measurements of
// each bench, paired by fork (both measured back to back in every fork), give the change head/base
// with its interval and a verdict against the noise band: faster, slower, same, or unsure.
import Table from 'cli-table3';
import { columnTestbed, DEFAULT_NOISE_BAND, type NoiseBands } from './bands.ts';
import { NO_RESULT } from './exporters/exporter.ts';
import { formatChange, formatNs, formatPercent } from './format.ts';
import { ratioBetween, verdictOf, VERDICT_TEXT, type RatioEstimate, type RatioOptions, type RatioVerdict } from './paired.ts';
import type { Column, PooledBench } from './pool.ts';

export interface RevisionCell {
  runtime: string;
  base: PooledBench;
  head: PooledBench;
  /** head / base. */
  ratio: RatioEstimate;
  verdict: RatioVerdict;
  band: { value: number; measured: boolean };
  /** Noisy measurements set aside (drift.ts), base and head together. */
  noisy: number;
}

export interface RevisionRow {
  suite: string;
  id: string;
  /** One per runtime, null where one side lacks the bench. */
  cells: Array<RevisionCell | null>;
}

export interface RevisionReport {
  runtimes: string[];
  base: { rev: string; commit: string | null };
  head: { rev: string; commit: string | null };
  rows: RevisionRow[];
}

export interface RevisionOptions {
  bands?: NoiseBands | null;
  ratio?: RatioOptions;
}

function revisionOf(column: Column): { rev: string; commit: string | null } {
  const revision = column.runs[0]?.run.target.revision;
  return { rev: revision?.rev ?? column.target, commit: revision?.commit ?? null };
}

/** Pairs each runtime's base and head columns (targets labelled runtime:base and runtime:head). */
export function compareRevisions(columns: readonly Column[], options: RevisionOptions = {}): RevisionReport {
  // Keyed by the target's runtime part ('node', 'node@22'): the label without its ':role'.
  const byRole = (role: string) =>
    new Map(columns.filter((c) => c.runs[0]?.run.target.revision?.role === role).map((c) => [c.target.replace(/:[^:]*$/, ''), c]));
  const bases = byRole('base');
  const heads = byRole('head');
  const runtimes = [...bases.keys()].filter((r) => heads.has(r));
  const ids = new Map<string, string>();
  for (const runtime of runtimes) for (const b of bases.get(runtime)!.benches.values()) ids.set(b.id, b.suite);
  const rows: RevisionRow[] = [...ids].map(([id, suite]) => ({
    suite,
    id,
    cells: runtimes.map((runtime): RevisionCell | null => {
      const base = bases.get(runtime)!.benches.get(id);
      const head = heads.get(runtime)!.benches.get(id);
      if (base === undefined || head === undefined) return null;
      const measured = options.bands?.band(bases.get(runtime)!.runtime, id, columnTestbed(bases.get(runtime)!)) ?? null;
      const band = measured === null ? { value: DEFAULT_NOISE_BAND, measured: false } : { value: measured, measured: true };
      const ratio = ratioBetween(head, base, options.ratio);
      const noisy = [...base.observations, ...head.observations].filter((o) => o.noisy).length;
      return { runtime, base, head, ratio, verdict: verdictOf(ratio, band.value), band, noisy };
    }),
  }));
  const first = runtimes[0];
  return {
    runtimes,
    base: first === undefined ? { rev: 'base', commit: null } : revisionOf(bases.get(first)!),
    head: first === undefined ? { rev: 'head', commit: null } : revisionOf(heads.get(first)!),
    rows,
  };
}

/** "+4.2% [+1.0 … +7.5%] ✗ slower". */
export function revisionCellText(cell: RevisionCell): string {
  return `${formatChange(cell.ratio)} ${VERDICT_TEXT[cell.verdict]}${cell.noisy > 0 ? ` ~${cell.noisy} noisy` : ''}`;
}

export interface VerdictCounts {
  slower: number;
  faster: number;
  same: number;
  unsure: number;
}

export function verdictCounts(report: RevisionReport): Map<string, VerdictCounts> {
  const counts = new Map(report.runtimes.map((r) => [r, { slower: 0, faster: 0, same: 0, unsure: 0 }]));
  for (const row of report.rows) for (const cell of row.cells) if (cell !== null) counts.get(cell.runtime)![cell.verdict] += 1;
  return counts;
}

export const REVISION_LEGEND = [
  'change = head / base − 1, formed within each fork (base and head measured back to back), with its 95% interval',
  '✗ slower / ✓ faster: the whole interval lies beyond the noise band; = same: the interval lies inside the band; ? unsure: it crosses an edge of the band',
];

/** The report as a terminal table (or Markdown with `markdown`), a line of counts per runtime after it. */
export function renderRevisions(report: RevisionReport, format: 'table' | 'markdown' = 'table'): string {
  const short = (r: { rev: string; commit: string | null }) => `${r.rev}${r.commit ? ` (${r.commit.slice(0, 10)})` : ''}`;
  const head = ['bench', ...report.runtimes.map((r) => `${r}: ${short(report.head)} vs ${short(report.base)}`)];
  const cellOf = (cell: RevisionCell | null) =>
    cell === null ? NO_RESULT : `${formatNs(cell.base.median.estimate)} → ${formatNs(cell.head.median.estimate)}\n${revisionCellText(cell)}`;
  let text: string;
  if (format === 'markdown') {
    const esc = (t: string) => t.replace(/\|/g, '\\|').replace(/\n/g, '<br>');
    text = [
      `| ${head.map(esc).join(' | ')} |`,
      `|${head.map(() => '---').join('|')}|`,
      ...report.rows.map((row) => `| \`${row.id}\` | ${row.cells.map((c) => esc(cellOf(c))).join(' | ')} |`),
    ].join('\n');
  } else {
    const table = new Table({ head, style: { head: [], border: [] } });
    for (const row of report.rows) table.push([`${row.id}\n${row.suite}`, ...row.cells.map(cellOf)]);
    text = table.toString();
  }
  const counts = [...verdictCounts(report)].map(([runtime, c]) => `${runtime}: ${c.slower} slower, ${c.faster} faster, ${c.same} same, ${c.unsure} unsure`);
  return `${text}\n${REVISION_LEGEND.join('\n')}\n${counts.join(' · ')}`;
}

/** One bench's verdicts over several comparisons, and the change each read (head / base − 1). */
export interface BenchTally extends VerdictCounts {
  changes: number[];
}

/** How often each verdict came out per runtime and bench over several comparisons (A/A and A/B checks). */
export function tallyVerdicts(reports: readonly RevisionReport[]): Map<string, Map<string, BenchTally>> {
  const tally = new Map<string, Map<string, BenchTally>>();
  for (const report of reports) {
    for (const row of report.rows) {
      for (const cell of row.cells) {
        if (cell === null) continue;
        const runtime = tally.get(cell.runtime) ?? new Map<string, BenchTally>();
        tally.set(cell.runtime, runtime);
        const counts = runtime.get(row.id) ?? { slower: 0, faster: 0, same: 0, unsure: 0, changes: [] };
        runtime.set(row.id, counts);
        counts[cell.verdict] += 1;
        if (Number.isFinite(cell.ratio.estimate) && cell.ratio.estimate > 0) counts.changes.push(cell.ratio.estimate - 1);
      }
    }
  }
  return tally;
}

function changeRange(changes: readonly number[]): string {
  if (changes.length === 0) return 'no change read';
  const low = Math.min(...changes);
  const high = Math.max(...changes);
  return low === high ? `read ${formatPercent(low)}` : `read ${formatPercent(low)} to ${formatPercent(high)}`;
}

/**
 * The tally as lines: per runtime the comparisons, how many said slower or faster and the range of
 * changes read, then every bench that ever said slower or faster, and those in `always` (the bench
 * a slowdown was injected into), each with its verdicts and the range of its changes.
 */
export function renderTally(tally: Map<string, Map<string, BenchTally>>, runs: number, always: readonly string[] = []): string {
  const lines: string[] = [];
  for (const [runtime, benches] of tally) {
    let comparisons = 0;
    let differences = 0;
    const changes: number[] = [];
    for (const c of benches.values()) {
      comparisons += c.slower + c.faster + c.same + c.unsure;
      differences += c.slower + c.faster;
      changes.push(...c.changes);
    }
    lines.push(
      `${runtime}: ${runs} run(s), ${comparisons} bench comparison(s), ${differences} said slower or faster (${((100 * differences) / Math.max(1, comparisons)).toFixed(2)}%); ${changeRange(changes)}`,
    );
    for (const [id, c] of benches)
      if (c.slower + c.faster > 0 || always.includes(id))
        lines.push(`  ${id}: ${c.slower} slower, ${c.faster} faster, ${c.same} same, ${c.unsure} unsure; ${changeRange(c.changes)}`);
  }
  return lines.join('\n');
}
