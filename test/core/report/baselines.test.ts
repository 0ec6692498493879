// baselines.json and targets.json: valid files parse, broken ones are named by JSON path; updates list changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBaselines, parseTargets } from '../../../core/record/baselines.ts';
import { KEY_BENCH_IDS, buildBaselines, diffBaselines, renderBaselineChanges, baselineMeta } from '../../../core/report/baseline-update.ts';
import { buildColumns } from '../../../core/report/pool.ts';
import { usePlatform, repoPath } from '../../support/platform.ts';
import { benchRecord, loadedRun, runRecord } from './helpers.ts';

test("the guide's own example (no metadata, no samples) is a valid baselines file", () => {
  const guide = '{"zig": {"typescript_extraction_100": {"mean_ns": 4500000, "std_dev_ns": 200000}}, "rust": {"cache_hit": {"mean_ns": 500, "std_dev_ns": 50}}}';
  const parsed = parseBaselines(guide);
  assert.equal(parsed.ok, true);
});

test('a hand-broken baselines file is rejected with the JSON path of each problem', () => {
  const broken = parseBaselines('{"node": {"cache_hit": {"mean_ns": "fast", "std_dev_ns": -1}}}', 'baselines/baselines.json');
  assert.equal(broken.ok, false);
  assert.equal(
    !broken.ok && broken.message,
    'baselines/baselines.json: $.node.cache_hit.mean_ns: Invalid type: Expected number but received "fast"; $.node.cache_hit.std_dev_ns: Invalid value: Expected >=0 but received -1',
  );
  const typo = parseBaselines('{"node": {"cache_hit": {"mean_ns": 1, "std_dev_ns": 1, "mean": 2}}}');
  assert.match(!typo.ok ? typo.message : '', /\$\.node\.cache_hit\.mean: Invalid key/);
  const notJson = parseBaselines('{"node": {', 'b.json');
  assert.match(!notJson.ok ? notJson.message : '', /^b\.json: not valid JSON/);
});

test('the committed targets.json and baselines.json are valid', async () => {
  const platform = await usePlatform();
  const read = async (path: string) => new TextDecoder().decode(await platform.readFile(repoPath(path)));
  const targets = parseTargets(await read('baselines/targets.json'));
  assert.equal(targets.ok, true, !targets.ok ? targets.message : '');
  assert.deepEqual(targets.ok && targets.value.targets.typescript_extraction_100, {
    metric: 'time',
    target: 7_000_000,
    critical: 10_000_000,
    source: 'guide: Clew, TS extraction (75 lines) 4-7ms, critical <10ms (our 100-line fixture has ~87 lines)',
  });
  const baselines = parseBaselines(await read('baselines/baselines.json'));
  assert.equal(baselines.ok, true, !baselines.ok ? baselines.message : '');
  const meta = baselines.ok ? baselines.value._meta! : null;
  assert.match(meta?.measuredOn ?? '', /^measured on: .*, quick profile, 5 fork\(s\) per runtime, run \S+$/);
  assert.equal(meta?.profile, 'quick');
  assert.equal(meta?.rounds, 5);
  // measured by today's definition of the quick profile: a change to it must measure the file again
  // (npm run bench:baseline -- --write), or every gate run reads the harness's change as the code's
  const { SAMPLING, samplingKey } = await import('../../../core/bench/sampling.ts');
  assert.equal(meta?.samplingKey, samplingKey(SAMPLING.quick));
});

test('a new baseline replaces measured runtimes, keeps the others, and the diff lists every change', () => {
  const old = parseBaselines(
    '{"node": {"a": {"mean_ns": 100, "std_dev_ns": 5}, "gone": {"mean_ns": 1, "std_dev_ns": 0}}, "deno": {"a": {"mean_ns": 300, "std_dev_ns": 5}}}',
  );
  assert.ok(old.ok);
  const run = runRecord('node');
  const columns = buildColumns([
    loadedRun(run, [benchRecord('a', { p50: 90, mean: 90, stdDev: 3, samples: 40 }), benchRecord('b', { p50: 7, mean: 7, stdDev: 1, samples: 40 })]),
  ]);
  const next = buildBaselines(columns, old.value, { ids: ['a', 'b', 'gone'] }, baselineMeta([run], 'measured on: test', '2026-11-27'));
  assert.deepEqual(next.node, {
    a: { mean_ns: 90, std_dev_ns: 3, samples: 40, median_ns: 90, iqr_ns: 5.4, rounds: 1 },
    b: { mean_ns: 7, std_dev_ns: 1, samples: 40, median_ns: 7, iqr_ns: 0.4, rounds: 1 },
  });
  assert.deepEqual(next.deno, { a: { mean_ns: 300, std_dev_ns: 5 } });
  assert.equal(next._meta?.profile, 'quick');
  assert.equal(parseBaselines(JSON.stringify(next)).ok, true);
  assert.equal(
    renderBaselineChanges(diffBaselines(old.value, next)),
    ['~ node a: 100 ns → 90.0 ns (-10.0%)', '- node gone: 1.00 ns (removed)', '+ node b: 7.00 ns'].join('\n'),
  );
});

test('every id in targets.json and in the key bench list is a bench of the catalogue', async () => {
  const { CATALOGUE } = await import('../../../core/catalogue.ts');
  const catalogue = new Set(CATALOGUE.map((entry) => entry.id));
  const platform = await usePlatform();
  const targets = parseTargets(new TextDecoder().decode(await platform.readFile(repoPath('baselines/targets.json'))));
  assert.ok(targets.ok);
  assert.deepEqual(
    Object.keys(targets.value.targets).filter((id) => !catalogue.has(id)),
    [],
  );
  assert.deepEqual(
    KEY_BENCH_IDS.filter((id) => !catalogue.has(id)),
    [],
  );
  assert.equal(Object.keys(targets.value.targets).length, 45);
});

test("a baseline over several rounds records the spread of the rounds' medians", () => {
  const rounds = [100, 110, 120].map((p50, i) =>
    loadedRun(runRecord('node', { fork: i + 1 }), [benchRecord('a', { p50, p25: p50 - 5, p75: p50 + 5, mean: p50, stdDev: 4, samples: 10 })]),
  );
  const next = buildBaselines(
    buildColumns(rounds),
    null,
    { ids: 'all' },
    baselineMeta(
      rounds.map((r) => r.run),
      'm',
      'd',
    ),
  );
  // Pooled sd: sqrt((3·9·16 + 10·(10² + 0 + 10²)) / 29) = 9.16.
  assert.deepEqual(next.node, { a: { mean_ns: 110, std_dev_ns: 9.2, samples: 30, median_ns: 110, iqr_ns: 10, rounds: 3, round_sd_ns: 10 } });
  assert.equal(next._meta?.rounds, 3);
});

test('baselines keep the sampling fingerprint of their runs, and a comparison names a different one', async () => {
  const { samplingDifference } = await import('../../../core/report/testbed.ts');
  const keyed = (runtime: string, key?: string) => runRecord(runtime, key === undefined ? {} : { samplingKey: key });
  const meta = baselineMeta([keyed('node', 'quick-1a2b3c4d'), keyed('bun', 'quick-1a2b3c4d')], 'm', 'd');
  assert.equal(meta.samplingKey, 'quick-1a2b3c4d');
  // runs sampled two ways, or one without a fingerprint: the file records none
  assert.equal(baselineMeta([keyed('node', 'quick-1a2b3c4d'), keyed('bun', 'quick-99999999')], 'm', 'd').samplingKey, undefined);
  assert.equal(baselineMeta([keyed('node', 'quick-1a2b3c4d'), keyed('bun')], 'm', 'd').samplingKey, undefined);
  assert.equal(samplingDifference(meta, [keyed('node', 'quick-1a2b3c4d')]), null);
  assert.equal(samplingDifference(meta, [keyed('node', 'quick-0badc0de')]), 'sampled otherwise: quick-1a2b3c4d then, quick-0badc0de now');
  assert.equal(
    samplingDifference(meta, [keyed('node', 'quick-1a2b3c4d'), keyed('bun', 'quick-0badc0de')]),
    'sampled otherwise: quick-1a2b3c4d then, quick-1a2b3c4d, quick-0badc0de now',
  );
  assert.equal(samplingDifference(meta, [keyed('node')]), "these results carry no sampling fingerprint (the baselines': quick-1a2b3c4d)");
  const { samplingKey: _, ...older } = meta;
  assert.equal(
    samplingDifference(older, [keyed('node', 'quick-1a2b3c4d')]),
    'the baselines were sampled by an older harness (no sampling fingerprint; quick-1a2b3c4d now)',
  );
  assert.equal(samplingDifference(older, [keyed('node')]), null);
  assert.equal(samplingDifference(undefined, [keyed('node')]), null);
});

test("baselines keep each runtime's calibration median (the readings before and after every bench), for the gate to scale by", () => {
  const calibrated = (runtime: string, readings: Array<[number, number]>) =>
    loadedRun(
      runRecord(runtime),
      readings.map(([beforeNs, afterNs], i) => benchRecord(`b${i}`, { p50: 100, calibration: { beforeNs, afterNs } })),
    );
  const runs = [
    calibrated('node', [
      [500, 510],
      [520, 900],
      [505, 515],
    ]),
    calibrated('bun', []),
  ];
  const meta = baselineMeta(
    runs.map((r) => r.run),
    'm',
    'd',
    buildColumns(runs),
  );
  // node: the median of 500, 505, 510, 515, 520, 900 is 512.5; bun has no readings, so no figure.
  assert.equal(meta.runtimes?.node?.calibrationNs, 512.5);
  assert.equal('calibrationNs' in (meta.runtimes?.bun ?? {}), false);
  // without columns (an older caller): no figure either
  assert.equal(baselineMeta([runs[0]!.run], 'm', 'd').runtimes?.node?.calibrationNs, undefined);
});
