// Facts about the machine and the checkout for the `run` record, read with node:os / node:fs,
// which Node, Bun and Deno (with --allow-sys --allow-read) all provide.
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { GitInfo, HostInfo } from '../../core/bench/records.ts';

function readTrimmed(path: string): string | null {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return null;
  }
}

/**
 * The calling thread's scheduler accounting from /proc/thread-self/schedstat ("on-CPU ns, run-queue
 * wait ns, timeslices"), read with node:fs, which all three runtimes provide; null off Linux.
 */
export function readSchedStat(): { onCpuNs: number; waitNs: number } | null {
  // readTrimmed turns any failure into null: not Linux, or Deno without --allow-all.
  const text = readTrimmed('/proc/thread-self/schedstat');
  if (text === null) return null;
  const [onCpu, wait] = text.split(/\s+/).map(Number);
  return Number.isFinite(onCpu) && Number.isFinite(wait) ? { onCpuNs: onCpu!, waitNs: wait! } : null;
}

let ownTask: string | null | undefined;

/**
 * CPU ns used by the process's other threads (/proc/self/task/<tid>/schedstat of every thread
 * but the calling one): a runtime's JIT compiler and collector threads. Null off Linux or where
 * /proc cannot be read (Deno without --allow-all).
 */
export function readOtherThreadsCpuNs(): number | null {
  try {
    // /proc/thread-self links to <pid>/task/<tid>; the main thread calls this, so its tid is read once.
    ownTask ??= readlinkSync('/proc/thread-self').split('/').pop() ?? null;
    if (ownTask === null) return null;
    let total = 0;
    for (const task of readdirSync('/proc/self/task')) {
      if (task === ownTask) continue;
      const text = readTrimmed(`/proc/self/task/${task}/schedstat`);
      // A thread may end between the listing and the read.
      if (text !== null) total += Number(text.split(/\s+/)[0]) || 0;
    }
    return total;
  } catch {
    ownTask = null;
    return null;
  }
}

export function hostInfo(): HostInfo {
  const cpus = os.cpus();
  let loadAverage: number | null = null;
  try {
    loadAverage = os.loadavg()[0] ?? null;
  } catch {
    loadAverage = null;
  }
  return {
    hostname: os.hostname(),
    os: `${os.platform()} ${os.release()}`,
    arch: os.arch(),
    cpuModel: cpus[0]?.model?.trim() ?? 'unknown',
    cores: cpus.length,
    memoryBytes: os.totalmem(),
    governor: readTrimmed('/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor'),
    loadAverage,
  };
}

function isRepoRoot(dir: string): boolean {
  const manifest = readTrimmed(join(dir, 'package.json'));
  return manifest !== null && /"name"\s*:\s*"ananke-js"/.test(manifest);
}

function findUp(start: string): string | null {
  let dir = start;
  for (;;) {
    if (isRepoRoot(dir)) return dir;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** The repository root: above the running module (dist/runners/…), else above the working directory. */
export function repoRoot(moduleUrl: string, cwd: string): string {
  return findUp(dirname(fileURLToPath(moduleUrl))) ?? findUp(cwd) ?? cwd;
}

/** The checked-out commit read from .git (no subprocess), and whether the tree is dirty when `git` may be run. */
export function gitInfo(root: string, canSpawn: boolean): GitInfo {
  const gitDir = join(root, '.git');
  const head = readTrimmed(join(gitDir, 'HEAD'));
  let commit: string | null = null;
  if (head?.startsWith('ref: ')) {
    const ref = head.slice(5);
    commit = readTrimmed(join(gitDir, ref));
    if (commit === null) {
      const packed = readTrimmed(join(gitDir, 'packed-refs')) ?? '';
      commit =
        packed
          .split('\n')
          .find((line) => line.endsWith(` ${ref}`))
          ?.split(' ')[0] ?? null;
    }
  } else if (head !== null && /^[0-9a-f]{40}$/.test(head)) {
    commit = head;
  }
  let dirty: boolean | null = null;
  if (canSpawn && existsSync(gitDir)) {
    try {
      const status = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root, encoding: 'utf8', timeout: 10_000 });
      if (status.status === 0) dirty = status.stdout.trim().length > 0;
    } catch {
      dirty = null;
    }
  }
  return { commit, dirty };
}
