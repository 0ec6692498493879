// Pinning every local runner's measuring thread to one core. On a shared two-core VM the two cores
// do not run alike: a memory-bound probe pinned to each read one core 3-4× slow for tens of seconds
// while the other stayed at its usual speed, and a probe moved between the cores every second was
// slow on whichever core it sat on (docs/decisions/schedule.md, "One core for every target"). A
// target measured while its process happened to run on the slow core, next to one that happened to
// run on the other, made a false ratio. So before each bench's turn (after the fork's warm-up) the
// orchestrator pins the main thread of every local runner (the thread that runs the benches) to one
// core, by default the one a short probe finds least slowed (CoreProbe): whatever that core goes
// through during the turn, every target goes through. The runtimes' helper
// threads (collector, compiler, tokio) keep every core, so they do not compete with the main thread
// for its core. Linux only (sched_setaffinity through util-linux's `taskset`); elsewhere, and for
// runners on other hosts, nothing is pinned and the run says so.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/**
 * Where every local runner's main thread runs: one fixed core, or (`probe`, the default) the core
 * that a short memory probe found least slowed before each bench's turn.
 */
export type PinPolicy = { mode: 'fixed'; core: number; allCores: string } | { mode: 'probe'; cores: number[]; allCores: string };

/** What pinning needs from the machine; a fake in tests. */
export interface AffinityOps {
  /** Thread ids of a process; null when it cannot be read (gone, or no /proc). */
  threads(pid: number): number[] | null;
  /** A thread's allowed cores as the kernel lists them ("1", "0-1"); null when unreadable. */
  allowed(pid: number, tid: number): string | null;
  /** Sets one thread's allowed cores ("1", "0-1"); false when it could not. */
  set(tid: number, cores: string): boolean;
}

/** The cores a /proc status file allows (its `Cpus_allowed_list`, e.g. `0-1` or `2-3,6`), or null. */
function cpusAllowed(status: string): string | null {
  return /^Cpus_allowed_list:\s*(\S+)$/m.exec(status)?.[1] ?? null;
}

export const linuxAffinity: AffinityOps = {
  threads(pid) {
    try {
      return readdirSync(`/proc/${pid}/task`).map(Number);
    } catch {
      return null;
    }
  },
  allowed(pid, tid) {
    try {
      return cpusAllowed(readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8'));
    } catch {
      return null;
    }
  },
  set(tid, cores) {
    // Without -a, taskset sets the one thread whose id it is given.
    const result = spawnSync('taskset', ['-p', '-c', cores, String(tid)], { stdio: 'ignore' });
    return result.status === 0;
  },
};

/** `--pin`: a core number, `off`, `probe` or absent (the default: probe, where pinning works). */
export function parsePin(text: unknown): number | 'off' | 'probe' | null {
  if (text === undefined || text === null) return null;
  if (text === 'off' || text === false) return 'off';
  if (text === 'probe') return 'probe';
  const core = typeof text === 'number' ? text : /^\d+$/.test(String(text)) ? Number(text) : Number.NaN;
  if (!Number.isInteger(core) || core < 0) throw new PinError(`--pin ${String(text)}: expected probe, a core number (0, 1, …) or off`);
  return core;
}

export class PinError extends Error {}

/**
 * The policy for this run and, when nothing is pinned, why. The default (and `probe`) probes every
 * core this process may use, on Linux with at least two of them and `taskset`; an explicit core
 * must be one of them.
 */
export function choosePin(request: number | 'off' | 'probe' | null, machine: PinMachine = thisMachine()): { pin: PinPolicy | null; why: string | null } {
  if (request === 'off') return { pin: null, why: 'not pinned (--pin off)' };
  if (machine.platform !== 'linux') return { pin: null, why: `not pinned: core affinity is set on Linux only (this is ${machine.platform})` };
  if (!machine.hasTaskset) return { pin: null, why: 'not pinned: taskset (util-linux) not found' };
  if (machine.cores.length === 0) return { pin: null, why: 'not pinned: the cores this process may use cannot be read' };
  if (typeof request === 'number') {
    if (!machine.cores.includes(request)) throw new PinError(`--pin ${request}: this process may run on cores ${machine.allowed} only`);
    return { pin: { mode: 'fixed', core: request, allCores: machine.allowed }, why: null };
  }
  if (machine.cores.length < 2) return { pin: null, why: 'not pinned: one core' };
  return { pin: { mode: 'probe', cores: machine.cores, allCores: machine.allowed }, why: null };
}

export interface PinMachine {
  platform: string;
  /** The cores this process may run on, as the kernel lists them ("0-1"), and one by one. */
  allowed: string;
  cores: number[];
  hasTaskset: boolean;
}

/** Cores from a kernel list such as "0-3,6". */
export function coresOf(list: string): number[] {
  const cores: number[] = [];
  for (const part of list.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (m === null) return [];
    for (let c = Number(m[1]); c <= Number(m[2] ?? m[1]); c++) cores.push(c);
  }
  return cores;
}

function thisMachine(): PinMachine {
  let allowed = '';
  try {
    allowed = cpusAllowed(readFileSync('/proc/self/status', 'utf8')) ?? '';
  } catch {
    // not Linux, or no /proc
  }
  return {
    platform: process.platform,
    allowed,
    cores: allowed === '' ? [] : coresOf(allowed),
    hasTaskset: process.platform === 'linux' && spawnSync('taskset', ['-V'], { stdio: 'ignore' }).status === 0,
  };
}

/**
 * Pins a process's main thread to the core and gives back every core to its other threads that
 * sit on that core alone (threads the main thread started after it was pinned inherit its core).
 * Returns the problem, or null. Reads /proc first and changes only what differs, so calling it
 * before every bench costs a few file reads.
 */
export function pinMainThread(pid: number, place: { core: number; allCores: string }, ops: AffinityOps = linuxAffinity): string | null {
  const threads = ops.threads(pid);
  if (threads === null) return `process ${pid}: its threads cannot be read`;
  const core = String(place.core);
  for (const tid of threads) {
    const allowed = ops.allowed(pid, tid);
    if (allowed === null) continue; // the thread ended between the listing and the read
    if (tid === pid) {
      if (allowed !== core && !ops.set(tid, core)) return `process ${pid}: its main thread could not be pinned to core ${core}`;
    } else if (allowed === core && core !== place.allCores) {
      ops.set(tid, place.allCores);
    }
  }
  return null;
}

/**
 * The probe behind `--pin probe`: before each bench's turn a walker process pinned to each core
 * (probe-walker.ts, started once per run) times a chain of dependent loads from a 32 MB table there
 * (the kind of work the slow core slowed 3-4×; plain arithmetic ran at full speed on both), one core
 * after the other. Each reading is judged against the best that core has read so far, and the least
 * slowed core wins; the current core is kept unless another reads at least 5% better, so the
 * runners do not move for nothing. It costs a few milliseconds per bench, outside every runner's
 * timed region. (The orchestrator used to walk the table itself, moving its own thread to each core
 * with `taskset`: three process starts of about 10 ms each per bench, 7 s of a quick run.)
 */
export class CoreProbe {
  readonly #cores: number[];
  readonly #time: (core: number) => number | null | Promise<number | null>;
  readonly #walkers: CoreWalkers | null;
  readonly #best = new Map<number, number>();
  #current: number;
  /** Bench turns per core. */
  readonly turns = new Map<number, number>();

  /** `time` replaces the walkers in tests: a core's reading in ns, null when it cannot be read. */
  constructor(policy: { cores: number[] }, options: { time?: (core: number) => number | null | Promise<number | null> } = {}) {
    this.#cores = policy.cores;
    this.#walkers = options.time === undefined ? new CoreWalkers(policy.cores) : null;
    this.#time = options.time ?? ((core) => this.#walkers!.time(core));
    this.#current = policy.cores[policy.cores.length - 1]!;
  }

  /** Why the walkers failed, when they did (null otherwise or with a fake time). */
  get problem(): string | null {
    return this.#walkers?.problem ?? null;
  }

  /** The core for the next bench's turn; null when the probe could not run (the caller stops pinning). */
  async choose(): Promise<number | null> {
    const readings = new Map<number, number>();
    for (const core of this.#cores) {
      const ns = await this.#time(core);
      if (ns === null) return null;
      readings.set(core, ns);
      this.#best.set(core, Math.min(this.#best.get(core) ?? Number.POSITIVE_INFINITY, ns));
    }
    const slowdown = (core: number) => readings.get(core)! / this.#best.get(core)!;
    let pick = this.#current;
    for (const core of this.#cores) if (slowdown(core) < slowdown(pick) / 1.05) pick = core;
    this.#current = pick;
    this.turns.set(pick, (this.turns.get(pick) ?? 0) + 1);
    return pick;
  }

  /** Ends the walker processes. */
  close(): void {
    this.#walkers?.close();
  }
}

/** The longest a walker may take to build its table or answer, before the probe counts as failed. */
const WALKER_TIMEOUT_MS = 30_000;

/**
 * One walker process per core (probe-walker.ts), started on the first reading and pinned with
 * `taskset -c`; a reading is a line written and a line read back. A walker that cannot start, dies
 * or does not answer in time makes every later reading null, with the reason in `problem`.
 */
export class CoreWalkers {
  readonly #cores: number[];
  #walkers: Map<number, { child: ChildProcess; lines: AsyncIterator<string> }> | null = null;
  #starting: Promise<void> | null = null;
  problem: string | null = null;

  constructor(cores: number[]) {
    this.#cores = cores;
  }

  async time(core: number): Promise<number | null> {
    if (this.problem !== null) return null;
    this.#starting ??= this.#start();
    await this.#starting;
    const walker = this.#walkers?.get(core);
    if (this.problem !== null || walker === undefined) return null;
    walker.child.stdin!.write('w\n');
    const line = await this.#line(walker.lines, core);
    const ns = line === null ? Number.NaN : Number(line);
    if (!(ns > 0)) {
      this.#failed(`the walker on core ${core} answered ${JSON.stringify(line)} instead of a time`);
      return null;
    }
    return ns;
  }

  async #start(): Promise<void> {
    const script = fileURLToPath(new URL('./probe-walker.js', import.meta.url));
    const walkers = new Map<number, { child: ChildProcess; lines: AsyncIterator<string> }>();
    this.#walkers = walkers;
    for (const core of this.#cores) {
      const child = spawn('taskset', ['-c', String(core), process.execPath, script], { stdio: ['pipe', 'pipe', 'ignore'] });
      child.on('error', (error) => this.#failed(`the walker on core ${core} could not start: ${error.message}`));
      child.on('exit', (code, signal) => {
        if (this.#walkers !== null) this.#failed(`the walker on core ${core} ended (${signal ?? `exit code ${code}`})`);
      });
      child.stdin!.on('error', () => {}); // a walker gone: its exit says so
      const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
      walkers.set(core, { child, lines });
    }
    for (const [core, walker] of walkers) {
      const line = await this.#line(walker.lines, core);
      if (line !== 'ready' && this.problem === null)
        this.#failed(`the walker on core ${core} did not start (${line === null ? 'it ended before it was ready' : `it said ${JSON.stringify(line)}`})`);
    }
  }

  /** The walker's next line, or null when it ended or timed out (the problem then says which). */
  async #line(lines: AsyncIterator<string>, core: number): Promise<string | null> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((done) => {
      timer = setTimeout(() => {
        this.#failed(`the walker on core ${core} did not answer within ${WALKER_TIMEOUT_MS / 1000} s`);
        done(null);
      }, WALKER_TIMEOUT_MS);
    });
    try {
      const next = await Promise.race([lines.next(), timeout]);
      if (next === null) return null;
      return next.done ? null : next.value;
    } finally {
      clearTimeout(timer);
    }
  }

  #failed(problem: string): void {
    this.problem ??= problem;
    this.close();
  }

  close(): void {
    const walkers = this.#walkers;
    this.#walkers = null;
    for (const { child } of walkers?.values() ?? []) {
      child.stdin?.end();
      if (child.exitCode === null && child.signalCode === null) child.kill();
    }
  }
}
