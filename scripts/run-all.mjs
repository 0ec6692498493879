#!/usr/bin/env zx
// @ts-check
// The benchmark orchestrator (`npm run bench`): finds the runtimes, keeps one runner process per
// runtime alive per fork and measures bench by bench across them (orchestrator/), streams their
// records into results/<run id>/, and ends with the comparison table and a one-line summary.
// Tests replace a runner with ANANKE_RUNNER_<RUNTIME>="command args…" (e.g. ANANKE_RUNNER_NODE).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildReportPage } from './report-page.mjs';
import {
  EXIT,
  ROOT,
  UserError,
  findPreviousRun,
  loadOrchestrator,
  loadReportCore,
  loadRunFolder,
  newRunId,
  parseCommandLine,
  pickExporter,
  readChecked,
  readManifest,
  reportProblems,
  runFolders,
  runMain,
  terminalWidth,
  warnForeignBands,
} from './bench-io.mjs';

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
    warnings.push(
      `CPU governor is ${[...governors].join('/')}, not performance: timings will drift. Check: cat /sys/devices/system/cpu/cpu0/cpufreq/scaling_governor; set: sudo cpupower frequency-set -g performance`,
    );
  }
  const cores = cpus().length || 1;
  const load = loadavg()[0];
  if (load > 0.5 * cores)
    warnings.push(
      `load average ${load.toFixed(2)} on ${cores} cores: other work competes with the benchmarks; close background applications or run again later`,
    );
  return warnings;
}

/** Turns the orchestrator's own errors (bad options, unknown runtime, unbuilt dist/) into one-line user errors. */
async function userErrors(orchestrator, body) {
  try {
    return await body();
  } catch (error) {
    if (error instanceof orchestrator.OptionError || error instanceof orchestrator.TargetError || error instanceof orchestrator.RunError)
      throw new UserError(/** @type {Error} */ (error).message);
    throw error;
  }
}

async function main() {
  // Under zx, argv holds zx's own path before this script's.
  const scriptIndex = process.argv.findIndex((a) => resolve(a) === fileURLToPath(import.meta.url));
  const argv = process.argv.slice(scriptIndex + 1);
  const [core, orchestrator] = await Promise.all([loadReportCore(), loadOrchestrator()]);
  const parsed = parseCommandLine(orchestrator, argv, {
    strings: ['format', 'hosts', 'host', 'mode', 'against', 'report'],
    booleans: ['details', 'list-runs'],
    command: 'npm run bench',
  });
  if (parsed.help) {
    console.log(`usage: npm run bench -- [options]   (or: zx scripts/run-all.mjs [options])\n${orchestrator.RUN_OPTION_USAGE}
  --format ${[...core.EXPORTERS.keys()].join('|')}   output format (default: table)
  --details                 the full cell (spread, extra figure, change) instead of one line per bench
  --against RUN|none        the earlier run the change is against (a run id in the results folder, or a folder);
                            default: the newest earlier run of the same testbed, profile and benches that finished
  --report [FILE]           also write the HTML report (default results/<run id>/report.html)
  --list-runs               list the runs in the results folder (suites, profile, targets, forks, date, outcome) and stop
  --hosts FILE              measure on the hosts of a hosts.toml (over ssh) instead of this machine
  --host [user@]addr[:port] a host to measure on (repeatable)
  --mode compare|split      every host runs every bench (default), or the benches are shared out among a testbed's hosts
exit codes: 0 every planned measurement has its record, 2 bad input, 3 the run failed or is incomplete, 130 interrupted`);
    return EXIT.ok;
  }
  const options = await userErrors(orchestrator, () => orchestrator.parseRunOptions(parsed));
  const resultsDir = resolve(ROOT, options.resultsDir ?? 'results');
  if (parsed['list-runs']) return listRuns(core, resultsDir);
  const { exporter, options: renderOptions } = pickExporter(core, parsed.format);
  Object.assign(renderOptions, { width: terminalWidth(), details: parsed.details });
  const reportPath = parsed.report === undefined ? null : String(parsed.report);

  const targetsFile = readChecked(join(ROOT, 'baselines', 'targets.json'), core.parseTargets, { optional: true });
  const bandsFile = readChecked(join(ROOT, 'baselines', 'noise.json'), core.parseNoiseBands, { optional: true });
  // Bench ids are checked before anything starts (a typo never starts three runtimes).
  await userErrors(orchestrator, () => orchestrator.selectIds(options.suites, options.bench));

  // `bun bench` runs the package.json script under Bun: default to Bun there.
  const names = options.runtimes ?? ((process.env.npm_config_user_agent ?? '').startsWith('bun/') ? ['bun'] : ['node', 'bun', 'deno']);
  for (const warning of noiseWarnings()) console.error(`warning: ${warning}`);
  const hostFlags = parsed.host === undefined ? [] : [parsed.host].flat().map(String);
  if (parsed.hosts !== undefined || hostFlags.length > 0) {
    return hostsRun(core, orchestrator, {
      options,
      parsed,
      hostFlags,
      names,
      runId: options.runId ?? newRunId(),
      argv,
      exporter,
      renderOptions,
      targetsFile,
      bandsFile,
      resultsDir,
      reportPath,
    });
  }
  const { specs, skipped } = await userErrors(orchestrator, () =>
    orchestrator.runtimeTargets(names, ROOT, (line) => console.error(line), null, ROOT, { offline: options.offline }),
  );
  if (specs.length === 0) {
    console.error('error: none of the requested runtimes is installed; nothing ran');
    return EXIT.failed;
  }

  const runId = options.runId ?? newRunId();
  const measured = await userErrors(orchestrator, () => orchestrator.measure({ options, specs, root: ROOT, runId, argv, log: (line) => console.error(line) }));
  const { outcome, collector, runDir, shownDir } = measured;
  const failures = [...outcome.failures];
  reportProblems(collector.problems);
  for (const p of collector.problems) failures.push(`${relative(runDir, p.source)}:${p.line}: ${p.message}`);

  const columns = core.buildColumns(collector.runs);
  core.markDrift(columns);
  const { report, note } = await compareWithPrevious(core, {
    columns,
    collector,
    runDir,
    shownDir,
    resultsDir,
    against: parsed.against,
    targetsFile,
    bandsFile,
  });
  const machineReadable = exporter.format !== 'table' && exporter.format !== 'markdown';
  if (report.rows.length > 0) console.log(exporter.render(report, renderOptions));
  else console.log('no bench results to show');
  (machineReadable ? console.error : console.log)(note);
  const notRun = outcome.missed.filter((m) => !m.why.startsWith('interrupted'));
  if (notRun.length > 0)
    failures.push(
      `${notRun.length} planned measurement(s) produced no record (e.g. ${notRun
        .slice(0, 3)
        .map((m) => `${m.target} fork ${m.fork} ${m.bench}: ${m.why}`)
        .join('; ')})`,
    );
  if (outcome.interrupted !== null) {
    const left = outcome.missed.filter((m) => m.why.startsWith('interrupted'));
    const targetsLeft = specs.map((s) => s.target.label).filter((label) => left.some((m) => m.target === label));
    console.error(
      `interrupted by ${outcome.interrupted}: ${left.length} planned measurement(s) did not run${targetsLeft.length > 0 ? ` (${targetsLeft.join(', ')})` : ''}`,
    );
  }
  // With a machine-readable format, stdout stays that one document; the summary goes to stderr.
  const summary = `${core.summaryLine(report, { skipped, failures, interrupted: outcome.interrupted })} · results in ${shownDir}/`;
  (machineReadable ? console.error : console.log)(summary);
  for (const failure of failures) console.error(`failed: ${failure}`);
  await reportPage(core, { report, runDir, shownDir, resultsDir, reportPath, against: parsed.against, machineReadable });
  if (outcome.interrupted !== null) return EXIT.interrupted;
  return report.rows.length > 0 && failures.length === 0 ? EXIT.ok : EXIT.failed;
}

/**
 * The comparison table of a run, with each cell's change against the newest earlier run like it
 * (or `against`), and the line saying which run that is.
 */
async function compareWithPrevious(core, o) {
  const current = core.summarizeRun(o.shownDir, readManifest(core, o.runDir), o.collector.runs);
  const { previous, note } = await findPreviousRun(core, o.resultsDir, current, o.against);
  const bands = o.bandsFile === null ? null : core.noiseBands(o.bandsFile);
  warnForeignBands(core, bands, o.columns);
  const report = core.compareColumns(o.columns, {
    targets: o.targetsFile,
    previous: previous === null ? new Map() : core.previousColumns(o.collector.runs, previous.collector.runs),
    bands,
  });
  return { report, note };
}

/** Writes the HTML report when `--report` asked for it, else says how to make it. */
async function reportPage(core, o) {
  if (o.report.rows.length === 0) return;
  const say = o.machineReadable ? console.error : console.log;
  if (o.reportPath === null) {
    say(`report: npm run bench:report -- ${o.shownDir} (or --report next time)`);
    return;
  }
  const out = o.reportPath === '' ? join(o.runDir, 'report.html') : resolve(o.reportPath);
  say(`report: ${await buildReportPage(core, { runDirs: [o.runDir], resultsDir: o.resultsDir, out, against: o.against, pool: false })}`);
}

/** `--list-runs`: what the results folder holds, one line per run. */
async function listRuns(core, resultsDir) {
  const folders = runFolders(resultsDir);
  if (folders.length === 0) {
    console.log(`no runs in ${resultsDir}`);
    return EXIT.ok;
  }
  const summaries = [];
  for (const dir of folders) summaries.push((await loadRunFolder(core, dir)).summary);
  console.log(core.renderRunList(summaries));
  return EXIT.ok;
}

/** `--hosts` / `--host`: measures on other machines over ssh, then the same table and summary. */
async function hostsRun(core, orchestrator, o) {
  const mode = o.parsed.mode ?? 'compare';
  if (!['compare', 'split'].includes(mode)) throw new UserError(`--mode ${mode}: expected compare or split`);
  let hosts;
  try {
    hosts = orchestrator.hostsFrom({ file: o.parsed.hosts ?? null, flags: o.hostFlags });
  } catch (error) {
    if (error instanceof orchestrator.HostError) throw new UserError(/** @type {Error} */ (error).message);
    throw error;
  }
  const runDir = join(o.resultsDir, o.runId);
  if (existsSync(runDir) && readdirSync(runDir).length > 0) throw new UserError(`${runDir} already holds a run; pick another --run-id`);
  const shownDir = orchestrator.shownPath(runDir);
  console.error(`results: ${shownDir}/ · ${hosts.length} host(s), ${mode} mode · ${o.options.forks} fork(s) per host`);
  const { reports, collector, interrupted } = await orchestrator.measureOnHosts({
    options: o.options,
    hosts,
    runtimes: o.names,
    mode,
    root: ROOT,
    runDir,
    runId: o.runId,
    argv: o.argv,
    log: (line) => console.error(line),
  });
  reportProblems(collector.problems);
  const failures = [];
  for (const r of reports) {
    if (r.failed !== null) failures.push(`${r.host}: ${r.failed}`);
    for (const f of r.outcome?.failures ?? []) failures.push(`${r.host}: ${f}`);
    const missed = (r.outcome?.missed ?? []).filter((m) => !m.why.startsWith('interrupted'));
    if (missed.length > 0) failures.push(`${r.host}: ${missed.length} planned measurement(s) produced no record`);
  }
  for (const p of collector.problems) failures.push(`${relative(runDir, p.source)}:${p.line}: ${p.message}`);
  const columns = core.buildColumns(collector.runs);
  core.markDrift(columns);
  const { report, note } = await compareWithPrevious(core, {
    columns,
    collector,
    runDir,
    shownDir,
    resultsDir: o.resultsDir,
    against: o.parsed.against,
    targetsFile: o.targetsFile,
    bandsFile: o.bandsFile,
  });
  const machineReadable = o.exporter.format !== 'table' && o.exporter.format !== 'markdown';
  if (report.rows.length > 0) console.log(o.exporter.render(report, o.renderOptions));
  else console.log('no bench results to show');
  (machineReadable ? console.error : console.log)(note);
  const summary = `${core.summaryLine(report, { skipped: [], failures, interrupted })} · results in ${shownDir}/`;
  (machineReadable ? console.error : console.log)(summary);
  for (const failure of failures) console.error(`failed: ${failure}`);
  await reportPage(core, { report, runDir, shownDir, resultsDir: o.resultsDir, reportPath: o.reportPath, against: o.parsed.against, machineReadable });
  if (interrupted !== null) return EXIT.interrupted;
  return report.rows.length > 0 && failures.length === 0 ? EXIT.ok : EXIT.failed;
}

await runMain(main);
