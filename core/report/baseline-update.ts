// Builds a new baselines.json from measured columns and lists what changes against the old one.
import { baselineRuntimes, type BaselineEntry, type BaselineMeta, type BaselinesFile } from '../record/baselines.ts';
import type { RunRecord } from '../record/schema.ts';
import { calibrationReference } from './drift.ts';
import { formatNs, formatPercent } from './format.ts';
import { usableObservations, type Column } from './pool.ts';
import { sampleSd } from './stats.ts';

/**
 * The benches that make up a first baselines file: the ids of the guide's baselines.json
 * example and the reference's numbers on record (DESIGN.md's catalogue names).
 */
export const KEY_BENCH_IDS = [
  'typescript_extraction_100',
  'python_extraction_100',
  'rust_extraction_100',
  'zig_extraction_100',
  'go_extraction_100',
  'constraint_compilation_10',
  'constraint_compilation_50',
  'ffi_roundtrip',
  'pipeline_e2e',
  'orchestrator_full_workflow',
  'cache_hit',
  'cache_miss',
  'hash_generation_10',
  'llguidance_schema_generation_10',
  'constraint_serialization_medium',
] as const;

export interface BaselineSelection {
  /** 'all' = every measured bench; otherwise these ids. */
  ids: 'all' | readonly string[];
}

/** What a baseline entry's figures are, written into _meta.figure. */
export const BASELINE_FIGURE =
  "median_ns: the median over forks (fresh processes) of each fork's median, the figure the gate compares; rounds: how many forks; " +
  "round_sd_ns: the standard deviation of the forks' medians; mean_ns, std_dev_ns, samples, iqr_ns: the pooled samples (the guide's figures)";

/**
 * The new file: every runtime measured gets a fresh section (the median over forks and their
 * spread; mean, sd, samples of the pooled samples); runtimes of the old file that were not
 * measured keep their old section.
 * Throws a RangeError when a runtime was measured on several hosts (a baseline is per machine).
 */
export function buildBaselines(columns: readonly Column[], old: BaselinesFile | null, selection: BaselineSelection, meta: BaselineMeta): BaselinesFile {
  const runtimes = new Set<string>();
  for (const column of columns) {
    if (runtimes.has(column.runtime))
      throw new RangeError(`${column.runtime} was measured on several hosts; a baseline belongs to one machine (pass one host's results)`);
    runtimes.add(column.runtime);
  }
  const next: Record<string, unknown> = { _meta: meta };
  const oldSections = old === null ? new Map<string, Record<string, BaselineEntry>>() : baselineRuntimes(old);
  for (const [runtime, section] of oldSections) if (!runtimes.has(runtime)) next[runtime] = section;
  for (const column of columns) {
    const wanted = selection.ids === 'all' ? [...column.benches.keys()] : selection.ids;
    const section: Record<string, BaselineEntry> = {};
    for (const id of wanted) {
      const bench = column.benches.get(id);
      if (bench === undefined) continue;
      const forks = usableObservations(bench.observations).map((o) => o.p50);
      const entry: BaselineEntry = {
        mean_ns: round(bench.mean),
        std_dev_ns: round(bench.stdDev),
        samples: bench.samples,
        median_ns: round(bench.median.estimate),
        iqr_ns: round(bench.p75 - bench.p25),
        rounds: forks.length,
      };
      if (forks.length >= 2) entry.round_sd_ns = round(sampleSd(forks));
      section[id] = entry;
    }
    next[column.runtime] = section;
  }
  return next as BaselinesFile;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/** The sampling fingerprint the runs share, or null when any lacks one or they differ. */
function samplingKeyOf(runs: readonly RunRecord[]): string | null {
  const keys = new Set(runs.map((r) => r.samplingKey ?? null));
  const [only] = keys;
  return keys.size === 1 && only !== undefined ? only : null;
}

/**
 * Metadata of a baseline measured by these runs; `columns` (the same runs' columns) give each
 * runtime's calibration median, which the gate scales the baselines by later.
 */
export function baselineMeta(runs: readonly RunRecord[], measuredOn: string, date: string, columns: readonly Column[] = []): BaselineMeta {
  const first = runs[0];
  if (first === undefined) throw new RangeError('no run records to take baseline metadata from');
  const samplingKey = samplingKeyOf(runs);
  const versions: Record<string, string> = {};
  const runtimes: Record<string, { version: string; engine: string; engineVersion: string; calibrationNs?: number }> = {};
  for (const run of runs) {
    versions[run.runtime.name] = run.runtime.version;
    runtimes[run.runtime.name] = { version: run.runtime.version, engine: run.runtime.engine, engineVersion: run.runtime.engineVersion };
  }
  for (const column of columns) {
    const calibration = calibrationReference(column);
    const entry = runtimes[column.runtime];
    if (calibration !== null && entry !== undefined) entry.calibrationNs = round(calibration);
  }
  return {
    measuredOn,
    date,
    profile: first.profile,
    host: { hostname: first.host.hostname, os: first.host.os, arch: first.host.arch, cpuModel: first.host.cpuModel, cores: first.host.cores },
    versions,
    git: first.git,
    runId: first.runId,
    // Forks per target: processes over targets.
    rounds: new Set(runs.map((r) => `${r.target.label}\u0000${r.runId}\u0000${r.fork}`)).size / Math.max(1, new Set(runs.map((r) => r.target.label)).size),
    figure: BASELINE_FIGURE,
    ...(samplingKey === null ? {} : { samplingKey }),
    runtimes,
  };
}

export interface BaselineChange {
  runtime: string;
  id: string;
  kind: 'added' | 'removed' | 'changed';
  oldMean: number | null;
  newMean: number | null;
}

/** Every entry that differs between two files (added, removed, or a different mean). */
export function diffBaselines(old: BaselinesFile | null, next: BaselinesFile): BaselineChange[] {
  const before = old === null ? new Map<string, Record<string, BaselineEntry>>() : baselineRuntimes(old);
  const after = baselineRuntimes(next);
  const changes: BaselineChange[] = [];
  for (const runtime of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(runtime) ?? {};
    const b = after.get(runtime) ?? {};
    for (const id of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const oldMean = a[id]?.mean_ns ?? null;
      const newMean = b[id]?.mean_ns ?? null;
      if (oldMean === newMean) continue;
      changes.push({ runtime, id, kind: oldMean === null ? 'added' : newMean === null ? 'removed' : 'changed', oldMean, newMean });
    }
  }
  return changes;
}

export function renderBaselineChanges(changes: readonly BaselineChange[]): string {
  if (changes.length === 0) return 'no changes';
  return changes
    .map((c) => {
      if (c.kind === 'added') return `+ ${c.runtime} ${c.id}: ${formatNs(c.newMean!)}`;
      if (c.kind === 'removed') return `- ${c.runtime} ${c.id}: ${formatNs(c.oldMean!)} (removed)`;
      return `~ ${c.runtime} ${c.id}: ${formatNs(c.oldMean!)} → ${formatNs(c.newMean!)} (${formatPercent(c.newMean! / c.oldMean! - 1)})`;
    })
    .join('\n');
}
