// The summary line under the table: how many benches each target wins, ties and unsure ones, and how
// well the run knows its ratios (the median width of their intervals), computed by hand below.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareColumns } from '../../../core/report/compare.ts';
import { buildColumns } from '../../../core/report/pool.ts';
import { summaryLine } from '../../../core/report/summary.ts';
import { benchRecord, loadedRun, runRecord } from './helpers.ts';

test("the summary line gives the ratios' median interval next to the winners", () => {
  // bun/node per fork, as logs: x 0.1, 0.2, 0.3 (standard deviation 0.1), y 0.1, 0.3, 0.5 (0.2).
  const logs: Record<string, number[]> = { x: [0.1, 0.2, 0.3], y: [0.1, 0.3, 0.5] };
  const runs = [1, 2, 3].flatMap((fork) => [
    loadedRun(runRecord('node', { fork }), [benchRecord('x', { p50: 1000 }), benchRecord('y', { p50: 1000 })]),
    loadedRun(
      runRecord('bun', { fork }),
      Object.entries(logs).map(([id, l]) => benchRecord(id, { p50: 1000 * Math.exp(l[fork - 1]!) })),
    ),
  ]);
  const line = summaryLine(compareColumns(buildColumns(runs)), { skipped: [], failures: [] });
  // Three forks: Student's t at 2 df (4.302653) × sd / √3 = ±0.248414 (x) and ±0.496828 (y); both
  // intervals cross 1, so neither bench has a sure winner. Median half-width 0.372621: e^0.372621 − 1 = 45.2%.
  assert.match(line, /^2 column\(s\), 2 bench\(es\) · fastest: node 0, bun 0, ties 0, unsure 2, ratios to the fastest ±45% \(median interval\) · /);
  assert.match(line, / · no failures$/);
});

test('one column: no winners and no ratios', () => {
  const line = summaryLine(compareColumns(buildColumns([loadedRun(runRecord('node'), [benchRecord('x', { p50: 1000 })])])), { skipped: [], failures: [] });
  assert.doesNotMatch(line, /fastest|ratios/);
});
