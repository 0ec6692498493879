// What every measuring command does between parsing its options and printing its report: find the
// runtimes (one target each, or one per revision), run the session into results/<run id>/, and read
// back every record written (problems named by file and line). The commands differ only in their
// targets and in what they make of the records.
import { createReadStream, readdirSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { DEFAULT_PRECISION } from '../core/report/precision.ts';
import { RunCollector } from '../core/report/runs.ts';
import { benchRun, type RunManifest } from './bench-run.ts';
import type { RunOptions } from './options.ts';
import { DEFAULT_SETTLE, settleLine } from './settle.ts';
import { choosePin, PinError } from './affinity.ts';
import { ProgressReporter } from './progress.ts';
import { adaptiveLine, type SessionOutcome } from './session.ts';
import { binaryVersion, installRuntime, parseRuntimeSpec, RuntimeVersionError, type RuntimeSpec } from './runtime-versions.ts';
import { checkBuilt, locateRuntime, RUNTIMES, TargetError, type LocatedRuntime, type TargetSpec } from './targets.ts';
import type { NoiseBands } from '../core/report/bands.ts';
import type { Target } from '../core/record/schema.ts';

export interface LocatedTargets {
  specs: TargetSpec[];
  /** Runtimes not installed, with the note printed for each. */
  skipped: string[];
}

/**
 * One target per runtime on `checkout` (a revision target when `revision` is given, labelled
 * runtime:role). A plain name is the binary in node_modules/.bin or on PATH, found from
 * `binariesFrom` (default: the checkout; compare mode takes both revisions' binaries from the
 * working tree, so only the code differs); `name@range` is that version from npm, installed into
 * the per-user cache on first use (runtime-versions.ts). Notes go to `log`; unknown names, an
 * unbuilt checkout and a version that cannot be had throw TargetError.
 */
export async function runtimeTargets(
  names: readonly string[],
  checkout: string,
  log: (line: string) => void,
  revision: Target['revision'] = null,
  binariesFrom = checkout,
  options: { offline?: boolean } = {},
): Promise<LocatedTargets> {
  const specs: TargetSpec[] = [];
  const skipped: string[] = [];
  for (const text of names) {
    let spec: RuntimeSpec;
    let runtime: ReturnType<typeof locateRuntime>;
    try {
      spec = parseRuntimeSpec(text);
      runtime = spec.range === null ? locateRuntime(spec.name, binariesFrom) : await versionedRuntime(spec, options.offline ?? false, log);
    } catch (error) {
      if (error instanceof RuntimeVersionError) throw new TargetError(error.message);
      throw error;
    }
    const name = spec.name;
    if ('missing' in runtime) {
      skipped.push(text);
      log(`note: ${text} skipped: ${runtime.missing}`);
      continue;
    }
    if (runtime.override === null) checkBuilt(runtime, checkout);
    const how = runtime.override === null ? '' : `, runner replaced by ${runtime.override}: ${[runtime.binary, ...runtime.args].join(' ')}`;
    const label = revision === null ? spec.text : `${spec.text}:${revision.role}`;
    log(
      `${label}: ${runtime.binary} (${runtime.version}${how})${revision === null ? '' : ` on ${revision.rev}${revision.commit ? ` (${revision.commit.slice(0, 12)})` : ''}`}`,
    );
    specs.push({ target: { label, runtime: name, revision }, checkout, runtime });
  }
  return { specs, skipped };
}

/** A runtime version from npm, installed on first use, checked to run. */
async function versionedRuntime(spec: RuntimeSpec, offline: boolean, log: (line: string) => void): Promise<LocatedRuntime> {
  const how = RUNTIMES[spec.name];
  if (how === undefined) throw new TargetError(`--runtime ${spec.text}: unknown runtime (known: ${Object.keys(RUNTIMES).join(', ')})`);
  const installed = await installRuntime(spec, { offline, log });
  const version = binaryVersion(installed.binary);
  if (!version.ok)
    throw new TargetError(`${spec.text}: ${installed.pkg}@${installed.version} is installed at ${installed.binary} but does not run here: ${version.why}`);
  return {
    name: spec.name,
    binary: installed.binary,
    args: how.args,
    override: null,
    version: `${version.line} (${installed.pkg}@${installed.version}${installed.downloaded ? ', downloaded now' : ', cached'})`,
  };
}

export interface Measured {
  runDir: string;
  /** runDir as the user should see it (relative to the working directory when inside it). */
  shownDir: string;
  outcome: SessionOutcome;
  manifest: RunManifest;
  collector: RunCollector;
}

/** Every .ndjson file under a run folder, sorted. */
export function runFiles(runDir: string): string[] {
  return readdirSync(runDir, { recursive: true })
    .map(String)
    .filter((name) => name.endsWith('.ndjson'))
    .sort()
    .map((name) => join(runDir, name));
}

/** Streams every .ndjson file of a run folder into a collector (line numbers kept for problems). */
export async function collectRunDir(files: readonly string[], collector = new RunCollector()): Promise<RunCollector> {
  for (const file of files) {
    const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
    let number = 0;
    for await (const text of lines) collector.addLine(file, ++number, text);
  }
  return collector;
}

export function shownPath(path: string): string {
  const fromHere = relative(process.cwd(), path);
  return fromHere === '' || fromHere.startsWith('..') || isAbsolute(fromHere) ? path : fromHere;
}

/** Runs the session for these targets and reads the records back. */
export async function measure(o: {
  options: RunOptions;
  specs: TargetSpec[];
  root: string;
  runId: string;
  argv: string[];
  log: (line: string) => void;
  /** A/B runs: benches whose head-against-base verdict is unsure get more forks, judged with these bands (precision.ts). */
  verdicts?: { bands: NoiseBands | null };
}): Promise<Measured> {
  const { options } = o;
  const resultsDir = resolve(o.root, options.resultsDir ?? 'results');
  const runDir = join(resultsDir, o.runId);
  const shownDir = shownPath(runDir);
  const adaptiveText =
    options.adaptive === null
      ? ''
      : `, then up to ${options.adaptive.maxForks} for benches still loose within ${Math.round(options.adaptive.budgetMs / 1000)} s`;
  let pinned: ReturnType<typeof choosePin>;
  try {
    pinned = choosePin(options.pin);
  } catch (error) {
    if (error instanceof PinError) throw new TargetError(error.message);
    throw error;
  }
  const pinText =
    pinned.pin === null
      ? pinned.why
      : pinned.pin.mode === 'fixed'
        ? `measuring threads on core ${pinned.pin.core}`
        : `measuring threads on one core per bench, the least slowed of ${pinned.pin.cores.join(', ')}`;
  o.log(
    `results: ${shownDir}/ · ${options.forks} fork(s)${adaptiveText} · ${options.rounds} round(s) per fork, ${options.order} order (seed ${options.seed}) · ${pinText}`,
  );
  const reporter = new ProgressReporter(process.stderr);
  const run = await benchRun({
    runId: o.runId,
    resultsDir,
    targets: o.specs,
    suites: options.suites,
    bench: options.bench,
    profile: options.profile,
    ...(options.sampling ? { sampling: options.sampling } : {}),
    shard: options.shard,
    forks: options.forks,
    rounds: options.rounds,
    order: options.order,
    seed: options.seed,
    calibrate: options.calibrate,
    settle: options.settle ? DEFAULT_SETTLE : null,
    prewarm: options.prewarm,
    pin: pinned.pin,
    adaptive:
      options.adaptive === null
        ? null
        : {
            // Without precision targets (--no-adaptive --rerun-noisy) only noisy cells are measured again.
            goal: options.adaptive.precision
              ? {
                  ...DEFAULT_PRECISION,
                  maxForks: options.adaptive.maxForks,
                  rerunNoisy: options.adaptive.rerunNoisy,
                  ...(o.verdicts ? { verdicts: o.verdicts } : {}),
                }
              : { medianSe: Infinity, ratioSe: Infinity, maxForks: options.adaptive.maxForks, rerunNoisy: true },
            budgetMs: options.adaptive.budgetMs,
          },
    ...(options.warmup ? { warmup: options.warmup } : {}),
    commandTimeoutMs: options.timeoutSeconds * 1000,
    reporter,
    argv: o.argv,
    // The tests shorten the wait for a runner's hello (default 120 s: a cold start on a loaded machine).
    ...(process.env.ANANKE_HELLO_TIMEOUT_MS ? { helloTimeoutMs: Number(process.env.ANANKE_HELLO_TIMEOUT_MS) } : {}),
  });
  reporter.clear();
  const settled = run.outcome.settle;
  if (settled !== null && settled.waits > 0) o.log(settleLine(settled));
  const adaptive = options.adaptive === null ? null : adaptiveLine(run.outcome, options.adaptive.budgetMs, options.adaptive.maxForks);
  if (adaptive !== null) o.log(adaptive);
  const collector = await collectRunDir(runFiles(runDir));
  return { runDir, shownDir, outcome: run.outcome, manifest: run.manifest, collector };
}
