#!/usr/bin/env node
// @ts-check
// Merges NDJSON results from any number of runs and machines (`npm run bench:merge -- files… | dirs…`):
// rounds of one runtime on one host are pooled, hosts stay apart; prints the comparison table.
//
// Usage: node scripts/merge.mjs [--format table|markdown|json|bmf] [--out merged.ndjson]
//          [--targets baselines/targets.json] files-or-folders…
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import ndjson from 'ndjson';
import { minimist } from 'zx';
import { ROOT, UserError, collectFiles, loadReportCore, ndjsonFiles, pickExporter, readChecked, reportProblems, runMain } from './bench-io.mjs';

/** Writes every valid record back out as one NDJSON file (run record first, then its records). */
async function writeMerged(path, runs) {
  const out = ndjson.stringify();
  const file = createWriteStream(path);
  out.pipe(file);
  for (const run of runs) {
    out.write(run.run);
    for (const record of [...run.benches, ...run.errors]) out.write(record);
    if (run.done !== null) out.write(run.done);
  }
  out.end();
  await finished(file);
}

async function main() {
  const args = minimist(process.argv.slice(2), { string: ['format', 'out', 'targets'] });
  const unknown = Object.keys(args).filter((key) => !['_', 'format', 'out', 'targets'].includes(key));
  if (unknown.length > 0) throw new UserError(`unknown option --${unknown[0]} (usage: merge.mjs [--format table|markdown|json|bmf] [--out FILE] [--targets FILE] files-or-folders…)`);
  if (args._.length === 0) throw new UserError('no input: pass NDJSON files or folders (e.g. results/<run id>/)');
  const core = await loadReportCore();
  const { exporter, options } = pickExporter(core, args.format);
  const targets = readChecked(args.targets ?? join(ROOT, 'baselines', 'targets.json'), core.parseTargets, { optional: args.targets === undefined });
  const files = ndjsonFiles(args._.map(String));
  if (files.length === 0) throw new UserError(`no .ndjson files under ${args._.join(', ')}`);
  const collector = await collectFiles(core, files);
  reportProblems(collector.problems);
  if (collector.runs.length === 0) throw new UserError(`no valid run records in ${files.length} file(s)`);
  if (args.out !== undefined) await writeMerged(args.out, collector.runs);
  const report = core.compareColumns(core.buildColumns(collector.runs), { targets });
  console.log(exporter.render(report, options));
  const skippedLines = collector.problems.length > 0 ? ` · ${collector.problems.length} corrupt line(s) skipped` : '';
  console.error(`merged ${collector.runs.length} run(s) from ${files.length} file(s)${skippedLines}`);
  return 0;
}

await runMain(main);
