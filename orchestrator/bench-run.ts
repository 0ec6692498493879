// One benchmark run from start to finish, minus the report: checks the selection before anything
// starts, makes the run's folder and its manifest (run.json: what was planned, then what happened),
// executes the session with Ctrl-C handling, and says where everything is.
import { existsSync, mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { selectBenches } from '../core/catalogue.ts';
import type { BenchOrder } from '../core/bench/schedule.ts';
import type { WarmupPolicy } from '../core/bench/sampling.ts';
import type { PrecisionGoal } from '../core/report/precision.ts';
import { Session, type SessionOutcome, type SessionReporter } from './session.ts';
import type { SettlePolicy } from './settle.ts';
import type { TargetSpec } from './targets.ts';
import type { PinPolicy } from './affinity.ts';

export class RunError extends Error {}

/** How a run is laid out: forks, rounds, order, warm-up and calibration. */
export interface RunPlan {
  /** Base forks: fresh processes of every target, each taking every bench. */
  forks: number;
  /** More forks for the benches still loose after the base ones (see core/report/precision.ts); null: none. */
  adaptive: { goal: PrecisionGoal; budgetMs: number } | null;
  rounds: number;
  order: BenchOrder;
  seed: number;
  calibrate: boolean;
  /** Wait before each bench until the local runners are quiet (settle.ts); absent or null: do not. */
  settle?: SettlePolicy | null;
  warmup?: WarmupPolicy;
  /** Warm each fork's processes up before its first bench (the `warm` command); absent: true. */
  prewarm?: boolean;
  /** Every local runner's main thread on this core while it measures (affinity.ts); absent or null: not pinned. */
  pin?: PinPolicy | null;
}

export interface BenchRunOptions extends RunPlan {
  runId: string;
  resultsDir: string;
  targets: TargetSpec[];
  suites: string[] | null;
  bench: string[] | null;
  profile: 'quick' | 'full';
  sampling?: 'quick' | 'full' | 'tiny';
  shard: string | null;
  commandTimeoutMs: number;
  helloTimeoutMs?: number;
  reporter: SessionReporter;
  /** The command line, for the manifest. */
  argv?: string[];
}

/** What run.json holds: the plan, then the outcome once the run ends. */
export interface RunManifest {
  kind: 'ananke-bench-run';
  version: 1;
  runId: string;
  startedAt: string;
  endedAt: string | null;
  orchestratorHost: string;
  argv: string[];
  profile: string;
  sampling: string | null;
  suites: string[] | null;
  benches: string[];
  targets: Array<{ label: string; runtime: string; binary: string; version: string; checkout: string; revision: TargetSpec['target']['revision'] }>;
  plan: RunPlan;
  outcome: (Omit<SessionOutcome, 'missed'> & { missed: number; missedExamples: SessionOutcome['missed'] }) | null;
}

export function writeJsonAtomic(path: string, value: unknown): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(temporary, path);
}

/** The selected bench ids, or a RunError naming what is valid: checked before any runner starts. */
export function selectIds(suites: string[] | null, bench: string[] | null): string[] {
  const selection = selectBenches(suites, bench);
  if (!selection.ok) throw new RunError(selection.message);
  if (selection.entries.length === 0) throw new RunError('the selection is empty');
  return selection.entries.map((e) => e.id);
}

export async function benchRun(o: BenchRunOptions): Promise<{ runDir: string; outcome: SessionOutcome; manifest: RunManifest }> {
  const benches = selectIds(o.suites, o.bench);
  const runDir = join(o.resultsDir, o.runId);
  // One run, one folder: never mix a new run's records into an earlier run's files.
  if (existsSync(runDir) && readdirSync(runDir).length > 0) throw new RunError(`${runDir} already holds a run; pick another --run-id`);
  mkdirSync(runDir, { recursive: true });
  const manifest: RunManifest = {
    kind: 'ananke-bench-run',
    version: 1,
    runId: o.runId,
    startedAt: new Date().toISOString(),
    endedAt: null,
    orchestratorHost: hostname(),
    argv: o.argv ?? [],
    profile: o.profile,
    sampling: o.sampling ?? null,
    suites: o.suites,
    benches,
    targets: o.targets.map((t) => ({
      label: t.target.label,
      runtime: t.runtime.name,
      binary: t.runtime.binary,
      version: t.runtime.version,
      checkout: t.checkout,
      revision: t.target.revision,
    })),
    plan: {
      forks: o.forks,
      adaptive: o.adaptive,
      rounds: o.rounds,
      order: o.order,
      seed: o.seed,
      calibrate: o.calibrate,
      settle: o.settle ?? null,
      ...(o.warmup ? { warmup: o.warmup } : {}),
      prewarm: o.prewarm ?? true,
      pin: o.pin ?? null,
    },
    outcome: null,
  };
  const manifestPath = join(runDir, 'run.json');
  writeJsonAtomic(manifestPath, manifest);

  const session = new Session({
    runId: o.runId,
    runDir,
    targets: o.targets,
    benches,
    profile: o.profile,
    ...(o.sampling ? { sampling: o.sampling } : {}),
    ...(o.warmup ? { warmup: o.warmup } : {}),
    shard: o.shard,
    calibrate: o.calibrate,
    settle: o.settle ?? null,
    prewarm: o.prewarm ?? true,
    pin: o.pin ?? null,
    forks: o.forks,
    adaptive: o.adaptive,
    rounds: o.rounds,
    order: o.order,
    seed: o.seed,
    commandTimeoutMs: o.commandTimeoutMs,
    reporter: o.reporter,
    ...(o.helloTimeoutMs === undefined ? {} : { helloTimeoutMs: o.helloTimeoutMs }),
  });
  const onSignal = (signal: NodeJS.Signals) => {
    o.reporter.message(`\n${signal}: stopping the runners; records written so far are kept in ${runDir}/`);
    void session.interrupt(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let outcome: SessionOutcome;
  try {
    outcome = await session.run();
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  const { missed, ...rest } = outcome;
  manifest.endedAt = new Date().toISOString();
  manifest.outcome = { ...rest, missed: missed.length, missedExamples: missed.slice(0, 50) };
  writeJsonAtomic(manifestPath, manifest);
  return { runDir, outcome, manifest };
}
