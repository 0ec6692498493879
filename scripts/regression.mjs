#!/usr/bin/env node
// @ts-check
// The regression gate (`npm run bench:regression`). Two modes:
// - against the committed baselines (default): measures the benches named in baselines.json (the
//   file's own profile and forks) and fails on a significant slowdown beyond the tolerance; a
//   baseline measured on another testbed, or sampled by another definition of its profile (an
//   older harness), is named as such (--strict refuses to compare); the baselines are scaled by
//   the machine's speed now against then (the calibration workload's median), --as-measured not;
// - against a revision (--base REV, what CI runs on pull requests): base and head measured
//   interleaved on this machine (bench:compare), failing when a bench is slower beyond the noise
//   band and the tolerance, so no gate ever compares numbers from two machines.
// Either way an incomplete run fails: a bench not measured, a runner that crashed or stopped early.
//
// Exit codes: 0 no regression · 1 regression · 2 bad input (options, a broken baselines file, a
// testbed or sampling mismatch under --strict) · 3 the run failed or is incomplete · 130 interrupted.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  ROOT,
  UserError,
  collectFiles,
  loadOrchestrator,
  loadReportCore,
  ndjsonFiles,
  newRunId,
  parseCommandLine,
  parseTolerance,
  readChecked,
  reportProblems,
  runMain,
  warnForeignBands,
} from './bench-io.mjs';

const OWN_STRINGS = ['results', 'tolerance', 'drift', 'baselines', 'base', 'head', 'worktrees', 'prepare-command'];
const OWN_BOOLEANS = ['strict', 'build', 'as-measured'];
const EXIT = { pass: 0, regression: 1, input: 2, incomplete: 3, interrupted: 130 };

const USAGE = `usage: npm run bench:regression -- [--base REV [--head REV]] [--results DIR …] [options]
  (no --base)          measure the benches in baselines.json and compare with it
  --base REV           measure REV and the working tree interleaved on this machine, compare them (bench:compare)
  --results DIR|FILE   compare a run already made with baselines.json (repeatable)
  --tolerance 10%      a slowdown must exceed this to count (default 10%)
  --drift 6%           how far a whole sitting may move (baselines mode; 0 turns it off)
  --as-measured        compare with the baselines as measured (by default they are scaled by how much slower
                       or faster this machine runs the calibration workload now than when they were measured)
  --baselines FILE     default baselines/baselines.json
  --strict             refuse to compare with baselines measured on another testbed or sampled otherwise
exit codes: 0 no regression, 1 regression, 2 bad input, 3 the run failed or is incomplete, 130 interrupted`;

/** Benches a baseline names that the results lack, per runtime that has results. */
function unmeasured(result) {
  return result.findings.filter((f) => f.verdict === 'not-measured').map((f) => `${f.column} ${f.id}`);
}

async function compareMode(core, orchestrator, args, options, tolerance, argv) {
  const baselinesPath = args.baselines ?? join(ROOT, 'baselines', 'baselines.json');
  const baselines = existsSync(baselinesPath) ? readChecked(baselinesPath, core.parseBaselines) : null;
  const ids =
    options.bench ?? (baselines === null ? null : [...new Set([...core.baselineRuntimes(baselines).values()].flatMap((section) => Object.keys(section)))]);
  const measuredOptions = { ...options, bench: ids };
  const bandsFile = readChecked(join(ROOT, 'baselines', 'noise.json'), core.parseNoiseBands, { optional: true });
  const bands = bandsFile === null ? null : core.noiseBands(bandsFile);
  const runtimes = options.runtimes ?? ['node', 'bun', 'deno'];
  console.error(`comparing ${args.head ?? 'the working tree'} with ${args.base} on ${runtimes.join(', ')}${ids === null ? '' : ` (${ids.length} bench(es))`}`);
  const result = await orchestrator.compareRun({
    root: ROOT,
    options: measuredOptions,
    runtimes,
    base: args.base,
    head: args.head ?? null,
    ...(args.worktrees ? { worktrees: args.worktrees } : {}),
    build: args.build,
    ...(args['prepare-command'] ? { prepareCommand: args['prepare-command'] } : {}),
    runId: options.runId ?? newRunId('regression'),
    bands,
    argv,
    log: (line) => console.error(line),
  });
  const { measured } = result;
  reportProblems(measured.collector.problems);
  const columns = core.buildColumns(measured.collector.runs);
  core.markDrift(columns);
  warnForeignBands(core, bands, columns);
  const report = core.compareRevisions(columns, { bands });
  console.log(core.renderRevisions(report));
  const regressions = report.rows.flatMap((row) =>
    row.cells
      .filter((c) => c !== null && c.verdict === 'slower' && c.ratio.estimate - 1 > tolerance)
      .map((c) => `${c.runtime} ${row.id}: ${core.revisionCellText(c)}`),
  );
  const incomplete = [
    ...measured.outcome.failures,
    ...measured.outcome.missed.map((m) => `${m.target} fork ${m.fork} ${m.bench}: ${m.why}`),
    ...measured.collector.problems.map((p) => `${p.source}:${p.line}: ${p.message}`),
  ];
  if (measured.outcome.interrupted !== null) return EXIT.interrupted;
  if (incomplete.length > 0) {
    for (const line of incomplete.slice(0, 20)) console.error(`incomplete: ${line}`);
    console.error(`error: the run is incomplete (${incomplete.length} problem(s)); the gate cannot pass on it`);
    return EXIT.incomplete;
  }
  if (report.rows.length === 0) {
    console.error('error: nothing was compared');
    return EXIT.incomplete;
  }
  if (regressions.length > 0) {
    console.log(`${regressions.length} regression(s) (slower than ${args.base} beyond the noise band and by more than ${core.formatPercent(tolerance)}):`);
    for (const line of regressions) console.log(`  ${line}`);
    return EXIT.regression;
  }
  console.log(`no regression against ${args.base} (slower beyond the noise band and by more than ${core.formatPercent(tolerance)} would be one)`);
  return EXIT.pass;
}

async function main() {
  const argv = process.argv.slice(2);
  const [core, orchestrator] = await Promise.all([loadReportCore(), loadOrchestrator()]);
  let args;
  try {
    args = parseCommandLine(orchestrator, argv, {
      strings: OWN_STRINGS,
      booleans: OWN_BOOLEANS,
      defaults: { build: true },
      command: 'npm run bench:regression',
    });
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    console.error(`error: ${error.message}`);
    return EXIT.input;
  }
  if (args.help) {
    console.log(USAGE);
    return EXIT.pass;
  }
  let tolerance;
  let drift;
  let options;
  let baselines;
  const baselinesPath = args.baselines ?? join(ROOT, 'baselines', 'baselines.json');
  try {
    tolerance = parseTolerance(args.tolerance) ?? core.DEFAULT_TOLERANCE;
    // How far a whole sitting may move (runs method); parsed like the tolerance ('6%' or 0.06), 0 disables.
    drift = args.drift === undefined ? undefined : parseTolerance(args.drift, '--drift');
    if (args.base === undefined) baselines = readChecked(baselinesPath, core.parseBaselines);
    const meta = baselines?._meta;
    options = orchestrator.parseRunOptions(
      {
        ...args,
        profile: args.profile ?? meta?.profile ?? 'quick',
        // The baselines' own layout, unless asked otherwise: forks as many as the file's, no adaptive forks.
        forks: args.forks ?? (meta?.rounds !== undefined && meta.rounds >= 2 ? String(Math.round(meta.rounds)) : undefined),
        adaptive: args.base !== undefined && args.adaptive,
      },
      { profile: 'quick', ...(args.base !== undefined ? { maxForks: orchestrator.COMPARE_MAX_FORKS } : {}) },
    );
  } catch (error) {
    if (error instanceof UserError || error instanceof orchestrator.OptionError) {
      console.error(`error: ${error.message}`);
      return EXIT.input;
    }
    throw error;
  }
  if (args.base !== undefined) {
    try {
      return await compareMode(core, orchestrator, args, { ...options, adaptive: options.adaptive }, tolerance, argv);
    } catch (error) {
      if (error instanceof orchestrator.WorktreeError || error instanceof orchestrator.TargetError || error instanceof orchestrator.RunError) {
        console.error(`error: ${error.message}`);
        return error instanceof orchestrator.WorktreeError ? EXIT.incomplete : EXIT.input;
      }
      if (error instanceof UserError) {
        console.error(`error: ${error.message}`);
        return EXIT.input;
      }
      throw error;
    }
  }

  const sections = core.baselineRuntimes(baselines);
  const wanted = options.runtimes === null ? [...sections.keys()] : options.runtimes.filter((r) => sections.has(r));
  if (wanted.length === 0) {
    console.error(`error: ${baselinesPath} has no baselines for ${options.runtimes?.join(', ') ?? 'any runtime'}`);
    return EXIT.input;
  }
  let runFailed = null;
  let inputs;
  if (args.results !== undefined) {
    inputs = [args.results].flat().map(String);
  } else {
    const ids = [...new Set(wanted.flatMap((runtime) => Object.keys(sections.get(runtime) ?? {})))];
    console.error(`running ${ids.length} key bench(es) from ${baselinesPath} on ${wanted.join(', ')} (${options.profile} profile, ${options.forks} fork(s))`);
    try {
      const { specs } = await orchestrator.runtimeTargets(wanted, ROOT, (line) => console.error(line), null, ROOT, { offline: options.offline });
      if (specs.length === 0) {
        console.error("error: none of the baselines' runtimes is installed; nothing ran");
        return EXIT.incomplete;
      }
      const measured = await orchestrator.measure({
        options: { ...options, bench: ids },
        specs,
        root: ROOT,
        runId: options.runId ?? newRunId('regression'),
        argv,
        log: (line) => console.error(line),
      });
      if (measured.outcome.interrupted !== null) return EXIT.interrupted;
      const missed = measured.outcome.missed.length;
      if (measured.outcome.failures.length > 0 || missed > 0)
        runFailed = `${measured.outcome.failures.length} failure(s), ${missed} planned measurement(s) without a record`;
      inputs = [measured.runDir];
    } catch (error) {
      if (error instanceof orchestrator.TargetError || error instanceof orchestrator.RunError) {
        console.error(`error: ${error.message}`);
        return EXIT.input;
      }
      throw error;
    }
  }
  let collector;
  try {
    collector = await collectFiles(core, ndjsonFiles(inputs));
  } catch (error) {
    if (error instanceof UserError) {
      console.error(`error: ${error.message}`);
      return EXIT.input;
    }
    throw error;
  }
  reportProblems(collector.problems);
  const runs = collector.runs.filter((r) => wanted.includes(r.run.runtime.name));
  const columns = core.buildColumns(runs);
  core.markDrift(columns);
  // A testbed or a sampling other than the baselines' is named; --strict refuses the comparison.
  const records = runs.map((r) => r.run);
  const testbed = core.testbedOf(records);
  const differences = testbed === null ? [] : core.testbedDifferences(baselines._meta, testbed);
  const sampling = core.samplingDifference(baselines._meta, records);
  /** @type {Array<{ text: string, remedy: string }>} */
  const mismatches = [];
  if (differences.length > 0)
    mismatches.push({
      text: `these results come from another testbed than ${baselinesPath} (${differences.join('; ')}): a difference may be the machine, not the code`,
      remedy: 'measure a baseline here: npm run bench:baseline -- --write, or compare revisions here: --base REV',
    });
  if (sampling !== null)
    mismatches.push({
      text: `these results and ${baselinesPath} were not measured alike (${sampling}): a difference may be the measurement, not the code`,
      remedy: 'measure the baselines again: npm run bench:baseline -- --write, or compare revisions: --base REV',
    });
  for (const { text, remedy } of mismatches) {
    if (args.strict) {
      console.error(`error: ${text}; --strict refuses the comparison (${remedy})`);
      return EXIT.input;
    }
    console.error(`warning: ${text}`);
  }
  const result = core.regressionGate(baselines, columns, { tolerance, calibrate: !args['as-measured'], ...(drift === undefined ? {} : { drift }) });
  console.log(core.renderGate(result));
  // An incomplete run cannot pass: a crashed runner, a missing done record, a bench not measured, nothing compared.
  const incomplete = [];
  if (runFailed !== null) incomplete.push(`the benchmark run failed (${runFailed})`);
  for (const p of collector.problems) incomplete.push(`${p.source}:${p.line}: ${p.message}`);
  for (const run of runs) if (run.done === null) incomplete.push(`${run.source}: ${run.run.target.label} fork ${run.run.fork} stopped without its done record`);
  const notMeasured = unmeasured(result);
  if (notMeasured.length > 0)
    incomplete.push(`${notMeasured.length} baseline bench(es) not measured: ${notMeasured.slice(0, 5).join(', ')}${notMeasured.length > 5 ? ', …' : ''}`);
  for (const runtime of result.skippedRuntimes.filter((r) => wanted.includes(r))) incomplete.push(`${runtime}: no results (not installed or not run)`);
  if (result.findings.every((f) => f.current === null)) incomplete.push('nothing was compared');
  if (incomplete.length > 0) {
    for (const line of incomplete) console.error(`incomplete: ${line}`);
    console.error('error: the run is incomplete; the gate cannot pass on it');
    return result.regressions.length > 0 ? EXIT.regression : EXIT.incomplete;
  }
  return result.regressions.length > 0 ? EXIT.regression : EXIT.pass;
}

await runMain(main);
