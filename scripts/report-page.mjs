// @ts-check
// Builds the HTML report of one or more run folders (used by `npm run bench:report` and
// `npm run bench -- --report`): the comparison as the table has it, the change against the earlier
// run like it, the testbeds, and the history of the run's testbed over every run in the results folder.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ROOT, UserError, findPreviousRun, loadReportPage, loadRunFolder, readChecked, reportProblems, runFolders, warnForeignBands } from './bench-io.mjs';

/**
 * Writes the report; returns the path as the user should see it.
 * @param {typeof import('../core/report/index.ts')} core
 * @param {{ runDirs: string[]; resultsDir: string; out: string; against?: string; pool: boolean; history?: boolean }} o
 */
export async function buildReportPage(core, o) {
  const page = await loadReportPage();
  const loaded = [];
  for (const dir of o.runDirs) loaded.push(await loadRunFolder(core, dir));
  for (const l of loaded) reportProblems(l.collector.problems);
  const runs = loaded.flatMap((l) => l.collector.runs);
  if (runs.length === 0) throw new UserError(`no run records in ${o.runDirs.join(', ')}`);
  const columns = core.buildColumns(runs, { poolRuns: o.pool });
  core.markDrift(columns);
  const single = loaded.length === 1 ? loaded[0] : null;
  const { previous, note } =
    single === null
      ? { previous: null, note: 'several runs shown: no change against an earlier run' }
      : await findPreviousRun(core, o.resultsDir, single.summary, o.against);
  const targets = readChecked(join(ROOT, 'baselines', 'targets.json'), core.parseTargets, { optional: true });
  const bandsFile = readChecked(join(ROOT, 'baselines', 'noise.json'), core.parseNoiseBands, { optional: true });
  const bands = bandsFile === null ? null : core.noiseBands(bandsFile);
  warnForeignBands(core, bands, columns);
  const report = core.compareColumns(columns, {
    targets,
    bands,
    previous: previous === null ? new Map() : core.previousColumns(runs, previous.collector.runs),
  });
  const failures = loaded.filter((l) => l.summary.state !== 'complete' && l.summary.state !== 'unknown').map((l) => `${l.summary.runId}: ${l.summary.state}`);
  const summary = core.summaryLine(report, { skipped: [], failures });

  let history = null;
  if (o.history !== false) {
    const inputs = [];
    const shown = new Set(loaded.map((l) => resolve(l.dir)));
    for (const dir of runFolders(o.resultsDir)) {
      const l = shown.has(resolve(dir)) ? loaded.find((x) => resolve(x.dir) === resolve(dir)) : await loadRunFolder(core, dir);
      if (l !== undefined) inputs.push({ summary: l.summary, runs: l.collector.runs });
    }
    // A run shown from outside the results folder is part of its own history too.
    for (const l of loaded) if (!inputs.some((i) => i.summary.runId === l.summary.runId)) inputs.push({ summary: l.summary, runs: l.collector.runs });
    const testbed = loaded[0].summary.testbeds[0];
    history = core.buildHistory(inputs, { bands }).find((h) => h.testbed === testbed) ?? null;
  }
  const html = page.renderReportPage({
    runs: loaded.map((l) => l.summary),
    report,
    summary,
    previousNote: note,
    testbeds: core.columnTestbeds(columns),
    history,
    generatedAt: new Date().toISOString(),
  });
  mkdirSync(dirname(o.out), { recursive: true });
  writeFileSync(o.out, html);
  const shown = relative(process.cwd(), o.out);
  return shown === '' || shown.startsWith('..') ? o.out : shown;
}
