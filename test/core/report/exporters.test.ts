// The exporters: one interface; table (plain when not a terminal), markdown and json render the same report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildColumns } from '../../../core/report/pool.ts';
import { compareColumns } from '../../../core/report/compare.ts';
import { EXPORTERS, exporterFor } from '../../../core/report/exporters/index.ts';
import { formatBytes, formatNs, formatPercent } from '../../../core/report/format.ts';
import type { TargetsFile } from '../../../core/record/baselines.ts';
import { benchRecord, loadedRun, runRecord } from './helpers.ts';

const targets: TargetsFile = { targets: { typescript_extraction_100: { metric: 'time', target: 7e6, critical: 10e6, source: 'guide' } } };

function sampleReport() {
  const ts = (p50: number) =>
    benchRecord('typescript_extraction_100', {
      p50,
      suite: 'multi-lang',
      extra: { linesPerSecond: 87 / (p50 / 1e9), overParse: p50 / 2.5e6, floorOverParse: 1.25 },
    });
  const runs = [
    loadedRun(runRecord('node', { runtime: { name: 'node', version: '20.20.2', engine: 'V8', engineVersion: '11' } }), [
      ts(4_000_000),
      benchRecord('cache_hit', { p50: 800 }),
    ]),
    loadedRun(runRecord('bun', { runtime: { name: 'bun', version: '1.4.5', engine: 'JavaScriptCore', engineVersion: '' } }), [
      ts(8_000_000),
      benchRecord('cache_hit', { p50: 810 }),
    ]),
    loadedRun(runRecord('deno', { runtime: { name: 'deno', version: '2.9.6', engine: 'V8', engineVersion: '14' } }), [ts(12_000_000)]),
  ];
  // The earlier run: the same figure in one fork, so a change of 0 with no interval.
  const previous = new Map([
    ['node@bench-host', { runId: 'old', benches: buildColumns([loadedRun(runRecord('node', { runId: 'old' }), [ts(4_000_000)])])[0]!.benches }],
  ]);
  return compareColumns(buildColumns(runs), { targets, previous });
}

test('formats: durations, bytes and percentages', () => {
  assert.deepEqual([formatNs(523), formatNs(12_345), formatNs(4_230_000), formatNs(1.2e9)], ['523 ns', '12.3 µs', '4.23 ms', '1.20 s']);
  assert.deepEqual([formatBytes(512), formatBytes(1536), formatBytes(3.2 * 1024 ** 2)], ['512 B', '1.50 KiB', '3.20 MiB']);
  assert.deepEqual([formatPercent(0.024), formatPercent(-0.1)], ['+2.4%', '-10.0%']);
});

test('every format is behind the one interface', () => {
  assert.deepEqual([...EXPORTERS.keys()], ['table', 'markdown', 'json', 'bmf', 'github-benchmark', 'csv']);
  assert.equal(exporterFor('html'), null);
});

test('markdown: a row per bench, a column per runtime, status, ratio, extra figure and change', () => {
  const text = exporterFor('markdown')!.render(sampleReport(), { color: false });
  const lines = text.split('\n');
  assert.equal(lines[0], 'change against run old');
  assert.equal(lines[2], '| bench | node 20.20.2 | bun 1.4.5 | deno 2.9.6 |');
  assert.equal(lines[3], '|---|---|---|---|');
  assert.equal(
    lines[4],
    '| `typescript_extraction_100` (multi-lang) | **4.00 ms (1 fork)**<br>★ fastest, unsure<br>21.8k lines/s · 1.60× parse (walk floor 1.25×)<br>✓ OK<br>change: +0.0% (no interval) ? unsure ' +
      '| **8.00 ms (1 fork)**<br>? 2.00× (1 fork: no interval)<br>10.9k lines/s · 3.20× parse (walk floor 1.25×)<br>⚠ SLOW ' +
      '| **12.0 ms (1 fork)**<br>? 3.00× (1 fork: no interval)<br>7.25k lines/s · 4.80× parse (walk floor 1.25×)<br>✗ FAIL |',
  );
  // One fork gives a ratio but no interval: nothing is decided. No target and no result each have their own sign.
  assert.equal(
    lines[5],
    '| `cache_hit` (clew) | **800 ns (1 fork)**<br>★ fastest, unsure<br>· no target | **810 ns (1 fork)**<br>? 1.01× (1 fork: no interval)<br>· no target | ∅ no result |',
  );
  assert.match(text, /\n- ≈ same: the interval lies inside the noise band/);
});

test('json: raw figures, rank, ratio and status per runtime', () => {
  const parsed = JSON.parse(exporterFor('json')!.render(sampleReport(), { color: false }));
  assert.deepEqual(
    parsed.columns.map((c: { label: string }) => c.label),
    ['node', 'bun', 'deno'],
  );
  const ts = parsed.rows[0].results;
  assert.deepEqual(
    Object.entries(ts).map(([label, r]) => [
      label,
      (r as { median_ns: number }).median_ns,
      (r as { rank: string }).rank,
      Math.round(((r as { ratio_to_fastest: { estimate: number } | null }).ratio_to_fastest?.estimate ?? NaN) * 1e9) / 1e9,
      (r as { status: string }).status,
    ]),
    [
      ['node', 4e6, 'unclear', NaN, 'ok'],
      ['bun', 8e6, 'unsure', 2, 'slow'],
      ['deno', 12e6, 'unsure', 3, 'fail'],
    ],
  );
  assert.deepEqual([ts.node.change.runId, ts.node.change.ratio.estimate, ts.node.change.verdict], ['old', 1, 'unsure']);
  assert.equal(parsed.rows[1].results.deno, undefined);
});

test('table --details: the full cell, plain text without ANSI codes unless colour is asked for', () => {
  const plain = exporterFor('table')!.render(sampleReport(), { color: false, details: true });
  assert.doesNotMatch(plain, /\u001b\[/);
  assert.match(plain, /^change against run old$/m);
  assert.match(plain, /│ typescript_extraction_100 +│ 4\.00 ms \(1 fork\) +│/);
  assert.match(plain, /★ fastest, unsure/);
  assert.match(plain, /✗ FAIL/);
  assert.match(plain, /│ cache_hit +│ 800 ns \(1 fork\) +│ 810 ns \(1 fork\) +│ ∅ no result +│/);
  assert.match(plain, /node 20\.20\.2/);
  const coloured = exporterFor('table')!.render(sampleReport(), { color: true, details: true });
  assert.match(coloured, /\u001b\[31m✗ FAIL\u001b\[0m/);
});

test('table: one line per bench by default, a header per suite', () => {
  const lines = exporterFor('table')!.render(sampleReport(), { color: false, width: 120 }).split('\n');
  assert.deepEqual(
    lines.slice(0, 6).map((l) => l.replace(/ +/g, ' ').trimEnd()),
    [
      'bench node bun deno',
      ' 20.20.2 1.4.5 2.9.6',
      '── multi-lang',
      'typescript_extraction_100 4.00 ms ★ unsure ✓ 8.00 ms ? 2.00× (1 fork) ⚠ 12.0 ms ? 3.00× (1 fork) ✗',
      '── clew',
      'cache_hit 800 ns ★ unsure · 810 ns ? 1.01× (1 fork) · ∅',
    ],
  );
});

test('extra figures: throughput, per-constraint and per-token cost, memory', () => {
  const runs = [
    loadedRun(runRecord('node'), [
      benchRecord('m', { p50: 1e6, extra: { bytesPeak: 400 * 1024, bytesPerConstraint: 2048, memorySource: 'v8' } }),
      benchRecord('t', { p50: 1e6, extra: { nsPerToken: 1500, nsPerConstraint: 20_000 } }),
    ]),
  ];
  const text = exporterFor('markdown')!.render(compareColumns(buildColumns(runs)), { color: false });
  assert.match(text, /\| `m` \(clew\) \| \*\*1\.00 ms \(1 fork\)\*\*<br>peak 400 KiB · 2\.00 KiB\/constraint<br>· no target \|/);
  assert.match(text, /\| `t` \(clew\) \| \*\*1\.00 ms \(1 fork\)\*\*<br>20\.0 µs\/constraint · 1\.50 µs\/token<br>· no target \|/);
});

test('bmf: Bencher Metric Format, one benchmark per runtime/id with latency bounds and throughput', () => {
  const parsed = JSON.parse(exporterFor('bmf')!.render(sampleReport(), { color: false }));
  assert.deepEqual(Object.keys(parsed), [
    'node/typescript_extraction_100',
    'bun/typescript_extraction_100',
    'deno/typescript_extraction_100',
    'node/cache_hit',
    'bun/cache_hit',
  ]);
  // The median over forks with its interval (one fork here: a zero-width one).
  assert.deepEqual(parsed['bun/typescript_extraction_100'].latency, { value: 8e6, lower_value: 8e6, upper_value: 8e6 });
  assert.equal(parsed['bun/typescript_extraction_100'].throughput.value, 87 / 0.008);
  assert.equal(parsed['node/cache_hit'].throughput, undefined);
});

test('table --details: memory figures wrap two to a line so a cell stays narrow', () => {
  const runs = [
    loadedRun(runRecord('node'), [
      benchRecord('m', { p50: 1e6, extra: { bytesPeak: 400 * 1024, bytesAllocatedPerOp: 300 * 1024, bytesRetained: 0, bytesPerLine: 3072 } }),
    ]),
  ];
  const text = exporterFor('table')!.render(compareColumns(buildColumns(runs)), { color: false, details: true });
  assert.match(text, /│ peak 400 KiB · alloc\/op 300 KiB +│/);
  assert.match(text, /│ retained 0 B · 3\.00 KiB\/line +│/);
});
