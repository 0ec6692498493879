#!/usr/bin/env node
// @ts-check
// A/B of two revisions (`npm run bench:compare -- --base <rev> [--head <rev>]`): the base is prepared
// in a cached git worktree (installed and built once per commit), the head is the working tree
// (built first) or another revision; per runtime both run as two targets, bench by bench, in the
// same forks, and each bench's change head/base is reported with its interval and a verdict.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  EXIT,
  ROOT,
  RunFailedError,
  UserError,
  loadOrchestrator,
  parseCommandLine,
  loadReportCore,
  newRunId,
  parseTolerance,
  readChecked,
  reportProblems,
  runMain,
  writeFileAtomic,
  warnForeignBands,
} from './bench-io.mjs';

const OWN_STRINGS = ['base', 'head', 'worktrees', 'format', 'inject-slowdown', 'prepare-command', 'repeat', 'noise'];
const OWN_BOOLEANS = ['build', 'fail-on-slower', 'write-noise'];

async function main() {
  const argv = process.argv.slice(2);
  const [core, orchestrator] = await Promise.all([loadReportCore(), loadOrchestrator()]);
  const args = parseCommandLine(orchestrator, argv, {
    strings: OWN_STRINGS,
    booleans: OWN_BOOLEANS,
    defaults: { build: true },
    command: 'npm run bench:compare',
  });
  if (args.help) {
    console.log(`usage: npm run bench:compare -- --base <rev> [--head <rev>] [options]
  --base REV                 the revision to compare against (a branch, tag or commit)
  --head REV                 the revision compared (default: the working tree, built first)
  --no-build                 measure the working tree's dist/ as it is
  --worktrees DIR            where prepared revisions are kept (default .ananke/worktrees)
  --format table|markdown|json
  --fail-on-slower           exit 1 when any bench is slower (the regression gate's compare mode)
  --inject-slowdown ID:PCT   add PCT% of busy work to every call of bench ID on the head (checks the harness sees it)
  --repeat N                 run the comparison N times and tally the verdicts (the A/A and A/B checks)
  --write-noise              with --base HEAD on a clean tree or --head HEAD (A/A): write the noise bands the runs show
                             (bands apply only to figures of the machine they were measured on)
  --noise FILE               the noise bands read (and written) (default baselines/noise.json)
  default profile here: quick; --max-forks 20 (a bench whose change is still unsure gets more forks)
${orchestrator.RUN_OPTION_USAGE}
exit codes: 0 compared, 1 a bench is slower (with --fail-on-slower), 2 bad input, 3 the run failed or the base could not be prepared, 130 interrupted`);
    return EXIT.ok;
  }
  if (args.base === undefined || args.base === '') throw new UserError('--base is required: the revision to compare against (e.g. --base main)');
  let options;
  try {
    options = orchestrator.parseRunOptions(args, { profile: 'quick', maxForks: orchestrator.COMPARE_MAX_FORKS });
    orchestrator.selectIds(options.suites, options.bench);
  } catch (error) {
    if (error instanceof orchestrator.OptionError || error instanceof orchestrator.RunError) throw new UserError(error.message);
    throw error;
  }
  let inject = null;
  if (args['inject-slowdown'] !== undefined) {
    const match = /^([A-Za-z0-9_]+):(.+)$/.exec(args['inject-slowdown']);
    if (match === null) throw new UserError(`--inject-slowdown ${args['inject-slowdown']}: expected BENCH_ID:PERCENT, e.g. typescript_extraction_100:10%`);
    inject = { bench: match[1], fraction: parseTolerance(match[2], '--inject-slowdown') ?? 0 };
  }
  const format = args.format ?? 'table';
  if (!['table', 'markdown', 'json'].includes(format)) throw new UserError(`--format ${format}: expected table, markdown or json`);
  const repeat = args.repeat === undefined ? 1 : Number(args.repeat);
  if (!Number.isInteger(repeat) || repeat < 1) throw new UserError(`--repeat ${args.repeat}: expected a whole number ≥ 1`);
  const noisePath = args.noise ?? join(ROOT, 'baselines', 'noise.json');
  // With --write-noise the runs are A/A: the bands they show are written, not used.
  const bandsFile = args['write-noise'] ? null : readChecked(noisePath, core.parseNoiseBands, { optional: true });
  const bands = bandsFile === null ? null : core.noiseBands(bandsFile);
  const reports = [];
  let testbed = null;
  let failed = false;
  for (let n = 1; n <= repeat; n++) {
    if (repeat > 1) console.error(`--- comparison ${n} of ${repeat}`);
    const runId = options.runId !== null && repeat === 1 ? options.runId : newRunId(`compare${repeat > 1 ? n : ''}`);
    let result;
    try {
      result = await orchestrator.compareRun({
        root: ROOT,
        options,
        runtimes: options.runtimes ?? ['node', 'bun', 'deno'],
        base: args.base,
        head: args.head ?? null,
        ...(args.worktrees ? { worktrees: args.worktrees } : {}),
        build: args.build && n === 1,
        ...(args['prepare-command'] ? { prepareCommand: args['prepare-command'] } : {}),
        inject,
        runId,
        // --write-noise runs are A/A: their bands are what is being measured, so unsure is judged with the default band
        bands,
        argv,
        log: (line) => console.error(line),
      });
    } catch (error) {
      if (error instanceof orchestrator.WorktreeError) throw new RunFailedError(error.message);
      if (error instanceof orchestrator.TargetError || error instanceof orchestrator.RunError) throw new UserError(error.message);
      throw error;
    }
    const { measured } = result;
    reportProblems(measured.collector.problems);
    const columns = core.buildColumns(measured.collector.runs);
    core.markDrift(columns);
    if (n === 1) warnForeignBands(core, bands, columns, noisePath);
    const report = core.compareRevisions(columns, { bands });
    reports.push(report);
    testbed ??= core.testbedOf(measured.collector.runs.map((r) => r.run));
    if (format === 'json') console.log(JSON.stringify(revisionJson(report)));
    else console.log(core.renderRevisions(report, format));
    const failures = [...measured.outcome.failures, ...measured.collector.problems.map((p) => `${p.source}:${p.line}: ${p.message}`)];
    const missed = measured.outcome.missed.filter((m) => !m.why.startsWith('interrupted'));
    if (missed.length > 0) failures.push(`${missed.length} planned measurement(s) produced no record`);
    for (const failure of failures) console.error(`failed: ${failure}`);
    console.error(`results in ${measured.shownDir}/`);
    if (measured.outcome.interrupted !== null) return EXIT.interrupted;
    failed ||= failures.length > 0;
  }
  if (repeat > 1) {
    console.log(`\nverdicts over ${repeat} comparison(s):`);
    console.log(core.renderTally(core.tallyVerdicts(reports), repeat, inject === null ? [] : [inject.bench]));
  }
  if (args['write-noise']) {
    const notAa = core.notAnAaComparison(reports);
    if (notAa !== null)
      throw new UserError(`--write-noise needs an A/A comparison (a revision against itself: --base HEAD on a clean tree, or --base X --head X): ${notAa}`);
    if (failed) throw new RunFailedError(`a run failed; ${noisePath} is unchanged`);
    if (testbed === null) throw new UserError(`no run records; ${noisePath} is unchanged`);
    const file = core.bandsFromAa(reports, { testbed, profile: options.profile, date: new Date().toISOString() });
    const text = `${JSON.stringify(file, null, 2)}\n`;
    const check = core.parseNoiseBands(text, 'the new noise bands');
    if (!check.ok) throw new UserError(`${check.message} (a bug: ${noisePath} is unchanged)`);
    const replaced = existsSync(noisePath) ? core.parseNoiseBands(readFileSync(noisePath, 'utf8'), noisePath) : null;
    writeFileAtomic(noisePath, text);
    console.log(`wrote ${noisePath} (${file._meta.measuredOn})`);
    // One testbed's bands per file: say so when the file held another machine's.
    if (replaced?.ok) {
      const was = core.fingerprintOf(replaced.value._meta.host);
      if (was !== core.fingerprintOf(file._meta.host)) console.log(`  it replaces the bands measured on ${was}`);
    }
  }
  if (failed) return EXIT.failed;
  const slower = reports.some((report) => report.rows.some((row) => row.cells.some((c) => c?.verdict === 'slower')));
  return args['fail-on-slower'] && slower ? EXIT.verdict : EXIT.ok;
}

/** A comparison as JSON: every figure raw (ns, fractions). */
function revisionJson(report) {
  return {
    base: report.base,
    head: report.head,
    runtimes: report.runtimes,
    rows: report.rows.map((row) => ({
      suite: row.suite,
      id: row.id,
      results: Object.fromEntries(
        row.cells.flatMap((c) =>
          c === null
            ? []
            : [
                [
                  c.runtime,
                  {
                    base_median_ns: c.base.median.estimate,
                    head_median_ns: c.head.median.estimate,
                    change: c.ratio.estimate - 1,
                    change_low: c.ratio.low - 1,
                    change_high: c.ratio.high - 1,
                    paired: c.ratio.paired,
                    forks: c.ratio.n,
                    verdict: c.verdict,
                    noise_band: c.band,
                    noisy: c.noisy,
                  },
                ],
              ],
        ),
      ),
    })),
  };
}

await runMain(main);
