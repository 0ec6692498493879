// The suite driver: runs the selected catalogue entries with mitata, turns stats into records and
// hands each record to the runner as soon as it exists. Clock, GC and heap come from the platform.
import { measure } from 'mitata';
import { platform } from '../platform.ts';
import type { NdjsonRecord } from '../record/schema.ts';
import { suiteInfo, type CatalogueEntry, type SuiteName } from './catalogue.ts';
import { measureMemory } from './memory.ts';
import { benchRecord, doneRecord, errorRecord, runRecord, type Extra, type GitInfo, type HostInfo } from './records.ts';
import { SAMPLING, type Profile, type Sampling, type SamplingName } from './sampling.ts';
import { linesPerSecond, nsPerConstraint, summarize, type MitataStats, type TimingSummary } from './stats.ts';
import { BenchInputError, type BenchContext, type PreparedBench, type SuiteModule } from './types.ts';
import { SUITE_MODULES } from './suites/index.ts';
import { stepper } from './stepper.ts';

export interface DriverOptions {
  entries: readonly CatalogueEntry[];
  runId: string;
  profile: Profile;
  /** Defaults to the profile's sampling; 'tiny' is for tests. */
  sampling?: SamplingName;
  round: number;
  shard: string | null;
  repoRoot: string;
  host: HostInfo;
  git: GitInfo;
  emit(record: NdjsonRecord): void;
  progress(line: string): void;
  /** Replaces suite modules (tests inject fakes). */
  suites?: Partial<Record<SuiteName, SuiteModule>>;
}

export interface DriverResult {
  bench: number;
  error: number;
}

/**
 * Calls the measured function for a while before mitata starts, so the engine's optimising
 * compiler has finished with it. mitata's own warm-up is two samples; with the quick profile's
 * short sampling a fast function was still partly unoptimised on a busy 2-core machine (V8
 * compiles concurrently), which made cache_hit read 57 or 281 ns from one process to the next.
 */
/** Enough calls for any engine to optimise a function; also ends a warm-up under a frozen test clock. */
const WARMUP_MAX_CALLS = 100_000;

export async function warmUp(measured: PreparedBench['measured'], budgetNs: number): Promise<number> {
  if (budgetNs <= 0) return 0;
  const p = platform();
  const step = stepper(measured);
  let calls = 0;
  const start = p.nowNs();
  do {
    const args = await step.setup();
    const result = step.call(args);
    if (result instanceof Promise) await result;
    calls += 1;
  } while (p.nowNs() - start < budgetNs && calls < WARMUP_MAX_CALLS);
  return calls;
}

/**
 * Runs one measured function with mitata under the platform's clock, after a full GC and then a
 * warm-up. The collection comes before the warm-up, not right before the first sample (mitata's
 * default): the calls just after a forced full collection run slower (measured on Node: the first
 * ~10 extractions of the 100-line TypeScript fixture after gc() took 1.6-2.2 ms against 1.2-1.3 ms
 * from then on), and a quick run's 15-25 samples took their median from them.
 */
export async function measureTiming(measured: PreparedBench['measured'], sampling: Sampling): Promise<TimingSummary> {
  const p = platform();
  p.gc();
  await warmUp(measured, sampling.warmupNs);
  const stats = (await measure(measured as () => unknown, {
    ...sampling.mitata,
    now: () => p.nowNs(),
    gc: false,
  })) as unknown as MitataStats;
  return summarize(stats);
}

/**
 * Times the very first call with the platform clock before mitata warms anything up: engines keep
 * process-wide memos (compiled patterns, grammars), so the steady state mitata measures can hide
 * a much slower first call. Reported as extra.firstCallNs.
 */
export async function timeFirstCall(measured: PreparedBench['measured']): Promise<number> {
  const p = platform();
  const step = stepper(measured);
  const args = await step.setup();
  const t0 = p.nowNs();
  const result = step.call(args);
  if (result instanceof Promise) await result;
  return p.nowNs() - t0;
}

/** The suite's extra figure for one bench (null when the suite has none). */
export function extraFigure(entry: CatalogueEntry, prepared: PreparedBench, timing: TimingSummary, sampling: Sampling): Extra | null {
  switch (suiteInfo(entry.suite).extraFigure) {
    case 'linesPerSecond':
      return prepared.lines ? { linesPerSecond: linesPerSecond(prepared.lines, timing) } : null;
    case 'nsPerConstraint':
      return prepared.constraints ? { nsPerConstraint: nsPerConstraint(prepared.constraints, timing) } : null;
    case 'memory': {
      if (!prepared.memory) return null;
      const { wasm, wasmRuns, ...plan } = prepared.memory;
      const figures = measureMemory({
        ...plan,
        trials: sampling.memoryTrials,
        ...(wasm ? { wasm: { bytes: wasm.bytes, runs: wasmRuns ?? wasm.runs } } : {}),
      });
      return { ...figures };
    }
    default:
      return prepared.tokens ? { nsPerToken: timing.p50 / prepared.tokens } : null;
  }
}

function describe(error: unknown): string {
  if (error instanceof BenchInputError) return error.message;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

export async function runBenchmarks(o: DriverOptions): Promise<DriverResult> {
  const p = platform();
  const sampling = SAMPLING[o.sampling ?? o.profile];
  const counts = { bench: 0, error: 0 };
  const emit = (record: NdjsonRecord) => {
    if (record.type === 'bench') counts.bench++;
    if (record.type === 'error') counts.error++;
    o.emit(record);
  };
  emit(runRecord({ runId: o.runId, runtime: p.runtime, host: o.host, git: o.git, profile: o.profile, round: o.round, shard: o.shard, heapSource: p.heap().source }));

  const cleanups: Array<() => void | Promise<void>> = [];
  const ctx: BenchContext = { sampling, repoRoot: o.repoRoot, shared: new Map(), onDispose: (c) => cleanups.push(c) };
  const modules = { ...SUITE_MODULES, ...o.suites };
  const total = o.entries.length;
  for (const [index, entry] of o.entries.entries()) {
    o.progress(`[${p.runtime.name}] ${entry.suite} ${entry.id} (${index + 1}/${total})`);
    let prepared: PreparedBench | null = null;
    try {
      prepared = await modules[entry.suite].prepare(entry, ctx);
      const firstCallNs = await timeFirstCall(prepared.measured);
      const timing = await measureTiming(prepared.measured, sampling);
      const parse = prepared.parseAlone ? await measureTiming(prepared.parseAlone, sampling) : null;
      const floor = parse !== null && prepared.parseAndWalk ? await measureTiming(prepared.parseAndWalk, sampling) : null;
      const extra = {
        firstCallNs, ...extraFigure(entry, prepared, timing, sampling),
        ...(parse !== null && parse.p50 > 0 ? { parseNs: parse.p50, overParse: timing.p50 / parse.p50 } : {}),
        ...(parse !== null && parse.p50 > 0 && floor !== null ? { floorOverParse: floor.p50 / parse.p50 } : {}),
      };
      emit(benchRecord(o.runId, entry, { ...entry.params, ...prepared.params }, timing, extra));
    } catch (error) {
      o.progress(`[${p.runtime.name}] ${entry.suite} ${entry.id} failed: ${describe(error)}`);
      emit(errorRecord(o.runId, entry.suite, entry.id, describe(error)));
    } finally {
      try {
        await prepared?.dispose?.();
      } catch (error) {
        emit(errorRecord(o.runId, entry.suite, entry.id, `clean-up failed: ${describe(error)}`));
      }
    }
  }
  for (const cleanup of cleanups.reverse()) {
    try {
      await cleanup();
    } catch (error) {
      emit(errorRecord(o.runId, null, null, `clean-up failed: ${describe(error)}`));
    }
  }
  emit(doneRecord(o.runId, counts));
  return counts;
}
