// Timing one measured function: warm-up (until its timing settles, or for a fixed time), mitata's
// sampling under the platform's clock, and the first call timed apart. Suites and the driver both
// use these; nothing here knows about records or schedules.
import { measure } from 'mitata';
import { platform } from '../platform.ts';
import type { Sampling, WarmupPolicy } from './sampling.ts';
import { median, summarize, type MitataStats, type TimingSummary } from './stats.ts';
import { stepper, type Stepper } from './stepper.ts';
import type { PreparedBench } from './types.ts';

/** Enough calls for any engine to optimise a function; also ends a fixed warm-up under a frozen test clock. */
const WARMUP_MAX_CALLS = 100_000;
/** A steady-state warm-up batches fast functions (a 20 ns call needs 250k calls per 5 ms batch): its cap is time, and this under a frozen clock. */
const STEADY_MAX_CALLS = 50_000_000;
/** The convergence window for calls longer than a batch. */
const SLOW_CALL_WINDOW = 4;

/** What a warm-up did, for the bench record. */
export interface WarmupOutcome {
  calls: number;
  ns: number;
  /** Whether the timing settled before the cap (always true for a fixed warm-up that ran). */
  converged: boolean;
  /** CPU the process's other threads used over the last convergence window, per ns of it (steady warm-up on Linux). */
  otherThreads?: number;
}

async function callOnce(step: Stepper): Promise<number> {
  const p = platform();
  const args = await step.setup();
  const t0 = p.nowNs();
  const result = step.call(args);
  if (result instanceof Promise) await result;
  return p.nowNs() - t0;
}

/**
 * Calls the measured function for a fixed time before mitata starts, so the engine's optimising
 * compiler has finished with it. mitata's own warm-up is two samples; with the quick profile's
 * short sampling a fast function was still partly unoptimised on a busy 2-core machine (V8
 * compiles concurrently), which made cache_hit read 57 or 281 ns from one process to the next.
 */
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
 * The steady-state test over the last `window` batches' per-call times:
 * - the faster half of them lie within `tolerance` of each other (range over median). The slower
 *   half is set aside because an allocating bench's young-generation collections land in every
 *   second or third 5 ms batch: Node's constraint compilation, steady, read 23.0 27.8 23.9 23.9
 *   27.6 23.6 27.5 23.8 µs per call, and setting aside only the slowest batch never passed (30 of
 *   node's 222 warm-ups in a quick run ran to the 1 s cap). A window of at most four batches (calls
 *   longer than a batch, whose collections fall inside each call) sets aside only its slowest;
 * - and the timing no longer falls: the fastest batch of the window's second half is at most
 *   `tolerance / 2` faster than the fastest of its first half.
 * A timing still drifting down (tiering going on) or still swinging (measured here: Braid's
 * compile on Node swings between 40 and 130 µs per call for its first ~3,000 calls, then holds at
 * 21 µs) does not pass.
 */
export function hasConverged(batchMeans: readonly number[], window: number, tolerance: number): boolean {
  if (batchMeans.length < window || window < 3) return false;
  const last = batchMeans.slice(-window);
  const setAside = window <= SLOW_CALL_WINDOW ? 1 : Math.floor(window / 2);
  const kept = [...last].sort((a, b) => a - b).slice(0, window - setAside);
  const middle = median(kept);
  if (!(middle > 0) || (kept.at(-1)! - kept[0]!) / middle > tolerance) return false;
  const half = Math.floor(window / 2);
  return Math.min(...last.slice(half)) >= Math.min(...last.slice(0, half)) * (1 - tolerance / 2);
}

/**
 * Warms up until the bench's timing has converged: calls run in batches of about `batchNs` each
 * (the batch grows for fast functions), and the warm-up ends once the last batches agree
 * (`hasConverged`), the runtime's other threads were quiet over them (`quietShare`: a JIT still
 * compiling the bench's code shows there, while the timing can sit on a plateau between two tiers
 * for 100 ms; Braid's compile on Node: 130 µs per call for 300 ms with the compiler threads busy
 * 60–160% of a core, then 25 µs with them idle), and at least `minNs` has passed; or at `maxNs`.
 */
export async function warmUpUntilSteady(measured: PreparedBench['measured'], policy: Extract<WarmupPolicy, { kind: 'steady' }>): Promise<WarmupOutcome> {
  const p = platform();
  const step = stepper(measured);
  const means: number[] = [];
  const quiet = policy.quietShare ?? null;
  const otherThreads = () => (quiet === null ? null : (p.otherThreadsCpuNs?.() ?? null));
  let batch = 1;
  let calls = 0;
  const start = p.nowNs();
  // Wall clock and the other threads' CPU at the start and at each batch's end, for the quiet test.
  const ends: number[] = [start];
  const busy: number[] = [otherThreads() ?? Number.NaN];
  for (;;) {
    let spent = 0;
    if (step.perCallSetup) {
      for (let i = 0; i < batch; i++) spent += await callOnce(step);
    } else {
      const t0 = p.nowNs();
      for (let i = 0; i < batch; i++) {
        const result = step.call([]);
        if (result instanceof Promise) await result;
      }
      spent = p.nowNs() - t0;
    }
    calls += batch;
    means.push(spent / batch);
    const now = p.nowNs();
    const elapsed = now - start;
    ends.push(now);
    busy.push(otherThreads() ?? Number.NaN);
    // A call longer than a batch is its own batch; a few such calls show whether the timing holds
    // (a 50 ms extraction needs no eight-call window, which would cost 0.4 s per bench).
    const window = spent > policy.batchNs ? Math.min(policy.window, SLOW_CALL_WINDOW) : policy.window;
    // The other threads' share of a core over the window (NaN where unknown); `ends` holds the start too.
    const from = ends.length - 1 - window;
    const share = means.length < window ? Number.NaN : (busy.at(-1)! - busy[from]!) / Math.max(1, now - ends[from]!);
    const converged = hasConverged(means, window, policy.tolerance) && !(share > quiet!);
    if ((converged && elapsed >= policy.minNs) || elapsed >= policy.maxNs || calls >= STEADY_MAX_CALLS) {
      return { calls, ns: elapsed, converged, ...(Number.isNaN(share) ? {} : { otherThreads: share }) };
    }
    // Grow a batch that is much shorter than wanted; batch means stay comparable because the
    // convergence test only looks at the last few, which by then share a batch size.
    if (spent < policy.batchNs / 2 && batch < 1 << 20) {
      batch *= 2;
      means.length = 0;
    }
  }
}

/** The sampling without the warm-up's quiet-threads test (a bench whose own work runs on other threads). */
export function withoutQuietTest(sampling: Sampling): Sampling {
  if (sampling.warmup.kind !== 'steady' || sampling.warmup.quietShare === undefined) return sampling;
  const { quietShare: _, ...warmup } = sampling.warmup;
  return { ...sampling, warmup };
}

/** Runs the warm-up the sampling asks for. */
export async function warmUpFor(measured: PreparedBench['measured'], policy: WarmupPolicy): Promise<WarmupOutcome> {
  if (policy.kind === 'steady') return warmUpUntilSteady(measured, policy);
  const p = platform();
  const t0 = p.nowNs();
  const calls = await warmUp(measured, policy.ns);
  return { calls, ns: calls === 0 ? 0 : p.nowNs() - t0, converged: true };
}

/**
 * Runs one measured function with mitata under the platform's clock, after a young-generation
 * collection and then a warm-up. The collection clears what the bench before left in the young
 * generation, and comes before the warm-up, not right before the first sample (mitata's default).
 * Not a full collection: after one, V8 re-warms for 100-200 ms (code recompiled, the same effect
 * core/bench/memory.ts avoids), and the steady-state test can pass on that slow, slowly improving
 * stretch: the 100-line Python extraction, 25 ms windows after gc(), Node 1,600 → 1,050 µs and Deno
 * 1,450 → 1,130 µs over ~150 ms, flat after gc({ type: 'minor' }). Deno's quick warm-ups ended
 * inside it (50-75 ms), so its extractions read 10-15% slow. Bun has the same stretch on allocating
 * benches (constraint_density_50 3-5x slow for 200-250 ms after Bun.gc(true)), hence its eden
 * collection (runners/bun/platform.ts).
 */
export async function measureTimingWithWarmup(
  measured: PreparedBench['measured'],
  sampling: Sampling,
): Promise<{ timing: TimingSummary; warmup: WarmupOutcome }> {
  const p = platform();
  p.gc('young');
  const warmup = await warmUpFor(measured, sampling.warmup);
  const stats = (await measure(measured as () => unknown, {
    ...sampling.mitata,
    now: () => p.nowNs(),
    gc: false,
  })) as unknown as MitataStats;
  return { timing: summarize(stats), warmup };
}

/**
 * Times functions in turn, one call of each per round, the first rotating from round to round: a
 * figure formed within a round (one function's time over another's) compares calls made
 * milliseconds apart, so a slow phase of the machine slows both sides of it. Measured apart (each
 * warmed up and sampled on its own, a second or more apart), the multi-lang suite's extraction
 * over parsing read 1.85 and 6.99 for one Bun fixture in two runs, and 1.94 and 3.41 for one Node
 * fixture. After `warmup_samples` rounds not kept, rounds go on until the first function has run
 * for `min_cpu_time`, at least `min_samples` and at most `max_samples` rounds. Returns, per function,
 * its call times in round order.
 */
export async function timeInTurn(fns: ReadonlyArray<PreparedBench['measured']>, sampling: Sampling): Promise<number[][]> {
  const p = platform();
  const steps = fns.map((fn) => stepper(fn));
  const times: number[][] = fns.map(() => []);
  const { warmup_samples: warmRounds, min_samples: minRounds, max_samples: maxRounds, min_cpu_time: minNs } = sampling.mitata;
  p.gc('young');
  let firstNs = 0;
  for (let round = 0; round < warmRounds + maxRounds; round++) {
    const kept = round >= warmRounds;
    if (kept && round - warmRounds >= minRounds && firstNs >= minNs) break;
    for (let k = 0; k < steps.length; k++) {
      const i = (round + k) % steps.length;
      const ns = await callOnce(steps[i]!);
      if (!kept) continue;
      times[i]!.push(ns);
      if (i === 0) firstNs += ns;
    }
  }
  return times;
}

/** measureTimingWithWarmup without the warm-up figures (suites timing a helper function). */
export async function measureTiming(measured: PreparedBench['measured'], sampling: Sampling): Promise<TimingSummary> {
  return (await measureTimingWithWarmup(measured, sampling)).timing;
}

/**
 * Times the very first call with the platform clock before mitata warms anything up: engines keep
 * process-wide memos (compiled patterns, grammars), so the steady state mitata measures can hide
 * a much slower first call. Reported as extra.firstCallNs.
 */
export async function timeFirstCall(measured: PreparedBench['measured']): Promise<number> {
  return callOnce(stepper(measured));
}
