#!/usr/bin/env node
// The regression gate (`npm run bench:regression`): runs the benches named in baselines.json
// (or reads results) and fails on a significant slowdown beyond the tolerance.
//
// Usage: node scripts/regression.mjs [--results DIR|FILE …] [--tolerance 10%] [--drift 6%] [--baselines FILE]
//          [--runtime node,bun,deno] [--profile quick|full] [--rounds N (default 3)] [--timeout S] [--results-dir DIR]
import { join } from 'node:path';
import { minimist } from 'zx';
import { ROOT, UserError, collectFiles, loadReportCore, ndjsonFiles, parseTolerance, readChecked, reportProblems, runBenches, runMain } from './bench-io.mjs';

const OPTIONS = ['results', 'tolerance', 'drift', 'baselines', 'runtime', 'profile', 'rounds', 'timeout', 'results-dir'];

async function main() {
  const args = minimist(process.argv.slice(2), { string: OPTIONS });
  const unknown = Object.keys(args).filter((key) => key !== '_' && !OPTIONS.includes(key));
  if (unknown.length > 0 || args._.length > 0) throw new UserError(`unexpected ${unknown.length > 0 ? `option --${unknown[0]}` : `argument ${args._[0]}`} (see the usage at the top of scripts/regression.mjs)`);
  const tolerance = parseTolerance(args.tolerance);
  // How far a whole sitting may move (runs method); parsed like the tolerance ('6%' or 0.06), 0 disables.
  const drift = args.drift === undefined ? undefined : parseTolerance(args.drift, '--drift');
  const core = await loadReportCore();
  const baselinesPath = args.baselines ?? join(ROOT, 'baselines', 'baselines.json');
  const baselines = readChecked(baselinesPath, core.parseBaselines);
  const sections = core.baselineRuntimes(baselines);
  const wanted = args.runtime === undefined ? [...sections.keys()] : args.runtime.split(',').filter((r) => sections.has(r));
  if (wanted.length === 0) throw new UserError(`${baselinesPath} has no baselines for ${args.runtime ?? 'any runtime'}`);

  let runFailed = false;
  let inputs;
  if (args.results !== undefined) {
    inputs = [args.results].flat().map(String);
  } else {
    const ids = [...new Set(wanted.flatMap((runtime) => Object.keys(sections.get(runtime))))];
    console.error(`running ${ids.length} key bench(es) from ${baselinesPath} on ${wanted.join(', ')}`);
    const run = await runBenches({
      ids,
      runtimes: wanted,
      profile: args.profile ?? baselines._meta?.profile,
      // Three rounds by default: the gate's sample unit is a run (see core/report/regression.ts).
      rounds: args.rounds ?? 3,
      timeout: args.timeout,
      resultsDir: args['results-dir'],
      runIdPrefix: 'regression',
    });
    runFailed = run.code !== 0;
    inputs = [run.runDir];
  }
  const collector = await collectFiles(core, ndjsonFiles(inputs));
  reportProblems(collector.problems);
  const columns = core.buildColumns(collector.runs).filter((c) => wanted.includes(c.runtime));
  const measuredOn = baselines._meta?.host;
  for (const column of columns) {
    const host = column.runs[0].run.host;
    if (measuredOn !== undefined && (host.hostname !== measuredOn.hostname || host.cpuModel !== measuredOn.cpuModel)) {
      console.error(`warning: ${column.label} ran on ${host.hostname} (${host.cpuModel}); the baselines were measured on ${measuredOn.hostname} (${measuredOn.cpuModel}): a difference may be the machine, not the code`);
    }
  }
  const result = core.regressionGate(baselines, columns, { tolerance, ...(drift === undefined ? {} : { drift }) });
  console.log(core.renderGate(result));
  if (columns.length === 0) {
    console.error('error: no results for any runtime in the baselines; nothing was compared');
    return 1;
  }
  if (runFailed) console.error('error: the benchmark run failed (see above); the gate cannot pass on an incomplete run');
  return result.regressions.length > 0 || runFailed ? 1 : 0;
}

await runMain(main);
