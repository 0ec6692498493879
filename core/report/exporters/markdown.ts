// Exports the comparison as a GitHub-flavoured Markdown table (for $GITHUB_STEP_SUMMARY and notes).
import type { ComparisonReport } from '../compare.ts';
import { cellText, changeHeader, columnHeader, LEGEND, NO_RESULT, type Exporter } from './exporter.ts';

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

export const markdownExporter: Exporter = {
  format: 'markdown',
  render(report: ComparisonReport): string {
    const header = ['bench', ...report.columns.map((_, i) => columnHeader(report, i))];
    const lines = [`| ${header.map(escapeCell).join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
    for (const row of report.rows) {
      const cells = row.cells.map((cell) => {
        if (cell === null) return NO_RESULT;
        const text = cellText(cell);
        const rank = cell.rank === 'fastest' ? `**${text.rank}**` : text.rank;
        return [`**${text.time}**`, rank, text.extra, text.status, text.change]
          .filter((l) => l !== null && l !== '')
          .map((l) => escapeCell(l!))
          .join('<br>');
      });
      lines.push(`| \`${row.id}\` (${escapeCell(row.suite)}) | ${cells.join(' | ')} |`);
    }
    const against = changeHeader(report);
    return `${against === null ? '' : `${against}\n\n`}${lines.join('\n')}\n\n${LEGEND.map((line) => `- ${line}`).join('\n')}`;
  },
};
