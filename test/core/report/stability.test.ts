// The harness's own benchmark (bench:stability): which benches two runs agree on, per target and per
// ratio, and the machine's pace between them (the calibration), computed by hand below.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { columnsOf, projectedShare, renderGoals, renderStability, stabilityBetween, type StabilityRun } from '../../../core/report/stability.ts';
import { benchRecord, loadedRun, runRecord } from './helpers.ts';

/** One fork of one target: bench id → median, every bench with the same calibration reading beside it. */
function fork(runId: string, target: string, medians: Record<string, number>, calibrationNs: number | null) {
  return loadedRun(
    runRecord(target, { runId }),
    Object.entries(medians).map(([id, p50]) =>
      benchRecord(id, { p50, ...(calibrationNs === null ? {} : { calibration: { beforeNs: calibrationNs, afterNs: calibrationNs } }) }, runId),
    ),
  );
}

/** Three forks of node and bun on benches x and y: node at 1 µs, bun at e^log of it, per fork. */
function ratioRuns(runId: string, logs: Record<string, number[]>) {
  return [1, 2, 3].flatMap((fork) => [
    loadedRun(runRecord('node', { runId, fork }), [benchRecord('x', { p50: 1000 }, runId), benchRecord('y', { p50: 1000 }, runId)]),
    loadedRun(
      runRecord('bun', { runId, fork }),
      Object.entries(logs).map(([id, l]) => benchRecord(id, { p50: 1000 * Math.exp(l[fork - 1]!) }, runId)),
    ),
  ]);
}

test('two runs: medians within ±10% per target, ratios within ±5% against node, sub-microsecond benches left out, and the machine pace taken out as a diagnostic', () => {
  // The second run: node's machine 12% slower (its calibration too) on a, b and d; bun's pace unchanged.
  const first = columnsOf(
    [fork('one', 'node', { a: 1000, b: 2000, c: 3000, d: 4000, tiny: 500 }, 1000), fork('one', 'bun', { a: 1600, b: 1000, c: 3000, d: 2000, tiny: 400 }, 1000)],
    0,
  );
  const second = columnsOf(
    [fork('two', 'node', { a: 1120, b: 2240, c: 3000, d: 4480, tiny: 560 }, 1120), fork('two', 'bun', { a: 1792, b: 1000, c: 3090, d: 2240, tiny: 400 }, 1000)],
    0,
  );
  const report = stabilityBetween(first, second);
  assert.deepEqual(report.benches, ['a', 'b', 'c', 'd']);
  // node: +12, +12, 0, +12% → 1 of 4; bun: +12, 0, +3, +12% → 2 of 4.
  assert.deepEqual(
    [...report.medians].map(([t, s]) => [t, s.within, s.of, s.outliers.map((o) => o.id)]),
    [
      ['node', 1, 4, ['a', 'b', 'd']],
      ['bun', 2, 4, ['a', 'd']],
    ],
  );
  // bun/node: 1.6 → 1.6, 0.5 → 0.446 (−10.7%), 1 → 1.03, 0.5 → 0.5: 3 of 4.
  const ratio = report.ratios.get('bun/node')!;
  assert.equal(ratio.within, 3);
  assert.deepEqual(
    ratio.outliers.map((o) => o.id),
    ['b'],
  );
  assert.ok(Math.abs(ratio.outliers[0]!.change - (1000 / 2240 / 0.5 - 1)) < 1e-12);
  // Pace: node ×1.12 (a, b, d then agree; c reads −10.7%), bun ×1.
  const node = report.pace.get('node')!;
  assert.ok(Math.abs(node.factor - 1.12) < 1e-12, String(node.factor));
  assert.deepEqual([node.medians.within, node.medians.outliers.map((o) => o.id)], [3, ['c']]);
  assert.deepEqual([report.pace.get('bun')!.factor, report.pace.get('bun')!.medians.within], [1, 2]);
  const text = renderStability(report);
  assert.match(text, /^4 bench\(es\) with a median ≥ 1000 ns on every target in both$/m);
  assert.match(text, /^medians within ±10% {2}node {9}1\/4 = 25% \(median \|change\| 12\.0%, p90 12\.0%\); worst: /m);
  assert.match(text, /^ratios within ±5% {3}bun\/node {5}3\/4 = 75% /m);
  assert.match(
    text,
    /^machine pace \(calibration, second over first\): node ×1\.120, bun ×1\.000; medians within ±10% with that taken out: node 75%, bun 50% \(a diagnostic; the shares above are as measured\)$/m,
  );
});

test('runs without calibration readings have no pace line', () => {
  const first = columnsOf([fork('one', 'node', { a: 1000 }, null)], 0);
  const second = columnsOf([fork('two', 'node', { a: 1050 }, null)], 0);
  const report = stabilityBetween(first, second);
  assert.equal(report.pace.get('node'), null);
  assert.doesNotMatch(renderStability(report), /machine pace/);
  assert.equal(report.medians.get('node')!.within, 1);
});

test("ratio intervals: whether the two runs' ratios differ by less than their intervals say they may, and the second inside the first's", () => {
  // bun/node per fork, as logs: x moves from 0.1, 0.2, 0.3 to 0.5, 0.6, 0.7; y to 0.2, 0.3, 0.4.
  const first = columnsOf(ratioRuns('one', { x: [0.1, 0.2, 0.3], y: [0.1, 0.2, 0.3] }), 0);
  const second = columnsOf(ratioRuns('two', { x: [0.5, 0.6, 0.7], y: [0.2, 0.3, 0.4] }), 0);
  const report = stabilityBetween(first, second);
  // Three forks: the mean of the logs with Student's t (2 df, 4.302653) × 0.1 / √3 = ±0.248414 in every
  // interval. x: 0.4 apart, more than √2 × 0.248414 = 0.351312, and 0.6 lies above the first's 0.448414;
  // y: 0.1 apart, inside both ways.
  const agreement = report.intervals.get('bun/node')!;
  assert.deepEqual([agreement.consistent, agreement.inside, agreement.of], [1, 1, 2]);
  assert.ok(
    agreement.halfWidths.every((h) => Math.abs(h - 0.248414) < 1e-6),
    String(agreement.halfWidths),
  );
  assert.match(
    renderStability(report),
    /^ratio intervals bun\/node: the runs differ by less than their combined intervals on 1\/2 = 50%, the second run's ratio inside the first's interval on 1\/2 = 50% \(honest intervals: about 95% and 83% or more\); median interval ±28\.2%$/m,
  );
});

test("projection: each bench's spread between forks, pooled over both runs, and the share more forks would give", () => {
  // bun/node per fork, as logs. x: 0.1, 0.2, 0.3 then 0.5, 0.6, 0.7 (variance 0.01 in each run);
  // y: 0.1, 0.3, 0.5 then 0.2, 0.3, 0.4 (0.04 and 0.01, pooled 0.025).
  const report = stabilityBetween(
    columnsOf(ratioRuns('one', { x: [0.1, 0.2, 0.3], y: [0.1, 0.3, 0.5] }), 0),
    columnsOf(ratioRuns('two', { x: [0.5, 0.6, 0.7], y: [0.2, 0.3, 0.4] }), 0),
  );
  const p = report.projections.get('bun/node')!;
  assert.deepEqual(
    p.spreads.map((s) => Math.round(s * 1e6) / 1e6),
    [0.1, 0.158114],
  );
  assert.equal(p.forks, 3);
  // The mean over benches of erf(ln 1.05 / (σ √(2/n)) / √2), by Python's math.erf: 0.372189 at 3 forks,
  // 0.593298 at 9, 0.773989 at 20; the first n at 90% is 40 (0.901650; 39 gives 0.897901).
  for (const [n, expected] of [
    [3, 0.372189],
    [9, 0.593298],
    [20, 0.773989],
    [40, 0.90165],
  ] as const)
    assert.ok(Math.abs(projectedShare(p.spreads, n, 0.05) - expected) < 1e-5, `${n}: ${projectedShare(p.spreads, n, 0.05)}`);
  assert.equal(p.forksForGoal, 40);
  assert.match(
    renderStability(report),
    /^projection bun\/node \(the forks' spread, both runs; hopeful: it leaves out what moves a whole run\): within ±5% on 37% at 3, 59% at 9, 77% at 20 forks a bench \(these runs: 3\.0\); 90% at about 40 forks$/m,
  );
});

test('projection: spreads of zero need one fork, and the share with no spreads is not a number', () => {
  assert.equal(projectedShare([0, 0], 1, 0.05), 1);
  assert.ok(Number.isNaN(projectedShare([], 3, 0.05)));
});

test("goals: the shares against 90%, and a run's time against the profile's limit only when it ran the profile as it is", () => {
  // Ten benches: node's median moves 20% on b0 and b1, bun's 20% and 30% there (80% each: not met); bun/node
  // then moves on b1 alone (+8.3%; 9 of 10 = 90%: met).
  const ids = Array.from({ length: 10 }, (_, i) => `b${i}`);
  const medians = (scale: (i: number) => number) => Object.fromEntries(ids.map((id, i) => [id, 1000 * (i + 1) * scale(i)]));
  const first = columnsOf(
    [
      fork(
        'one',
        'node',
        medians(() => 1),
        null,
      ),
      fork(
        'one',
        'bun',
        medians(() => 2),
        null,
      ),
    ],
    0,
  );
  const second = columnsOf(
    [
      fork(
        'two',
        'node',
        medians((i) => (i < 2 ? 1.2 : 1)),
        null,
      ),
      fork(
        'two',
        'bun',
        medians((i) => (i < 1 ? 2.4 : i < 2 ? 2.6 : 2)),
        null,
      ),
    ],
    0,
  );
  const report = stabilityBetween(first, second);
  const run = (durationMs: number | null, over: Partial<StabilityRun> = {}): StabilityRun => ({
    profile: 'quick',
    durationMs,
    runtimes: ['node', 'bun', 'deno'],
    benches: ['x', 'y'],
    options: [],
    ...over,
  });
  const catalogue = ['x', 'y'];
  assert.deepEqual(renderGoals(report, [run(290_000), run(310_500)], catalogue), [
    'goal: ratios within ±5% on ≥ 90% of benches: met (bun/node 90%)',
    'goal: medians within ±10% on ≥ 90% of benches: not met (node 80%, bun 80%)',
    'goal: a quick run on node, bun and deno under 5 minutes: not met (4 min 50 s, 5 min 11 s)',
  ]);
  const time = (runs: StabilityRun[]) => renderGoals(report, runs, catalogue).at(-1);
  assert.equal(
    time([run(290_000), run(299_000, { profile: 'full' })]),
    'run time: 4 min 50 s, 4 min 59 s (not judged: the goal is for one profile, quick or full)',
  );
  assert.equal(
    time([run(290_000), run(280_000, { runtimes: ['node', 'bun'] })]),
    'run time: 4 min 50 s, 4 min 40 s (not judged: the goal is for node, bun and deno together)',
  );
  assert.equal(time([run(290_000), run(280_000, { benches: ['x'] })]), 'run time: 4 min 50 s, 4 min 40 s (not judged: the goal is for the whole catalogue)');
  assert.equal(
    time([run(290_000, { options: ['--forks', '2'] }), run(280_000)]),
    'run time: 4 min 50 s, 4 min 40 s (not judged: the goal is for the profile as it is, not with --forks 2)',
  );
  assert.equal(
    time([run(700_000, { profile: 'full' }), run(890_000, { profile: 'full' })]),
    'goal: a full run on node, bun and deno under 15 minutes: met (11 min 40 s, 14 min 50 s)',
  );
  assert.equal(time([run(null), run(280_000)]), 'run time: unknown, 4 min 40 s (not judged: a run has no start and end in its manifest)');
  // Without manifests only the shares; with other tolerances the shares are not judged.
  assert.equal(renderGoals(report, null, catalogue).length, 2);
  const looser = stabilityBetween(first, second, { ratioTolerance: 0.1 });
  assert.match(renderGoals(looser, null, catalogue)[0]!, /^goals: the shares are not judged/);
});
