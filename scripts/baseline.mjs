#!/usr/bin/env node
// Updates baselines/baselines.json deliberately (`npm run bench:baseline`): measures (or reads
// results), shows every change, and only with --write replaces the file atomically.
//
// Usage: node scripts/baseline.mjs [--results DIR|FILE …] [--write] [--ids all|id,id…] [--baselines FILE]
//          [--runtime node,bun,deno] [--profile quick|full] [--rounds N] [--timeout S]
//          [--measured-on "sentence"] [--results-dir DIR]
import { join } from 'node:path';
import { minimist } from 'zx';
import { ROOT, UserError, collectFiles, loadReportCore, ndjsonFiles, readChecked, reportProblems, runBenches, runMain, writeFileAtomic } from './bench-io.mjs';

const OPTIONS = ['results', 'ids', 'baselines', 'runtime', 'profile', 'rounds', 'timeout', 'measured-on', 'results-dir'];

async function main() {
  const args = minimist(process.argv.slice(2), { string: OPTIONS, boolean: ['write'] });
  const unknown = Object.keys(args).filter((key) => key !== '_' && key !== 'write' && !OPTIONS.includes(key));
  if (unknown.length > 0 || args._.length > 0) throw new UserError(`unexpected ${unknown.length > 0 ? `option --${unknown[0]}` : `argument ${args._[0]}`} (see the usage at the top of scripts/baseline.mjs)`);
  const core = await loadReportCore();
  const path = args.baselines ?? join(ROOT, 'baselines', 'baselines.json');
  // A broken file stops here, before anything is measured or written.
  const old = readChecked(path, core.parseBaselines, { optional: true });
  const oldIds = old === null ? [] : [...core.baselineRuntimes(old).values()].flatMap((section) => Object.keys(section));
  const ids = args.ids === 'all' ? 'all' : args.ids !== undefined ? args.ids.split(',') : oldIds.length > 0 ? [...new Set(oldIds)] : [...core.KEY_BENCH_IDS];

  let inputs;
  if (args.results !== undefined) {
    inputs = [args.results].flat().map(String);
  } else {
    const runtimes = (args.runtime ?? 'node,bun,deno').split(',');
    const run = await runBenches({ ids, runtimes, profile: args.profile, rounds: args.rounds, timeout: args.timeout, resultsDir: args['results-dir'], runIdPrefix: 'baseline' });
    if (run.code !== 0) throw new UserError(`the benchmark run failed (exit code ${run.code}); ${path} is unchanged. Fix the run, or pass --results with a complete run`);
    inputs = [run.runDir];
  }
  const collector = await collectFiles(core, ndjsonFiles(inputs));
  reportProblems(collector.problems);
  const wanted = args.runtime === undefined ? null : new Set(args.runtime.split(','));
  const runs = collector.runs.filter((r) => wanted === null || wanted.has(r.run.runtime.name));
  if (runs.length === 0) throw new UserError(`no results in ${inputs.join(', ')}; ${path} is unchanged`);
  const columns = core.buildColumns(runs);
  const first = runs[0].run;
  const rounds = Math.max(...runs.map((r) => r.run.round));
  const measuredOn =
    args['measured-on'] ??
    `measured on: ${first.host.hostname} (${first.host.cpuModel}, ${first.host.cores} cores, ${first.host.os} ${first.host.arch}), ${first.profile} profile, ${rounds} round(s), run ${first.runId}`;
  let next;
  try {
    next = core.buildBaselines(columns, old, { ids }, core.baselineMeta(runs.map((r) => r.run), measuredOn, new Date().toISOString()));
  } catch (error) {
    if (error instanceof RangeError) throw new UserError(`${error.message}; ${path} is unchanged`);
    throw error;
  }
  console.log(core.renderBaselineChanges(core.diffBaselines(old, next)));
  const text = `${JSON.stringify(next, null, 2)}\n`;
  const check = core.parseBaselines(text, 'the new baselines');
  if (!check.ok) throw new UserError(`${check.message} (a bug: ${path} is unchanged)`);
  if (!args.write) {
    console.log(`dry run: pass --write to replace ${path}`);
    return 0;
  }
  writeFileAtomic(path, text);
  console.log(`wrote ${path}`);
  return 0;
}

await runMain(main);
