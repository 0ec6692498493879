#!/usr/bin/env node
// @ts-check
// Updates baselines/baselines.json deliberately (`npm run bench:baseline`): measures (or reads
// results), shows every change, and only with --write replaces the file atomically. By default it
// measures what the committed file says it is: the same benches, profile and forks.
//
// Usage: node scripts/baseline.mjs [--results DIR|FILE …] [--write] [--ids all|id,id…] [--baselines FILE]
//          [--measured-on "sentence"] [run options: --runtime, --profile, --forks, …]
import { join } from 'node:path';
import {
  EXIT,
  ROOT,
  RunFailedError,
  UserError,
  collectFiles,
  loadOrchestrator,
  loadReportCore,
  ndjsonFiles,
  newRunId,
  parseCommandLine,
  readChecked,
  reportProblems,
  runMain,
  writeFileAtomic,
} from './bench-io.mjs';

const OWN_STRINGS = ['results', 'ids', 'baselines', 'measured-on'];
const OWN_BOOLEANS = ['write'];

async function main() {
  const argv = process.argv.slice(2);
  const [core, orchestrator] = await Promise.all([loadReportCore(), loadOrchestrator()]);
  const args = parseCommandLine(orchestrator, argv, { strings: OWN_STRINGS, booleans: OWN_BOOLEANS, command: 'npm run bench:baseline' });
  if (args.help) {
    console.log(`usage: npm run bench:baseline -- [--write] [--ids all|id,id…] [--results DIR …] [--baselines FILE] [--measured-on "sentence"]
  measures the benches the file names (default: the key benches), with the file's profile and forks, shows every change; --write replaces the file
${orchestrator.RUN_OPTION_USAGE}
exit codes: 0 shown (or written), 2 bad input, 3 the run failed (the file is unchanged), 130 interrupted`);
    return EXIT.ok;
  }
  const path = args.baselines ?? join(ROOT, 'baselines', 'baselines.json');
  // A broken file stops here, before anything is measured or written.
  const old = readChecked(path, core.parseBaselines, { optional: true });
  const oldIds = old === null ? [] : [...core.baselineRuntimes(old).values()].flatMap((section) => Object.keys(section));
  const ids = args.ids === 'all' ? 'all' : args.ids !== undefined ? args.ids.split(',') : oldIds.length > 0 ? [...new Set(oldIds)] : [...core.KEY_BENCH_IDS];
  const meta = old?._meta;
  let options;
  try {
    options = orchestrator.parseRunOptions(
      {
        ...args,
        profile: args.profile ?? meta?.profile ?? 'quick',
        forks: args.forks ?? (meta?.rounds !== undefined && meta.rounds >= 2 ? String(Math.round(meta.rounds)) : '5'),
        // A baseline is the same layout every time: fixed forks, no adaptive ones.
        adaptive: false,
        bench: ids === 'all' ? args.bench : ids.join(','),
      },
      { profile: 'quick' },
    );
  } catch (error) {
    if (error instanceof orchestrator.OptionError) throw new UserError(error.message);
    throw error;
  }

  let inputs;
  if (args.results !== undefined) {
    inputs = [args.results].flat().map(String);
  } else {
    const runtimes = options.runtimes ?? ['node', 'bun', 'deno'];
    let measured;
    try {
      const { specs } = await orchestrator.runtimeTargets(runtimes, ROOT, (line) => console.error(line), null, ROOT, { offline: options.offline });
      if (specs.length === 0) throw new UserError(`none of ${runtimes.join(', ')} is installed; ${path} is unchanged`);
      measured = await orchestrator.measure({
        options,
        specs,
        root: ROOT,
        runId: options.runId ?? newRunId('baseline'),
        argv,
        log: (line) => console.error(line),
      });
    } catch (error) {
      if (error instanceof orchestrator.TargetError || error instanceof orchestrator.RunError) throw new UserError(`${error.message}; ${path} is unchanged`);
      throw error;
    }
    const { outcome } = measured;
    if (outcome.interrupted !== null) {
      console.error(`interrupted by ${outcome.interrupted}; ${path} is unchanged`);
      return EXIT.interrupted;
    }
    if (outcome.failures.length > 0 || outcome.missed.length > 0) {
      throw new RunFailedError(
        `the benchmark run failed (${outcome.failures.length} failure(s), ${outcome.missed.length} measurement(s) without a record); ${path} is unchanged. Fix the run, or pass --results with a complete run`,
      );
    }
    inputs = [measured.runDir];
  }
  const collector = await collectFiles(core, ndjsonFiles(inputs));
  reportProblems(collector.problems);
  const wanted = options.runtimes === null ? null : new Set(options.runtimes);
  const runs = collector.runs.filter((r) => wanted === null || wanted.has(r.run.runtime.name));
  if (runs.length === 0) throw new UserError(`no results in ${inputs.join(', ')}; ${path} is unchanged`);
  const columns = core.buildColumns(runs);
  core.markDrift(columns);
  const first = runs[0].run;
  const forks = new Set(runs.map((r) => `${r.run.target.label}\u0000${r.run.runId}\u0000${r.run.fork}`)).size / Math.max(1, columns.length);
  const measuredOn =
    args['measured-on'] ??
    `measured on: ${first.host.hostname} (${first.host.cpuModel}, ${first.host.cores} cores, ${first.host.os} ${first.host.arch}), ${first.profile} profile, ${forks} fork(s) per runtime, run ${first.runId}`;
  let next;
  try {
    next = core.buildBaselines(
      columns,
      old,
      { ids },
      core.baselineMeta(
        runs.map((r) => r.run),
        measuredOn,
        new Date().toISOString(),
        columns,
      ),
    );
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
