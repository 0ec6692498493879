// bench:baseline and bench:regression end to end with fake runners: an injected slowdown fails the
// gate, a speed-up never does, an incomplete run never passes, a baseline from another testbed is
// named (and refused under --strict), a broken baselines.json is named and never overwritten, and
// the compare mode measures a revision against the working tree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fakeRunners, runScript, tempDir } from './support.ts';

const FAST = ['--bench', 'extract_snippet'];

async function writeFirstBaselines(dir: string, forks = 1): Promise<string> {
  const path = join(dir, 'baselines.json');
  const args = [
    '--baselines',
    path,
    '--results-dir',
    join(dir, 'results'),
    '--runtime',
    'node,bun',
    '--ids',
    'all',
    ...FAST,
    '--forks',
    String(forks),
    '--write',
  ];
  const r = await runScript('baseline.mjs', args, { env: fakeRunners() });
  assert.equal(r.code, 0, r.stderr);
  return path;
}

test('bench:baseline shows the changes, writes only with --write, atomically, with metadata saying what the figures are', async () => {
  const dir = tempDir();
  const path = join(dir, 'baselines.json');
  const dry = await runScript(
    'baseline.mjs',
    ['--baselines', path, '--results-dir', join(dir, 'results'), '--runtime', 'node', '--ids', 'extract_snippet_50b,extract_snippet_200b', '--forks', '1'],
    { env: fakeRunners() },
  );
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /^\+ node extract_snippet_50b: 1\.00 ms\n\+ node extract_snippet_200b: 20\.0 µs\n/m);
  assert.match(dry.stdout, /dry run: pass --write to replace/);
  assert.equal(existsSync(path), false);

  await writeFirstBaselines(dir, 2);
  const written = JSON.parse(readFileSync(path, 'utf8'));
  assert.deepEqual(Object.keys(written), ['_meta', 'node', 'bun']);
  // Two forks of 50 samples each, sd 2% of the mean: pooled sd = 2% · √(98/99).
  assert.deepEqual(written.node.extract_snippet_50b, {
    mean_ns: 1_000_000,
    std_dev_ns: 19_898.7,
    samples: 100,
    median_ns: 1_000_000,
    iqr_ns: 20_000,
    rounds: 2,
    round_sd_ns: 0,
  });
  assert.deepEqual(written.bun.extract_snippet_800b, {
    mean_ns: 4_000_000,
    std_dev_ns: 79_594.9,
    samples: 100,
    median_ns: 4_000_000,
    iqr_ns: 80_000,
    rounds: 2,
    round_sd_ns: 0,
  });
  assert.equal(written._meta.profile, 'quick');
  assert.equal(written._meta.rounds, 2);
  assert.match(written._meta.figure, /^median_ns: the median over forks/);
  // calibrationNs: the median of the calibration readings beside every bench (the fake runner's 1,000 ns).
  assert.deepEqual(written._meta.runtimes.bun, { version: '0.0.1-fake', engine: 'fake', engineVersion: '0', calibrationNs: 1000 });
  assert.match(written._meta.measuredOn, /^measured on: fake-host \(Fake CPU, 2 cores, linux x64\), quick profile, 2 fork\(s\) per runtime/);
  assert.deepEqual(written._meta.versions, { node: '0.0.1-fake', bun: '0.0.1-fake' });
  assert.deepEqual(
    readdirSync(dir).filter((n) => n.endsWith('.tmp')),
    [],
  );
  // Defaults: the file's own profile, forks and benches.
  const again = await runScript('baseline.mjs', ['--baselines', path, '--results-dir', join(dir, 'results'), '--runtime', 'node,bun'], { env: fakeRunners() });
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, /2 fork\(s\) · 1 round\(s\) per fork/);
  assert.match(again.stdout, /^no changes$/m);
});

test('bench:regression passes on unchanged code, fails on an injected slowdown listing it, passes on a speed-up', async () => {
  const dir = tempDir();
  const path = await writeFirstBaselines(dir, 2);
  const common = ['--baselines', path, '--results-dir', join(dir, 'results')];

  const same = await runScript('regression.mjs', common, { env: fakeRunners() });
  assert.equal(same.code, 0, same.stderr);
  assert.match(same.stdout, /no regression \(6 benches compared/);

  // Without an allowance for a whole sitting moving (--drift 0), +30% over identical forks is a regression.
  const slow = await runScript('regression.mjs', [...common, '--drift', '0'], { env: fakeRunners({ bun: '--slowdown 1.3' }) });
  assert.equal(slow.code, 1, slow.stderr);
  assert.match(slow.stdout, /bun extract_snippet_50b: 800 µs → 1\.04 ms \(\+30\.0% median, 2 vs 2 run\(s\), p = 0\.0\) ✗ REGRESSION/);
  assert.match(slow.stdout, /3 regression\(s\)/);

  const fast = await runScript('regression.mjs', common, { env: fakeRunners({ node: '--slowdown 0.5' }) });
  assert.equal(fast.code, 0, fast.stderr);
  assert.match(fast.stdout, /node extract_snippet_50b: 1\.00 ms → 500 µs \(-50\.0% median, 2 vs 2 run\(s\), p = 1\.0\) ✓ faster/);

  // With the default 6% per sitting, +20% is within what two sittings differ by (z = 0.2/(√2·0.06) = 2.36, p = 0.0092 > 0.01/6)…
  const moved = await runScript('regression.mjs', common, { env: fakeRunners({ node: '--slowdown 1.2' }) });
  assert.equal(moved.code, 0, moved.stdout);
  assert.match(moved.stdout, /node extract_snippet_800b: 5\.00 ms → 6\.00 ms \(\+20\.0% median, 2 vs 2 run\(s\), p = 0\.0092\) ~ slower, not significant/);
  // … and a 30% slowdown is inside a 50% tolerance.
  const tolerant = await runScript('regression.mjs', [...common, '--tolerance', '50%', '--drift', '0'], { env: fakeRunners({ bun: '--slowdown 1.3' }) });
  assert.equal(tolerant.code, 0, tolerant.stderr);
  const bad = await runScript('regression.mjs', [...common, '--drift', 'lots'], { env: fakeRunners() });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--drift lots: expected a percentage/);
});

test("a machine slower as a whole is not a regression: the baselines are scaled by the calibration's pace; --as-measured compares unscaled", async () => {
  const dir = tempDir();
  const path = await writeFirstBaselines(dir, 2);
  const common = ['--baselines', path, '--results-dir', join(dir, 'results'), '--drift', '0'];

  // Every bench and the calibration workload 30% slower: the same code on a slower machine.
  const slower = await runScript('regression.mjs', common, { env: fakeRunners({ node: '--machine-slowdown 1.3' }) });
  assert.equal(slower.code, 0, slower.stdout);
  assert.match(
    slower.stdout,
    /^node: the machine ran the calibration 30\.0% slower than when the baselines were measured \(1\.30 µs now, 1\.00 µs then\); baselines scaled by ×1\.300/m,
  );
  assert.match(slower.stdout, /^bun: the machine ran the calibration as fast as when the baselines were measured/m);
  assert.match(slower.stdout, /^node extract_snippet_50b: 1\.00 ms ×1\.300 → 1\.30 ms \(\+0\.0% median, 2 vs 2 run\(s\), p = [\d.]+\) ✓ within tolerance$/m);
  assert.match(slower.stdout, /no regression \(6 benches compared/);

  const asMeasured = await runScript('regression.mjs', [...common, '--as-measured'], { env: fakeRunners({ node: '--machine-slowdown 1.3' }) });
  assert.equal(asMeasured.code, 1, asMeasured.stdout);
  assert.match(asMeasured.stdout, /^node: baselines compared as measured \(--as-measured; calibration 1\.30 µs now, 1\.00 µs then\)$/m);
  assert.match(asMeasured.stdout, /node extract_snippet_50b: 1\.00 ms → 1\.30 ms \(\+30\.0% median, 2 vs 2 run\(s\), p = 0\.0\) ✗ REGRESSION/);

  // The code 30% slower on the same machine: the calibration did not move, so the slowdown stays.
  const code = await runScript('regression.mjs', common, { env: fakeRunners({ node: '--slowdown 1.3' }) });
  assert.equal(code.code, 1, code.stdout);
  assert.match(code.stdout, /^node: the machine ran the calibration as fast as when the baselines were measured/m);
  assert.match(code.stdout, /node extract_snippet_50b: 1\.00 ms → 1\.30 ms \(\+30\.0% median, 2 vs 2 run\(s\), p = 0\.0\) ✗ REGRESSION/);

  // Baselines from before the calibration was kept: compared as measured, and said so.
  const file = JSON.parse(readFileSync(path, 'utf8'));
  for (const runtime of Object.values(file._meta.runtimes) as Array<Record<string, unknown>>) delete runtime.calibrationNs;
  writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`);
  const older = await runScript('regression.mjs', common, { env: fakeRunners({ node: '--machine-slowdown 1.3' }) });
  assert.equal(older.code, 1, older.stdout);
  assert.match(
    older.stdout,
    /^node: the baselines record no calibration \(hand-written, or written before it was kept\); baselines compared as measured, so a slower or faster machine reads as a change of the code$/m,
  );
});

test('an incomplete run never passes: a crashed runner, a bench not measured, a missing done record, nothing compared', async () => {
  const dir = tempDir();
  const path = await writeFirstBaselines(dir, 2);
  const common = ['--baselines', path, '--results-dir', join(dir, 'results')];
  const crashed = await runScript('regression.mjs', common, { env: fakeRunners({ bun: '--mode crash --after 0 --every-fork' }) });
  assert.equal(crashed.code, 3, crashed.stdout);
  assert.match(crashed.stderr, /incomplete: the benchmark run failed/);
  assert.match(crashed.stderr, /error: the run is incomplete; the gate cannot pass on it/);

  // --results of a run whose every runner crashed: nothing compared.
  const all = await runScript(
    'run-all.mjs',
    ['--results-dir', join(dir, 'results'), '--run-id', 'all-crashed', '--runtime', 'node,bun', '--forks', '1', '--no-adaptive', ...FAST],
    { env: fakeRunners({ node: '--mode crash --after 0 --every-fork', bun: '--mode crash --after 0 --every-fork' }) },
  );
  assert.equal(all.code, 3);
  const none = await runScript('regression.mjs', ['--baselines', path, '--results', join(dir, 'results', 'all-crashed')], { env: fakeRunners() });
  assert.equal(none.code, 3, none.stdout + none.stderr);
  assert.match(none.stderr, /^incomplete: 6 baseline bench\(es\) not measured: /m);
  assert.match(none.stderr, /^incomplete: nothing was compared$/m);

  // A runner that stopped cleanly after one bench, without its done record.
  const folder = join(dir, 'cut');
  const full = await runScript(
    'run-all.mjs',
    ['--results-dir', dir, '--run-id', 'cut', '--runtime', 'node,bun', '--forks', '1', '--no-adaptive', '--order', 'fixed', ...FAST],
    { env: fakeRunners() },
  );
  assert.equal(full.code, 0, full.stderr);
  const file = join(folder, 'bun-f1.ndjson');
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  writeFileSync(file, `${lines.slice(0, 2).join('\n')}\n`);
  const cut = await runScript('regression.mjs', ['--baselines', path, '--results', folder], { env: fakeRunners() });
  assert.equal(cut.code, 3, cut.stdout);
  assert.match(cut.stderr, /incomplete: \S+bun-f1\.ndjson: bun fork 1 stopped without its done record/);
  // the two unmeasured benches in the baseline file's order, which follows the shuffled first run
  const unmeasured = /^incomplete: 2 baseline bench\(es\) not measured: (.*)$/m.exec(cut.stderr)?.[1]?.split(', ').sort();
  assert.deepEqual(unmeasured, ['bun extract_snippet_200b', 'bun extract_snippet_800b'], cut.stderr);
});

test('a baseline from another testbed is named; --strict refuses the comparison', async () => {
  const dir = tempDir();
  const path = await writeFirstBaselines(dir, 2);
  const common = ['--baselines', path, '--results-dir', join(dir, 'results')];
  const elsewhere = await runScript('regression.mjs', common, { env: fakeRunners({ node: '--host laptop', bun: '--host laptop' }) });
  assert.equal(elsewhere.code, 0, elsewhere.stderr);
  assert.match(
    elsewhere.stderr,
    /warning: these results come from another testbed than \S+ \(host: fake-host then, laptop now\): a difference may be the machine, not the code/,
  );
  const strict = await runScript('regression.mjs', [...common, '--strict'], { env: fakeRunners({ node: '--host laptop', bun: '--host laptop' }) });
  assert.equal(strict.code, 2);
  assert.match(strict.stderr, /--strict refuses the comparison/);
});

test('baselines sampled otherwise (another harness) are named; --strict refuses them; an older file without a fingerprint is named too', async () => {
  const dir = tempDir();
  const path = await writeFirstBaselines(dir, 2);
  assert.equal(JSON.parse(readFileSync(path, 'utf8'))._meta.samplingKey, 'fake-quick');
  const common = ['--baselines', path, '--results-dir', join(dir, 'results')];
  const newer = { node: '--sampling-key quick-0badc0de', bun: '--sampling-key quick-0badc0de' };
  const other = await runScript('regression.mjs', common, { env: fakeRunners(newer) });
  assert.equal(other.code, 0, other.stderr);
  assert.match(
    other.stderr,
    /^warning: these results and \S+ were not measured alike \(sampled otherwise: fake-quick then, quick-0badc0de now\): a difference may be the measurement, not the code$/m,
  );
  const strict = await runScript('regression.mjs', [...common, '--strict'], { env: fakeRunners(newer) });
  assert.equal(strict.code, 2);
  assert.match(strict.stderr, /not measured alike .*--strict refuses the comparison \(measure the baselines again: npm run bench:baseline -- --write/);
  // the same sampling: no warning
  const alike = await runScript('regression.mjs', common, { env: fakeRunners() });
  assert.equal(alike.code, 0, alike.stderr);
  assert.doesNotMatch(alike.stderr, /not measured alike/);
  // a file written before the fingerprint was recorded
  const file = JSON.parse(readFileSync(path, 'utf8'));
  delete file._meta.samplingKey;
  writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`);
  const older = await runScript('regression.mjs', common, { env: fakeRunners() });
  assert.equal(older.code, 0, older.stderr);
  assert.match(older.stderr, /not measured alike \(the baselines were sampled by an older harness \(no sampling fingerprint; fake-quick now\)\)/);
});

test('bench:regression reads a results folder instead of running (--results)', async () => {
  const dir = tempDir();
  const path = await writeFirstBaselines(dir, 2);
  const run = await runScript(
    'run-all.mjs',
    ['--results-dir', join(dir, 'results'), '--run-id', 'slow-node', '--runtime', 'node', '--forks', '2', '--no-adaptive', ...FAST],
    { env: fakeRunners({ node: '--slowdown 2' }) },
  );
  assert.equal(run.code, 0, run.stderr);
  const r = await runScript('regression.mjs', ['--baselines', path, '--results', join(dir, 'results', 'slow-node'), '--runtime', 'node'], {
    env: fakeRunners({ node: null, bun: null, deno: null }),
  });
  assert.equal(r.code, 1);
  assert.match(r.stdout, /3 regression\(s\)/);
});

test('a hand-broken baselines.json is named by JSON path, and never overwritten', async () => {
  const dir = tempDir();
  const path = join(dir, 'baselines.json');
  const broken = '{\n  "node": {\n    "extract_snippet_50b": { "mean_ns": "1ms", "std_dev_ns": 20000 }\n  }\n}\n';
  writeFileSync(path, broken);
  const gate = await runScript('regression.mjs', ['--baselines', path], { env: fakeRunners() });
  assert.equal(gate.code, 2);
  assert.equal(gate.stderr.trim(), `error: ${path}: $.node.extract_snippet_50b.mean_ns: Invalid type: Expected number but received "1ms"`);
  const update = await runScript('baseline.mjs', ['--baselines', path, '--results-dir', join(dir, 'results'), '--ids', 'all', '--write'], {
    env: fakeRunners(),
  });
  assert.equal(update.code, 2);
  assert.match(update.stderr, /\$\.node\.extract_snippet_50b\.mean_ns: Invalid type/);
  assert.equal(readFileSync(path, 'utf8'), broken);
  writeFileSync(path, '{ "node": ');
  const truncated = await runScript('baseline.mjs', ['--baselines', path, '--write'], { env: fakeRunners() });
  assert.match(truncated.stderr, /baselines\.json: not valid JSON/);
  assert.equal(readFileSync(path, 'utf8'), '{ "node": ');
});

test('a failed run never replaces the baselines', async () => {
  const dir = tempDir();
  const path = await writeFirstBaselines(dir);
  const before = readFileSync(path, 'utf8');
  const r = await runScript('baseline.mjs', ['--baselines', path, '--results-dir', join(dir, 'results'), '--runtime', 'node', '--write'], {
    env: fakeRunners({ node: '--mode crash --after 1' }),
  });
  assert.equal(r.code, 3);
  assert.match(r.stderr, /error: the benchmark run failed \(1 failure\(s\), 1 measurement\(s\) without a record\); \S+ is unchanged/);
  assert.equal(readFileSync(path, 'utf8'), before);
});
