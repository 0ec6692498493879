// The regression gate: an injected slowdown fails, a speed-up never does, noise does not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildColumns } from '../../../core/report/pool.ts';
import { judge, regressionGate, renderGate } from '../../../core/report/regression.ts';
import { parseBaselines, type BaselinesFile } from '../../../core/record/baselines.ts';
import { benchRecord, loadedRun, runRecord } from './helpers.ts';

const baselines = {
  node: {
    typescript_extraction_100: { mean_ns: 5_000_000, std_dev_ns: 200_000, samples: 50 },
    cache_hit: { mean_ns: 500, std_dev_ns: 50, samples: 50 },
    pipeline_e2e: { mean_ns: 7_000_000, std_dev_ns: 700_000, samples: 50 },
  },
  deno: { cache_hit: { mean_ns: 500, std_dev_ns: 50 } },
} as BaselinesFile;

function measured(figures: Record<string, { mean: number; sd: number; n: number }>) {
  const benches = Object.entries(figures).map(([id, f]) => benchRecord(id, { p50: f.mean, mean: f.mean, stdDev: f.sd, samples: f.n }));
  return buildColumns([loadedRun(runRecord('node'), benches)]);
}

test('an injected 30% slowdown is a regression; a 50% speed-up is not; a 4% slowdown is inside the tolerance', () => {
  const result = regressionGate(
    baselines,
    measured({
      typescript_extraction_100: { mean: 6_500_000, sd: 200_000, n: 50 },
      cache_hit: { mean: 250, sd: 50, n: 50 },
      pipeline_e2e: { mean: 7_280_000, sd: 700_000, n: 50 },
    }),
  );
  assert.deepEqual(
    result.findings.map((f) => [f.id, f.verdict]),
    [
      ['typescript_extraction_100', 'regression'],
      ['cache_hit', 'faster'],
      ['pipeline_e2e', 'within-tolerance'],
    ],
  );
  assert.deepEqual(
    result.regressions.map((f) => f.id),
    ['typescript_extraction_100'],
  );
  assert.deepEqual(result.skippedRuntimes, ['deno']);
  assert.match(renderGate(result), /1 regression\(s\)[^\n]*:\n {2}node typescript_extraction_100: \+30\.0%/);
});

test('a slowdown beyond the tolerance that is not significant does not fail', () => {
  // 12% slower, but a huge spread on 3 samples: Welch p ≫ 0.01.
  const verdict = judge({ n: 3, mean: 100, sd: 40 }, { n: 3, mean: 112, sd: 40 }, 0.1, 0.01);
  assert.equal(verdict.verdict, 'slower-not-significant');
  // scipy: ttest_ind_from_stats(112, 40, 3, 100, 40, 3, equal_var=False, alternative='greater')
  assert.ok(Math.abs(verdict.pSlower - 0.3659588377702289) < 1e-9, String(verdict.pSlower));
});

test('tolerance is configurable, and a benchmark missing from the results is listed, not failed', () => {
  const result = regressionGate(baselines, measured({ typescript_extraction_100: { mean: 6_500_000, sd: 200_000, n: 50 } }), { tolerance: 0.5 });
  assert.deepEqual(
    result.findings.map((f) => f.verdict),
    ['within-tolerance', 'not-measured', 'not-measured'],
  );
  assert.equal(result.regressions.length, 0);
  assert.match(renderGate(result), /no regression \(1 benches compared/);
});

test('a baseline without samples counts as n = 2, so a modest slowdown against its spread passes', () => {
  // cache_hit in deno: 500 ± 50 ns, no samples. 15% slower with a tight current sample: p ≈ 0.1 (only df ≈ 1).
  const columns = buildColumns([loadedRun(runRecord('deno'), [benchRecord('cache_hit', { p50: 575, mean: 575, stdDev: 5, samples: 1000 })])]);
  const finding = regressionGate(baselines, columns).findings[0]!;
  assert.equal(finding.baseline.n, 2);
  assert.equal(finding.verdict, 'slower-not-significant');
  const far = buildColumns([loadedRun(runRecord('deno'), [benchRecord('cache_hit', { p50: 5000, mean: 5000, stdDev: 5, samples: 1000 })])]);
  assert.equal(regressionGate(baselines, far).findings[0]!.verdict, 'regression');
});

test('runs method: with a multi-round baseline the unit is a run and the figure its median', () => {
  // Baseline: 5 rounds, medians 100 ± 2 (sd of the round medians). Means are spiky and ignored.
  const runsBaselines = { node: { a: { mean_ns: 400, std_dev_ns: 900, samples: 500, median_ns: 100, iqr_ns: 8, rounds: 5, round_sd_ns: 2 } } } as BaselinesFile;
  const current = (medians: number[]) =>
    buildColumns(medians.map((p50, i) => loadedRun(runRecord('node', { fork: i + 1 }), [benchRecord('a', { p50, mean: p50 * 4, stdDev: 900, samples: 100 })])));
  // The bare run-level test (no allowance for a whole sitting moving), as on a quiet machine.
  const bare = { drift: 0 };
  const slow = regressionGate(runsBaselines, current([107, 110, 113]), bare).findings[0]!;
  assert.equal(slow.method, 'runs');
  assert.deepEqual([slow.current!.n, slow.current!.mean, slow.current!.sd], [3, 110, 3]);
  assert.ok(Math.abs(slow.pSlower! - 0.000600999581947306) < 1e-9);
  assert.equal(slow.verdict, 'regression');
  assert.match(
    renderGate(regressionGate(runsBaselines, current([107, 110, 113]), bare)),
    /node a: 100 ns → 110 ns \(\+10\.0% median, 5 vs 3 run\(s\), p = 0\.00060\)/,
  );
  // The same +10% from one drifting run is not enough against a run-to-run sd of 2… at 15% tolerance it is inside.
  assert.equal(regressionGate(runsBaselines, current([112]), { tolerance: 0.15, drift: 0 }).findings[0]!.verdict, 'within-tolerance');
  // One run 30% slower: prediction t = 30 / (2·√1.2) ≈ 13.7 with df 4 → p ≈ 8e-5: a regression.
  assert.equal(regressionGate(runsBaselines, current([130]), bare).findings[0]!.verdict, 'regression');
  // Drift the size of the baseline's own run-to-run spread is not significant.
  const noisy = { node: { a: { ...runsBaselines.node!.a!, round_sd_ns: 20 } } } as BaselinesFile;
  assert.equal(regressionGate(noisy, current([125]), bare).findings[0]!.verdict, 'slower-not-significant');
  assert.equal(regressionGate(noisy, current([60])).findings[0]!.verdict, 'faster');
});

test('runs method with the default session drift (6%): a sitting that moved 10% is not a regression, a 30% one run 5 rounds deep is', () => {
  const runsBaselines = { node: { a: { mean_ns: 100, std_dev_ns: 9, samples: 500, median_ns: 100, iqr_ns: 8, rounds: 5, round_sd_ns: 2 } } } as BaselinesFile;
  const current = (medians: number[]) =>
    buildColumns(medians.map((p50, i) => loadedRun(runRecord('node', { fork: i + 1 }), [benchRecord('a', { p50, mean: p50, stdDev: 9, samples: 100 })])));
  // se² = 34/6·(1/5 + 1/3) + 2·6² = 3.022 + 72, df (Welch–Satterthwaite) = 3697; scipy: t.sf(10/8.6615, 3697) = 0.124179
  const moved = regressionGate(runsBaselines, current([107, 110, 113]));
  assert.equal(moved.drift, 0.06);
  assert.ok(Math.abs(moved.findings[0]!.pSlower! - 0.12417888194599172) < 1e-6, String(moved.findings[0]!.pSlower));
  assert.equal(moved.findings[0]!.verdict, 'slower-not-significant');
  assert.match(renderGate(moved), /sittings allowed to move 6%/);
  // one run 30% slower: se² = (2·√1.2)² + 72, df = 1024; scipy: t.sf(30/8.7224, 1024) = 0.000321614 — significant alone
  const far = regressionGate(runsBaselines, current([130])).findings[0]!;
  assert.ok(Math.abs(far.pSlower! - 0.0003216138975740945) < 1e-7, String(far.pSlower));
  assert.equal(far.verdict, 'regression');
});

test('each bench is tested at alpha / benches compared (Bonferroni): p = 0.004 fails alone, passes among ten', () => {
  const base = { mean_ns: 100, std_dev_ns: 10, samples: 30 };
  // Current 30 samples of 120 ± 37.6 against 100 ± 10: between 0.001 and 0.01.
  const sd = 37.6;
  const one = regressionGate({ node: { a: base } } as BaselinesFile, measured({ a: { mean: 120, sd, n: 30 } }));
  // scipy: ttest_ind_from_stats(120, 37.6, 30, 100, 10, 30, equal_var=False, alternative='greater')
  assert.ok(Math.abs(one.findings[0]!.pSlower! - 0.004071718124032196) < 1e-9, String(one.findings[0]!.pSlower));
  assert.equal(one.findings[0]!.verdict, 'regression');
  const ids = 'abcdefghij'.split('');
  const ten = regressionGate(
    { node: Object.fromEntries(ids.map((id) => [id, base])) } as BaselinesFile,
    measured(Object.fromEntries(ids.map((id) => [id, id === 'a' ? { mean: 120, sd, n: 30 } : { mean: 100, sd: 10, n: 30 }]))),
  );
  assert.equal(ten.perBenchAlpha, 0.001);
  assert.equal(ten.findings[0]!.verdict, 'slower-not-significant');
});

test("the machine's speed: baselines are scaled by the calibration's pace now against then, or compared as measured where either is unknown", () => {
  const parsed = parseBaselines(
    JSON.stringify({
      _meta: {
        measuredOn: 'm',
        date: 'd',
        profile: 'quick',
        host: { hostname: 'h', os: 'linux', arch: 'x64', cpuModel: 'c', cores: 2 },
        versions: { node: '1.0.0' },
        git: { commit: null, dirty: null },
        runtimes: { node: { version: '1.0.0', engine: 'V8', engineVersion: '12', calibrationNs: 1000 } },
      },
      node: { a: { mean_ns: 100, std_dev_ns: 2, median_ns: 100, rounds: 5, round_sd_ns: 1 } },
      deno: { a: { mean_ns: 100, std_dev_ns: 2, median_ns: 100, rounds: 5, round_sd_ns: 1 } },
    }),
  );
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.message);
  const file = parsed.value;
  // Five forks of a machine 15% slower: the bench at 115 and the calibration at 1150 beside it.
  const forks = (runtime: string, p50: number, calibrationNs: number | null) =>
    [1, 2, 3, 4, 5].map((fork) =>
      loadedRun(runRecord(runtime, { fork }), [
        benchRecord('a', { p50: p50 + fork / 10, ...(calibrationNs === null ? {} : { calibration: { beforeNs: calibrationNs, afterNs: calibrationNs } }) }),
      ]),
    );
  const slower = buildColumns([...forks('node', 115, 1150), ...forks('deno', 115, 1150)]);
  const result = regressionGate(file, slower, { drift: 0 });
  const node = result.findings.find((f) => f.runtime === 'node')!;
  assert.equal(node.scale, 1.15);
  assert.equal(node.baseline.mean, 100, 'the finding keeps the figure of the file');
  assert.ok(Math.abs(node.change! - (115.3 / 115 - 1)) < 1e-12, String(node.change));
  assert.equal(node.verdict, 'within-tolerance');
  // deno's baselines have no calibration: compared as measured, +15.3% over five tight forks fails.
  const deno = result.findings.find((f) => f.runtime === 'deno')!;
  assert.equal(deno.scale, 1);
  assert.equal(deno.verdict, 'regression');
  assert.deepEqual(
    result.machine.map((m) => [m.column, m.why, m.factor]),
    [
      ['node', 'scaled', 1.15],
      ['deno', 'no-baseline-calibration', null],
    ],
  );
  const text = renderGate(result);
  assert.match(
    text,
    /^node: the machine ran the calibration 15\.0% slower than when the baselines were measured \(1\.15 µs now, 1\.00 µs then\); baselines scaled by ×1\.150/m,
  );
  assert.match(text, /^node a: 100 ns ×1\.150 → 115 ns \(\+0\.3% median, 5 vs 5 run\(s\)/m);
  assert.match(text, /^deno: the baselines record no calibration \(hand-written, or written before it was kept\); baselines compared as measured/m);
  // Turned off: node compared as measured too.
  const off = regressionGate(file, slower, { drift: 0, calibrate: false });
  assert.equal(off.findings.find((f) => f.runtime === 'node')!.verdict, 'regression');
  assert.equal(off.machine[0]!.why, 'off');
  // A faster machine scales the other way: 0.8 of the calibration, the bench at 80 is unchanged code.
  const faster = regressionGate(file, buildColumns(forks('node', 80, 800)), { drift: 0 });
  assert.equal(faster.findings[0]!.scale, 0.8);
  assert.equal(faster.findings[0]!.verdict, 'within-tolerance');
  assert.match(renderGate(faster), /^node: the machine ran the calibration 20\.0% faster than/m);
  // Another version of the runtime: its calibration pace is the runtime's too, so compared as measured.
  const upgraded = regressionGate(
    file,
    buildColumns(
      [1, 2].map((fork) =>
        loadedRun(runRecord('node', { fork, runtime: { name: 'node', version: '2.0.0', engine: 'V8', engineVersion: '13' } }), [
          benchRecord('a', { p50: 100, calibration: { beforeNs: 900, afterNs: 900 } }),
        ]),
      ),
    ),
    { drift: 0 },
  );
  assert.deepEqual([upgraded.machine[0]!.why, upgraded.findings[0]!.scale], ['other-version', 1]);
  assert.match(
    renderGate(upgraded),
    /^node: another version of the runtime than the baselines' \(the calibration would measure it too, not only the machine\); baselines compared as measured/m,
  );
  // Results without calibration readings: compared as measured, and said so.
  const unread = regressionGate(file, buildColumns(forks('node', 100, null)), { drift: 0 });
  assert.equal(unread.machine[0]!.why, 'no-current-calibration');
  assert.match(renderGate(unread), /^node: these results have no calibration readings; baselines compared as measured/m);
});
