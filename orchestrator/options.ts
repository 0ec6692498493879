// The options every measuring command shares (npm run bench, bench:compare, bench:regression,
// bench:baseline, bench:stability): which benches and runtimes, how a run is laid out (forks,
// adaptive forks, rounds, order, warm-up), where results go. Parsed once here, with one clear
// message per mistake, so the commands agree on names, defaults and errors.
import type { WarmupPolicy } from '../core/bench/sampling.ts';
import type { BenchOrder } from '../core/bench/schedule.ts';
import { parsePin, PinError } from './affinity.ts';

export class OptionError extends Error {}

/** Forks, rounds and the adaptive phase per profile, chosen by measurement (README, "How a run is scheduled"). */
export const PLAN_DEFAULTS = {
  quick: { forks: 3, rounds: 1, maxForks: 10, budgetSeconds: 270 },
  full: { forks: 5, rounds: 1, maxForks: 12, budgetSeconds: 840 },
} as const;

export const DEFAULT_TIMEOUT_SECONDS = 300;

/**
 * A/B runs (bench:compare, the gate's compare mode) let a bench whose verdict is still unsure take
 * up to this many forks: such a run usually measures a few benches on two targets, so a fork is
 * cheap next to the time budget, and the fork cap, not the budget, was what left a 10% slowdown
 * unsure (docs/decisions/schedule.md).
 */
export const COMPARE_MAX_FORKS = 20;

export const RUN_OPTION_USAGE = `  --runtime node,bun,deno   runtimes to compare (default: all three; under \`bun bench\`: bun); name@version
                            (node@22, bun@1.3.14, deno@2.5, node@latest) is that version from npm, cached per user
  --offline                 versions from the cache only (no registry)
  --suite a,b               suites (default: all): clew, multi-lang, braid, density, memory, ffi, pipeline, maze, tokenmask
  --bench id,prefix,group   bench ids, id prefixes or maze group names
  --profile quick|full      sampling per bench (default: full)
  --forks N                 base forks: fresh processes per runtime, each taking every bench (default 3)
  --max-forks N             then more forks for the benches whose figures are still loose, up to N each (default 10)
  --time-budget SECONDS     ...as long as the whole run stays within this (default: quick 270, full 840)
  --no-adaptive             base forks only
  --rerun-noisy             measure again (in more forks) the cells with a noisy measurement, until three are clean
  --rounds N                passes over the benches within one fork (default 1)
  --order shuffled|fixed    bench order per round (default: shuffled, seeded)
  --seed N                  seed of the shuffled order (default: random, recorded in run.json)
  --warmup steady|fixed:MS  warm-up until the timing settles (default), or for a fixed time
  --no-calibrate            do not time the calibration workload around each bench
  --no-settle               start each bench at once, without waiting for the other runners to go quiet
  --no-prewarm              measure each fork's first bench without warming its processes up first (every bench called briefly)
  --pin probe|CORE|off      the core every local runner's measuring thread runs on: per bench the least slowed
                            by a memory probe (default, Linux), always CORE, or wherever the kernel puts it
  --timeout SECONDS         longest one bench may take before its runner counts as hung (default 300)
  --run-id ID --results-dir DIR --shard LABEL`;

/** minimist's view of the shared options: value options are strings, switches booleans. */
export const RUN_STRING_OPTIONS = [
  'runtime',
  'suite',
  'bench',
  'profile',
  'run-id',
  'results-dir',
  'shard',
  'forks',
  'max-forks',
  'time-budget',
  'rounds',
  'order',
  'seed',
  'warmup',
  'timeout',
  'sampling',
  'pin',
] as const;
export const RUN_BOOLEAN_OPTIONS = ['calibrate', 'settle', 'prewarm', 'adaptive', 'rerun-noisy', 'offline'] as const;
export const RUN_DEFAULTS = { calibrate: true, settle: true, prewarm: true, adaptive: true, 'rerun-noisy': false, offline: false };

export interface RunOptions {
  runtimes: string[] | null;
  suites: string[] | null;
  bench: string[] | null;
  profile: 'quick' | 'full';
  sampling: 'quick' | 'full' | 'tiny' | null;
  forks: number;
  rounds: number;
  order: BenchOrder;
  seed: number;
  warmup: WarmupPolicy | null;
  calibrate: boolean;
  /** Wait before each bench until the local runners are quiet (orchestrator/settle.ts). */
  settle: boolean;
  /** Warm each fork's processes up before its first bench (the `warm` command). */
  prewarm: boolean;
  /** `--pin`: a core, probe, off, or null for the default (probe; orchestrator/affinity.ts). */
  pin: number | 'off' | 'probe' | null;
  adaptive: { maxForks: number; budgetMs: number; rerunNoisy: boolean; precision: boolean } | null;
  timeoutSeconds: number;
  /** Runtime versions from the cache only. */
  offline: boolean;
  runId: string | null;
  resultsDir: string | null;
  shard: string | null;
}

function list(text: unknown): string[] | null {
  return text === undefined
    ? null
    : String(text)
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
}

export function wholeNumber(text: unknown, flag: string, min = 1): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new OptionError(`${flag} ${String(text)}: expected a whole number ≥ ${min}`);
  return value;
}

export function positiveNumber(text: unknown, flag: string): number {
  const value = Number(text);
  if (!(value > 0)) throw new OptionError(`${flag} ${String(text)}: expected a number > 0`);
  return value;
}

/** `steady` (the sampling's own policy) or `fixed:150` (milliseconds). */
export function parseWarmup(text: unknown): WarmupPolicy | null {
  if (text === undefined || text === 'steady') return null;
  const match = /^fixed:(\d+(?:\.\d+)?)$/.exec(String(text));
  if (match === null) throw new OptionError(`--warmup ${String(text)}: expected steady or fixed:MILLISECONDS`);
  return { kind: 'fixed', ns: Number(match[1]) * 1e6 };
}

function pinOption(text: unknown): number | 'off' | 'probe' | null {
  try {
    return parsePin(text);
  } catch (error) {
    if (error instanceof PinError) throw new OptionError(error.message);
    throw error;
  }
}

/** Reads the shared options from minimist's result; `defaults` lets a command pick another profile. */
export function parseRunOptions(args: Record<string, unknown>, defaults: { profile?: 'quick' | 'full'; maxForks?: number } = {}): RunOptions {
  const profile = (args.profile ?? defaults.profile ?? 'full') as string;
  if (profile !== 'quick' && profile !== 'full') throw new OptionError(`--profile ${profile}: expected quick or full`);
  const plan = PLAN_DEFAULTS[profile];
  const forks = wholeNumber(args.forks ?? plan.forks, '--forks');
  const rounds = wholeNumber(args.rounds ?? plan.rounds, '--rounds');
  const maxForks = wholeNumber(args['max-forks'] ?? Math.max(forks, defaults.maxForks ?? plan.maxForks), '--max-forks');
  const budgetSeconds = positiveNumber(args['time-budget'] ?? plan.budgetSeconds, '--time-budget');
  const order = (args.order ?? 'shuffled') as string;
  if (order !== 'shuffled' && order !== 'fixed') throw new OptionError(`--order ${order}: expected shuffled or fixed`);
  const seed = args.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : wholeNumber(args.seed, '--seed', 0);
  const sampling = (args.sampling ?? null) as string | null;
  if (sampling !== null && !['quick', 'full', 'tiny'].includes(sampling)) throw new OptionError(`--sampling ${sampling}: expected quick, full or tiny`);
  const runId = args['run-id'] === undefined ? null : String(args['run-id']);
  if (runId !== null && !/^[A-Za-z0-9._-]+$/.test(runId)) throw new OptionError(`--run-id ${runId}: use letters, digits, '.', '_' or '-' only`);
  return {
    runtimes: list(args.runtime),
    suites: list(args.suite),
    bench: list(args.bench),
    profile,
    sampling: sampling as RunOptions['sampling'],
    forks,
    rounds,
    order,
    seed,
    warmup: parseWarmup(args.warmup),
    calibrate: args.calibrate !== false,
    settle: args.settle !== false,
    prewarm: args.prewarm !== false,
    pin: pinOption(args.pin),
    // --rerun-noisy keeps an adaptive phase for noisy cells even with --no-adaptive.
    adaptive:
      maxForks > forks && (args.adaptive !== false || args['rerun-noisy'] === true)
        ? { maxForks, budgetMs: budgetSeconds * 1000, rerunNoisy: args['rerun-noisy'] === true, precision: args.adaptive !== false }
        : null,
    timeoutSeconds: positiveNumber(args.timeout ?? DEFAULT_TIMEOUT_SECONDS, '--timeout'),
    offline: args.offline === true,
    runId,
    resultsDir: args['results-dir'] === undefined ? null : String(args['results-dir']),
    shard: args.shard === undefined ? null : String(args.shard),
  };
}

/** The flags that reproduce these options on another command line (bench:stability runs run-all twice). */
export function runOptionFlags(o: RunOptions): string[] {
  const flags: string[] = [
    '--profile',
    o.profile,
    '--forks',
    String(o.forks),
    '--rounds',
    String(o.rounds),
    '--order',
    o.order,
    '--timeout',
    String(o.timeoutSeconds),
  ];
  if (o.runtimes) flags.push('--runtime', o.runtimes.join(','));
  if (o.suites) flags.push('--suite', o.suites.join(','));
  if (o.bench) flags.push('--bench', o.bench.join(','));
  if (o.sampling) flags.push('--sampling', o.sampling);
  if (o.warmup?.kind === 'fixed') flags.push('--warmup', `fixed:${o.warmup.ns / 1e6}`);
  if (!o.calibrate) flags.push('--no-calibrate');
  if (!o.settle) flags.push('--no-settle');
  if (!o.prewarm) flags.push('--no-prewarm');
  if (o.pin !== null) flags.push('--pin', String(o.pin));
  if (o.offline) flags.push('--offline');
  if (o.adaptive === null || !o.adaptive.precision) flags.push('--no-adaptive');
  if (o.adaptive !== null) flags.push('--max-forks', String(o.adaptive.maxForks), '--time-budget', String(o.adaptive.budgetMs / 1000));
  if (o.adaptive?.rerunNoisy) flags.push('--rerun-noisy');
  if (o.resultsDir) flags.push('--results-dir', o.resultsDir);
  if (o.shard) flags.push('--shard', o.shard);
  return flags;
}
