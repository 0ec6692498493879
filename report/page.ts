// The HTML report: one self-contained file (styles and SVG charts inline, no script, no font or image
// fetched), readable in a light or a dark colour scheme. Sections: the summary, the ratio heatmap,
// per suite a chart per bench with the statuses against the guide's targets, what changed since the
// earlier run of the same testbed, the testbeds with exact runtime and engine versions, and the
// history of each bench on this testbed.
import type { Cell, ComparisonReport, Row } from '../core/report/compare.ts';
import { changeText, rankText, statusText } from '../core/report/exporters/exporter.ts';
import { formatBytes, formatChange, formatNs } from '../core/report/format.ts';
import type { TestbedHistory } from '../core/report/history.ts';
import { VERDICT_TEXT } from '../core/report/paired.ts';
import type { RunSummary } from '../core/report/run-index.ts';
import { STATUS_SIGN } from '../core/report/status.ts';
import type { ColumnTestbed } from '../core/report/testbed.ts';
import { benchChart, historyChart, ratioHeatmap } from './charts.ts';
import { coloursFor } from './palette.ts';

export interface ReportPageModel {
  /** The run(s) shown. */
  runs: RunSummary[];
  report: ComparisonReport;
  /** The one-line summary the terminal prints. */
  summary: string;
  /** Which earlier run the changes are against, or why there is none. */
  previousNote: string;
  testbeds: ColumnTestbed[];
  /** The history of the shown run's testbed (null: none, or not asked for). */
  history: TestbedHistory | null;
  generatedAt: string;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const STYLE = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1b1b1b; --muted: #595959; --rule: #d9d9d9; --panel: #f6f6f6; --ok: #1e7b34; --slow: #8a5a00; --fail: #b3261e; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #121212; --fg: #e8e8e8; --muted: #ababab; --rule: #3a3a3a; --panel: #1d1d1d; --ok: #6fcf7f; --slow: #f0b454; --fail: #ff8a80; }
}
* { box-sizing: border-box; }
body { margin: 0; padding: 1.5rem 2rem 3rem; background: var(--bg); color: var(--fg); font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 2.2rem 0 .6rem; padding-bottom: .2rem; border-bottom: 1px solid var(--rule); }
h3 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
p, li { max-width: 75rem; }
.muted, figcaption { color: var(--muted); }
nav a { margin-right: 1rem; color: inherit; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .9em; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(440px, 1fr)); gap: 1rem 1.5rem; }
figure { margin: 0; padding: .6rem .8rem; background: var(--panel); border-radius: 6px; }
figure > h3 { margin: 0 0 .2rem; font-size: .95rem; }
figcaption { font-size: .85rem; }
svg.plot { --plot-background: var(--panel); overflow: visible; }
figure.heatmap svg.plot { --plot-background: var(--bg); }
figure.heatmap { background: none; padding: 0; }
table { border-collapse: collapse; margin: .4rem 0 1rem; font-size: .9rem; }
th, td { text-align: left; padding: .25rem .7rem .25rem 0; border-bottom: 1px solid var(--rule); vertical-align: top; }
th { font-weight: 600; }
td.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
.ok { color: var(--ok); } .slow { color: var(--slow); } .fail { color: var(--fail); } .none { color: var(--muted); }
.swatch { display: inline-block; width: .8em; height: .8em; border-radius: 50%; margin-right: .35em; vertical-align: -.05em; }
`;

function swatch(colour: string | undefined): string {
  return `<span class="swatch" style="background:${colour ?? '#888'}"></span>`;
}

function statusCell(cell: Cell | null): string {
  if (cell === null) return '<td class="none">∅ no result</td>';
  const level = cell.status.level;
  return `<td class="num ${level}" title="${escapeHtml(statusText(cell))}">${STATUS_SIGN[level]} ${escapeHtml(formatNs(cell.bench.median.estimate))}<br><span class="muted">${escapeHtml(rankText(cell) || 'one target')}</span></td>`;
}

function targetOf(cell: Cell | null): string {
  const target = cell?.status.target;
  if (target === undefined || target === null) return '<td class="none">· no target</td>';
  const value = (ns: number) => (target.metric === 'time' ? formatNs(ns) : formatBytes(ns));
  return `<td class="num">${escapeHtml(value(target.target))}${target.critical === undefined ? '' : ` <span class="muted">(critical ${escapeHtml(value(target.critical))})</span>`}${target.metric === 'time' ? '' : ` <span class="muted">${escapeHtml(target.metric)}</span>`}</td>`;
}

function suiteSection(model: ReportPageModel, suite: string, rows: Row[], colours: Map<string, string>): string {
  const labels = model.report.columns.map((c) => c.label);
  const charts = rows.map(
    (row) =>
      `<figure class="chart bench-chart" data-bench="${escapeHtml(row.id)}"><h3><code>${escapeHtml(row.id)}</code></h3>${benchChart(model.report, row, colours)}<figcaption>${escapeHtml(captionOf(model.report, row))}</figcaption></figure>`,
  );
  const statusRows = rows.map(
    (row) => `<tr><td><code>${escapeHtml(row.id)}</code></td>${targetOf(row.cells.find((c) => c !== null) ?? null)}${row.cells.map(statusCell).join('')}</tr>`,
  );
  return `<section id="suite-${escapeHtml(suite)}"><h2>${escapeHtml(suite)}</h2><div class="grid">${charts.join('')}</div>
<h3>Against the guide's targets</h3><table class="statuses"><thead><tr><th>bench</th><th>target</th>${labels.map((l) => `<th>${swatch(colours.get(l))}${escapeHtml(l)}</th>`).join('')}</tr></thead><tbody>${statusRows.join('')}</tbody></table></section>`;
}

function captionOf(report: ComparisonReport, row: Row): string {
  const parts = row.cells.flatMap((cell, i) => (cell === null ? [] : [`${report.columns[i]!.label} ${rankText(cell) || 'alone'}`]));
  return parts.join(' · ');
}

function changesSection(model: ReportPageModel): string {
  const lines: string[] = [];
  const counts = { slower: 0, faster: 0, same: 0, unsure: 0 };
  for (const row of model.report.rows) {
    row.cells.forEach((cell, i) => {
      if (cell?.change === null || cell === null || cell.change === undefined) return;
      counts[cell.change.verdict] += 1;
      if (cell.change.verdict === 'slower' || cell.change.verdict === 'faster') {
        lines.push(
          `<tr><td><code>${escapeHtml(row.id)}</code></td><td>${escapeHtml(model.report.columns[i]!.label)}</td><td class="num">${escapeHtml(formatChange(cell.change.ratio))}</td><td class="${cell.change.verdict === 'slower' ? 'fail' : 'ok'}">${escapeHtml(VERDICT_TEXT[cell.change.verdict])}</td></tr>`,
        );
      }
    });
  }
  const total = counts.slower + counts.faster + counts.same + counts.unsure;
  const body =
    total === 0
      ? ''
      : `<p>${counts.slower} slower, ${counts.faster} faster, ${counts.same} the same within the noise band, ${counts.unsure} unsure (the interval crosses an edge of the band).</p>${lines.length === 0 ? '' : `<table class="changes"><thead><tr><th>bench</th><th>target</th><th>change [95% interval]</th><th>verdict</th></tr></thead><tbody>${lines.join('')}</tbody></table>`}`;
  return `<section id="changes"><h2>What changed since the earlier run</h2><p class="muted">${escapeHtml(model.previousNote)}</p>${body}</section>`;
}

function testbedSection(model: ReportPageModel, colours: Map<string, string>): string {
  const rows = model.testbeds.map(
    (t) =>
      `<tr><td>${swatch(colours.get(t.label))}${escapeHtml(t.label)}</td><td>${escapeHtml(t.runtime)} ${escapeHtml(t.version)}</td><td>${escapeHtml(t.engine)}</td><td>${escapeHtml(t.testbed)}</td><td>${escapeHtml(t.hostname)}</td><td class="num">${escapeHtml(formatBytes(t.memoryBytes))}</td><td>${escapeHtml(t.governor ?? 'unknown')}</td><td class="num">${t.loadAverage === null ? 'unknown' : t.loadAverage.toFixed(2)}</td><td><code>${escapeHtml(t.commit?.slice(0, 12) ?? 'unknown')}</code>${t.dirty ? ' (dirty)' : ''}</td></tr>`,
  );
  return `<section id="testbeds"><h2>Testbeds and versions</h2><table class="testbeds"><thead><tr><th>target</th><th>runtime</th><th>engine</th><th>machine (CPU · cores · OS arch)</th><th>host</th><th>memory</th><th>governor</th><th>load</th><th>commit</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}

function historySection(model: ReportPageModel, colours: Map<string, string>): string {
  const history = model.history;
  if (history === null) return '';
  const benches = history.benches.filter((b) => b.series.some((s) => s.points.length >= 2));
  const charts = benches.map(
    (b) =>
      `<figure class="chart history-chart" data-bench="${escapeHtml(b.id)}"><h3><code>${escapeHtml(b.id)}</code></h3>${historyChart(history, b, colours)}</figure>`,
  );
  const key = [...new Set(benches.flatMap((b) => b.series.map((s) => s.target)))].map((t) => `${swatch(colours.get(t))}${escapeHtml(t)}`).join(' &nbsp; ');
  return `<section id="history"><h2>History on this testbed</h2><p>${key}</p><p class="muted">${escapeHtml(history.testbed)}: ${history.runs.length} run(s) in the results folder, oldest ${escapeHtml(history.runs[0]?.startedAt.slice(0, 16).replace('T', ' ') ?? '')} UTC. A ring marks a change point: a step beyond the noise band, seen again in the next run (▲ slower, ▼ faster). Runs of other machines are not on these lines.</p>${charts.length === 0 ? '<p>No bench has two runs here yet.</p>' : `<div class="grid">${charts.join('')}</div>`}</section>`;
}

/** The whole page as one HTML document. */
export function renderReportPage(model: ReportPageModel): string {
  const colours = coloursFor(model.report.columns);
  const suites = [...new Set(model.report.rows.map((r) => r.suite))];
  const runNames = model.runs.map((r) => `${r.runId} (${r.startedAt.slice(0, 16).replace('T', ' ')} UTC, ${r.profile ?? '?'} profile, ${r.state})`).join('; ');
  const legend = model.report.columns.map((c) => `${swatch(colours.get(c.label))}${escapeHtml(c.label)} ${escapeHtml(c.versions.join('/'))}`).join(' &nbsp; ');
  const nav = [
    ['summary', 'summary'],
    ['heatmap', 'ratios'],
    ...suites.map((s) => [`suite-${s}`, s]),
    ['changes', 'changes'],
    ['testbeds', 'testbeds'],
    ...(model.history === null ? [] : [['history', 'history']]),
  ]
    .map(([id, text]) => `<a href="#${escapeHtml(id!)}">${escapeHtml(text!)}</a>`)
    .join('');
  const exampleChange = model.report.rows.flatMap((r) => r.cells).find((c) => c?.change != null) ?? null;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Ananke benchmarks: ${escapeHtml(model.runs.map((r) => r.runId).join(', '))}</title>
<style>${STYLE}</style></head>
<body>
<header><h1>Ananke benchmarks</h1><p class="muted">${escapeHtml(runNames)} · generated ${escapeHtml(model.generatedAt.slice(0, 16).replace('T', ' '))} UTC</p><nav>${nav}</nav></header>
<section id="summary"><h2>Summary</h2><p>${escapeHtml(model.summary)}</p><p>${legend}</p>
<p class="muted">Each target's figure is the median over its forks (fresh processes), with the median's interval; ratios are the time over the row's fastest target, formed within each fork, with a 95% interval; ≈ marks a tie inside the noise band, ? a ratio whose interval crosses its edge.${exampleChange === null ? '' : ` Changes read like <code>${escapeHtml(changeText(exampleChange) ?? '')}</code>.`}</p></section>
<section id="heatmap"><h2>Time over the fastest, bench by bench</h2><figure class="chart heatmap">${ratioHeatmap(model.report)}</figure></section>
${suites
  .map((s) =>
    suiteSection(
      model,
      s,
      model.report.rows.filter((r) => r.suite === s),
      colours,
    ),
  )
  .join('\n')}
${changesSection(model)}
${testbedSection(model, colours)}
${historySection(model, colours)}
</body></html>
`;
}
