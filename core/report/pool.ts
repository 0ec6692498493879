// Pools the rounds of one runtime on one host into one figure per bench (pooled mean
// and variance, sample-weighted quantiles), and groups runs into table columns.
import type { BenchRecord, ErrorRecord } from '../record/schema.ts';
import { columnKey, hostKey, type LoadedRun } from './runs.ts';
import { poolQuantile, poolSummaries } from './stats.ts';

export type ExtraFigures = Record<string, number | string | null>;

export interface PooledBench {
  suite: string;
  id: string;
  params: BenchRecord['params'];
  /** How many bench records (rounds) were pooled. */
  rounds: number;
  /** Each pooled record's median, in order (the run-level sample the regression gate uses). */
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

/**
 * Pools records of the same bench. Mean and standard deviation are exact pooled values;
 * quantiles are sample-count-weighted means of the records' quantiles (see stats.ts);
 * min and max are the extremes; numeric extra figures are sample-weighted means.
 */
export function poolBenchRecords(records: readonly BenchRecord[]): PooledBench {
  const first = records[0];
  if (first === undefined) throw new RangeError('poolBenchRecords needs at least one record');
  const summary = poolSummaries(records.map((r) => ({ n: r.samples, mean: r.mean, sd: r.stdDev })));
  const quantile = (pick: (r: BenchRecord) => number) => poolQuantile(records.map((r) => ({ n: r.samples, value: pick(r) })));
  return {
    suite: first.suite,
    id: first.id,
    params: first.params,
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

/** One table column: every round of one runtime on one host. */
export interface Column {
  key: string;
  runtime: string;
  host: string;
  /** Header text: the runtime name, or runtime@host when the runs span several hosts. */
  label: string;
  /** Distinct runtime versions seen (normally one). */
  versions: string[];
  runs: LoadedRun[];
  /** Pooled benches by bench id, in first-seen order. */
  benches: Map<string, PooledBench>;
  errors: ErrorRecord[];
}

const RUNTIME_ORDER = ['node', 'bun', 'deno'];

function runtimeRank(name: string): number {
  const rank = RUNTIME_ORDER.indexOf(name);
  return rank === -1 ? RUNTIME_ORDER.length : rank;
}

/** Groups runs by runtime and host and pools each bench over the group's rounds. */
export function buildColumns(runs: readonly LoadedRun[]): Column[] {
  const groups = new Map<string, LoadedRun[]>();
  for (const run of runs) {
    const key = columnKey(run.run);
    groups.set(key, [...(groups.get(key) ?? []), run]);
  }
  const hosts = new Set(runs.map((r) => hostKey(r.run)));
  const columns: Column[] = [];
  for (const [key, group] of groups) {
    const byId = new Map<string, BenchRecord[]>();
    for (const run of group) for (const bench of run.benches) byId.set(bench.id, [...(byId.get(bench.id) ?? []), bench]);
    const first = group[0]!.run;
    columns.push({
      key,
      runtime: first.runtime.name,
      host: hostKey(first),
      label: hosts.size > 1 ? key : first.runtime.name,
      versions: [...new Set(group.map((r) => r.run.runtime.version))],
      runs: group,
      benches: new Map([...byId].map(([id, records]) => [id, poolBenchRecords(records)])),
      errors: group.flatMap((r) => r.errors),
    });
  }
  return columns.sort((a, b) => runtimeRank(a.runtime) - runtimeRank(b.runtime) || a.runtime.localeCompare(b.runtime) || a.host.localeCompare(b.host));
}
