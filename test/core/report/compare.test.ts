// The comparison: pooling rounds per runtime and host, fastest, ties inside the noise, ratios, status, change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildColumns, poolBenchRecords } from '../../../core/report/pool.ts';
import { compareColumns, isTie } from '../../../core/report/compare.ts';
import { statusAgainstTarget } from '../../../core/report/status.ts';
import { previousBenches } from '../../../core/report/previous.ts';
import type { TargetsFile } from '../../../core/record/baselines.ts';
import { benchRecord, loadedRun, runRecord } from './helpers.ts';

test('rounds of one runtime on one host pool into one column; quantiles sample-weighted, extremes kept', () => {
  const round1 = loadedRun(runRecord('node', { round: 1 }), [benchRecord('a', { p50: 100, p25: 90, p75: 110, mean: 100, stdDev: 10, samples: 30, min: 80, max: 150, extra: { linesPerSecond: 1000 } })]);
  const round2 = loadedRun(runRecord('node', { round: 2 }), [benchRecord('a', { p50: 120, p25: 110, p75: 130, mean: 120, stdDev: 10, samples: 10, min: 70, max: 140, extra: { linesPerSecond: 2000 } })]);
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
  assert.deepEqual(columns.map((c) => c.label), ['node@ci', 'node@laptop', 'bun@ci']);
  assert.deepEqual(columns.map((c) => c.benches.get('a')!.p50), [200, 100, 150]);
});

test('overlapping interquartile ranges are a tie even with many samples', () => {
  const fast = poolBenchRecords([benchRecord('a', { p50: 100, p25: 95, p75: 105, mean: 100, stdDev: 5, samples: 10000 })]);
  const close = poolBenchRecords([benchRecord('a', { p50: 103, p25: 98, p75: 108, mean: 103, stdDev: 5, samples: 10000 })]);
  assert.equal(isTie(fast, close), true);
});

test('separate IQRs are a difference whatever the means and sample counts say', () => {
  // A GC pause inflates mean and sd; the medians and quartiles are still far apart.
  const spiky = poolBenchRecords([benchRecord('a', { p50: 100, p25: 95, p75: 105, mean: 900, stdDev: 4000, samples: 5 })]);
  const steady = poolBenchRecords([benchRecord('a', { p50: 300, p25: 290, p75: 310, mean: 300, stdDev: 10, samples: 5 })]);
  assert.equal(isTie(spiky, steady), false);
  const touching = poolBenchRecords([benchRecord('a', { p50: 110, p25: 105, p75: 115, mean: 110, stdDev: 5, samples: 5 })]);
  assert.equal(isTie(spiky, touching), true);
});

test('the table model: fastest marked, ratios to the fastest median, ties not shown as wins', () => {
  const runs = [
    loadedRun(runRecord('node'), [benchRecord('clear', { p50: 100 }), benchRecord('close', { p50: 100 })]),
    loadedRun(runRecord('bun'), [benchRecord('clear', { p50: 250 }), benchRecord('close', { p50: 102 })]),
    loadedRun(runRecord('deno'), [benchRecord('clear', { p50: 400 })]),
  ];
  const report = compareColumns(buildColumns(runs));
  assert.deepEqual(report.columns.map((c) => c.label), ['node', 'bun', 'deno']);
  const [clear, close] = report.rows;
  assert.deepEqual(clear!.cells.map((c) => c?.rank), ['fastest', 'slower', 'slower']);
  assert.deepEqual(clear!.cells.map((c) => c?.ratio), [1, 2.5, 4]);
  assert.deepEqual(close!.cells.map((c) => c?.rank), ['tie', 'tie', undefined]);
  assert.equal(close!.cells[2], null);
});

const targets: TargetsFile = {
  targets: {
    t: { metric: 'time', target: 100, critical: 200, source: 'test' },
    nocrit: { metric: 'time', target: 100, source: 'test' },
    mem: { metric: 'bytesPeak', target: 1024, source: 'test' },
  },
};

test('status against targets: OK at or under target, SLOW over it, FAIL over critical, – without a target', () => {
  const at = (id: string, p50: number, extra?: Record<string, number>) => statusAgainstTarget(poolBenchRecords([benchRecord(id, { p50, extra })]), targets).level;
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

test('change is against the newest earlier run of the same runtime on the same host', () => {
  const at = (runId: string, startedAt: string, runtime: string, p50: number, host = 'bench-host') =>
    loadedRun(runRecord(runtime, { runId, startedAt }, host), [benchRecord('a', { p50, mean: p50, stdDev: 1, samples: 50 })]);
  const current = [at('r3', '2026-11-27T12:00:00Z', 'node', 110)];
  const history = [
    at('r1', '2026-11-27T10:00:00Z', 'node', 50),
    at('r2', '2026-11-27T11:00:00Z', 'node', 100),
    at('r2', '2026-11-27T11:00:00Z', 'bun', 999),
    at('r2b', '2026-11-27T11:30:00Z', 'node', 999, 'other-host'),
    at('r4', '2026-11-27T13:00:00Z', 'node', 999),
  ];
  const previous = previousBenches(current, history);
  assert.deepEqual([...previous.keys()], ['node@bench-host']);
  assert.equal(previous.get('node@bench-host')!.get('a')!.p50, 100);
  const report = compareColumns(buildColumns(current), { previous });
  const change = report.rows[0]!.cells[0]!.change!;
  assert.ok(Math.abs(change.estimate - 0.1) < 1e-12);
  assert.ok(change.low > 0.09 && change.low < 0.1 && change.high > 0.1 && change.high < 0.11, `${change.low} … ${change.high}`);
});

test('rows keep the catalogue order when one runtime lacks a bench', () => {
  const columns = buildColumns([
    loadedRun(runRecord('node'), ['a', 'b', 'd'].map((id) => benchRecord(id, { p50: 1 }))),
    loadedRun(runRecord('deno'), ['a', 'b', 'c', 'd', 'e'].map((id) => benchRecord(id, { p50: 1 }))),
    loadedRun(runRecord('bun'), ['x', 'a'].map((id) => benchRecord(id, { p50: 1 }))),
  ]);
  assert.deepEqual(compareColumns(columns).rows.map((r) => r.id), ['x', 'a', 'b', 'c', 'd', 'e']);
});
