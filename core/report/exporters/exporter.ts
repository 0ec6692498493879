// The one interface every output format implements, and the cell text they share.
import type { Cell, ComparisonReport } from '../compare.ts';
import { formatBytes, formatChange, formatNs, formatNsRange, formatRate, formatRatio } from '../format.ts';
import { VERDICT_TEXT } from '../paired.ts';
import { STATUS_TEXT } from '../status.ts';

export interface RenderOptions {
  /** ANSI colours (only when writing to a terminal). */
  color: boolean;
  /** The terminal's width in columns (the table fits its layout to it; default 120). */
  width?: number;
  /** The full cell (spread, extra figure, change) instead of one line per bench. */
  details?: boolean;
}

/** A cell with no result (the target did not measure that bench): its own sign, never the "no target" one. */
export const NO_RESULT = '∅ no result';

export interface Exporter {
  /** The --format name. */
  format: string;
  render(report: ComparisonReport, options: RenderOptions): string;
}

/** The text lines of one table cell, shared by the table and markdown exporters. */
export interface CellText {
  time: string;
  rank: string;
  extra: string | null;
  status: string;
  change: string | null;
}

/**
 * The median over forks and rounds with its interval as a range ("4.23 ms [4.10–4.37 ms]": a spread
 * can be lopsided, and a symmetric ±% of a wide one read as a negative time); "(1 fork)" where one
 * measurement gives no interval; "~k/n noisy" when k measurements ran on a slow machine.
 */
export function timeText(cell: Cell): string {
  const { estimate, low, high, n } = cell.bench.median;
  const noisy = cell.noisy > 0 ? ` ~${cell.noisy}/${cell.bench.observations.length} noisy` : '';
  const spread = n <= 1 || !Number.isFinite(low) || !Number.isFinite(high) ? ' (1 fork)' : ` [${formatNsRange(low, high, estimate)}]`;
  return `${formatNs(estimate)}${spread}${noisy}`;
}

/** A ratio with its interval: "1.32× [1.29–1.36×]", or "(1 fork)" where one pair gives no interval. */
export function ratioText(ratio: { estimate: number; low: number; high: number; n: number }): string {
  if (!Number.isFinite(ratio.high) || !(ratio.low > 0)) return `${formatRatio(ratio.estimate)} (${ratio.n} fork${ratio.n === 1 ? '' : 's'}: no interval)`;
  return `${formatRatio(ratio.estimate)} [${formatRatio(ratio.low).slice(0, -1)}–${formatRatio(ratio.high)}]`;
}

export function rankText(cell: Cell): string {
  switch (cell.rank) {
    case 'only':
      return '';
    case 'fastest':
      return '★ fastest';
    case 'tie':
      return '★ fastest, tied';
    case 'unclear':
      return '★ fastest, unsure';
    case 'slower':
      return `${ratioText(cell.ratio!)} slower`;
    case 'same':
      return `≈ same ${ratioText(cell.ratio!)}`;
    case 'unsure':
      return `? ${ratioText(cell.ratio!)}`;
  }
}

/** The suite's extra figure: throughput, per-constraint cost or memory. */
export function extraText(cell: Cell): string | null {
  const parts = extraParts(cell);
  return parts.length === 0 ? null : parts.join(' · ');
}

/** The extra figure as lines of at most two parts, so memory cells stay narrow in a terminal table. */
export function extraLines(cell: Cell): string[] {
  const parts = extraParts(cell);
  const lines: string[] = [];
  for (let i = 0; i < parts.length; i += 2) lines.push(parts.slice(i, i + 2).join(' · '));
  return lines;
}

function extraParts(cell: Cell): string[] {
  const extra = cell.bench.extra;
  const parts: string[] = [];
  const num = (key: string) => (typeof extra[key] === 'number' ? (extra[key] as number) : null);
  const linesPerSecond = num('linesPerSecond');
  if (linesPerSecond !== null) parts.push(`${formatRate(linesPerSecond)} lines/s`);
  const overParse = num('overParse');
  const floorOverParse = num('floorOverParse');
  if (overParse !== null) parts.push(`${overParse.toFixed(2)}× parse${floorOverParse !== null ? ` (walk floor ${floorOverParse.toFixed(2)}×)` : ''}`);
  const nsPerConstraint = num('nsPerConstraint');
  if (nsPerConstraint !== null) parts.push(`${formatNs(nsPerConstraint)}/constraint`);
  const nsPerToken = num('nsPerToken');
  if (nsPerToken !== null) parts.push(`${formatNs(nsPerToken)}/token`);
  const memory: Array<[string, string]> = [
    ['bytesPeak', 'peak'],
    ['bytesAllocatedPerOp', 'alloc/op'],
    ['bytesAllocatedMax', 'alloc max'],
    ['bytesRetained', 'retained'],
    ['bytesPerLine', '/line'],
    ['bytesPerConstraint', '/constraint'],
  ];
  for (const [key, label] of memory) {
    const value = num(key);
    if (value !== null) parts.push(label.startsWith('/') ? `${formatBytes(value)}${label}` : `${label} ${formatBytes(value)}`);
  }
  return parts;
}

/** "change: +4.2% [+1.0 … +7.5%] ✗ slower": against the earlier run named above the table. */
export function changeText(cell: Cell): string | null {
  if (cell.change === null) return null;
  return `change: ${formatChange(cell.change.ratio)} ${VERDICT_TEXT[cell.change.verdict]}`;
}

export function statusText(cell: Cell): string {
  return STATUS_TEXT[cell.status.level] + (cell.status.note ? ` (${cell.status.note})` : '');
}

export function cellText(cell: Cell): CellText {
  return { time: timeText(cell), rank: rankText(cell), extra: extraText(cell), status: statusText(cell), change: changeText(cell) };
}

export const LEGEND = [
  'median over forks [its interval]; ~k/n noisy: k of n measurements ran on a busy or slow machine (set aside where 3 clean ones exist)',
  'N× [low–high]: ratio to the fastest cell, formed within each fork, with its 95% interval; slower: the whole interval lies above the noise band',
  '≈ same: the interval lies inside the noise band (A/A); ?: unsure (the interval crosses an edge of the band); status: ✓ OK ≤ target, ⚠ SLOW > target, ✗ FAIL > critical, · no target; ∅ no result',
  "change: the median against the same target in the earlier run named above (same testbed, profile and benches), from both runs' forks, with its 95% interval and verdict",
];

/** The line naming the earlier run the changes are against (null when no column has one). */
export function changeHeader(report: ComparisonReport): string | null {
  const runs = [...new Set(report.columns.map((c) => c.previousRun).filter((r): r is string => r !== null))];
  return runs.length === 0 ? null : `change against run ${runs.join(', ')}`;
}

export function columnHeader(report: ComparisonReport, index: number): string {
  const column = report.columns[index]!;
  const forks = column.forks > 1 ? `, ${column.forks} forks` : '';
  // The engine only where a version was asked for (node@22): there it is the point of the column.
  const engine = column.label.includes('@') && !column.label.startsWith(`${column.runtime}@${column.host}`) ? ` (${column.engines.join('/')})` : '';
  return `${column.label} ${column.versions.join('/')}${engine}${forks}`;
}
