// A comparison with every kind of cell, for the table snapshots and the exporters' format checks:
// clear ranks, a tie inside the noise band, an unsure ratio, statuses OK/SLOW/FAIL and no target, a
// noisy measurement, a missing cell and a bench only one target measured; 3 or 6 targets.
import type { TargetsFile } from '../../../core/record/baselines.ts';
import { compareColumns, type ComparisonReport } from '../../../core/report/compare.ts';
import { markDrift } from '../../../core/report/drift.ts';
import { buildColumns } from '../../../core/report/pool.ts';
import type { LoadedRun } from '../../../core/report/runs.ts';
import { benchRecord, loadedRun, runRecord } from '../../core/report/helpers.ts';

const TARGETS_3 = [
  ['node', '20.20.2', 'V8 11.3'],
  ['bun', '1.4.5', 'JavaScriptCore'],
  ['deno', '2.9.6', 'V8 14.2'],
] as const;
const TARGETS_6 = [...TARGETS_3, ['node@22', '22.23.5', 'V8 12.4'], ['bun@1.3.14', '1.3.14', 'JavaScriptCore'], ['deno@2.5', '2.5.6', 'V8 13.9']] as const;

/** suite, id, median in ns on node, each target's speed over node's (by runtime), and what is special about it. */
const BENCHES: Array<{
  suite: string;
  id: string;
  ns: number;
  speed: Record<string, number>;
  forks?: number[];
  only?: string;
  missing?: string;
  noisy?: string;
}> = [
  { suite: 'clew', id: 'extract_snippet_50b', ns: 182_000, speed: { node: 1, bun: 0.74, deno: 1.21 } },
  { suite: 'clew', id: 'extract_snippet_200b', ns: 410_000, speed: { node: 1, bun: 1.005, deno: 1.31 } },
  { suite: 'clew', id: 'extract_cache_hit', ns: 1_930, speed: { node: 1, bun: 1.06, deno: 0.97 }, forks: [1, 1.12, 0.9] },
  { suite: 'multi-lang', id: 'typescript_extraction_100', ns: 1_240_000, speed: { node: 1, bun: 1.9, deno: 2.6 } },
  { suite: 'multi-lang', id: 'python_extraction_1000', ns: 12_700_000, speed: { node: 1, bun: 1.35, deno: 1.02 }, noisy: 'bun' },
  { suite: 'multi-lang', id: 'go_extraction_5000', ns: 48_100_000, speed: { node: 1, bun: 1.42, deno: 1.1 }, missing: 'deno' },
  { suite: 'maze', id: 'cache_hit', ns: 95, speed: { node: 1, bun: 0.58, deno: 1.04 } },
  { suite: 'maze', id: 'llguidance_schema_generation_10', ns: 61_500, speed: { node: 1, bun: 1.27, deno: 0.99 } },
  { suite: 'tokenmask', id: 'token_mask_trie_build', ns: 1_840_000_000, speed: { node: 1 }, only: 'node' },
];

export const FIXTURE_TARGETS: TargetsFile = {
  targets: {
    typescript_extraction_100: { metric: 'time', target: 2e6, critical: 3e6, source: 'guide' },
    extract_snippet_50b: { metric: 'time', target: 200_000, critical: 400_000, source: 'guide' },
    cache_hit: { metric: 'time', target: 100, source: 'guide' },
  },
};

/** Version-2 records of one run: three forks of every target, the second fork of a noisy cell contended. */
export function fixtureRuns(targetCount: 3 | 6, runId = 'fixture-run'): LoadedRun[] {
  const targets = targetCount === 3 ? TARGETS_3 : TARGETS_6;
  const runs: LoadedRun[] = [];
  targets.forEach(([label, version, engine], t) => {
    const runtime = label.split('@')[0]!;
    // A versioned target runs 8% slower than the runtime it is a version of.
    const versionFactor = label.includes('@') ? 1.08 : 1;
    for (let fork = 1; fork <= 3; fork++) {
      const benches = BENCHES.flatMap((b, position) => {
        if (b.missing === label || (b.only !== undefined && b.only !== label)) return [];
        // Each fork's own luck (shared by every target) and each target's own (±1%), so ratios have intervals.
        const wobble = (b.forks ?? [1, 1.01, 0.99])[fork - 1]! * (1 + 0.005 * (((t * 3 + fork * 7 + position) % 5) - 2));
        const p50 = b.ns * b.speed[runtime]! * versionFactor * wobble;
        const contended = b.noisy === label && fork === 2;
        return [
          benchRecord(
            b.id,
            {
              p50,
              suite: b.suite,
              position,
              round: 1,
              calibration: { beforeNs: 1000, afterNs: 1000 },
              sched: { onCpuNs: p50 * 100, waitNs: contended ? p50 * 50 : 0 },
              extra: b.suite === 'multi-lang' ? { linesPerSecond: 1000 / (p50 / 1e9) } : {},
            },
            runId,
          ),
        ];
      });
      runs.push(
        loadedRun(
          runRecord(label, { runId, fork, runtime: { name: runtime, version, engine: engine.split(' ')[0]!, engineVersion: engine.split(' ')[1] ?? '' } }),
          benches,
        ),
      );
    }
  });
  return runs;
}

export function fixtureReport(targetCount: 3 | 6): ComparisonReport {
  const columns = buildColumns(fixtureRuns(targetCount));
  markDrift(columns);
  return compareColumns(columns, { targets: FIXTURE_TARGETS });
}
