// Builders of records and runs for the report tests (plain values, no runner needed).
import type { BenchRecord, RunRecord } from '../../../core/record/schema.ts';
import { noiseBands, type NoiseBands } from '../../../core/report/bands.ts';
import type { LoadedRun } from '../../../core/report/runs.ts';

export function runRecord(runtime: string, overrides: Partial<RunRecord> = {}, hostname = 'bench-host'): RunRecord {
  return {
    type: 'run',
    schema: 2,
    runId: 'run-1',
    target: { label: runtime, runtime, revision: null },
    fork: 1,
    protocol: 1,
    runtime: { name: runtime, version: '1.0.0', engine: 'V8', engineVersion: '12' },
    host: { hostname, os: 'linux', arch: 'x64', cpuModel: 'Test CPU', cores: 2, memoryBytes: 1e9, governor: null, loadAverage: null },
    git: { commit: 'abc', dirty: false },
    startedAt: '2026-11-27T10:00:00.000Z',
    profile: 'quick',
    sampling: 'quick',
    shard: null,
    heapSource: 'test',
    ...overrides,
  };
}

/** A bench record with a symmetric spread around `p50` unless quantiles are given; loadedRun places it in its run. */
export function benchRecord(id: string, figures: Partial<BenchRecord> & { p50: number }, runId = 'run-1'): BenchRecord {
  const { p50 } = figures;
  return {
    type: 'bench',
    schema: 2,
    runId,
    suite: 'clew',
    id,
    target: '',
    fork: 1,
    round: 1,
    position: 0,
    startedAt: '2026-11-27T10:00:01.000Z',
    endedAt: '2026-11-27T10:00:02.000Z',
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

/** A run of one process with these benches (in order: their positions), each placed in the run's target and fork. */
export function loadedRun(run: RunRecord, benches: BenchRecord[], source = `${run.target.label}-f${run.fork}.ndjson`): LoadedRun {
  return {
    source,
    run,
    benches: benches.map((b, i) => ({ ...b, runId: run.runId, target: run.target.label, fork: run.fork, position: b.position || i })),
    errors: [],
    done: null,
  };
}

/** Runs of several targets over several forks from a table of medians: medians[target][fork − 1] for bench `id`. */
export function forkedRuns(id: string, medians: Record<string, number[]>, runId = 'run-1'): LoadedRun[] {
  return Object.entries(medians).flatMap(([target, values]) =>
    values.map((p50, i) => loadedRun(runRecord(target, { runId, fork: i + 1 }), [benchRecord(id, { p50 }, runId)])),
  );
}

/** Noise bands as a measured file would give them: runtime → bench id → band, at least `floor`. */
export function testBands(floor: number, bands: Record<string, Record<string, number>>): NoiseBands {
  return noiseBands({
    _meta: {
      measuredOn: 'test',
      date: '2026-12-04',
      host: { hostname: 'h', cpuModel: 'Test CPU', cores: 2, os: 'linux', arch: 'x64' },
      profile: 'quick',
      runs: 10,
      method: 'test',
    },
    floor,
    bands,
  });
}
