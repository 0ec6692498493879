// The comparison: columns per target and host, medians over forks, ratios paired by fork with their
// intervals and verdicts against the noise band, status, change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildColumns, poolBenchRecords, type PooledBench } from '../../../core/report/pool.ts';
import { compareColumns, referenceOf } from '../../../core/report/compare.ts';
import { markDrift } from '../../../core/report/drift.ts';
import { bandsNote, noiseBands } from '../../../core/report/bands.ts';
import { statusAgainstTarget } from '../../../core/report/status.ts';
import { previousColumns } from '../../../core/report/previous.ts';
import type { TargetsFile } from '../../../core/record/baselines.ts';
import { benchRecord, forkedRuns, loadedRun, runRecord, testBands } from './helpers.ts';

test('forks of one target on one host pool into one column; quantiles sample-weighted, extremes kept', () => {
  const round1 = loadedRun(runRecord('node', { fork: 1 }), [
    benchRecord('a', { p50: 100, p25: 90, p75: 110, mean: 100, stdDev: 10, samples: 30, min: 80, max: 150, extra: { linesPerSecond: 1000 } }),
  ]);
  const round2 = loadedRun(runRecord('node', { fork: 2 }), [
    benchRecord('a', { p50: 120, p25: 110, p75: 130, mean: 120, stdDev: 10, samples: 10, min: 70, max: 140, extra: { linesPerSecond: 2000 } }),
  ]);
  const [column, ...rest] = buildColumns([round1, round2]);
  assert.equal(rest.length, 0);
  const a = column!.benches.get('a')!;
  assert.equal(a.rounds, 2);
  assert.equal(a.samples, 40);
  assert.equal(a.mean, 105);
  // (29·100 + 9·100 + 30·25 + 10·225) / 39 = 6800 / 39
  assert.ok(Math.abs(a.stdDev ** 2 - 6800 / 39) < 1e-9);
  assert.equal(a.p50, 105);
  assert.equal(a.p25, 95);
  assert.equal(a.min, 70);
  assert.equal(a.max, 150);
  assert.equal(a.extra.linesPerSecond, 1250);
});

test('different hosts stay apart and are labelled runtime@host', () => {
  const columns = buildColumns([
    loadedRun(runRecord('node', {}, 'laptop'), [benchRecord('a', { p50: 100 })]),
    loadedRun(runRecord('node', {}, 'ci'), [benchRecord('a', { p50: 200 })]),
    loadedRun(runRecord('bun', {}, 'ci'), [benchRecord('a', { p50: 150 })]),
  ]);
  assert.deepEqual(
    columns.map((c) => c.label),
    ['node@ci', 'node@laptop', 'bun@ci'],
  );
  assert.deepEqual(
    columns.map((c) => c.benches.get('a')!.p50),
    [200, 100, 150],
  );
});

test("ratios are formed within each fork: geometric mean of the forks' ratios with Student's t interval, verdict against the band", () => {
  const runs = [
    ...forkedRuns('clear', { node: [100, 100, 100], bun: [250, 260, 240], deno: [400, 410, 390] }),
    ...forkedRuns('close', { node: [100, 100, 100], bun: [101, 101.5, 100.5] }),
    ...forkedRuns('loose', { node: [100, 100, 100], bun: [90, 130, 110] }),
  ];
  const report = compareColumns(buildColumns(runs));
  assert.deepEqual(
    report.columns.map((c) => [c.label, c.forks]),
    [
      ['node', 3],
      ['bun', 3],
      ['deno', 3],
    ],
  );
  const [clear, close, loose] = report.rows;
  assert.deepEqual(
    clear!.cells.map((c) => c?.rank),
    ['fastest', 'slower', 'slower'],
  );
  // Three forks: the median ratio (2.5, 4) inside Student's t interval of the mean log ratio,
  // scipy: exp(t.interval(0.95, 2, mean(log r), sem(log r))) for r = 2.5, 2.6, 2.4 and 4, 4.1, 3.9.
  const figures = (c: (typeof clear.cells)[number]) => c?.ratio && [c.ratio.estimate, c.ratio.low, c.ratio.high];
  const expected = [null, [2.5, 2.26218641493693, 2.759866080472525], [4, 3.758304627807902, 4.255464690211743]];
  clear!.cells.forEach((c, i) => {
    const got = figures(c);
    if (expected[i] === null) assert.equal(got, null);
    else for (const [j, x] of got!.entries()) assert.ok(Math.abs(x - expected[i]![j]!) < 1e-9, `${x} vs ${expected[i]![j]}`);
  });
  assert.equal(clear!.cells[1]!.ratio!.paired, true);
  // 0.998–1.022 lies inside the assumed ±3% band: the same, and the fastest only tied.
  assert.deepEqual(
    close!.cells.map((c) => c?.rank),
    ['tie', 'same', undefined],
  );
  assert.deepEqual(close!.cells[1]!.band, { value: 0.03, measured: false });
  // 0.69–1.72 crosses the band: unsure either way.
  assert.deepEqual(
    loose!.cells.map((c) => c?.rank),
    ['unclear', 'unsure', undefined],
  );
});

test("from five forks on, an outlying fork on either side steps out of the ratio (20%-trimmed mean, Yuen's interval)", () => {
  // Ten forks: bun's ratio is about 1.1 in eight of them, 1.70 and 1.65 in two (a process's bad luck).
  const runs = forkedRuns('outlier', { node: Array(10).fill(100), bun: [103, 110, 107, 109, 93, 170, 112, 132, 165, 103] });
  const trimmed = compareColumns(buildColumns(runs)).rows[0]!.cells[1]!.ratio!;
  const mean = compareColumns(buildColumns(runs), { ratio: { method: 'mean' } }).rows[0]!.cells[1]!.ratio!;
  // scipy: exp(mstats.trimmed_mean(log r, (0.2, 0.2))), exp(mstats.trimmed_mean_ci(...)); exp(t.interval(...)) of the mean.
  const close = (got: number[], want: number[]) => {
    for (const [i, x] of got.entries()) assert.ok(Math.abs(x - want[i]!) < 1e-9, `${got} vs ${want}`);
  };
  close([trimmed.estimate, trimmed.low, trimmed.high], [1.1180777969233662, 0.9672826595033904, 1.2923812369538568]);
  close([mean.estimate, mean.low, mean.high], [1.1803437855181957, 1.0198914278781677, 1.3660389860418087]);
  assert.equal(trimmed.method, 'trimmed');
});

test('a measured noise band decides what counts as the same; one fork alone decides nothing', () => {
  // Ratios 1.055, 1.06, 1.065: interval 1.048–1.072 (scipy), above an assumed 3% band, inside a measured 8% one.
  const runs = forkedRuns('close', { node: [100, 100, 100], bun: [105.5, 106, 106.5] });
  const assumed = compareColumns(buildColumns(runs));
  assert.equal(assumed.rows[0]!.cells[1]!.rank, 'slower');
  const bands = testBands(0.01, { bun: { close: 0.08 } });
  const measured = compareColumns(buildColumns(runs), { bands });
  assert.equal(measured.rows[0]!.cells[1]!.rank, 'same');
  assert.deepEqual(measured.rows[0]!.cells[1]!.band, { value: 0.08, measured: true });
  const single = compareColumns(buildColumns(forkedRuns('one', { node: [100], bun: [300] })));
  assert.deepEqual([single.rows[0]!.cells[1]!.rank, single.rows[0]!.cells[1]!.ratio!.low, single.rows[0]!.cells[1]!.ratio!.high], ['unsure', 0, Infinity]);
});

test('noise bands measured on another machine do not judge these figures: the default band does, and bandsNote says so', () => {
  // The runs' machine: 'Test CPU · 2 cores · linux x64' (helpers.ts runRecord).
  const runs = forkedRuns('close', { node: [100, 100, 100], bun: [105.5, 106, 106.5] });
  const here = testBands(0.01, { bun: { close: 0.08 } });
  const file = { ...here.file, _meta: { ...here.file._meta, host: { ...here.file._meta.host, cpuModel: 'Other CPU', cores: 4 } } };
  const elsewhere = noiseBands(file);
  assert.equal(elsewhere.testbed, 'Other CPU · 4 cores · linux x64');
  assert.deepEqual(
    [
      elsewhere.band('bun', 'close'),
      elsewhere.band('bun', 'close', 'Other CPU · 4 cores · linux x64'),
      elsewhere.band('bun', 'close', 'Test CPU · 2 cores · linux x64'),
    ],
    [0.08, 0.08, null],
  );
  const cell = compareColumns(buildColumns(runs), { bands: elsewhere }).rows[0]!.cells[1]!;
  assert.equal(cell.rank, 'slower');
  assert.deepEqual(cell.band, { value: 0.03, measured: false });
  assert.equal(bandsNote(here, ['Test CPU · 2 cores · linux x64']), null);
  assert.equal(bandsNote(null, ['Test CPU · 2 cores · linux x64']), null);
  assert.equal(
    bandsNote(elsewhere, ['Test CPU · 2 cores · linux x64', 'Test CPU · 2 cores · linux x64', 'Other CPU · 4 cores · linux x64']),
    "baselines/noise.json was measured on Other CPU · 4 cores · linux x64, not on Test CPU · 2 cores · linux x64: its bands do not apply there, the default ±3% band stands in (measure that machine's own with `npm run bench:compare -- --base HEAD --head HEAD --repeat 3 --write-noise`)",
  );
});

test('without shared forks (runs merged from two sittings) the ratio is unpaired: medians resampled on each side', () => {
  const runs = [...forkedRuns('a', { node: [100, 102, 98] }, 'sitting-1'), ...forkedRuns('a', { bun: [200, 204, 196] }, 'sitting-2')];
  const cell = compareColumns(buildColumns(runs)).rows[0]!.cells[1]!;
  assert.equal(cell.ratio!.paired, false);
  assert.ok(Math.abs(cell.ratio!.estimate - 2) < 1e-12);
  // A bootstrap median of 3 values is their smallest with probability 7/27 (two or three draws of it),
  // so the smallest bun median over the largest node median turns up in (7/27)² ≈ 6.7% of the 2000
  // resamples, well past the 2.5% tail: the interval's ends are the extreme ratios themselves.
  assert.ok(Math.abs(cell.ratio!.low - 196 / 102) < 1e-12, String(cell.ratio!.low));
  assert.ok(Math.abs(cell.ratio!.high - 204 / 98) < 1e-12, String(cell.ratio!.high));
});

const targets: TargetsFile = {
  targets: {
    t: { metric: 'time', target: 100, critical: 200, source: 'test' },
    nocrit: { metric: 'time', target: 100, source: 'test' },
    mem: { metric: 'bytesPeak', target: 1024, source: 'test' },
  },
};

test('status against targets: OK at or under target, SLOW over it, FAIL over critical, none without a target', () => {
  const at = (id: string, p50: number, extra?: Record<string, number>) =>
    statusAgainstTarget(poolBenchRecords([benchRecord(id, { p50, extra })]), targets).level;
  assert.equal(at('t', 100), 'ok');
  assert.equal(at('t', 150), 'slow');
  assert.equal(at('t', 200), 'slow');
  assert.equal(at('t', 201), 'fail');
  assert.equal(at('nocrit', 10_000), 'slow');
  assert.equal(at('other', 10_000), 'none');
  assert.equal(at('mem', 1, { bytesPeak: 2048 }), 'slow');
  assert.equal(at('mem', 1, { bytesPeak: 1000 }), 'ok');
  const unmeasured = statusAgainstTarget(poolBenchRecords([benchRecord('mem', { p50: 1 })]), targets);
  assert.deepEqual([unmeasured.level, unmeasured.note], ['none', 'bytesPeak not measured']);
});

test("change: against the same target on the same testbed in the earlier run, from both runs' forks, with a verdict against the band", () => {
  const at = (runId: string, runtime: string, medians: number[], host = 'bench-host') =>
    medians.map((p50, i) => loadedRun(runRecord(runtime, { runId, fork: i + 1 }, host), [benchRecord('a', { p50 }, runId)]));
  const current = at('r3', 'node', [110, 111, 109]);
  // Another hostname, same machine (the run index checked the testbed): the column still matches.
  const earlier = [...at('r2', 'node', [100, 101, 99], 'renamed-host'), ...at('r2', 'bun', [999, 999, 999], 'renamed-host')];
  const previous = previousColumns(current, earlier);
  assert.deepEqual([...previous.keys()], ['node@bench-host']);
  assert.deepEqual([previous.get('node@bench-host')!.runId, previous.get('node@bench-host')!.benches.get('a')!.median.estimate], ['r2', 100]);
  const report = compareColumns(buildColumns(current), { previous });
  const change = report.rows[0]!.cells[0]!.change!;
  assert.equal(change.runId, 'r2');
  assert.equal(change.ratio.estimate.toFixed(4), '1.1000');
  // Unpaired bootstrap of the fork medians: its ends are the extreme ratios 109/101 and 111/99 (see the unpaired test above).
  assert.deepEqual([change.ratio.low.toFixed(4), change.ratio.high.toFixed(4), change.verdict, change.ratio.paired], ['1.0792', '1.1212', 'slower', false]);
  assert.equal(report.columns[0]!.previousRun, 'r2');
  // One fork on a side: a figure, no interval, no verdict.
  const lone = compareColumns(buildColumns(current), { previous: previousColumns(current, at('r1', 'node', [100])) }).rows[0]!.cells[0]!.change!;
  assert.deepEqual([lone.ratio.estimate.toFixed(2), lone.ratio.high, lone.verdict], ['1.10', Infinity, 'unsure']);
});

test('the ★ is the lowest median unless another cell is surely faster by their paired ratio; an unsure reading below 1× stays as it is', () => {
  // Five forks, each bun over node 0.9. The machine slowed bun's forks 1–2 and node's forks 4–5
  // (calibration 1.5× its median): the medians set those aside (node 100 from forks 1–3, bun 180
  // from forks 3–5), the ratio keeps three pairs (fork 3 clean, two of the unevenly slowed), all 0.9.
  const run = (target: string, fork: number, p50: number, calibrationNs: number) =>
    loadedRun(runRecord(target, { fork }), [benchRecord('a', { p50, calibration: { beforeNs: calibrationNs, afterNs: calibrationNs } })]);
  const columns = buildColumns([
    ...[100, 100, 100, 200, 200].map((p50, i) => run('node', i + 1, p50, i >= 3 ? 1500 : 1000)),
    ...[90, 90, 90, 180, 180].map((p50, i) => run('bun', i + 1, p50, i <= 1 ? 1500 : 1000)),
  ]);
  markDrift(columns);
  const moved = compareColumns(columns).rows[0]!;
  assert.deepEqual(
    moved.cells.map((c) => [c?.bench.median.estimate, c?.rank]),
    [
      [100, 'slower'],
      [180, 'fastest'],
    ],
  );
  assert.ok(Math.abs(moved.cells[0]!.ratio!.estimate - 1 / 0.9) < 1e-9, `${moved.cells[0]!.ratio!.estimate}`);
  // Forks that disagree (node 100, 200, 300; bun 90, 400, 250): bun over node reads 0.9 (the median of
  // 0.9, 2.0, 0.83), unsure; the lowest median keeps the ★ and bun shows its 0.9× as unsure.
  const split = compareColumns(buildColumns(forkedRuns('split', { node: [100, 200, 300], bun: [90, 400, 250] }))).rows[0]!;
  assert.deepEqual(
    split.cells.map((c) => [c?.bench.median.estimate, c?.rank, c?.ratio && Math.round(c.ratio.estimate * 1000) / 1000]),
    [
      [200, 'unclear', null],
      [250, 'unsure', 0.9],
    ],
  );
});

test('referenceOf: the lowest median no other is surely faster than; where each has one (a circle), the lowest median', () => {
  const cell = (i: number, median: number) => ({ i, b: { median: { estimate: median } } as unknown as PooledBench });
  const [a, b, c] = [cell(0, 100), cell(1, 110), cell(2, 120)];
  const ratio = { estimate: 1, low: 1, high: 1, n: 3, coverage: 0.95, paired: true, method: 'trimmed' } as const;
  const judge = (faster: Array<[number, number]>) => (x: { i: number }, ref: { i: number }) => ({
    ratio,
    verdict: faster.some(([p, q]) => p === x.i && q === ref.i) ? ('faster' as const) : ('slower' as const),
  });
  assert.equal(referenceOf([a, b, c], judge([])).reference.i, 0);
  // c surely faster than a: the next lowest median, b, has none faster than it.
  assert.equal(referenceOf([a, b, c], judge([[2, 0]])).reference.i, 1);
  // b faster than a, c faster than b, a faster than c: every candidate beaten; a stays, its verdicts kept.
  const circle = referenceOf(
    [c, b, a],
    judge([
      [1, 0],
      [2, 1],
      [0, 2],
    ]),
  );
  assert.equal(circle.reference.i, 0);
  assert.deepEqual(
    [...circle.others.entries()].map(([i, o]) => [i, o.verdict]),
    [
      [2, 'slower'],
      [1, 'faster'],
    ],
  );
});

test('rows keep the catalogue order when one runtime lacks a bench', () => {
  const columns = buildColumns([
    loadedRun(
      runRecord('node'),
      ['a', 'b', 'd'].map((id) => benchRecord(id, { p50: 1 })),
    ),
    loadedRun(
      runRecord('deno'),
      ['a', 'b', 'c', 'd', 'e'].map((id) => benchRecord(id, { p50: 1 })),
    ),
    loadedRun(
      runRecord('bun'),
      ['x', 'a'].map((id) => benchRecord(id, { p50: 1 })),
    ),
  ]);
  assert.deepEqual(
    compareColumns(columns).rows.map((r) => r.id),
    ['x', 'a', 'b', 'c', 'd', 'e'],
  );
});
