// Builds the NDJSON records (core/record/schema.ts) from what a session measured.
import { RECORD_SCHEMA_VERSION, type BenchRecord, type DoneRecord, type ErrorRecord, type RunRecord, type Target } from '../record/schema.ts';
import type { RuntimeInfo } from '../platform.ts';
import type { CatalogueEntry, BenchParams } from '../catalogue.ts';
import type { Profile } from './sampling.ts';
import type { TimingSummary } from './stats.ts';
import type { WarmupOutcome } from './timing.ts';

export type HostInfo = RunRecord['host'];
export type GitInfo = RunRecord['git'];
export type Extra = NonNullable<BenchRecord['extra']>;

/** Where a measurement sits in the schedule. */
export interface Placement {
  target: string;
  fork: number;
  round: number;
  position: number;
}

/** A run id that sorts by time and does not collide across runtimes started together. */
export function generateRunId(runtime: string, now: Date = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${runtime}-${Math.random().toString(36).slice(2, 8)}`;
}

export function runRecord(o: {
  runId: string;
  target: Target;
  fork: number;
  protocol: number | null;
  runtime: RuntimeInfo;
  host: HostInfo;
  git: GitInfo;
  profile: Profile;
  sampling: string;
  samplingKey?: string;
  shard: string | null;
  heapSource: string;
  startedAt?: Date;
  testbed?: string;
}): RunRecord {
  return {
    ...(o.testbed === undefined ? {} : { testbed: o.testbed }),
    type: 'run',
    schema: RECORD_SCHEMA_VERSION,
    runId: o.runId,
    target: o.target,
    fork: o.fork,
    protocol: o.protocol,
    runtime: { ...o.runtime },
    host: o.host,
    git: o.git,
    startedAt: (o.startedAt ?? new Date()).toISOString(),
    profile: o.profile,
    sampling: o.sampling,
    ...(o.samplingKey === undefined ? {} : { samplingKey: o.samplingKey }),
    shard: o.shard,
    heapSource: o.heapSource,
  };
}

export function benchRecord(
  runId: string,
  entry: CatalogueEntry,
  params: BenchParams,
  timing: TimingSummary,
  extra: Extra | null,
  at: Placement & {
    startedAt: Date;
    endedAt: Date;
    warmup: WarmupOutcome | null;
    calibration: { beforeNs: number; afterNs: number } | null;
    sched: { onCpuNs: number; waitNs: number } | null;
  },
): BenchRecord {
  const record: BenchRecord = {
    type: 'bench',
    schema: RECORD_SCHEMA_VERSION,
    runId,
    suite: entry.suite,
    id: entry.id,
    target: at.target,
    fork: at.fork,
    round: at.round,
    position: at.position,
    startedAt: at.startedAt.toISOString(),
    endedAt: at.endedAt.toISOString(),
    params,
    unit: 'ns',
    samples: timing.samples,
    iterations: timing.iterations,
    min: timing.min,
    p25: timing.p25,
    p50: timing.p50,
    p75: timing.p75,
    p99: timing.p99,
    max: timing.max,
    mean: timing.mean,
    stdDev: timing.stdDev,
  };
  if (at.warmup !== null) record.warmup = at.warmup;
  if (at.calibration !== null) record.calibration = at.calibration;
  if (at.sched !== null) record.sched = at.sched;
  if (extra !== null) record.extra = extra;
  return record;
}

export function errorRecord(runId: string, suite: string | null, id: string | null, message: string, at?: Placement): ErrorRecord {
  const record: ErrorRecord = { type: 'error', schema: RECORD_SCHEMA_VERSION, runId, suite, id, message };
  if (at !== undefined) {
    record.fork = at.fork;
    record.round = at.round;
  }
  return record;
}

export function doneRecord(runId: string, counts: { bench: number; error: number }, endedAt: Date = new Date()): DoneRecord {
  return { type: 'done', schema: RECORD_SCHEMA_VERSION, runId, endedAt: endedAt.toISOString(), counts };
}
