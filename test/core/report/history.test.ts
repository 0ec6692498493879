// History: a bench's median per target over the runs of one testbed, change points where a step is
// larger than the noise band (a lone outlier is none, a slow drift becomes one once it passes the
// band), other testbeds never on the same line, revisions and smoke runs left out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildHistory, changePoints, type HistoryInput } from '../../../core/report/history.ts';
import { renderHistory, sparkline } from '../../../core/report/history-text.ts';
import { summarizeRun } from '../../../core/report/run-index.ts';
import { benchRecord, loadedRun, runRecord } from './helpers.ts';

const points = (medians: number[], spread = 0.005) => medians.map((m, i) => ({ median: m, low: m * (1 - spread), high: m * (1 + spread), runId: `r${i + 1}` }));

test('a step beyond the band, seen again in the next run, is a change point; its size is level over level', () => {
  const changes = changePoints(points([100, 101, 99, 100, 112, 111, 113, 112]), 0.03);
  assert.deepEqual(
    changes.map((c) => [c.point, c.runId, c.before, c.after, c.step.toFixed(3), c.confirmed]),
    [[4, 'r5', 100, 112, '0.120', true]],
  );
});

test('a lone outlier is no step; a step at the last run is kept, unconfirmed; a step inside the band is none', () => {
  assert.deepEqual(changePoints(points([100, 101, 140, 99, 100]), 0.03), []);
  assert.deepEqual(changePoints(points([100, 101, 99, 100, 102]), 0.03), []);
  const last = changePoints(points([100, 101, 99, 88]), 0.03);
  assert.deepEqual(
    last.map((c) => [c.point, c.step.toFixed(2), c.confirmed]),
    [[3, '-0.12', false]],
  );
  // A step whose forks straddle the band's edge (a wide interval) is not called.
  assert.deepEqual(changePoints(points([100, 101, 99, 100, 106, 106], 0.05), 0.03), []);
});

test('a slow drift (+1% a run over twenty runs) shows as steps once it passes the band', () => {
  const drift = Array.from({ length: 20 }, (_, i) => 100 * 1.01 ** i);
  const changes = changePoints(points(drift, 0.002), 0.03);
  // Each level is the median of its runs, so a step is called about six runs (6%) after the last one.
  assert.deepEqual(
    changes.map((c) => [c.runId, c.step.toFixed(3)]),
    [
      ['r7', '0.062'],
      ['r13', '0.062'],
      ['r19', '0.041'],
    ],
  );
});

function run(
  runId: string,
  startedAt: string,
  medians: Record<string, number>,
  extra: { cpu?: string; sampling?: string; revision?: boolean } = {},
): HistoryInput {
  const runs = Object.entries(medians).flatMap(([target, p50]) =>
    [1, 2, 3].map((fork) =>
      loadedRun(
        runRecord(target, {
          runId,
          fork,
          startedAt,
          sampling: extra.sampling ?? 'quick',
          host: { ...runRecord(target).host, cpuModel: extra.cpu ?? 'Test CPU' },
          target: {
            label: extra.revision ? `${target}:head` : target,
            runtime: target,
            revision: extra.revision ? { role: 'head', rev: 'HEAD', commit: null } : null,
          },
        }),
        [benchRecord('extract_snippet_50b', { p50: p50 * (1 + 0.002 * (fork - 2)) }, runId)],
      ),
    ),
  );
  return { summary: summarizeRun(runId, null, runs), runs };
}

test('history per testbed: a line per target over its runs, other machines apart, revisions and tiny runs left out', () => {
  const inputs = [
    run('r1', '2026-12-01T10:00:00Z', { node: 100, bun: 80 }),
    run('r2', '2026-12-02T10:00:00Z', { node: 101, bun: 80 }),
    run('x1', '2026-12-02T11:00:00Z', { node: 300 }, { cpu: 'Other CPU' }),
    run('r3', '2026-12-03T10:00:00Z', { node: 120, bun: 81 }),
    run('c1', '2026-12-03T11:00:00Z', { node: 999 }, { revision: true }),
    run('t1', '2026-12-03T12:00:00Z', { node: 999 }, { sampling: 'tiny' }),
    run('r4', '2026-12-04T10:00:00Z', { node: 121, bun: 80 }),
  ];
  const histories = buildHistory(inputs);
  assert.deepEqual(
    histories.map((h) => [h.testbed, h.runs.map((r) => r.runId)]),
    [
      ['Test CPU · 2 cores · linux x64', ['r1', 'r2', 'r3', 'r4']],
      ['Other CPU · 2 cores · linux x64', ['x1']],
    ],
  );
  const [node, bun] = histories[0]!.benches[0]!.series;
  assert.deepEqual(
    node!.points.map((p) => Math.round(p.median)),
    [100, 101, 120, 121],
  );
  assert.deepEqual(
    node!.changes.map((c) => [c.runId, c.step.toFixed(3)]),
    [['r3', '0.199']],
  );
  assert.deepEqual([bun!.target, bun!.changes], ['bun', []]);
  assert.equal(sparkline(node!, 4), '▁▁██');
  assert.equal(sparkline(bun!, 4), '▅▅▅▅');
  assert.equal(
    renderHistory(histories[0]!, { width: 100, otherTestbeds: ['[2] Other CPU · 2 cores · linux x64, 1 run(s): --testbed 2'] }),
    [
      'testbed: Test CPU · 2 cores · linux x64',
      '4 run(s), 2026-12-01 10:00 to 2026-12-04 10:00 (UTC); one column per run, oldest first; ▲/▼ a step beyond the noise band (a change point)',
      '(not mixed in: [2] Other CPU · 2 cores · linux x64, 1 run(s): --testbed 2)',
      '',
      '── clew',
      'extract_snippet_50b',
      '  node  ▁▁██  100 ns → 121 ns (+21.0%)',
      '          ▲   ▲ +19.9% at r3',
      '  bun   ▅▅▅▅  80.0 ns → 80.0 ns (+0.0%)',
    ].join('\n'),
  );
});
