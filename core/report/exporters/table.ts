// Exports the comparison as a terminal table (cli-table3), coloured only on a terminal.
import Table from 'cli-table3';
import type { Cell, ComparisonReport } from '../compare.ts';
import { cellText, columnHeader, extraLines, LEGEND, type Exporter, type RenderOptions } from './exporter.ts';

const ANSI = { green: '\u001b[32m', yellow: '\u001b[33m', red: '\u001b[31m', dim: '\u001b[2m', reset: '\u001b[0m' };

function paint(text: string, colour: keyof typeof ANSI, options: RenderOptions): string {
  return options.color && text !== '' ? `${ANSI[colour]}${text}${ANSI.reset}` : text;
}

function renderCell(cell: Cell | null, options: RenderOptions): string {
  if (cell === null) return '–';
  const text = cellText(cell);
  const rank = cell.rank === 'fastest' ? paint(text.rank, 'green', options) : text.rank;
  const statusColour = cell.status.level === 'ok' ? 'green' : cell.status.level === 'slow' ? 'yellow' : cell.status.level === 'fail' ? 'red' : 'dim';
  const lines = [text.time, rank, ...extraLines(cell), paint(text.status, statusColour, options), text.change === null ? null : paint(text.change, 'dim', options)];
  return lines.filter((line): line is string => line !== null && line !== '').join('\n');
}

export const tableExporter: Exporter = {
  format: 'table',
  render(report: ComparisonReport, options: RenderOptions): string {
    const table = new Table({
      head: ['bench', ...report.columns.map((_, i) => columnHeader(report, i))],
      style: { head: options.color ? ['cyan'] : [], border: [] },
    });
    for (const row of report.rows) table.push([`${row.id}\n${row.suite}`, ...row.cells.map((cell) => renderCell(cell, options))]);
    return `${table.toString()}\n${LEGEND.map((line) => paint(line, 'dim', options)).join('\n')}`;
  },
};
