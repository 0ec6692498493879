// Groups runs into table columns (one target on one host) and sums up each bench per column: its
// observations (one per fork and round: that measurement's median, where and when it was taken),
// the median over them with a distribution-free interval, and the pooled sample statistics
// (pooled mean and variance, sample-weighted quantiles) the details and the gate use.
import type { BenchRecord, ErrorRecord } from '../record/schema.ts';
import { medianInterval, type Interval } from './intervals.ts';
import { columnKey, hostKey, type LoadedRun } from './runs.ts';
import { poolQuantile, poolSummaries } from './stats.ts';

export type ExtraFigures = Record<string, number | string | null>;

/** One measurement of a bench on one target: one fork, one round. */
export interface Observation {
  /** Pairs observations of different targets taken in the same round of the same run on the same host. */
  pairKey: string;
  runId: string;
  fork: number;
  round: number;
  position: number;
  /** The measurement's median time, ns. */
  p50: number;
  startedAt: string | null;
  calibration: { beforeNs: number; afterNs: number } | null;
  /** Share of the measurement's time its thread waited for a CPU (other work on the machine), null where unknown. */
  waitShare: number | null;
  /** Calibration time over the column's calibration median, minus 1 (null without calibration); set by markDrift. */
  slowdown: number | null;
  /** Measured while the machine ran slow or the thread waited for a CPU (drift.ts). */
  noisy: boolean;
  /**
   * The calibration beside it ran slow (drift.ts): the machine itself was slower, for a moment
   * shorter than the targets' turns at the bench, so it is set aside from medians and ratios
   * whenever a measurement (a pair) without it remains.
   */
  machineSlow: boolean;
  /** How far past the drift thresholds it was (drift.ts: above 1 is noisy), for choosing the least noisy. */
  severity: number;
}

export interface PooledBench {
  suite: string;
  id: string;
  params: BenchRecord['params'];
  /** One per bench record, in the order read. */
  observations: Observation[];
  /** The median of the observations' medians (noisy ones set aside when clean ones exist), with its interval. */
  median: Interval;
  /** How many bench records were pooled. */
  rounds: number;
  /** Each record's median, in order (the run-level sample the regression gate uses). */
  roundMedians: number[];
  samples: number;
  mean: number;
  stdDev: number;
  min: number;
  p25: number;
  p50: number;
  p75: number;
  p99: number;
  max: number;
  extra: ExtraFigures;
}

export function observationOf(record: BenchRecord, host: string): Observation {
  return {
    pairKey: `${host}\u0000${record.runId}\u0000${record.fork}\u0000${record.round}`,
    runId: record.runId,
    fork: record.fork,
    round: record.round,
    position: record.position,
    p50: record.p50,
    startedAt: record.startedAt,
    calibration: record.calibration ?? null,
    slowdown: null,
    noisy: false,
    machineSlow: false,
    severity: 0,
    waitShare: record.sched === undefined ? null : record.sched.waitNs / Math.max(1, record.sched.waitNs + record.sched.onCpuNs),
  };
}

/**
 * A summary rests on at least this many measurements where there are that many: with fewer clean
 * ones the least noisy make up the number. (Measured here: a contended measurement is a few percent
 * slow, while the lone clean one left of three was once a process 13× slower than the rest.)
 */
export const MIN_USABLE = 3;

/** The items a summary should use: the clean ones, topped up with the least noisy to MIN_USABLE. */
export function leastNoisy<T>(items: readonly T[], severity: (item: T) => number): T[] {
  const clean = items.filter((item) => severity(item) <= 1);
  if (clean.length >= MIN_USABLE || clean.length === items.length) return clean;
  const noisy = items.filter((item) => severity(item) > 1).sort((a, b) => severity(a) - severity(b));
  return [...clean, ...noisy.slice(0, MIN_USABLE - clean.length)];
}

/**
 * Observations a summary should use: those the machine did not slow down (all of them when it
 * slowed every one), then the clean ones among them topped up with the least noisy (see leastNoisy).
 * A slower machine moves a figure by its own amount (on a bursty host 1.3–2.7× for a second or two,
 * drift.ts), a contended thread by a few percent, hence the two steps.
 */
export function usableObservations(observations: readonly Observation[]): Observation[] {
  const steady = observations.filter((o) => !o.machineSlow);
  return leastNoisy(steady.length > 0 ? steady : observations, (o) => o.severity);
}

/** Recomputes the median and its interval from the usable observations (after drift marking). */
export function summarizeObservations(bench: PooledBench): void {
  bench.median = medianInterval(usableObservations(bench.observations).map((o) => o.p50));
}

/**
 * Pools records of the same bench. Mean and standard deviation are exact pooled values;
 * quantiles are sample-count-weighted means of the records' quantiles (see stats.ts);
 * min and max are the extremes; numeric extra figures are sample-weighted means.
 */
export function poolBenchRecords(records: readonly BenchRecord[], host = ''): PooledBench {
  const first = records[0];
  if (first === undefined) throw new RangeError('poolBenchRecords needs at least one record');
  const summary = poolSummaries(records.map((r) => ({ n: r.samples, mean: r.mean, sd: r.stdDev })));
  const quantile = (pick: (r: BenchRecord) => number) => poolQuantile(records.map((r) => ({ n: r.samples, value: pick(r) })));
  const observations = records.map((r) => observationOf(r, host));
  return {
    suite: first.suite,
    id: first.id,
    params: first.params,
    observations,
    median: medianInterval(observations.map((o) => o.p50)),
    rounds: records.length,
    roundMedians: records.map((r) => r.p50),
    samples: summary.n,
    mean: summary.mean,
    stdDev: summary.sd,
    min: Math.min(...records.map((r) => r.min)),
    p25: quantile((r) => r.p25),
    p50: quantile((r) => r.p50),
    p75: quantile((r) => r.p75),
    p99: quantile((r) => r.p99),
    max: Math.max(...records.map((r) => r.max)),
    extra: poolExtras(records),
  };
}

function poolExtras(records: readonly BenchRecord[]): ExtraFigures {
  const keys = new Set(records.flatMap((r) => Object.keys(r.extra ?? {})));
  const pooled: ExtraFigures = {};
  for (const key of keys) {
    const values = records.map((r) => ({ n: r.samples, value: (r.extra as Record<string, unknown> | undefined)?.[key] }));
    const numbers = values.filter((x): x is { n: number; value: number } => typeof x.value === 'number');
    if (numbers.length > 0) pooled[key] = poolQuantile(numbers);
    else {
      const text = values.find((x) => typeof x.value === 'string');
      pooled[key] = text === undefined ? null : (text.value as string);
    }
  }
  return pooled;
}

/** One table column: every process of one target on one host. */
export interface Column {
  key: string;
  /** The target's label ('node', 'node:base', …). */
  target: string;
  /** The target's runtime ('node', 'bun', 'deno'). */
  runtime: string;
  host: string;
  /** Header text: the target's label, or label@host when the runs span several hosts. */
  label: string;
  /** Distinct runtime versions seen (normally one). */
  versions: string[];
  /** Distinct engines seen, e.g. 'V8 11.3.244.8'. */
  engines: string[];
  runs: LoadedRun[];
  /** Distinct forks (fresh processes) seen. */
  forks: number;
  /** Pooled benches by bench id, in first-seen order. */
  benches: Map<string, PooledBench>;
  errors: ErrorRecord[];
}

const RUNTIME_ORDER = ['node', 'bun', 'deno'];

function runtimeRank(name: string): number {
  const rank = RUNTIME_ORDER.indexOf(name);
  return rank === -1 ? RUNTIME_ORDER.length : rank;
}

/**
 * Groups runs by target and host and pools each bench over the group's forks and rounds. With
 * `poolRuns: false`, separate runs (run ids) of one target on one host stay separate columns,
 * labelled with their run id: a merge of two sittings compares them rather than blending them.
 */
export function buildColumns(runs: readonly LoadedRun[], options: { poolRuns?: boolean } = {}): Column[] {
  const runIdsOf = new Map<string, Set<string>>();
  for (const run of runs) runIdsOf.set(columnKey(run.run), (runIdsOf.get(columnKey(run.run)) ?? new Set()).add(run.run.runId));
  const apart = (run: LoadedRun) => options.poolRuns === false && runIdsOf.get(columnKey(run.run))!.size > 1;
  const groups = new Map<string, LoadedRun[]>();
  for (const run of runs) {
    const key = apart(run) ? `${columnKey(run.run)}#${run.run.runId}` : columnKey(run.run);
    groups.set(key, [...(groups.get(key) ?? []), run]);
  }
  const hosts = new Set(runs.map((r) => hostKey(r.run)));
  const columns: Column[] = [];
  for (const [key, group] of groups) {
    const byId = new Map<string, BenchRecord[]>();
    for (const run of group) for (const bench of run.benches) byId.set(bench.id, [...(byId.get(bench.id) ?? []), bench]);
    const first = group[0]!.run;
    const host = hostKey(first);
    columns.push({
      key,
      target: first.target.label,
      runtime: first.runtime.name,
      host,
      label: `${hosts.size > 1 ? columnKey(first) : first.target.label}${apart(group[0]!) ? ` [${first.runId}]` : ''}`,
      versions: [...new Set(group.map((r) => r.run.runtime.version))],
      engines: [...new Set(group.map((r) => `${r.run.runtime.engine} ${r.run.runtime.engineVersion.replace(/-node\.\d+$|-rusty$/, '')}`.trim()))],
      runs: group,
      forks: new Set(group.map((r) => `${r.run.runId}\u0000${r.run.fork}`)).size,
      benches: new Map([...byId].map(([id, records]) => [id, poolBenchRecords(records, host)])),
      errors: group.flatMap((r) => r.errors),
    });
  }
  return columns.sort(
    (a, b) =>
      runtimeRank(a.runtime) - runtimeRank(b.runtime) ||
      a.runtime.localeCompare(b.runtime) ||
      a.target.localeCompare(b.target) ||
      a.host.localeCompare(b.host) ||
      a.key.localeCompare(b.key),
  );
}
