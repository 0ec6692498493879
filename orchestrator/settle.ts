// Waiting for the other runners to go quiet before a measurement starts. Between its benches a
// runner is idle on its stdin, but its runtime is not always: a collector finishing concurrently, a
// JIT compiling on its own threads, an idle-time task. On two cores such a process takes a core from
// the target being measured next. Measured on this project's VM (quick profile, three runtimes): the
// idle runners used 1-4% of the time of the others' benches on average, and in 51 of 885
// measurements at least a fifth of it (a bun process busy for 200 ms of a 220 ms deno bench). So
// before each bench the orchestrator reads the CPU time of every local runner (Linux:
// /proc/<pid>/task/<tid>/schedstat, nanoseconds on CPU per thread) and waits until, over a short
// window, they used almost none, up to a cap. Remote targets and hosts without /proc are not read.
import { readdirSync, readFileSync } from 'node:fs';

export interface SettlePolicy {
  /** The trailing window over which the runners' CPU use is judged. */
  windowMs: number;
  /** Quiet: the runners together used at most this share of one core over the window. */
  idleShare: number;
  /** Longest wait before measuring anyway. */
  maxMs: number;
  /** How often the CPU time is read. */
  pollMs: number;
}

export const DEFAULT_SETTLE: SettlePolicy = { windowMs: 10, idleShare: 0.05, maxMs: 300, pollMs: 2 };

/** What the waiting needs from the machine; a fake in tests. */
export interface SettleClock {
  /** Milliseconds, monotonic. */
  now(): number;
  /** Nanoseconds a process has run on a CPU, all its threads; null when it cannot be read. */
  cpuNs(pid: number): number | null;
  sleep(ms: number): Promise<void>;
}

/** Linux: the sum of the first field of every thread's schedstat; null elsewhere or for a gone process. */
export function procCpuNs(pid: number): number | null {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return null;
  }
  let total = 0;
  for (const tid of tasks) {
    try {
      const text = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8');
      total += Number(text.slice(0, text.indexOf(' ')));
    } catch {
      // the thread ended between the listing and the read: its time is gone from the sum
    }
  }
  return total;
}

export const systemClock: SettleClock = {
  now: () => performance.now(),
  cpuNs: procCpuNs,
  sleep: (ms) => new Promise((done) => setTimeout(done, ms)),
};

export interface SettleResult {
  /** Time spent waiting. */
  waitedMs: number;
  /** False when the cap ended the wait while a runner was still busy. */
  settled: boolean;
  /** The runners' CPU use over the last window read, as a share of one core (0 when nothing was read). */
  busyShare: number;
}

/**
 * Waits until the processes together used at most `idleShare` of a core over the last `windowMs`, or
 * `maxMs` has passed. Processes whose CPU time cannot be read are left out; with none readable it
 * returns at once.
 */
export async function settle(pids: readonly number[], policy: SettlePolicy, clock: SettleClock = systemClock): Promise<SettleResult> {
  const start = clock.now();
  const history: Array<{ at: number; ns: number }> = [];
  for (;;) {
    const ns = totalCpuNs(pids, clock);
    const at = clock.now();
    if (ns === null) return { waitedMs: at - start, settled: true, busyShare: 0 };
    history.push({ at, ns });
    // the oldest reading at least a window back, and nothing older than it
    let from = -1;
    for (let i = history.length - 1; i >= 0; i--) {
      if (at - history[i]!.at >= policy.windowMs) {
        from = i;
        break;
      }
    }
    if (from > 0) history.splice(0, from);
    if (from !== -1) {
      const first = history[0]!;
      // a thread that ended takes its time with it: never read that as negative use
      const busyShare = Math.max(0, ns - first.ns) / ((at - first.at) * 1e6);
      if (busyShare <= policy.idleShare) return { waitedMs: at - start, settled: true, busyShare };
      if (at - start >= policy.maxMs) return { waitedMs: at - start, settled: false, busyShare };
    }
    await clock.sleep(policy.pollMs);
  }
}

/** A run's waits, in its manifest (run.json outcome.settle). */
export interface SettleSummary {
  waits: number;
  waitedMs: number;
  /** Waits that found a runner busy (longer than one window). */
  busy: number;
  /** Waits the cap ended with a runner still busy. */
  unsettled: number;
  /** CPU the other local runners used while benches ran, as a share of the benches' wall time. */
  othersCpuShare: number;
}

/** Sums the CPU time of the processes that can be read; null when none can. */
export function totalCpuNs(pids: readonly number[], clock: SettleClock = systemClock): number | null {
  let total: number | null = null;
  for (const pid of pids) {
    const ns = clock.cpuNs(pid);
    if (ns !== null) total = (total ?? 0) + ns;
  }
  return total;
}

/** Totals over a run, for its manifest. */
export class SettleTally {
  waits = 0;
  waitedMs = 0;
  /** Waits the cap ended with a runner still busy. */
  unsettled = 0;
  /** Waits longer than one window: a runner was busy when the bench would have started. */
  busy = 0;
  /** CPU the other local runners used while a bench ran, and the benches' wall time (the residue settling leaves). */
  othersCpuMs = 0;
  benchMs = 0;

  /** What the other runners used during one bench, from readings of their CPU time before and after it. */
  during(othersNs: number, wallMs: number): void {
    this.othersCpuMs += Math.max(0, othersNs) / 1e6;
    this.benchMs += wallMs;
  }

  add(result: SettleResult, policy: SettlePolicy): void {
    this.waits += 1;
    this.waitedMs += result.waitedMs;
    if (!result.settled) this.unsettled += 1;
    if (result.waitedMs > policy.windowMs + 2 * policy.pollMs) this.busy += 1;
  }

  summary(): SettleSummary {
    return {
      waits: this.waits,
      waitedMs: Math.round(this.waitedMs),
      busy: this.busy,
      unsettled: this.unsettled,
      othersCpuShare: this.benchMs > 0 ? Math.round((1e4 * this.othersCpuMs) / this.benchMs) / 1e4 : 0,
    };
  }
}

/** One line for the user: how long the run waited for quiet runners, and what was left during the benches. */
export function settleLine(s: SettleSummary): string {
  const seconds = (s.waitedMs / 1000).toFixed(1);
  const unsettled = s.unsettled > 0 ? `, ${s.unsettled} still busy after the cap` : '';
  return `settling: ${seconds} s waited before ${s.waits} measurements (${s.busy} found a runner busy${unsettled}); other runners used ${(100 * s.othersCpuShare).toFixed(1)}% of a core during the benches`;
}
