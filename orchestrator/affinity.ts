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
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

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
 * The probe behind `--pin probe`: before each bench's turn the orchestrator moves its own main
 * thread to each core in turn and times a chain of dependent loads from a 32 MB table there (the
 * kind of work the slow core slowed 3-4×; plain arithmetic ran at full speed on both). Each
 * reading is judged against the best that core has read so far, and the least slowed core wins;
 * the current core is kept unless another reads at least 5% better, so the runners do not move for
 * nothing. It costs a few milliseconds per bench, outside every runner's timed region.
 */
export class CoreProbe {
  readonly #cores: number[];
  readonly #allCores: string;
  readonly #ops: Pick<AffinityOps, 'set'>;
  readonly #time: (core: number) => number | null;
  readonly #best = new Map<number, number>();
  #table: Int32Array | null = null;
  /** Whether the walk has moved this thread off its every-core affinity during this choice. */
  #moved = false;
  #current: number;
  /** Bench turns per core. */
  readonly turns = new Map<number, number>();

  /** `time` replaces the walk in tests: a core's reading in ns, null when it cannot be read. */
  constructor(policy: { cores: number[]; allCores: string }, options: { ops?: Pick<AffinityOps, 'set'>; time?: (core: number) => number | null } = {}) {
    this.#cores = policy.cores;
    this.#allCores = policy.allCores;
    this.#ops = options.ops ?? linuxAffinity;
    this.#time = options.time ?? ((core) => this.#walk(core));
    this.#current = policy.cores[policy.cores.length - 1]!;
  }

  /** The core for the next bench's turn; null when the probe could not run (the caller stops pinning). */
  choose(): number | null {
    const readings = new Map<number, number>();
    try {
      for (const core of this.#cores) {
        const ns = this.#time(core);
        if (ns === null) return null;
        readings.set(core, ns);
        this.#best.set(core, Math.min(this.#best.get(core) ?? Number.POSITIVE_INFINITY, ns));
      }
    } finally {
      // The walk moved this thread from core to core; every core back, once.
      if (this.#moved) this.#ops.set(process.pid, this.#allCores);
      this.#moved = false;
    }
    const slowdown = (core: number) => readings.get(core)! / this.#best.get(core)!;
    let pick = this.#current;
    for (const core of this.#cores) if (slowdown(core) < slowdown(pick) / 1.05) pick = core;
    this.#current = pick;
    this.turns.set(pick, (this.turns.get(pick) ?? 0) + 1);
    return pick;
  }

  /**
   * Nanoseconds of the walk on one core: the median of three; null when this thread cannot be moved
   * there. It leaves the thread on that core (choose() gives every core back after the last).
   */
  #walk(core: number): number | null {
    if (!this.#ops.set(process.pid, String(core))) return null;
    this.#moved = true;
    const table = (this.#table ??= chainTable(1 << 23));
    const times: number[] = [];
    let at = 0;
    for (let i = 0; i < 3; i++) {
      const began = process.hrtime.bigint();
      for (let step = 0; step < 4096; step++) at = table[at]!;
      times.push(Number(process.hrtime.bigint() - began));
    }
    if (at < 0) throw new Error('unreachable'); // keeps the walk from being optimised away
    return times.sort((a, b) => a - b)[1]!;
  }
}

/** One random cycle through every slot (Sattolo's shuffle): each load depends on the one before. */
function chainTable(size: number): Int32Array {
  const table = new Int32Array(size);
  for (let i = 0; i < size; i++) table[i] = i;
  let seed = 0x2545f491;
  for (let i = size - 1; i > 0; i--) {
    seed = (Math.imul(seed, 1103515245) + 12345) | 0;
    const j = (seed >>> 1) % i;
    const t = table[i]!;
    table[i] = table[j]!;
    table[j] = t;
  }
  return table;
}
