// The one interface every output format implements, and the cell text they share.
import type { Cell, ComparisonReport } from '../compare.ts';
import { formatBytes, formatNs, formatPercent, formatRate, formatRatio } from '../format.ts';
import { STATUS_TEXT } from '../status.ts';

export interface RenderOptions {
  /** ANSI colours (only when writing to a terminal). */
  color: boolean;
}

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

/** The median over forks and rounds ± half its interval, relative to the median; "~k/n noisy" when k measurements ran on a slow machine. */
export function timeText(cell: Cell): string {
  const { estimate, low, high } = cell.bench.median;
  const half = estimate > 0 && Number.isFinite(low) && Number.isFinite(high) ? (high - low) / 2 / estimate : 0;
  const noisy = cell.noisy > 0 ? ` ~${cell.noisy}/${cell.bench.observations.length} noisy` : '';
  return `${formatNs(estimate)} ±${(half * 100).toFixed(1)}%${noisy}`;
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
      return '★ lowest median, unsure';
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

export function changeText(cell: Cell): string | null {
  if (cell.change === null) return null;
  const { low, high, estimate } = cell.change;
  if (low === high) return `change: ${formatPercent(estimate)}`;
  return `change: ${formatPercent(low)} … ${formatPercent(high)}`;
}

export function cellText(cell: Cell): CellText {
  const status = STATUS_TEXT[cell.status.level] + (cell.status.note ? ` (${cell.status.note})` : '');
  return { time: timeText(cell), rank: rankText(cell), extra: extraText(cell), status, change: changeText(cell) };
}

export const LEGEND = [
  'median over forks ±half its interval; ~k/n noisy: k of n measurements ran on a busy or slow machine (set aside where 3 clean ones exist)',
  'N× [low–high]: ratio to the fastest cell, formed within each fork, with its 95% interval; slower: the whole interval lies above the noise band',
  '≈ same: the interval lies inside the noise band (A/A); ?: unsure (the interval crosses an edge of the band); status: ✓ OK ≤ target, ⚠ SLOW > target, ✗ FAIL > critical, – no target',
  'change: 95% confidence interval of the mean against the previous run of the same target on the same host',
];

export function columnHeader(report: ComparisonReport, index: number): string {
  const column = report.columns[index]!;
  const forks = column.forks > 1 ? `, ${column.forks} forks` : '';
  // The engine only where a version was asked for (node@22): there it is the point of the column.
  const engine = column.label.includes('@') && !column.label.startsWith(`${column.runtime}@${column.host}`) ? ` (${column.engines.join('/')})` : '';
  return `${column.label} ${column.versions.join('/')}${engine}${forks}`;
}
