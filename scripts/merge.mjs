#!/usr/bin/env node
// @ts-check
// Merges NDJSON results from any number of runs and machines (`npm run bench:merge -- files… | dirs… | -`):
// forks of one run of one target on one host pool into a column; separate runs stay separate columns
// unless --pool, hosts always stay apart; prints the comparison in any --format.
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { finished } from 'node:stream/promises';
import ndjson from 'ndjson';
import { minimist } from 'zx';
import {
  EXIT,
  ROOT,
  UserError,
  collectFiles,
  loadReportCore,
  ndjsonFiles,
  pickExporter,
  readChecked,
  reportProblems,
  runMain,
  terminalWidth,
} from './bench-io.mjs';

const STRINGS = ['format', 'out', 'targets'];
const BOOLEANS = ['pool', 'details', 'help'];

const usage = (formats) => `usage: npm run bench:merge -- [options] files-or-folders…   (- reads NDJSON from stdin)
  --format ${formats}   output format (default: table)
  --details                the full cell (spread, extra figure) instead of one line per bench
  --pool                   pool the forks of separate runs of one target on one host into one column
                           (default: each run its own column, labelled with its run id)
  --out FILE               also write every valid record into one NDJSON file
  --targets FILE           the guide's targets (default baselines/targets.json)
exit codes: 0 merged, 2 bad input (an option, no input, no valid record)`;

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

/** `-`: NDJSON piped in (e.g. `cat a.ndjson b.ndjson | npm run bench:merge -- -`), named "(stdin)" in problems. */
async function collectStdin(collector) {
  let number = 0;
  for await (const text of createInterface({ input: process.stdin, crlfDelay: Infinity })) collector.addLine('(stdin)', ++number, text);
}

async function main() {
  const args = minimist(process.argv.slice(2), { string: STRINGS, boolean: BOOLEANS, alias: { h: 'help' } });
  const core = await loadReportCore();
  if (args.help) {
    console.log(usage([...core.EXPORTERS.keys()].join('|')));
    return EXIT.ok;
  }
  const unknown = Object.keys(args).filter((key) => !['_', 'h', ...STRINGS, ...BOOLEANS].includes(key));
  if (unknown.length > 0) throw new UserError(`unknown option --${unknown[0]} (see npm run bench:merge -- --help)`);
  if (args._.length === 0) throw new UserError('no input: pass NDJSON files or folders (e.g. results/<run id>/), or - for stdin');
  const { exporter, options } = pickExporter(core, args.format);
  Object.assign(options, { width: terminalWidth(), details: args.details });
  const targets = readChecked(args.targets ?? join(ROOT, 'baselines', 'targets.json'), core.parseTargets, { optional: args.targets === undefined });
  const paths = args._.map(String);
  const files = ndjsonFiles(paths.filter((p) => p !== '-'));
  if (files.length === 0 && !paths.includes('-')) throw new UserError(`no .ndjson files under ${paths.join(', ')}`);
  const collector = await collectFiles(core, files);
  if (paths.includes('-')) await collectStdin(collector);
  reportProblems(collector.problems);
  if (collector.runs.length === 0) throw new UserError(`no valid run records in ${files.length} file(s)${paths.includes('-') ? ' and stdin' : ''}`);
  if (args.out !== undefined) await writeMerged(args.out, collector.runs);
  const columns = core.buildColumns(collector.runs, { poolRuns: args.pool });
  core.markDrift(columns);
  const report = core.compareColumns(columns, { targets });
  console.log(exporter.render(report, options));
  const runIds = new Set(collector.runs.map((r) => r.run.runId)).size;
  const skippedLines = collector.problems.length > 0 ? ` · ${collector.problems.length} corrupt line(s) skipped` : '';
  const how = runIds > 1 ? (args.pool ? ' · runs pooled (--pool)' : ' · each run its own column (--pool pools them)') : '';
  console.error(
    `merged ${collector.runs.length} process(es) of ${runIds} run(s) from ${files.length} file(s)${paths.includes('-') ? ' and stdin' : ''}${how}${skippedLines}`,
  );
  return EXIT.ok;
}

await runMain(main);
