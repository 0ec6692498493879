// The one-line summary printed after the table.
import type { ComparisonReport } from './compare.ts';
import { logHalfWidth, medianOf } from './intervals.ts';

export interface RunOutcome {
  /** Runtimes skipped because they are not installed. */
  skipped: string[];
  /** One message per failure (crash, hang, error record, corrupt line, a planned measurement without a record). */
  failures: string[];
  /** The signal that stopped the run early, if one did. */
  interrupted?: string | null;
}

export function summaryLine(report: ComparisonReport, outcome: RunOutcome): string {
  const wins = new Map<string, number>();
  let ties = 0;
  let unsure = 0;
  let noisyCells = 0;
  const statuses = { ok: 0, slow: 0, fail: 0 };
  const changes = { slower: 0, faster: 0, same: 0, unsure: 0 };
  // Each ratio's interval, as a half-width on the log scale: how well this run knows its ratios.
  const halfWidths: number[] = [];
  for (const row of report.rows) {
    row.cells.forEach((cell, i) => {
      if (cell === null) return;
      if (cell.rank === 'fastest') wins.set(report.columns[i]!.label, (wins.get(report.columns[i]!.label) ?? 0) + 1);
      if (cell.status.level !== 'none') statuses[cell.status.level] += 1;
      if (cell.noisy > 0) noisyCells += 1;
      if (cell.change !== null) changes[cell.change.verdict] += 1;
      const half = cell.ratio === null ? null : logHalfWidth(cell.ratio);
      if (half !== null) halfWidths.push(half);
    });
    if (row.cells.some((cell) => cell?.rank === 'tie')) ties += 1;
    else if (row.cells.some((cell) => cell?.rank === 'unclear')) unsure += 1;
  }
  const parts = [`${report.columns.length} column(s), ${report.rows.length} bench(es)`];
  if (report.columns.length > 1) {
    const winText = report.columns.map((c) => `${c.label} ${wins.get(c.label) ?? 0}`).join(', ');
    const known = halfWidths.length === 0 ? '' : `, ratios to the fastest ±${((Math.exp(medianOf(halfWidths)) - 1) * 100).toFixed(0)}% (median interval)`;
    parts.push(`fastest: ${winText}, ties ${ties}, unsure ${unsure}${known}`);
  }
  parts.push(`status: ${statuses.ok} ✓ OK, ${statuses.slow} ⚠ SLOW, ${statuses.fail} ✗ FAIL`);
  if (noisyCells > 0) parts.push(`${noisyCells} noisy cell(s)`);
  const against = [...new Set(report.columns.map((c) => c.previousRun).filter((r) => r !== null))];
  if (against.length > 0)
    parts.push(`against ${against.join(', ')}: ${changes.slower} slower, ${changes.faster} faster, ${changes.same} same, ${changes.unsure} unsure`);
  if (outcome.skipped.length > 0) parts.push(`skipped: ${outcome.skipped.join(', ')}`);
  if (outcome.interrupted) parts.push(`interrupted by ${outcome.interrupted}`);
  parts.push(outcome.failures.length === 0 ? 'no failures' : `${outcome.failures.length} failure(s)`);
  return parts.join(' · ');
}
