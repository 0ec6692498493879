// Builders of records and runs for the report tests (plain values, no runner needed).
import type { BenchRecord, RunRecord } from '../../../core/record/schema.ts';
import type { LoadedRun } from '../../../core/report/runs.ts';

export function runRecord(runtime: string, overrides: Partial<RunRecord> = {}, hostname = 'bench-host'): RunRecord {
  return {
    type: 'run',
    schema: 1,
    runId: 'run-1',
    runtime: { name: runtime, version: '1.0.0', engine: 'V8', engineVersion: '12' },
    host: { hostname, os: 'linux', arch: 'x64', cpuModel: 'Test CPU', cores: 2, memoryBytes: 1e9, governor: null, loadAverage: null },
    git: { commit: 'abc', dirty: false },
    startedAt: '2026-11-27T10:00:00.000Z',
    profile: 'quick',
    round: 1,
    shard: null,
    heapSource: 'test',
    ...overrides,
  };
}

/** A bench record with a symmetric spread around `p50` unless quantiles are given. */
export function benchRecord(id: string, figures: Partial<BenchRecord> & { p50: number }, runId = 'run-1'): BenchRecord {
  const { p50 } = figures;
  return {
    type: 'bench',
    schema: 1,
    runId,
    suite: 'clew',
    id,
    params: {},
    unit: 'ns',
    samples: 10,
    min: p50 * 0.9,
    p25: p50 * 0.97,
    p75: p50 * 1.03,
    p99: p50 * 1.08,
    max: p50 * 1.1,
    mean: p50,
    stdDev: p50 * 0.03,
    ...figures,
  };
}

export function loadedRun(run: RunRecord, benches: BenchRecord[], source = `${run.runtime.name}.ndjson`): LoadedRun {
  return { source, run, benches: benches.map((b) => ({ ...b, runId: run.runId })), errors: [], done: null };
}
