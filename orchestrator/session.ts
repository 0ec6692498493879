// Executes a run's schedule over live runner processes: per fork, a fresh process for every target
// (started, then kept alive through the fork's rounds), and for each bench of a round every target
// back to back (core/bench/schedule.ts). Faults stay local: a runner that dies or hangs mid-bench
// is reported, its records so far are kept, and a fresh process of that target takes the rest of
// the fork (once); a target that cannot start at all is dropped from the run. An interrupt stops
// every process and keeps every record written.
import { join } from 'node:path';
import { PROTOCOL_VERSION } from '../core/record/protocol.ts';
import { roundOrder, roundSteps, type BenchOrder } from '../core/bench/schedule.ts';
import type { WarmupPolicy } from '../core/bench/sampling.ts';
import { markDrift } from '../core/report/drift.ts';
import { OLDEST_RUNTIMES } from '../core/bench/args.ts';
import { buildColumns } from '../core/report/pool.ts';
import { benchPrecision, type PrecisionGoal } from '../core/report/precision.ts';
import { RunCollector } from '../core/report/runs.ts';
import { RunnerFailure, RunnerProcess } from './runner-process.ts';
import { settle, SettleTally, totalCpuNs, type SettlePolicy, type SettleSummary } from './settle.ts';
import { fileLabel, serveCommand, type TargetSpec } from './targets.ts';
import { remoteServeCommand } from './remote.ts';
import { CoreProbe, pinMainThread, type PinPolicy } from './affinity.ts';

export interface SessionOptions {
  runId: string;
  runDir: string;
  targets: readonly TargetSpec[];
  /** Bench ids to measure, in catalogue order. */
  benches: readonly string[];
  profile: 'quick' | 'full';
  sampling?: 'quick' | 'full' | 'tiny';
  warmup?: WarmupPolicy;
  shard: string | null;
  calibrate: boolean;
  /** Forks over every bench. */
  forks: number;
  rounds: number;
  order: BenchOrder;
  seed: number;
  /**
   * After the base forks, more forks for the benches still short of the precision goal, until each
   * is settled or at the goal's fork cap, or until `budgetMs` since the start is spent. Null: none.
   */
  adaptive?: { goal: PrecisionGoal; budgetMs: number } | null;
  /** Longest a bench (or start/exit) may take before its runner counts as hung. */
  commandTimeoutMs: number;
  /** Before each bench, wait until the local runners are quiet (settle.ts); null: start at once. */
  settle?: SettlePolicy | null;
  /** Longest a runner may take to say hello. */
  helloTimeoutMs?: number;
  /**
   * Warm each fork's processes up before its first bench (the `warm` command: every bench of the
   * fork called for the sampling's prewarmNs, in the fork's order, all targets at once); default true.
   */
  prewarm?: boolean;
  /**
   * Before each bench, the main thread of every local runner on this core (affinity.ts); null or
   * absent: wherever the kernel puts it. The fork's warm-up runs before any pinning, on every core.
   */
  pin?: PinPolicy | null;
  reporter: SessionReporter;
}

/** What the session tells the user while it runs. */
export interface SessionReporter {
  /** Before each bench × target; `forks` is the number planned so far (adaptive forks add to it). */
  step(info: {
    done: number;
    total: number;
    fork: number;
    forks: number;
    round: number;
    rounds: number;
    bench: string;
    target: string;
    adaptive: boolean;
  }): void;
  /** A line to show (warnings, a runner's own messages, failures). */
  message(line: string): void;
}

/** A planned bench × target × fork that produced no record. */
export interface Missed {
  target: string;
  fork: number;
  round: number;
  bench: string;
  why: string;
}

export interface SessionOutcome {
  failures: string[];
  benchRecords: number;
  errorRecords: number;
  missed: Missed[];
  interrupted: string | null;
  /** Forks run in all, base and adaptive. */
  forks: number;
  /** The benches each adaptive fork measured again. */
  adaptiveForks: Array<{ fork: number; benches: string[] }>;
  /** Why the adaptive phase stopped ('settled', 'fork cap', 'time budget', 'interrupted'), null without one. */
  adaptiveStop: string | null;
  /** The waits for quiet runners before the benches, null when not asked for. */
  settle: SettleSummary | null;
  /** Why core pinning stopped partway, null when it did not (or was not asked for). */
  pinFailed: string | null;
  /** `--pin probe`: how many bench turns each core took; null otherwise. */
  coreTurns: Record<number, number> | null;
}

/**
 * After a run, what its adaptive phase did: how many forks it added and for how many bench
 * measurements, and why it stopped. A run whose base forks outlast the time budget adds none (on a
 * slow host the quick profile's three forks can take the whole 270 s), and says so, with the option
 * that gives it more.
 */
export function adaptiveLine(outcome: Pick<SessionOutcome, 'adaptiveForks' | 'adaptiveStop'>, budgetMs: number, maxForks: number): string | null {
  const stop = outcome.adaptiveStop;
  if (stop === null) return null;
  const budget = `${budgetMs / 1000} s`;
  const forks = outcome.adaptiveForks.length;
  if (forks === 0) {
    if (stop === 'settled') return 'adaptive forks: none needed: every bench was within its precision goal after the base forks';
    if (stop === 'time budget')
      return `adaptive forks: none: the base forks left too little of the ${budget} time budget for any loose bench (--time-budget SECONDS gives more)`;
    if (stop === 'fork cap') return `adaptive forks: none: the loose benches already had ${maxForks} forks (--max-forks N)`;
    return `adaptive forks: none (${stop})`;
  }
  const measured = outcome.adaptiveForks.reduce((n, f) => n + f.benches.length, 0);
  const why =
    stop === 'settled'
      ? 'every bench within its precision goal'
      : stop === 'time budget'
        ? `the ${budget} time budget spent`
        : stop === 'fork cap'
          ? `the loose benches at ${maxForks} forks`
          : stop;
  return `adaptive forks: ${forks}, ${measured} bench(es) measured again in all; stopped: ${why}`;
}

/** Fresh processes per fork may replace a dead or hung one this many times. */
const RESTARTS_PER_FORK = 1;
const DEFAULT_HELLO_TIMEOUT_MS = 120_000;

interface Live {
  spec: TargetSpec;
  process: RunnerProcess | null;
  restarts: number;
  /** Bench ids this target's runner knows (its catalogue), from `list`. */
  catalogue: Set<string> | null;
  /** Whether its runner serves `warm` (named in its hello; runners of older revisions do not). */
  warms: boolean;
}

export class Session {
  readonly #o: SessionOptions;
  readonly #live = new Map<string, Live>();
  readonly #dropped = new Map<string, string>();
  readonly #settle = new SettleTally();
  readonly outcome: SessionOutcome = {
    failures: [],
    benchRecords: 0,
    errorRecords: 0,
    missed: [],
    interrupted: null,
    forks: 0,
    adaptiveForks: [],
    adaptiveStop: null,
    settle: null,
    pinFailed: null,
    coreTurns: null,
  };
  /** Every record received so far, as the report would read it (the adaptive phase looks at them). */
  readonly #collector = new RunCollector();
  /** Wall time of each bench's 'run' command, per fork, summed over targets (ms): what a bench costs. */
  readonly #benchCost = new Map<string, number[]>();
  /** Wall time of starting and ending a fork's processes (ms). */
  readonly #forkOverhead: number[] = [];
  readonly #started = Date.now();
  /** Said once: a fork without the process warm-up because a runner does not serve it. */
  #noWarmSaid = false;
  /** The core of the current bench's turn (null: not pinned), and the probe that picks it. */
  #core: number | null = null;
  #probe: CoreProbe | null = null;
  #done = 0;
  #lines = 0;

  constructor(options: SessionOptions) {
    this.#o = options;
    const pin = options.pin ?? null;
    if (pin?.mode === 'probe') this.#probe = new CoreProbe(pin);
    if (pin?.mode === 'fixed') this.#core = pin.core;
  }

  /** Files of one target's fork. */
  files(label: string, fork: number): { records: string; log: string } {
    const base = join(this.#o.runDir, `${fileLabel(label)}-f${fork}`);
    return { records: `${base}.ndjson`, log: `${base}.log` };
  }

  /** Stops every process now (Ctrl-C); records written so far stay. */
  async interrupt(signal: string): Promise<void> {
    if (this.outcome.interrupted !== null) return;
    this.outcome.interrupted = signal;
    await Promise.all([...this.#live.values()].map((l) => l.process?.stop()));
  }

  #fail(message: string): void {
    this.outcome.failures.push(message);
    this.#o.reporter.message(`✗ ${message}`);
  }

  /** Starts one target's process for a fork: hello, protocol check, start, list. Null (and a failure) when it cannot. */
  async #startProcess(live: Live, fork: number): Promise<RunnerProcess | null> {
    const { target } = live.spec;
    const files = this.files(target.label, fork);
    const runner = new RunnerProcess({
      spec: live.spec.host === undefined ? serveCommand(live.spec) : remoteServeCommand(live.spec),
      recordsFile: files.records,
      logFile: files.log,
      onMessage: (line) => this.#o.reporter.message(line.startsWith('[') ? line : `[${target.label}] ${line}`),
      onRecord: (type, value) => {
        this.#collector.addValue(files.records, ++this.#lines, value);
        if (type === 'bench') this.outcome.benchRecords += 1;
        if (type === 'error') {
          this.outcome.errorRecords += 1;
          const r = value as { suite?: string | null; id?: string | null; message?: string };
          this.#fail(`${target.label} fork ${fork}: error record: ${[r.suite, r.id].filter(Boolean).join(' ')}: ${r.message}`);
        }
      },
    });
    live.process = runner;
    const where = `${target.label} fork ${fork}`;
    try {
      const hello = await runner.waitForHello(this.#o.helloTimeoutMs ?? DEFAULT_HELLO_TIMEOUT_MS);
      if (hello.protocol !== PROTOCOL_VERSION) {
        await runner.stop();
        throw new RunnerFailure(
          `the runner speaks protocol ${hello.protocol}, this orchestrator ${PROTOCOL_VERSION}: rebuild dist/ (npm run build)`,
          'protocol',
        );
      }
      live.warms = hello.commands?.includes('warm') ?? false;
      const started = await runner.request(
        {
          op: 'start',
          protocol: PROTOCOL_VERSION,
          runId: this.#o.runId,
          target,
          fork,
          profile: this.#o.profile,
          ...(this.#o.sampling === undefined ? {} : { sampling: this.#o.sampling }),
          ...(this.#o.warmup === undefined ? {} : { warmup: this.#o.warmup }),
          shard: this.#o.shard,
          calibrate: this.#o.calibrate,
          extras: fork === 1,
          ...(live.spec.inject === undefined ? {} : { inject: live.spec.inject }),
          ...(live.spec.host === undefined ? {} : { testbed: live.spec.host.testbed }),
        },
        this.#o.commandTimeoutMs,
      );
      if (!started.ok) throw new RunnerFailure(`refused to start: ${started.message}`, 'protocol');
      if (live.catalogue === null) {
        const listed = await runner.request({ op: 'list', suites: null, bench: null }, this.#o.commandTimeoutMs);
        if (!listed.ok) throw new RunnerFailure(`could not list its benches: ${listed.message}`, 'protocol');
        live.catalogue = new Set((listed.benches ?? []).map((b) => b.id));
        const unknown = this.#o.benches.filter((id) => !live.catalogue!.has(id));
        if (unknown.length > 0)
          this.#o.reporter.message(`note: ${target.label} has no bench ${unknown.join(', ')} (not in its catalogue); those cells stay empty`);
      }
      return runner;
    } catch (error) {
      if (!(error instanceof RunnerFailure)) throw error;
      await runner.stop();
      live.process = null;
      // A runtime version asked for by name may simply be too old (Deno 1.x fails before the runner's own check).
      const hint =
        target.label.includes('@') && !error.message.includes(OLDEST_RUNTIMES) ? `; the oldest versions known to run the harness: ${OLDEST_RUNTIMES}` : '';
      if (error.kind !== 'stopped') this.#fail(`${where}: could not start: ${error.message}${hint} (log: ${files.log})`);
      return null;
    }
  }

  async #endProcess(live: Live, fork: number): Promise<void> {
    const runner = live.process;
    live.process = null;
    if (runner === null || !runner.alive) return;
    try {
      const reply = await runner.request({ op: 'exit' }, this.#o.commandTimeoutMs);
      if (!reply.ok) this.#fail(`${live.spec.target.label} fork ${fork}: exit refused: ${reply.message}`);
      runner.endInput();
      await runner.exited;
    } catch (error) {
      if (!(error instanceof RunnerFailure)) throw error;
      if (error.kind !== 'stopped') this.#fail(`${live.spec.target.label} fork ${fork}: while finishing: ${error.message}`);
    }
  }

  /** Runs the base forks, then the adaptive ones; resolves with the outcome (also on interrupt). */
  async run(): Promise<SessionOutcome> {
    try {
      return await this.#run();
    } finally {
      this.#probe?.close();
    }
  }

  async #run(): Promise<SessionOutcome> {
    const o = this.#o;
    for (const spec of o.targets) this.#live.set(spec.target.label, { spec, process: null, restarts: 0, catalogue: null, warms: false });
    let planned = o.forks;
    for (let fork = 1; fork <= o.forks; fork++) {
      if (this.outcome.interrupted === null) await this.#runFork(fork, o.benches, planned, false);
      else
        for (const bench of o.benches)
          for (const t of o.targets)
            this.outcome.missed.push({ target: t.target.label, fork, round: 1, bench, why: `interrupted by ${this.outcome.interrupted}` });
    }
    const adaptive = o.adaptive ?? null;
    if (adaptive !== null && this.outcome.interrupted === null) {
      for (let fork = o.forks + 1; ; fork++) {
        const picked = this.#pickAdaptive(adaptive.goal, adaptive.budgetMs);
        if (picked.stop !== null) {
          this.outcome.adaptiveStop = picked.stop;
          break;
        }
        planned = fork;
        this.outcome.adaptiveForks.push({ fork, benches: picked.benches });
        o.reporter.message(`fork ${fork}: ${picked.benches.length} bench(es) not yet settled, measured again in fresh processes: ${picked.benches.join(', ')}`);
        await this.#runFork(fork, picked.benches, planned, true);
        if (this.outcome.interrupted !== null) {
          this.outcome.adaptiveStop = 'interrupted';
          break;
        }
      }
    }
    return this.outcome;
  }

  /** The benches the next adaptive fork should measure, or why there is none. */
  #pickAdaptive(goal: PrecisionGoal, budgetMs: number): { benches: string[]; stop: null } | { benches: never[]; stop: string } {
    const columns = buildColumns(this.#collector.runs);
    markDrift(columns);
    const reference = this.#o.targets[0]?.target.label ?? null;
    const precision = benchPrecision(columns, reference, goal).filter((p) => this.#o.benches.includes(p.id));
    const open = precision.filter((p) => p.open);
    if (open.length === 0) return { benches: [], stop: precision.every((p) => p.settled) ? 'settled' : 'fork cap' };
    const left = budgetMs - (Date.now() - this.#started);
    const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? 0;
    let cost = median(this.#forkOverhead);
    const benches: string[] = [];
    for (const p of open) {
      const c = median(this.#benchCost.get(p.id) ?? []);
      if (cost + c > left) continue;
      cost += c;
      benches.push(p.id);
    }
    if (benches.length === 0) return { benches: [], stop: 'time budget' };
    // Catalogue order in, the schedule shuffles.
    return { benches: this.#o.benches.filter((id) => benches.includes(id)), stop: null };
  }

  async #runFork(fork: number, benches: readonly string[], planned: number, adaptive: boolean): Promise<void> {
    const o = this.#o;
    const labels = o.targets.map((t) => t.target.label);
    this.outcome.forks = fork;
    const startedAt = Date.now();
    for (const live of this.#live.values()) {
      live.restarts = 0;
      if (this.#dropped.has(live.spec.target.label) || this.outcome.interrupted !== null) continue;
      const runner = await this.#startProcess(live, fork);
      if (runner === null && this.outcome.interrupted === null) this.#dropped.set(live.spec.target.label, 'could not start');
    }
    const scheduleOptions = { benches, targets: labels, forks: planned, rounds: o.rounds, order: o.order, seed: o.seed };
    if ((o.prewarm ?? true) && this.outcome.interrupted === null) await this.#prewarm(fork, roundOrder(scheduleOptions, fork, 1));
    let overhead = Date.now() - startedAt;
    const total = this.#done + benches.length * labels.length * o.rounds;
    for (let round = 1; round <= o.rounds; round++) {
      for (const step of roundSteps(scheduleOptions, fork, round)) {
        const began = Date.now();
        await this.#pickCore();
        for (const label of step.targets) {
          this.#done += 1;
          const missed = (why: string) => this.outcome.missed.push({ target: label, fork, round, bench: step.bench, why });
          if (this.outcome.interrupted !== null) {
            missed(`interrupted by ${this.outcome.interrupted}`);
            continue;
          }
          const live = this.#live.get(label)!;
          if (this.#dropped.has(label)) {
            missed(this.#dropped.get(label)!);
            continue;
          }
          if (live.catalogue !== null && !live.catalogue.has(step.bench)) continue;
          if (live.process === null) {
            missed('its runner stopped earlier in this fork');
            continue;
          }
          o.reporter.step({ done: this.#done, total, fork, forks: planned, round, rounds: o.rounds, bench: step.bench, target: label, adaptive });
          await this.#settled(live, () => this.#measure(live, step.bench, fork, round, step.position, missed));
        }
        this.#benchCost.set(step.bench, [...(this.#benchCost.get(step.bench) ?? []), Date.now() - began]);
      }
    }
    const ending = Date.now();
    await Promise.all([...this.#live.values()].map((live) => this.#endProcess(live, fork)));
    overhead += Date.now() - ending;
    this.#forkOverhead.push(overhead);
  }

  /**
   * The process warm-up of a fork: every live runner calls the fork's benches in the fork's order
   * (`warm`), all at once (nothing is measured, so they may share the cores); none does when one of
   * them cannot (an older revision's runner in bench:compare). A runner that fails
   * here is reported and replaced like one that fails during a bench; one that refuses is measured
   * without the warm-up.
   */
  async #prewarm(fork: number, ids: readonly string[]): Promise<void> {
    // All targets or none: a target measured without it would be compared with ones measured after it.
    const without = [...this.#live.values()].filter((l) => l.process !== null && !l.warms).map((l) => l.spec.target.label);
    if (without.length > 0) {
      if (!this.#noWarmSaid)
        this.#o.reporter.message(`note: no process warm-up in this run: ${without.join(', ')} cannot do it (a runner from before the warm command)`);
      this.#noWarmSaid = true;
      return;
    }
    const timeoutMs = this.#o.commandTimeoutMs + 1000 * ids.length;
    await Promise.all(
      [...this.#live.values()].map(async (live) => {
        const runner = live.process;
        if (runner === null) return;
        const label = live.spec.target.label;
        const known = ids.filter((id) => live.catalogue === null || live.catalogue.has(id));
        try {
          const reply = await runner.request({ op: 'warm', ids: known }, timeoutMs);
          if (!reply.ok) this.#o.reporter.message(`note: ${label} fork ${fork}: no warm-up: ${reply.message}`);
        } catch (error) {
          if (!(error instanceof RunnerFailure)) throw error;
          if (error.kind === 'stopped' && this.outcome.interrupted !== null) return;
          const files = this.files(label, fork);
          this.#fail(`${label} fork ${fork}: ${error.kind === 'timeout' ? 'hung' : 'died'} during its warm-up: ${error.message} (log ${files.log})`);
          await this.#replace(live, runner, fork, 'this fork');
        }
      }),
    );
  }

  /**
   * Runs `measure` once every local runner is quiet (settle.ts), and adds what the other runners
   * used during it to the run's tally. Without a settle policy it just runs it.
   */
  async #settled(live: Live, measure: () => Promise<void>): Promise<void> {
    const policy = this.#o.settle ?? null;
    if (policy === null) return measure();
    const local = (l: Live) => (l.process !== null && l.spec.host === undefined ? l.process.pid : undefined);
    const others = [...this.#live.values()]
      .filter((l) => l !== live)
      .map(local)
      .filter((pid): pid is number => pid !== undefined);
    const own = local(live);
    const all = own === undefined ? others : [...others, own];
    this.#settle.add(await settle(all, policy), policy);
    const before = totalCpuNs(others);
    const began = performance.now();
    try {
      await measure();
    } finally {
      const after = totalCpuNs(others);
      if (before !== null && after !== null) this.#settle.during(after - before, performance.now() - began);
      this.outcome.settle = this.#settle.summary();
    }
  }

  async #measure(live: Live, bench: string, fork: number, round: number, position: number, missed: (why: string) => void): Promise<void> {
    const label = live.spec.target.label;
    const runner = live.process!;
    this.#pin(live);
    try {
      const reply = await runner.request({ op: 'run', id: bench, round, position }, this.#o.commandTimeoutMs);
      if (!reply.ok) {
        this.#fail(`${label} fork ${fork}: ${bench}: ${reply.message}`);
        missed(reply.message);
      }
    } catch (error) {
      if (!(error instanceof RunnerFailure)) throw error;
      if (error.kind === 'stopped' && this.outcome.interrupted !== null) {
        missed(`interrupted by ${this.outcome.interrupted}`);
        return;
      }
      const files = this.files(label, fork);
      this.#fail(
        `${label} fork ${fork}: ${error.kind === 'timeout' ? 'hung' : 'died'} during ${bench}: ${error.message} (records so far kept in ${files.records}, log ${files.log})`,
      );
      missed(error.message);
      await this.#replace(live, runner, fork, 'the rest of this fork');
    }
  }

  /** Before a bench's turn: the core every target measures it on (`--pin probe`: the least slowed now). */
  async #pickCore(): Promise<void> {
    if (this.#probe === null || this.outcome.pinFailed !== null) return;
    const core = await this.#probe.choose();
    if (core === null) this.#stopPinning(`the cores could not be probed: ${this.#probe.problem ?? 'no reading'}`);
    this.#core = core;
    this.outcome.coreTurns = Object.fromEntries([...this.#probe.turns].sort((a, b) => a[0] - b[0]));
  }

  /** Pins a local runner's main thread before its bench (affinity.ts); a failure stops pinning (said once), undoing nothing. */
  #pin(live: Live): void {
    const policy = this.#o.pin ?? null;
    const pid = live.process?.pid;
    if (policy === null || this.#core === null || this.outcome.pinFailed !== null || live.spec.host !== undefined || pid === undefined) return;
    const problem = pinMainThread(pid, { core: this.#core, allCores: policy.allCores });
    if (problem !== null) this.#stopPinning(problem);
  }

  #stopPinning(problem: string): void {
    // Set once: no runner is moved after that (and the run says so).
    this.outcome.pinFailed = problem;
    this.#o.reporter.message(`note: core pinning stopped: ${problem}; from here on no runner is moved`);
  }

  /** Stops a runner that died or hung and, once per fork, starts a fresh process of its target for `what`. */
  async #replace(live: Live, runner: RunnerProcess, fork: number, what: string): Promise<void> {
    live.process = null;
    await runner.stop();
    if (live.restarts < RESTARTS_PER_FORK && this.outcome.interrupted === null) {
      live.restarts += 1;
      this.#o.reporter.message(`${live.spec.target.label} fork ${fork}: starting a fresh process for ${what}`);
      await this.#startProcess(live, fork);
    }
  }
}
