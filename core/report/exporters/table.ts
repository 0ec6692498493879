// Exports the comparison as a terminal table (cli-table3), coloured only on a terminal. By default
// one line per bench: per target its median, its ratio to the row's fastest with the interval (ties
// inside the noise band read as ties), its status against the guide's target and a noisy mark, under
// a header per suite. The layout fits the terminal's width: the widest cells that fit, then narrower
// ones, then the targets split over several tables, then one block per bench with a line per target.
// `details` gives the full cell instead (spread, extra figure, change), in one bordered table.
import Table from 'cli-table3';
import stringWidth from 'string-width';
import type { Cell, ComparisonReport, Row } from '../compare.ts';
import { borderlessTable } from '../borderless.ts';
import { formatNs, formatRatio } from '../format.ts';
import { STATUS_SIGN } from '../status.ts';
import { cellText, changeHeader, columnHeader, extraLines, LEGEND, NO_RESULT, type Exporter, type RenderOptions } from './exporter.ts';

const ANSI = { green: '\u001b[32m', yellow: '\u001b[33m', red: '\u001b[31m', cyan: '\u001b[36m', bold: '\u001b[1m', dim: '\u001b[2m', reset: '\u001b[0m' };
type Colour = Exclude<keyof typeof ANSI, 'reset'>;

function paint(text: string, colour: Colour, options: RenderOptions): string {
  return options.color && text !== '' ? `${ANSI[colour]}${text}${ANSI.reset}` : text;
}

const DEFAULT_WIDTH = 120;
/** Between two columns of the compact table. */
const GAP = '  ';

/** How much of a ratio a compact cell shows: the interval, ± its larger half, or the ratio alone. */
type Level = 'wide' | 'normal' | 'narrow';

/** "±5%": the larger half of the interval relative to the ratio; nothing where there is no interval or it is wider than the ratio. */
function plusMinus(ratio: { estimate: number; low: number; high: number }): string {
  if (!Number.isFinite(ratio.high) || !(ratio.low > 0)) return '';
  const half = Math.max(ratio.high / ratio.estimate - 1, 1 - ratio.low / ratio.estimate) * 100;
  return half >= 100 ? '' : `±${half < 0.95 ? half.toFixed(1) : Math.round(half)}%`;
}

function interval(ratio: { estimate: number; low: number; high: number; n: number }): string {
  if (!Number.isFinite(ratio.high) || !(ratio.low > 0)) return `(${ratio.n} fork${ratio.n === 1 ? '' : 's'})`;
  return `[${formatRatio(ratio.low).slice(0, -1)}–${formatRatio(ratio.high).slice(0, -1)}]`;
}

/** The rank as the compact table shows it at a level. */
function compactRank(cell: Cell, level: Level): string {
  const ratio = cell.ratio;
  switch (cell.rank) {
    case 'only':
      return '';
    case 'fastest':
      return level === 'wide' ? '★ fastest' : '★';
    case 'tie':
      return level === 'wide' ? '★ tied' : level === 'normal' ? '★ tie' : '★≈';
    case 'unclear':
      return level === 'wide' ? '★ unsure' : level === 'normal' ? '★ ?' : '★?';
    case 'same':
      return level === 'wide' ? `≈ tie ${formatRatio(ratio!.estimate)} ${interval(ratio!)}` : level === 'normal' ? '≈ tie' : '≈';
    case 'slower':
      return level === 'wide'
        ? `${formatRatio(ratio!.estimate)} ${interval(ratio!)}`
        : level === 'normal'
          ? `${formatRatio(ratio!.estimate)}${plusMinus(ratio!)}`
          : formatRatio(ratio!.estimate);
    case 'unsure':
      return level === 'wide'
        ? `? ${formatRatio(ratio!.estimate)} ${interval(ratio!)}`
        : level === 'normal'
          ? `? ${formatRatio(ratio!.estimate)}${plusMinus(ratio!)}`
          : `?${formatRatio(ratio!.estimate)}`;
  }
}

interface Parts {
  median: string;
  rank: string;
  status: string;
  noisy: string;
}

function partsOf(cell: Cell | null, level: Level): Parts {
  if (cell === null) return { median: NO_RESULT.split(' ')[0]!, rank: '', status: '', noisy: '' };
  const noisy = cell.noisy === 0 ? '' : level === 'wide' ? ` ~${cell.noisy}/${cell.bench.observations.length}` : '~';
  return { median: formatNs(cell.bench.median.estimate), rank: compactRank(cell, level), status: STATUS_SIGN[cell.status.level], noisy };
}

function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - stringWidth(text)));
}

function padStart(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - stringWidth(text))) + text;
}

/** One target's column at a level: its cells laid out as median, rank, status and noisy mark, aligned down the column. */
function targetColumn(rows: readonly Row[], index: number, level: Level, options: RenderOptions): { cells: string[]; width: number } {
  const parts = rows.map((row) => ({ cell: row.cells[index] ?? null, parts: partsOf(row.cells[index] ?? null, level) }));
  const medianWidth = Math.max(0, ...parts.map((p) => stringWidth(p.parts.median)));
  const rankWidth = Math.max(0, ...parts.map((p) => stringWidth(p.parts.rank)));
  const cells = parts.map(({ cell, parts: p }) => {
    if (cell === null) return padStart(p.median, medianWidth);
    const rank = padEnd(cell.rank === 'fastest' || cell.rank === 'tie' ? paint(p.rank, 'green', options) : p.rank, rankWidth);
    const statusColour: Colour = cell.status.level === 'ok' ? 'green' : cell.status.level === 'slow' ? 'yellow' : cell.status.level === 'fail' ? 'red' : 'dim';
    return [
      padStart(p.median, medianWidth),
      rankWidth > 0 ? ` ${rank}` : '',
      ` ${paint(p.status, statusColour, options)}`,
      paint(p.noisy, 'yellow', options),
    ].join('');
  });
  const width = Math.max(0, ...parts.map((p) => medianWidth + (rankWidth > 0 ? 1 + rankWidth : 0) + 2 + stringWidth(p.parts.noisy)));
  return { cells, width };
}

function headerLines(report: ComparisonReport, index: number): string[] {
  const column = report.columns[index]!;
  const versioned = column.label.includes('@') && !column.label.startsWith(`${column.runtime}@${column.host}`);
  return [column.label, column.versions.join('/'), ...(versioned ? [column.engines.join('/')] : [])];
}

const width = (lines: readonly string[]) => Math.max(0, ...lines.map((l) => stringWidth(l)));

/** cli-table3 with no borders: columns apart by GAP, no padding (the compact table's look). */
function borderless(head: string[], options: RenderOptions): Table.Table {
  return borderlessTable(head, GAP, options.color);
}

function render(table: Table.Table): string {
  return table
    .toString()
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => line.replace(/\s+$/, ''))
    .join('\n');
}

/** Shortest a bench id is cut to (keeping its last part, the size: "llguidance_sch…_10"). */
const MIN_ID_WIDTH = 16;

/** A bench id cut to `width` in the middle, its last part (the size or variant) kept. */
function shortId(id: string, width: number): string {
  if (id.length <= width) return id;
  const tail = id.slice(id.lastIndexOf('_'));
  return tail.length + 2 > width ? `${id.slice(0, width - 1)}…` : `${id.slice(0, width - 1 - tail.length)}…${tail}`;
}

/** The table of these targets (report column indexes), one line per bench, a header row per suite; ids cut to `idWidth` when given. */
function compactTable(
  report: ComparisonReport,
  targets: readonly number[],
  level: Level,
  options: RenderOptions,
  idWidth = Infinity,
): { text: string; width: number } {
  const columns = targets.map((i) => targetColumn(report.rows, i, level, options));
  const heads = targets.map((i) => headerLines(report, i));
  const benchWidth = Math.max(5, ...report.rows.map((r) => Math.min(idWidth, stringWidth(r.id))));
  const widths = [benchWidth, ...columns.map((c, k) => Math.max(c.width, width(heads[k]!)))];
  const table = borderless(['bench', ...heads.map((lines) => lines.join('\n'))], options);
  let suite: string | null = null;
  report.rows.forEach((row, r) => {
    if (row.suite !== suite) {
      suite = row.suite;
      table.push([{ colSpan: targets.length + 1, content: paint(`── ${suite}`, 'cyan', options) }]);
    }
    table.push([shortId(row.id, idWidth), ...columns.map((c) => c.cells[r]!)]);
  });
  return { text: render(table), width: widths.reduce((a, b) => a + b, 0) + GAP.length * targets.length };
}

/** One block per bench, a line per target: for terminals too narrow for a column per target. */
function stackedTable(report: ComparisonReport, options: RenderOptions): string {
  const all = report.columns.map((_, i) => i);
  const columns = all.map((i) => targetColumn(report.rows, i, 'normal', options));
  const table = borderless(['bench / target', 'median, ratio, status'], options);
  let suite: string | null = null;
  report.rows.forEach((row, r) => {
    if (row.suite !== suite) {
      suite = row.suite;
      table.push([{ colSpan: 2, content: paint(`── ${suite}`, 'cyan', options) }]);
    }
    table.push([{ colSpan: 2, content: row.id }]);
    for (const i of all) table.push([`  ${report.columns[i]!.label}`, columns[i]!.cells[r]!]);
  });
  return render(table);
}

/** The targets in k groups of nearly equal size, in order. */
function chunks(count: number, k: number): number[][] {
  const groups: number[][] = [];
  for (let g = 0, start = 0; g < k; g++) {
    const size = Math.ceil((count - start) / (k - g));
    groups.push(Array.from({ length: size }, (_, j) => start + j));
    start += size;
  }
  return groups;
}

/** Picks the layout: all targets at the widest level that fits, else split over the fewest tables (two targets each at least), else stacked. */
function compactLayout(report: ComparisonReport, options: RenderOptions): string {
  const width = options.width ?? DEFAULT_WIDTH;
  const all = report.columns.map((_, i) => i);
  for (const level of ['wide', 'normal', 'narrow'] as const) {
    const table = compactTable(report, all, level, options);
    if (table.width <= width) return table.text;
  }
  // Narrow cells and long ids cut in the middle, before giving up one line per bench.
  const narrow = compactTable(report, all, 'narrow', options);
  const idWidth = Math.max(5, ...report.rows.map((r) => stringWidth(r.id))) - (narrow.width - width);
  if (idWidth >= MIN_ID_WIDTH) return compactTable(report, all, 'narrow', options, idWidth).text;
  // Split only while every table keeps at least two targets: one per table is the stacked view, done better.
  for (let k = 2; k <= Math.floor(all.length / 2); k++) {
    const groups = chunks(all.length, k);
    for (const level of ['normal', 'narrow'] as const) {
      const tables = groups.map((g) => compactTable(report, g, level, options));
      if (tables.every((t) => t.width <= width)) {
        return tables
          .map(
            (t, g) =>
              `${paint(`targets ${groups[g]![0]! + 1}–${groups[g]!.at(-1)! + 1} of ${all.length} (ratios to the fastest of all ${all.length})`, 'dim', options)}\n${t.text}`,
          )
          .join('\n\n');
      }
    }
  }
  return stackedTable(report, options);
}

/** The compact legend, wrapped to the width. */
function compactLegend(options: RenderOptions): string {
  const items = [
    '★ fastest',
    '≈ tie: inside the noise band',
    'N×±P%: time over the fastest, 95% interval',
    '? unsure',
    "✓ OK ⚠ SLOW ✗ FAIL: against the guide's target",
    '· no target',
    '~ noisy measurements',
    '∅ no result',
    '--details: spread, extra figures, change',
  ];
  const width = options.width ?? DEFAULT_WIDTH;
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    const next = line === '' ? item : `${line}   ${item}`;
    if (stringWidth(next) > width && line !== '') {
      lines.push(line);
      line = item;
    } else {
      line = next;
    }
  }
  if (line !== '') lines.push(line);
  return lines.map((l) => paint(l, 'dim', options)).join('\n');
}

function detailCell(cell: Cell | null, options: RenderOptions): string {
  if (cell === null) return NO_RESULT;
  const text = cellText(cell);
  const rank = cell.rank === 'fastest' ? paint(text.rank, 'green', options) : text.rank;
  const statusColour: Colour = cell.status.level === 'ok' ? 'green' : cell.status.level === 'slow' ? 'yellow' : cell.status.level === 'fail' ? 'red' : 'dim';
  const lines = [
    text.time,
    rank,
    ...extraLines(cell),
    paint(text.status, statusColour, options),
    text.change === null ? null : paint(text.change, 'dim', options),
  ];
  return lines.filter((line): line is string => line !== null && line !== '').join('\n');
}

function detailTable(report: ComparisonReport, options: RenderOptions): string {
  const table = new Table({
    head: ['bench', ...report.columns.map((_, i) => columnHeader(report, i))],
    style: { head: options.color ? ['cyan'] : [], border: [] },
  });
  for (const row of report.rows) table.push([`${row.id}\n${row.suite}`, ...row.cells.map((cell) => detailCell(cell, options))]);
  return `${table.toString()}\n${LEGEND.map((line) => paint(line, 'dim', options)).join('\n')}`;
}

export const tableExporter: Exporter = {
  format: 'table',
  render(report: ComparisonReport, options: RenderOptions): string {
    const against = changeHeader(report);
    const body = options.details ? detailTable(report, options) : `${compactLayout(report, options)}\n${compactLegend(options)}`;
    return against === null || !options.details ? body : `${paint(against, 'dim', options)}\n${body}`;
  },
};
