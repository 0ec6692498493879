#!/usr/bin/env zx
// The benchmark orchestrator (`npm run bench`): finds the runtimes, runs each runner in
// its own process in interleaved rounds, streams their records into results/<run id>/,
// and ends with the comparison table and a one-line summary.
//
// Usage: zx scripts/run-all.mjs [--runtime node,bun,deno] [--suite a,b] [--bench ids]
//          [--profile quick|full] [--rounds N] [--timeout SECONDS] [--format table|markdown|json|bmf]
//          [--run-id ID] [--results-dir DIR] [--shard LABEL]
// Tests replace a runner with ANANKE_RUNNER_<RUNTIME>="command args…" (e.g. ANANKE_RUNNER_NODE).
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { minimist, which } from 'zx';
import { ROOT, UserError, collectFiles, loadReportCore, ndjsonFiles, newRunId, pickExporter, readChecked, reportProblems, runMain } from './bench-io.mjs';

/**
 * How to start each runtime's runner: the binary to look for (node_modules/.bin first,
 * then PATH), how to ask its version, and the arguments before the pass-through flags.
 */
export const RUNNERS = {
  node: { binary: 'node', versionArgs: ['--version'], args: ['--expose-gc', 'dist/runners/node/main.js'] },
  bun: { binary: 'bun', versionArgs: ['--version'], args: ['dist/runners/bun/main.js'] },
  deno: {
    binary: 'deno',
    versionArgs: ['--version'],
    args: ['run', '--allow-read', '--allow-env', '--allow-sys', '--allow-write', '--v8-flags=--expose-gc', 'dist/runners/deno/main.js'],
  },
};

const DEFAULT_TIMEOUT_SECONDS = 900;
/** Grace period between SIGTERM and SIGKILL when stopping a runner. */
const KILL_GRACE_MS = 2000;
const PASS_THROUGH = ['suite', 'bench', 'profile', 'shard'];

function parseArgs(argv) {
  const args = minimist(argv, {
    string: ['runtime', 'suite', 'bench', 'profile', 'format', 'run-id', 'results-dir', 'shard', 'rounds', 'timeout'],
    boolean: ['help'],
    alias: { h: 'help' },
  });
  const known = new Set([...PASS_THROUGH, 'runtime', 'format', 'run-id', 'results-dir', 'rounds', 'timeout', 'help', 'h', '_']);
  const unknown = Object.keys(args).filter((key) => !known.has(key));
  if (unknown.length > 0) throw new UserError(`unknown option ${unknown.map((k) => `--${k}`).join(', ')} (see the usage at the top of scripts/run-all.mjs)`);
  if (args._.length > 0) throw new UserError(`unexpected argument ${args._[0]}`);
  const rounds = positiveInteger(args.rounds ?? '1', '--rounds');
  const timeoutSeconds = positiveNumber(args.timeout ?? String(DEFAULT_TIMEOUT_SECONDS), '--timeout');
  if (args.profile !== undefined && !['quick', 'full'].includes(args.profile)) throw new UserError(`--profile ${args.profile}: expected quick or full`);
  const runId = args['run-id'] ?? newRunId();
  if (!/^[A-Za-z0-9._-]+$/.test(runId)) throw new UserError(`--run-id ${runId}: use letters, digits, '.', '_' or '-' only`);
  return { ...args, rounds, timeoutSeconds, runId };
}

function positiveInteger(text, flag) {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new UserError(`${flag} ${text}: expected a whole number ≥ 1`);
  return value;
}

function positiveNumber(text, flag) {
  const value = Number(text);
  if (!(value > 0)) throw new UserError(`${flag} ${text}: expected a number > 0`);
  return value;
}

/** `bun bench` runs the package.json script under Bun: default to Bun there. */
function invokedByBun() {
  return (process.env.npm_config_user_agent ?? '').startsWith('bun/');
}

/** Where a runtime's binary is and the command that starts its runner; null when not installed. */
async function locateRunner(name) {
  const override = process.env[`ANANKE_RUNNER_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`];
  if (override !== undefined && override.trim() !== '') {
    const [command, ...args] = override.trim().split(/\s+/);
    const binary = command.includes('/') ? (existsSync(resolve(ROOT, command)) ? resolve(ROOT, command) : null) : await which(command, { nothrow: true });
    const variable = `ANANKE_RUNNER_${name.toUpperCase()}`;
    return binary === null ? { name, missing: `${command} (from ${variable}) not found` } : { name, binary, args, versionArgs: ['--version'], override: variable };
  }
  const spec = RUNNERS[name];
  if (spec === undefined) throw new UserError(`--runtime ${name}: unknown runtime (known: ${Object.keys(RUNNERS).join(', ')})`);
  const local = join(ROOT, 'node_modules', '.bin', spec.binary);
  const binary = existsSync(local) ? local : await which(spec.binary, { nothrow: true });
  if (binary === null) return { name, missing: `${spec.binary} not found in node_modules/.bin or on PATH` };
  const entry = spec.args.find((a) => a.startsWith('dist/'));
  if (entry !== undefined && !existsSync(join(ROOT, entry))) {
    throw new UserError(`${entry} is missing: build dist/ first (npm install runs the build, or npm run build)`);
  }
  return { name, binary, args: spec.args, versionArgs: spec.versionArgs };
}

function versionOf(runner) {
  const result = spawnSync(runner.binary, runner.versionArgs, { encoding: 'utf8', timeout: 15000 });
  const line = `${result.stdout ?? ''}`.split('\n').find((l) => l.trim() !== '');
  return line === undefined ? `unknown (${result.error?.message ?? `exit ${result.status}`})` : line.trim();
}

/** The guide's "Inconsistent Results" advice, when the machine says results will be noisy. */
function noiseWarnings() {
  const warnings = [];
  const governors = new Set();
  // ANANKE_CPU_SYSFS lets the tests point this at a fake /sys/devices/system/cpu.
  const sysfs = process.env.ANANKE_CPU_SYSFS ?? '/sys/devices/system/cpu';
  try {
    for (const cpu of readdirSync(sysfs).filter((n) => /^cpu\d+$/.test(n))) {
      const path = `${sysfs}/${cpu}/cpufreq/scaling_governor`;
      if (existsSync(path)) governors.add(readFileSync(path, 'utf8').trim());
    }
  } catch {
    // Not Linux, or no cpufreq: nothing to say.
  }
  const lax = [...governors].filter((g) => g !== 'performance');
  if (lax.length > 0) {
    warnings.push(`CPU governor is ${[...governors].join('/')}, not performance: timings will drift. Check: cat /sys/devices/system/cpu/cpu0/cpufreq/scaling_governor; set: sudo cpupower frequency-set -g performance`);
  }
  const cores = cpus().length || 1;
  const load = loadavg()[0];
  if (load > 0.5 * cores) warnings.push(`load average ${load.toFixed(2)} on ${cores} cores: other work competes with the benchmarks; close background applications or run again later`);
  return warnings;
}

/** A child process group we may have to stop (SIGINT, timeout). */
let activeChild = null;
let interrupted = null;

function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const signalGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      try {
        child.kill(signal);
      } catch {
        // Already gone.
      }
    }
  };
  signalGroup('SIGTERM');
  const killer = setTimeout(() => signalGroup('SIGKILL'), KILL_GRACE_MS);
  child.once('close', () => clearTimeout(killer));
}

const PROGRESS = /^\[([^\]]+)\]\s+(\S+)\s+(\S+)\s+\((\d+)\/(\d+)\)\s*$/;

class ProgressLine {
  constructor(stream) {
    this.stream = stream;
    this.tty = Boolean(stream.isTTY);
    this.shown = false;
  }

  show(text) {
    if (this.tty) {
      this.stream.write(`\r\u001b[2K${text}`);
      this.shown = true;
    } else {
      this.stream.write(`${text}\n`);
    }
  }

  /** Ends a TTY progress line before other output. */
  clear() {
    if (this.tty && this.shown) this.stream.write('\r\u001b[2K');
    this.shown = false;
  }
}

/**
 * Runs one runner to completion: stdout lines go to the .ndjson file as they arrive
 * (written synchronously, so a crash of either process loses nothing already received),
 * stderr to the .log file, progress to the terminal. Resolves with what happened.
 */
function runRunner({ runner, round, rounds, file, logFile, flags, timeoutSeconds, progress }) {
  return new Promise((resolvePromise) => {
    const out = openSync(file, 'a');
    const log = openSync(logFile, 'a');
    const counts = { bench: 0, error: 0, lines: 0 };
    const errorMessages = [];
    let timedOut = false;
    let stdoutRest = '';
    let stderrRest = '';
    const child = spawn(runner.binary, [...runner.args, ...flags], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    activeChild = child;
    const roundText = rounds > 1 ? ` round ${round}/${rounds}` : '';
    progress.show(`[${runner.name}${roundText}] starting`);

    const onStdoutLine = (line) => {
      writeSync(out, `${line}\n`);
      counts.lines += 1;
      try {
        const record = JSON.parse(line);
        if (record?.type === 'bench') counts.bench += 1;
        if (record?.type === 'error') {
          counts.error += 1;
          errorMessages.push(`${record.suite ?? ''}${record.id ? ` ${record.id}` : ''}: ${record.message}`.trim());
        }
      } catch {
        // Kept as written; merge reports it with its line number.
      }
    };
    const onStderrLine = (line) => {
      writeSync(log, `${line}\n`);
      const match = PROGRESS.exec(line);
      if (match !== null) {
        const [, , suite, bench, done, total] = match;
        progress.show(`[${runner.name}${roundText}] ${suite} ${bench} (${done}/${total})`);
      } else if (line.trim() !== '') {
        progress.clear();
        // Runners prefix their own messages with [runtime]; keep one prefix.
        process.stderr.write(line.startsWith(`[${runner.name}]`) ? `${line}${roundText === '' ? '' : ` (${roundText.trim()})`}\n` : `[${runner.name}${roundText}] ${line}\n`);
      }
    };
    const splitter = (push, getRest, setRest) => (chunk) => {
      const text = getRest() + chunk;
      const lines = text.split('\n');
      setRest(lines.pop());
      for (const line of lines) push(line.replace(/\r$/, ''));
    };
    child.stdout.setEncoding('utf8').on('data', splitter(onStdoutLine, () => stdoutRest, (r) => (stdoutRest = r)));
    child.stderr.setEncoding('utf8').on('data', splitter(onStderrLine, () => stderrRest, (r) => (stderrRest = r)));

    const timer = setTimeout(() => {
      timedOut = true;
      stopChild(child);
    }, timeoutSeconds * 1000);

    let spawnError = null;
    child.on('error', (error) => {
      spawnError = error;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      activeChild = null;
      // A last line without its newline (the runner died mid-write) is kept too.
      if (stdoutRest !== '') onStdoutLine(stdoutRest);
      if (stderrRest !== '') onStderrLine(stderrRest);
      closeSync(out);
      closeSync(log);
      progress.clear();
      let failure = null;
      if (spawnError !== null) failure = `could not start: ${spawnError.message}`;
      else if (timedOut) failure = `timed out after ${timeoutSeconds} s and was killed`;
      else if (interrupted !== null) failure = `stopped by ${interrupted}`;
      else if (signal !== null) failure = `killed by ${signal}`;
      else if (code !== 0) failure = `exited with code ${code}`;
      if (failure === null && counts.error > 0) failure = `${counts.error} error record(s): ${errorMessages.slice(0, 3).join('; ')}`;
      else if (failure !== null && counts.error > 0) failure += `; ${counts.error} error record(s): ${errorMessages.slice(0, 3).join('; ')}`;
      if (failure === null && counts.bench === 0) failure = 'finished without any bench record';
      resolvePromise({ failure, counts });
    });
  });
}

/** Loads earlier runs under the results folder (newest first) until every column has its previous run. */
async function loadHistory(core, resultsDir, currentRunId, wantedColumns) {
  if (!existsSync(resultsDir)) return [];
  const folders = readdirSync(resultsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== currentRunId)
    .map((entry) => entry.name)
    .sort()
    .reverse();
  const history = [];
  const found = new Set();
  for (const folder of folders.slice(0, 50)) {
    const collector = await collectFiles(core, ndjsonFiles([join(resultsDir, folder)]));
    history.push(...collector.runs);
    for (const run of collector.runs) found.add(core.columnKey(run.run));
    if ([...wantedColumns].every((key) => found.has(key))) break;
  }
  return history;
}

async function main() {
  const scriptIndex = process.argv.findIndex((a) => resolve(a) === fileURLToPath(import.meta.url));
  const args = parseArgs(process.argv.slice(scriptIndex + 1));
  if (args.help) {
    console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 9).join('\n'));
    return 0;
  }
  const core = await loadReportCore();
  const { exporter, options: renderOptions } = pickExporter(core, args.format);
  const targets = readChecked(join(ROOT, 'baselines', 'targets.json'), core.parseTargets, { optional: true });

  const names = (args.runtime ?? (invokedByBun() ? 'bun' : 'node,bun,deno')).split(',').map((n) => n.trim()).filter(Boolean);
  for (const warning of noiseWarnings()) console.error(`warning: ${warning}`);

  const runners = [];
  const skipped = [];
  for (const name of names) {
    const runner = await locateRunner(name);
    if (runner.missing !== undefined) {
      skipped.push(name);
      console.error(`note: ${name} skipped: ${runner.missing}`);
      continue;
    }
    const how = runner.override === undefined ? '' : `, runner replaced by ${runner.override}: ${[runner.binary, ...runner.args].join(' ')}`;
    console.error(`${name}: ${runner.binary} (${versionOf(runner)}${how})`);
    runners.push(runner);
  }
  if (runners.length === 0) {
    console.error('error: none of the requested runtimes is installed; nothing ran');
    return 1;
  }

  const resultsDir = resolve(ROOT, args['results-dir'] ?? 'results');
  const runDir = join(resultsDir, args.runId);
  // One run, one folder: never mix a new run's records into an earlier run's files.
  if (existsSync(runDir) && readdirSync(runDir).length > 0) throw new UserError(`${runDir} already holds a run; pick another --run-id`);
  mkdirSync(runDir, { recursive: true });
  const fromHere = relative(process.cwd(), runDir);
  const shownDir = fromHere === '' || fromHere.startsWith('..') || isAbsolute(fromHere) ? runDir : fromHere;
  console.error(`results: ${shownDir}/`);

  const onSignal = (signal) => {
    if (interrupted !== null) return;
    interrupted = signal;
    console.error(`\n${signal}: stopping the runners; records written so far are kept in ${shownDir}/`);
    if (activeChild !== null) stopChild(activeChild);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const progress = new ProgressLine(process.stderr);
  const failures = [];
  /** Files whose runner already failed: a cut-off last line there is part of that failure. */
  const failedFiles = new Set();
  let ran = 0;
  // Interleaved rounds (node, bun, deno, node, bun, deno, …): drift hits every runtime alike.
  for (let round = 1; round <= args.rounds && interrupted === null; round++) {
    for (const runner of runners) {
      if (interrupted !== null) break;
      const base = args.rounds > 1 ? `${runner.name}-${round}` : runner.name;
      const flags = ['--run-id', args.runId, '--round', String(round)];
      for (const flag of PASS_THROUGH) if (args[flag] !== undefined) flags.push(`--${flag}`, args[flag]);
      ran += 1;
      const outcome = await runRunner({
        runner,
        round,
        rounds: args.rounds,
        file: join(runDir, `${base}.ndjson`),
        logFile: join(runDir, `${base}.log`),
        flags,
        timeoutSeconds: args.timeoutSeconds,
        progress,
      });
      const label = args.rounds > 1 ? `${runner.name} round ${round}` : runner.name;
      if (outcome.failure !== null) {
        failedFiles.add(join(runDir, `${base}.ndjson`));
        failures.push(`${label}: ${outcome.failure} (${outcome.counts.bench} bench record(s) kept in ${shownDir}/${base}.ndjson, log in ${base}.log)`);
        console.error(`✗ ${failures.at(-1)}`);
      } else {
        console.error(`✓ ${label}: ${outcome.counts.bench} bench record(s)`);
      }
    }
  }

  const collector = await collectFiles(core, ndjsonFiles([runDir]));
  reportProblems(collector.problems);
  for (const p of collector.problems) if (!failedFiles.has(p.source)) failures.push(`${relative(runDir, p.source)}:${p.line}: ${p.message}`);
  const columns = core.buildColumns(collector.runs);
  const history = await loadHistory(core, resultsDir, args.runId, new Set(columns.map((c) => c.key)));
  const report = core.compareColumns(columns, { targets, previous: core.previousBenches(collector.runs, history) });
  if (report.rows.length > 0) console.log(exporter.render(report, renderOptions));
  else console.log('no bench results to show');
  for (const failure of failures) console.error(`failed: ${failure}`);
  if (interrupted !== null) failures.push(`interrupted by ${interrupted}`);
  // With --format json or bmf, stdout stays one JSON document; the summary goes to stderr.
  const summary = core.summaryLine(report, { skipped, failures }) + ` · results in ${shownDir}/`;
  if (exporter.format === 'json' || exporter.format === 'bmf') console.error(summary);
  else console.log(summary);
  if (interrupted !== null) return 130;
  return ran > 0 && report.rows.length > 0 && failures.length === 0 ? 0 : 1;
}

await runMain(main);
