// One runner process's measurements: it starts (the run record), measures the benches it is told
// to, one at a time, and finishes (clean-ups, the done record). The orchestrator drives a session
// through the command protocol (serve.ts); a runner run alone drives it over its selection
// (driver.ts). Either way each record goes out as soon as it exists.
import { platform } from '../platform.ts';
import type { NdjsonRecord, Target } from '../record/schema.ts';
import { createCalibrator, type Calibrator } from './calibration.ts';
import { CATALOGUE, suiteInfo, type CatalogueEntry, type SuiteName } from '../catalogue.ts';
import { measureMemory } from './memory.ts';
import { benchRecord, doneRecord, errorRecord, runRecord, type Extra, type GitInfo, type HostInfo, type Placement } from './records.ts';
import { SAMPLING, samplingKey, type Profile, type Sampling, type SamplingName, type WarmupPolicy } from './sampling.ts';
import { linesPerSecond, median, nsPerConstraint, type TimingSummary } from './stats.ts';
import { SUITE_MODULES } from './suites/index.ts';
import { measureTimingWithWarmup, timeFirstCall, timeInTurn, warmUp, withoutQuietTest } from './timing.ts';
import { BenchInputError, type BenchContext, type PreparedBench, type SuiteModule } from './types.ts';

export interface SessionEnvironment {
  repoRoot: string;
  host: HostInfo;
  git: GitInfo;
  emit(record: NdjsonRecord): void;
  progress(line: string): void;
  /** Replaces suite modules (tests inject fakes). */
  suites?: Partial<Record<SuiteName, SuiteModule>>;
  /** Replaces the calibration workload (tests inject a fake). */
  calibrator?: () => Promise<Calibrator>;
}

export interface SessionStart {
  runId: string;
  target: Target;
  fork: number;
  /** The protocol version when driven by the orchestrator, null when run alone. */
  protocol: number | null;
  profile: Profile;
  sampling?: SamplingName;
  /** Replaces the sampling's warm-up (the orchestrator's --warmup). */
  warmup?: WarmupPolicy;
  shard: string | null;
  calibrate: boolean;
  /** Measure the extra figures (memory, parse alone, walk floor); default true. */
  extras?: boolean;
  /** A known slowdown of one bench (the harness's sensitivity check): see slowedDown. */
  inject?: { bench: string; fraction: number };
  /** The testbed of the host (multi-host runs), written into the run record. */
  testbed?: string;
}

/**
 * The measured function followed, on every call, by busy work lasting `fraction` of that call:
 * the call takes that fraction longer, whatever the machine does. Plain functions only.
 *
 * The work done by the function itself does not stay the same, though: measured in one process,
 * mitata's way, 10% of busy time made the function's own part 2–5% slower (typescript_extraction_100
 * on Node; as much after a sleep instead of the busy work, and 2% after a 3% pause), so the harness reads the
 * injection as more than its fraction (docs/decisions/regression-gate.md, "What the injection adds").
 */
export function slowedDown(measured: PreparedBench['measured'], fraction: number): () => unknown {
  if (/^(async\s*)?function\s*\*/.test(Function.prototype.toString.call(measured))) {
    throw new BenchInputError('a slowdown can only be injected into a bench measured as a plain function');
  }
  const p = platform();
  const fn = measured as () => unknown;
  return () => {
    const t0 = p.nowNs();
    const result = fn();
    const t1 = p.nowNs();
    spinUntil(() => p.nowNs(), t1, t1 + (t1 - t0) * fraction);
    return result;
  };
}

let spinSink = 0;

/**
 * Integer steps until the clock reads `until` (from `now`), in runs sized from the pace measured so
 * far to cover half the time left: the clock is read a dozen times or so, not in a tight loop. (A
 * tight loop on Node's clock reads it about every 70 ns and leaves a BigInt behind each time; it
 * made the injected 10% read 15–25% in one process, this one 12–14%.) Returns the clock reads.
 */
export function spinUntil(now: () => number, from: number, until: number): number {
  let x = spinSink;
  let at = from;
  let steps = 64;
  let reads = 0;
  while (at < until) {
    for (let i = 0; i < steps; i++) x = (x * 31 + i) | 0;
    const next = now();
    reads++;
    const nsPerStep = Math.max((next - at) / steps, 0.01);
    at = next;
    steps = Math.min(1 << 24, Math.max(16, Math.floor((until - at) / nsPerStep / 2)));
  }
  spinSink = x;
  return reads;
}

export interface SessionCounts {
  bench: number;
  error: number;
}

/** The suite's extra figure for one bench (null when the suite has none). */
export function extraFigure(entry: CatalogueEntry, prepared: PreparedBench, timing: TimingSummary, sampling: Sampling, withMemory = true): Extra | null {
  switch (suiteInfo(entry.suite).extraFigure) {
    case 'linesPerSecond':
      return prepared.lines ? { linesPerSecond: linesPerSecond(prepared.lines, timing) } : null;
    case 'nsPerConstraint':
      return prepared.constraints ? { nsPerConstraint: nsPerConstraint(prepared.constraints, timing) } : null;
    case 'memory': {
      if (!prepared.memory || !withMemory) return null;
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

/**
 * Extraction against parsing the same text alone (and parsing plus the query's bare walk), timed
 * in turn call by call (timeInTurn): the parse median, and the medians over rounds of each
 * round's extraction and walk over its parse. Rounds whose parse read 0 ns are left out.
 */
export async function parseFigures(
  extraction: PreparedBench['measured'],
  parseAlone: () => unknown,
  parseAndWalk: (() => unknown) | undefined,
  sampling: Sampling,
): Promise<Pick<Extra, 'parseNs' | 'overParse' | 'floorOverParse'>> {
  const [extract = [], parse = [], walk] = await timeInTurn(parseAndWalk ? [extraction, parseAlone, parseAndWalk] : [extraction, parseAlone], sampling);
  const over = (times: readonly number[]): number[] => times.flatMap((ns, i) => (parse[i]! > 0 ? [ns / parse[i]!] : []));
  const overParse = over(extract);
  if (overParse.length === 0) return {};
  return { parseNs: median(parse), overParse: median(overParse), ...(walk ? { floorOverParse: median(over(walk)) } : {}) };
}

export function describeError(error: unknown): string {
  if (error instanceof BenchInputError) return error.message;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

export class BenchSession {
  readonly #env: SessionEnvironment;
  readonly #modules: Record<SuiteName, SuiteModule>;
  readonly #cleanups: Array<() => void | Promise<void>> = [];
  /** Bench ids already measured in this process: only their first measurement times the first call. */
  readonly #seen = new Set<string>();
  /** First calls timed by the process warm-up (warm), reported by the bench's first measurement. */
  readonly #firstCalls = new Map<string, number>();
  #start: SessionStart | null = null;
  #sampling: Sampling | null = null;
  #calibrator: Calibrator | null = null;
  #ctx: BenchContext | null = null;
  readonly counts: SessionCounts = { bench: 0, error: 0 };

  constructor(env: SessionEnvironment) {
    this.#env = env;
    this.#modules = { ...SUITE_MODULES, ...env.suites };
  }

  get started(): boolean {
    return this.#start !== null;
  }

  #emit(record: NdjsonRecord): void {
    if (record.type === 'bench') this.counts.bench++;
    if (record.type === 'error') this.counts.error++;
    this.#env.emit(record);
  }

  /** Writes the run record and loads the calibration workload (outside every timed region). */
  async start(o: SessionStart): Promise<void> {
    if (this.#start !== null) throw new Error('this session has already started');
    const p = platform();
    const base = SAMPLING[o.sampling ?? o.profile];
    this.#sampling = o.warmup === undefined ? base : { ...base, warmup: o.warmup };
    this.#start = o;
    this.#ctx = {
      sampling: this.#sampling,
      repoRoot: this.#env.repoRoot,
      shared: new Map(),
      extras: o.extras ?? true,
      warming: false,
      onDispose: (c) => this.#cleanups.push(c),
    };
    this.#emit(
      runRecord({
        runId: o.runId,
        target: o.target,
        fork: o.fork,
        protocol: o.protocol,
        runtime: p.runtime,
        host: this.#env.host,
        git: this.#env.git,
        profile: o.profile,
        sampling: this.#sampling.name,
        samplingKey: samplingKey(this.#sampling),
        shard: o.shard,
        heapSource: p.heap().source,
        ...(o.testbed === undefined ? {} : { testbed: o.testbed }),
      }),
    );
    if (o.calibrate) {
      try {
        this.#calibrator = await (this.#env.calibrator ?? createCalibrator)();
      } catch (error) {
        this.#emit(errorRecord(o.runId, null, null, `the calibration workload failed to load, benches are measured without it: ${describeError(error)}`));
      }
    }
  }

  /**
   * The process warm-up: prepares each bench in turn and calls it for the sampling's prewarmNs,
   * nothing recorded (its first call is timed and kept for the bench's record). A bench that fails
   * here is passed over: its measurement reports the failure. Returns how many benches were warmed.
   */
  async warm(ids: readonly string[]): Promise<number> {
    const start = this.#start;
    const sampling = this.#sampling;
    const ctx = this.#ctx;
    if (start === null || sampling === null || ctx === null) throw new Error('start the session before warming it up');
    let warmed = 0;
    if (sampling.prewarmNs <= 0) return warmed;
    if (sampling.prewarmNs >= 1e6) this.#env.progress(`[${start.target.label}] warming up: ${ids.length} bench(es), ${sampling.prewarmNs / 1e6} ms each`);
    for (const id of ids) {
      const entry = CATALOGUE.find((e) => e.id === id);
      if (entry === undefined) continue;
      let prepared: PreparedBench | null = null;
      try {
        prepared = await this.#modules[entry.suite].prepare(entry, { ...ctx, extras: false, warming: true });
        if (!this.#seen.has(id) && !this.#firstCalls.has(id)) this.#firstCalls.set(id, await timeFirstCall(prepared.measured));
        await warmUp(prepared.measured, sampling.prewarmNs);
        warmed += 1;
      } catch {
        // measured (and reported) when the bench runs
      } finally {
        try {
          await prepared?.dispose?.();
        } catch {
          // reported when the bench runs and is disposed again
        }
      }
    }
    return warmed;
  }

  /** Measures one catalogue bench: a bench record, or an error record when it fails. */
  async run(id: string, round: number, position: number, label = `${position + 1}`): Promise<'bench' | 'error'> {
    const start = this.#start;
    const sampling = this.#sampling;
    const ctx = this.#ctx;
    if (start === null || sampling === null || ctx === null) throw new Error('start the session before running benches');
    const entry = CATALOGUE.find((e) => e.id === id);
    if (entry === undefined) throw new BenchInputError(`unknown bench id '${id}'`);
    const p = platform();
    this.#env.progress(`[${start.target.label}] ${entry.suite} ${entry.id} (${label})`);
    const placement: Placement = { target: start.target.label, fork: start.fork, round, position };
    let prepared: PreparedBench | null = null;
    let produced: 'bench' | 'error';
    try {
      prepared = await this.#modules[entry.suite].prepare(entry, ctx);
      if (start.inject?.bench === id) prepared = { ...prepared, measured: slowedDown(prepared.measured, start.inject.fraction) };
      const beforeNs = this.#calibrator?.measure() ?? null;
      const startedAt = new Date();
      const schedBefore = p.schedStat();
      const firstCallNs = this.#seen.has(id) ? null : (this.#firstCalls.get(id) ?? (await timeFirstCall(prepared.measured)));
      this.#seen.add(id);
      const { timing, warmup } = await measureTimingWithWarmup(prepared.measured, prepared.ownThreads ? withoutQuietTest(sampling) : sampling);
      const extras = start.extras ?? true;
      const extra: Extra = {
        ...(firstCallNs === null ? {} : { firstCallNs }),
        ...extraFigure(entry, prepared, timing, sampling, extras),
        ...((extras || prepared.parseFiguresEveryFork) && prepared.parseAlone
          ? await parseFigures(prepared.measured, prepared.parseAlone, prepared.parseAndWalk, sampling)
          : {}),
      };
      const schedAfter = p.schedStat();
      const endedAt = new Date();
      const afterNs = this.#calibrator?.measure() ?? null;
      const sched =
        schedBefore !== null && schedAfter !== null
          ? { onCpuNs: schedAfter.onCpuNs - schedBefore.onCpuNs, waitNs: schedAfter.waitNs - schedBefore.waitNs }
          : null;
      this.#emit(
        benchRecord(start.runId, entry, { ...entry.params, ...prepared.params }, timing, extra, {
          ...placement,
          startedAt,
          endedAt,
          warmup,
          calibration: beforeNs !== null && afterNs !== null ? { beforeNs, afterNs } : null,
          sched,
        }),
      );
      produced = 'bench';
    } catch (error) {
      this.#env.progress(`[${p.runtime.name}] ${entry.suite} ${entry.id} failed: ${describeError(error)}`);
      this.#emit(errorRecord(start.runId, entry.suite, entry.id, describeError(error), placement));
      produced = 'error';
    } finally {
      try {
        await prepared?.dispose?.();
      } catch (error) {
        this.#emit(errorRecord(start.runId, entry.suite, entry.id, `clean-up failed: ${describeError(error)}`, placement));
      }
    }
    return produced;
  }

  /** Runs every clean-up registered during the session, then writes the done record. */
  async finish(): Promise<SessionCounts> {
    const runId = this.#start?.runId;
    for (const cleanup of this.#cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        if (runId !== undefined) this.#emit(errorRecord(runId, null, null, `clean-up failed: ${describeError(error)}`));
      }
    }
    this.#calibrator?.dispose();
    this.#calibrator = null;
    if (runId !== undefined) this.#emit(doneRecord(runId, this.counts));
    return this.counts;
  }
}
