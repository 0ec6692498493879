#!/usr/bin/env node
// @ts-check
// The HTML report (`npm run bench:report -- [run folders…] [--out report.html]`): one self-contained
// file with a chart per bench, the ratio heatmap, statuses, testbeds and versions, what changed since
// the earlier run of the same testbed, and the history of that testbed. Default: the newest run.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { minimist } from 'zx';
import { EXIT, ROOT, UserError, loadReportCore, runFolders, runMain } from './bench-io.mjs';
import { buildReportPage } from './report-page.mjs';

const STRINGS = ['out', 'results-dir', 'against'];
const BOOLEANS = ['pool', 'history', 'help'];
const USAGE = `usage: npm run bench:report -- [run folders…] [options]
  run folders           the runs to show (default: the newest in the results folder)
  --out FILE            where to write (default: <run folder>/report.html for one run, else report.html)
  --results-dir DIR     the results folder: the earlier runs and the history come from there (default results/)
  --against RUN|none    the earlier run the changes are against (default: the newest like this one)
  --pool                pool separate runs of one target into one column (default: each run its own)
  --no-history          leave the history section out
exit codes: 0 written, 2 bad input (an option, a folder without runs)`;

async function main() {
  const args = minimist(process.argv.slice(2), { string: STRINGS, boolean: BOOLEANS, default: { history: true }, alias: { h: 'help' } });
  if (args.help) {
    console.log(USAGE);
    return EXIT.ok;
  }
  const unknown = Object.keys(args).filter((key) => !['_', 'h', ...STRINGS, ...BOOLEANS].includes(key));
  if (unknown.length > 0) throw new UserError(`unknown option --${unknown[0]} (see npm run bench:report -- --help)`);
  const core = await loadReportCore();
  const resultsDir = resolve(ROOT, args['results-dir'] ?? 'results');
  let runDirs = args._.map((p) => resolve(String(p)));
  for (const dir of runDirs) if (!existsSync(dir)) throw new UserError(`${dir}: no such folder`);
  if (runDirs.length === 0) {
    const newest = runFolders(resultsDir).at(-1);
    if (newest === undefined) throw new UserError(`no runs in ${resultsDir}: run npm run bench first, or name a run folder`);
    runDirs = [newest];
  }
  const out = args.out !== undefined ? resolve(args.out) : runDirs.length === 1 ? join(runDirs[0], 'report.html') : resolve('report.html');
  const written = await buildReportPage(core, { runDirs, resultsDir, out, against: args.against, pool: args.pool, history: args.history });
  console.log(`report: ${written}`);
  return EXIT.ok;
}

await runMain(main);
