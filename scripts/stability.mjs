#!/usr/bin/env node
// @ts-check
// The harness's own benchmark (`npm run bench:stability`): runs the same benches twice (the quick
// profile on every runtime by default) and prints how far the two runs agree: per target, the share
// of benches whose medians agree within ±10%; per runtime against node, the share whose ratios agree
// within ±5% (benches with a median ≥ 1 µs); whether the ratios' intervals hold what the other run
// found; a projection, from the forks' spread, of the ratio share with more forks a bench; and the
// machine's pace between the runs (the calibration) with the medians' shares once it is taken out,
// as a diagnostic; and the README's goals, met or not (the shares against 90%, each run's time
// against its profile's limit when it ran the whole catalogue on node, bun and deno as the profile is).
//
// Usage: node scripts/stability.mjs [run-all options, default --profile quick]
//        node scripts/stability.mjs --results <run A> <run B>      compare two runs already made
//        node scripts/stability.mjs --split N --results <runs…>   fork subsets of N forks against each other
//          [--min-ns 1000] [--median-tolerance 10%] [--ratio-tolerance 5%] [--drift 10%] [--method trimmed|mean|median]
// Exit codes: 0 compared, 2 bad input, 3 a run failed, 130 interrupted.
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { minimist } from 'zx';
import {
  EXIT,
  ROOT,
  RunFailedError,
  UserError,
  collectFiles,
  loadReportCore,
  ndjsonFiles,
  readManifest,
  newRunId,
  parseTolerance,
  reportProblems,
  runMain,
} from './bench-io.mjs';

/** The --method value, checked against the methods the core knows. */
function ratioMethod(core, value) {
  if (value === undefined) return core.DEFAULT_RATIO_METHOD;
  if (!core.RATIO_METHODS.includes(value)) throw new UserError(`--method ${value}: expected one of ${core.RATIO_METHODS.join(', ')}`);
  return value;
}

const OWN = ['results', 'split', 'min-ns', 'median-tolerance', 'ratio-tolerance', 'drift', 'method', 'help'];

async function loadRuns(core, path) {
  const collector = await collectFiles(core, ndjsonFiles([path]));
  reportProblems(collector.problems);
  if (collector.runs.length === 0) throw new UserError(`${path}: no runs`);
  return collector.runs;
}

function runAll(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'node_modules', 'zx', 'build', 'cli.js'), join(ROOT, 'scripts', 'run-all.mjs'), ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

/** Every way to pick two disjoint groups of `size` forks from the list (capped, deterministic). */
function disjointPairs(keys, size, limit = 200) {
  const pairs = [];
  const groups = [];
  const choose = (start, picked) => {
    if (groups.length > 2000) return;
    if (picked.length === size) {
      groups.push(picked);
      return;
    }
    for (let i = start; i < keys.length; i++) choose(i + 1, [...picked, keys[i]]);
  };
  choose(0, []);
  for (let i = 0; i < groups.length && pairs.length < limit; i++) {
    for (let j = i + 1; j < groups.length && pairs.length < limit; j++) {
      if (groups[i].every((k) => !groups[j].includes(k))) pairs.push([groups[i], groups[j]]);
    }
  }
  return pairs;
}

async function main() {
  const argv = process.argv.slice(2);
  const args = minimist(argv, { string: ['results', 'split', 'min-ns', 'median-tolerance', 'ratio-tolerance', 'drift', 'method'], boolean: ['help'] });
  if (args.help) {
    // The header comment, from after the shebang and @ts-check lines to the first line of code.
    const lines = (await import('node:fs'))
      .readFileSync(new URL(import.meta.url), 'utf8')
      .split('\n')
      .slice(2);
    const end = lines.findIndex((l) => !l.startsWith('//'));
    console.log(
      lines
        .slice(0, end < 0 ? lines.length : end)
        .map((l) => l.replace(/^\/\/ ?/, ''))
        .join('\n'),
    );
    return EXIT.ok;
  }
  const core = await loadReportCore();
  const options = {
    minNs: args['min-ns'] === undefined ? core.STABILITY_DEFAULTS.minNs : Number(args['min-ns']),
    medianTolerance: parseTolerance(args['median-tolerance'], '--median-tolerance') ?? core.STABILITY_DEFAULTS.medianTolerance,
    ratioTolerance: parseTolerance(args['ratio-tolerance'], '--ratio-tolerance') ?? core.STABILITY_DEFAULTS.ratioTolerance,
    driftThreshold: parseTolerance(args.drift, '--drift') ?? core.DEFAULT_DRIFT_THRESHOLD,
    ratio: { method: ratioMethod(core, args.method) },
  };
  const paths = [args.results, ...args._]
    .flat()
    .filter((x) => x !== undefined)
    .map(String);
  if (args.split !== undefined) {
    const size = Number(args.split);
    if (!Number.isInteger(size) || size < 1) throw new UserError(`--split ${args.split}: expected a whole number ≥ 1`);
    const runs = (await Promise.all(paths.map((p) => loadRuns(core, p)))).flat();
    const keys = [...new Set(runs.map((r) => `${r.run.runId}#${r.run.fork}`))];
    const pairs = disjointPairs(keys, size);
    if (pairs.length === 0) throw new UserError(`${keys.length} fork(s) cannot make two disjoint groups of ${size}`);
    /** @type {Map<string, { within: number; of: number; changes: number[] }>} */
    const totals = new Map();
    for (const [a, b] of pairs) {
      const pick = (group) =>
        core.columnsOf(
          runs.filter((r) => group.includes(`${r.run.runId}#${r.run.fork}`)),
          options.driftThreshold,
        );
      const report = core.stabilityBetween(pick(a), pick(b), options);
      /** @type {Array<[string, Map<string, import('../core/report/index.ts').Share>]>} */
      const kinds = [
        ['medians', report.medians],
        ['ratios', report.ratios],
      ];
      for (const [kind, map] of kinds) {
        for (const [key, s] of map) {
          const t = totals.get(`${kind} ${key}`) ?? { within: 0, of: 0, changes: [] };
          t.within += s.within;
          t.of += s.of;
          t.changes.push(...s.changes);
          totals.set(`${kind} ${key}`, t);
        }
      }
    }
    console.log(`${keys.length} fork(s), ${pairs.length} pair(s) of disjoint groups of ${size} fork(s)`);
    for (const [key, t] of totals) {
      const sorted = t.changes.sort((x, y) => x - y);
      const tolerance = key.startsWith('medians') ? options.medianTolerance : options.ratioTolerance;
      console.log(
        `${key.padEnd(22)} within ±${Math.round(tolerance * 100)}%: ${((100 * t.within) / t.of).toFixed(0)}%  (median |change| ${(100 * sorted[Math.floor(sorted.length / 2)]).toFixed(1)}%, p90 ${(100 * sorted[Math.floor(0.9 * (sorted.length - 1))]).toFixed(1)}%)`,
      );
    }
    return 0;
  }
  let dirs = paths;
  if (dirs.length === 0) {
    const passthrough = argv.filter((a, i) => !OWN.some((o) => a === `--${o}` || a.startsWith(`--${o}=`) || (i > 0 && argv[i - 1] === `--${o}`)));
    const runArgs = passthrough.includes('--profile') ? passthrough : ['--profile', 'quick', ...passthrough];
    dirs = [];
    for (const n of [1, 2]) {
      const runId = newRunId(`stability${n}`);
      console.error(`run ${n} of 2: ${runId}`);
      const code = await runAll([...runArgs, '--run-id', runId]);
      if (code === EXIT.interrupted) return EXIT.interrupted;
      if (code === EXIT.input) throw new UserError(`run ${n} refused its options (exit code ${code})`);
      if (code !== 0) throw new RunFailedError(`run ${n} failed (exit code ${code}); see results/${runId}/`);
      dirs.push(join(ROOT, 'results', runId));
    }
  }
  if (dirs.length !== 2) throw new UserError(`--results takes two run folders (got ${dirs.length})`);
  const [a, b] = await Promise.all(dirs.map((d) => loadRuns(core, d)));
  const report = core.stabilityBetween(core.columnsOf(a, options.driftThreshold), core.columnsOf(b, options.driftThreshold), options);
  console.log(`runs: ${dirs.join(' vs ')}`);
  console.log(core.renderStability(report));
  // The run time is judged from both runs' manifests, or not at all (runs made before them, merged files).
  const manifests = dirs.map((d) => readManifest(core, d));
  const runs = manifests.every((m) => m !== null) ? manifests.map((m) => core.stabilityRunOf(m)) : null;
  for (const line of core.renderGoals(report, runs)) console.log(line);
  return 0;
}

await runMain(main);
