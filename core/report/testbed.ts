// The testbed a figure was measured on: the machine (CPU model, cores, OS, architecture) and the
// runtime versions. Figures from different testbeds are not comparable; a comparison across them
// says so (and --strict refuses it).
import type { BaselineMeta } from '../record/baselines.ts';
import type { RunRecord } from '../record/schema.ts';

export interface Testbed {
  hostname: string;
  cpuModel: string;
  cores: number;
  os: string;
  arch: string;
  /** Runtime name → version. */
  versions: Record<string, string>;
}

/** The testbed of a set of runs (the first run's machine; every runtime's version). */
export function testbedOf(runs: readonly RunRecord[]): Testbed | null {
  const first = runs[0];
  if (first === undefined) return null;
  const versions: Record<string, string> = {};
  for (const run of runs) versions[run.runtime.name] = run.runtime.version;
  const { hostname, cpuModel, cores, os, arch } = first.host;
  return { hostname, cpuModel, cores, os, arch, versions };
}

/** What differs between the testbed a baseline was measured on and this one, as readable lines. */
export function testbedDifferences(meta: BaselineMeta | undefined, current: Testbed): string[] {
  if (meta === undefined) return ['the baselines say nothing about where they were measured (no _meta)'];
  const differences: string[] = [];
  const field = (name: string, was: string | number, now: string | number) => {
    if (String(was) !== String(now)) differences.push(`${name}: ${was} then, ${now} now`);
  };
  field('host', meta.host.hostname, current.hostname);
  field('CPU', meta.host.cpuModel, current.cpuModel);
  field('cores', meta.host.cores, current.cores);
  field('OS', meta.host.os, current.os);
  field('architecture', meta.host.arch, current.arch);
  for (const [runtime, version] of Object.entries(current.versions)) {
    const was = meta.versions[runtime];
    if (was !== undefined) field(runtime, was, version);
  }
  return differences;
}

/**
 * How the sampling of these runs differs from the baselines' (the fingerprint of the sampling
 * definition, core/bench/sampling.ts samplingKey), as one readable line; null when it does not, or
 * when neither side recorded one. Figures of one profile sampled by two definitions (a newer
 * harness's batch sizes, warm-up or collection before it) can differ with no change in the code.
 */
export function samplingDifference(meta: BaselineMeta | undefined, runs: readonly RunRecord[]): string | null {
  const now = [...new Set(runs.map((r) => r.samplingKey ?? null))];
  const was = meta?.samplingKey ?? null;
  const known = now.filter((k): k is string => k !== null);
  if (was === null && known.length === 0) return null;
  if (was === null) return `the baselines were sampled by an older harness (no sampling fingerprint; ${known.join(', ')} now)`;
  if (known.length === 0) return `these results carry no sampling fingerprint (the baselines': ${was})`;
  if (now.length === 1 && now[0] === was) return null;
  return `sampled otherwise: ${was} then, ${now.map((k) => k ?? 'none').join(', ')} now`;
}

/**
 * The machine, not the runtimes: CPU model, cores, OS and architecture ("AMD EPYC 7B13 · 2 cores ·
 * linux x64"). Runs with the same fingerprint are comparable over time (history, the change against
 * an earlier run); a hostname alone is not (CI hosts change names, one name can change hardware).
 */
export function fingerprintOf(host: Pick<RunRecord['host'], 'cpuModel' | 'cores' | 'os' | 'arch'>): string {
  return `${host.cpuModel.trim().replace(/\s+/g, ' ')} · ${host.cores} cores · ${host.os} ${host.arch}`;
}

/** What a column was measured with and on, for reports: the runtime and engine, the machine, the code. */
export interface ColumnTestbed {
  label: string;
  runtime: string;
  version: string;
  engine: string;
  testbed: string;
  hostname: string;
  memoryBytes: number;
  governor: string | null;
  loadAverage: number | null;
  commit: string | null;
  dirty: boolean | null;
}

/** One line per column (from its first run record): exact runtime and engine versions and the machine. */
export function columnTestbeds(columns: ReadonlyArray<{ label: string; runs: ReadonlyArray<{ run: RunRecord }> }>): ColumnTestbed[] {
  return columns.flatMap((c) => {
    const run = c.runs[0]?.run;
    if (run === undefined) return [];
    return [
      {
        label: c.label,
        runtime: run.runtime.name,
        version: run.runtime.version,
        engine: `${run.runtime.engine} ${run.runtime.engineVersion}`.trim(),
        testbed: fingerprintOf(run.host),
        hostname: run.host.hostname,
        memoryBytes: run.host.memoryBytes,
        governor: run.host.governor,
        loadAverage: run.host.loadAverage,
        commit: run.git.commit,
        dirty: run.git.dirty,
      },
    ];
  });
}
