// @ts-check
// File and process I/O shared by the bench scripts (run-all, merge, regression, baseline);
// every decision (statistics, comparison, gate, formats) lives in core/report, loaded from dist/.
import { createReadStream, existsSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { minimist } from 'zx';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * The exit codes every bench script shares (README, "Exit codes"): 0 done; 1 the verdict the command
 * checks for (a regression, a slower bench with --fail-on-slower); 2 bad input (an option, a file, a
 * bench id); 3 the measurement failed or is incomplete; 130 interrupted (Ctrl-C).
 */
export const EXIT = { ok: 0, verdict: 1, input: 2, failed: 3, interrupted: 130 };

/** A mistake the user can fix: printed as one line, no stack trace; exit code 2. */
export class UserError extends Error {}

/** A measurement that failed or stopped short (a crash, a hang, records missing): one line, exit code 3. */
export class RunFailedError extends Error {}

/**
 * A compiled module of this checkout, e.g. 'core/report/index'. Tests running from sources set
 * ANANKE_CORE_FROM_SOURCE=1 (and run node with --import tsx) so the scripts load the .ts files instead of dist/.
 */
export async function loadCompiled(path) {
  const fromSource = process.env.ANANKE_CORE_FROM_SOURCE === '1';
  const url = new URL(fromSource ? `../${path}.ts` : `../dist/${path}.js`, import.meta.url);
  if (!fromSource && !existsSync(fileURLToPath(url))) {
    throw new UserError(
      `${relative(process.cwd(), fileURLToPath(url))} is missing: build dist/ first (npm install runs the build in its prepare step, or run npm run build)`,
    );
  }
  return import(url.href);
}

/**
 * The report layer (statistics, comparison, gate, exporters).
 * @returns {Promise<typeof import('../core/report/index.ts')>}
 */
export function loadReportCore() {
  return loadCompiled('core/report/index');
}

/**
 * The orchestrator (targets, runner processes, sessions).
 * @returns {Promise<typeof import('../orchestrator/index.ts')>}
 */
export function loadOrchestrator() {
  return loadCompiled('orchestrator/index');
}

/**
 * The HTML report's renderer (Node only: Plot on a linkedom document).
 * @returns {Promise<typeof import('../report/index.ts')>}
 */
export function loadReportPage() {
  return loadCompiled('report/index');
}

/** Runs main(), turning a UserError or RunFailedError into a message and its exit code (a bug keeps its stack). */
export async function runMain(main) {
  try {
    process.exitCode = await main();
  } catch (error) {
    if (error instanceof UserError || error instanceof RunFailedError) {
      console.error(`error: ${error.message}`);
      process.exitCode = error instanceof UserError ? EXIT.input : EXIT.failed;
    } else {
      throw error;
    }
  }
}

/** Every .ndjson file under the given files and folders (folders searched recursively), sorted. */
export function ndjsonFiles(paths) {
  const files = [];
  for (const path of paths) {
    if (!existsSync(path)) throw new UserError(`${path}: no such file or folder`);
    if (statSync(path).isDirectory()) {
      const found = readdirSync(path, { recursive: true })
        .map(String)
        .filter((name) => name.endsWith('.ndjson'))
        .map((name) => join(path, name));
      files.push(...found.sort());
    } else {
      files.push(path);
    }
  }
  return files;
}

/**
 * Streams NDJSON files line by line into a core RunCollector. We read lines with
 * node:readline rather than the `ndjson` package's parser because that parser cannot say
 * which line was corrupt (strict mode emits an error without a position, lenient mode drops
 * the line silently); the collector parses and validates each line and keeps its line number.
 */
export async function collectFiles(core, files, collector = new core.RunCollector()) {
  for (const file of files) {
    const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
    let number = 0;
    for await (const text of lines) collector.addLine(file, ++number, text);
  }
  return collector;
}

/** Prints each problem line as `file:line: message` on stderr. */
export function reportProblems(problems) {
  for (const p of problems) console.error(`warning: ${p.source}:${p.line}: ${p.message}`);
}

/** Reads and validates a JSON file with a core parse function; a missing file is null when optional. */
export function readChecked(path, parse, { optional = false } = {}) {
  if (!existsSync(path)) {
    if (optional) return null;
    throw new UserError(`${path}: file not found`);
  }
  const checked = parse(readFileSync(path, 'utf8'), path);
  if (!checked.ok) throw new UserError(checked.message);
  return checked.value;
}

/**
 * Says on stderr when the noise bands were measured on another machine than these columns (the
 * default band then judges them; core/report/bands.ts). `bands`: from core.noiseBands, or null.
 */
export function warnForeignBands(core, bands, columns, fileLabel = 'baselines/noise.json') {
  const note = core.bandsNote(
    bands,
    columns.flatMap((c) => core.columnTestbed(c) ?? []),
    fileLabel,
  );
  if (note !== null) console.error(`warning: ${note}`);
}

/** Replaces a file atomically: a reader sees the old or the new content, never half of one. */
export function writeFileAtomic(path, text) {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  } catch (error) {
    if (existsSync(temporary)) unlinkSync(temporary);
    throw error;
  }
}

/** The table's width: COLUMNS when set (tests, `COLUMNS=200 npm run bench`), else the terminal's, else 120. */
export function terminalWidth(stream = process.stdout) {
  const fromEnv = Number(process.env.COLUMNS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : (stream.columns ?? 120);
}

/** `--format` value checked against the exporters; colour only on a terminal (and not with NO_COLOR). */
export function pickExporter(core, format, stream = process.stdout) {
  const exporter = core.exporterFor(format ?? 'table');
  if (exporter === null) throw new UserError(`--format ${format}: unknown format (use ${[...core.EXPORTERS.keys()].join(', ')})`);
  const color = Boolean(stream.isTTY) && process.env.NO_COLOR === undefined && exporter.format === 'table';
  return { exporter, options: { color } };
}

/** Parses --tolerance: "10", "10%" and "0.1" all mean ten percent. */
export function parseTolerance(value, option = '--tolerance') {
  if (value === undefined) return undefined;
  const text = String(value).trim();
  const number = Number(text.replace(/%$/, ''));
  if (text === '' || !Number.isFinite(number) || number < 0) throw new UserError(`${option} ${text}: expected a percentage such as 10, 10% or 0.1`);
  return text.endsWith('%') || number >= 1 ? number / 100 : number;
}

export function absolute(path) {
  return resolve(process.cwd(), path);
}

/**
 * A run id, sortable by time: 20261127T105812Z-3fa9 (or 20261127T105812Z-baseline-3fa9).
 * The random part keeps two runs started in the same second out of each other's folder.
 */
export function newRunId(prefix) {
  const stamp = new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const random = Math.floor(Math.random() * 0x10000)
    .toString(16)
    .padStart(4, '0');
  return prefix === undefined ? `${stamp}-${random}` : `${stamp}-${prefix}-${random}`;
}

/**
 * Parses a measuring command's line: the shared run options (orchestrator/options.ts) plus the
 * command's own; an unknown option or a stray argument is a UserError naming it.
 * @param {typeof import('../orchestrator/index.ts')} orchestrator
 * @param {string[]} argv
 * @param {{ strings?: string[]; booleans?: string[]; defaults?: Record<string, unknown>; command: string }} options
 */
export function parseCommandLine(orchestrator, argv, { strings = [], booleans = [], defaults = {}, command }) {
  const args = minimist(argv, {
    string: [...orchestrator.RUN_STRING_OPTIONS, ...strings],
    boolean: [...orchestrator.RUN_BOOLEAN_OPTIONS, ...booleans, 'help'],
    default: { ...orchestrator.RUN_DEFAULTS, ...defaults },
    alias: { h: 'help' },
  });
  const known = new Set([...orchestrator.RUN_STRING_OPTIONS, ...orchestrator.RUN_BOOLEAN_OPTIONS, ...strings, ...booleans, 'help', 'h', '_']);
  const unknown = Object.keys(args).filter((key) => !known.has(key));
  if (unknown.length > 0) throw new UserError(`unknown option ${unknown.map((k) => `--${k}`).join(', ')} (see ${command} -- --help)`);
  if (args._.length > 0) throw new UserError(`unexpected argument ${args._[0]} (see ${command} -- --help)`);
  return args;
}

/**
 * The run folders directly under a results folder (each holds run.json or .ndjson files), by name;
 * run ids start with their UTC start time, so names sort oldest first.
 */
export function runFolders(resultsDir) {
  if (!existsSync(resultsDir)) return [];
  return readdirSync(resultsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(resultsDir, entry.name))
    .filter((dir) => existsSync(join(dir, 'run.json')) || ndjsonFiles([dir]).length > 0)
    .sort();
}

/** A run folder's manifest (run.json), or null when it has none; a broken one is warned about and read as none. */
export function readManifest(core, dir) {
  const path = join(dir, 'run.json');
  if (!existsSync(path)) return null;
  const checked = core.parseRunManifest(readFileSync(path, 'utf8'), path);
  if (!checked.ok) {
    console.error(`warning: ${checked.message}; the folder is read as a run without a manifest`);
    return null;
  }
  return checked.value;
}

/**
 * One run folder read whole: its manifest, its records (problems named by file and line) and the
 * summary the run index works with.
 * @param {typeof import('../core/report/index.ts')} core
 * @param {string} dir
 */
export async function loadRunFolder(core, dir) {
  const manifest = readManifest(core, dir);
  const collector = await collectFiles(core, ndjsonFiles([dir]));
  const shown = relative(process.cwd(), dir);
  const folder = shown === '' || shown.startsWith('..') ? dir : shown;
  return { dir, manifest, collector, summary: core.summarizeRun(folder, manifest, collector.runs) };
}

/**
 * The earlier run the current one's changes are against: `against` (a run id under the results
 * folder, or a folder) when given, else the newest earlier run like it (run-index.ts). Folders are
 * read newest first and only as far as needed; a manifest that already rules a run out saves
 * reading its records. Returns the run (or null) and a line saying what was chosen and why.
 * @param {typeof import('../core/report/index.ts')} core
 */
export async function findPreviousRun(core, resultsDir, current, against) {
  if (against === 'none') return { previous: null, note: 'change: not shown (--against none)' };
  if (against !== undefined) {
    const dir = existsSync(against) ? against : join(resultsDir, against);
    if (!existsSync(dir)) throw new UserError(`--against ${against}: no such run (not a folder, and no ${join(resultsDir, against)})`);
    const loaded = await loadRunFolder(core, dir);
    if (loaded.collector.runs.length === 0) throw new UserError(`--against ${against}: ${dir} holds no run records`);
    const unlike = core.differencesFrom(current, loaded.summary);
    return {
      previous: loaded,
      note: `change: against run ${core.runName(loaded.summary)}, as asked${unlike.length > 0 ? ` (unlike this one: ${unlike.join('; ')})` : ''}`,
    };
  }
  const passedOver = [];
  for (const dir of runFolders(resultsDir).reverse()) {
    if (resolve(dir) === resolve(join(resultsDir, current.runId))) continue;
    const manifest = readManifest(core, dir);
    const quick = core.summarizeRun(dir, manifest, []);
    if (quick.startedAt !== '' && quick.startedAt >= current.startedAt) continue;
    // What the manifest alone shows (state, profile, benches) rules a run out without reading it;
    // the testbeds and sampling fingerprints are in the records, compared once they are read.
    const early = core.differencesFrom(current, { ...quick, testbeds: current.testbeds, samplingKeys: current.samplingKeys });
    if (early.length > 0) {
      passedOver.push({ run: quick, why: early });
      continue;
    }
    const loaded = await loadRunFolder(core, dir);
    const why = core.differencesFrom(current, loaded.summary);
    if (why.length === 0)
      return {
        previous: loaded,
        note: `change: against run ${core.runName(loaded.summary)}${passedOver.length > 0 ? `; ${passedOver.length} newer run(s) passed over (newest: ${passedOver[0].run.runId}: ${passedOver[0].why.join('; ')})` : ''}`,
      };
    passedOver.push({ run: loaded.summary, why });
  }
  const newest = passedOver[0];
  return {
    previous: null,
    note: `change: no earlier run like this one (same testbed, profile and benches, finished cleanly)${newest === undefined ? '' : `; the newest passed over: ${newest.run.runId}: ${newest.why.join('; ')}`}; pick one with --against <run>`,
  };
}
