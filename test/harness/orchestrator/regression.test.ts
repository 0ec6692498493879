// bench:baseline and bench:regression end to end with fake runners: an injected slowdown
// fails the gate, a speed-up never does, and a broken baselines.json is named and never overwritten.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fakeRunners, runScript, tempDir } from './support.ts';

async function writeFirstBaselines(dir: string, rounds = 1): Promise<string> {
  const path = join(dir, 'baselines.json');
  const args = ['--baselines', path, '--results-dir', join(dir, 'results'), '--runtime', 'node,bun', '--ids', 'all', '--rounds', String(rounds), '--write'];
  const r = await runScript('baseline.mjs', args, { env: fakeRunners() });
  assert.equal(r.code, 0, r.stderr);
  return path;
}

test('bench:baseline shows the changes, writes only with --write, atomically, with metadata', async () => {
  const dir = tempDir();
  const path = join(dir, 'baselines.json');
  const dry = await runScript('baseline.mjs', ['--baselines', path, '--results-dir', join(dir, 'results'), '--runtime', 'node', '--ids', 'alpha_bench,beta_bench'], { env: fakeRunners() });
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /^\+ node alpha_bench: 1\.00 ms\n\+ node beta_bench: 20\.0 µs\n/m);
  assert.match(dry.stdout, /dry run: pass --write to replace/);
  assert.equal(existsSync(path), false);

  await writeFirstBaselines(dir);
  const written = JSON.parse(readFileSync(path, 'utf8'));
  assert.deepEqual(Object.keys(written), ['_meta', 'node', 'bun']);
  assert.deepEqual(written.node.alpha_bench, { mean_ns: 1_000_000, std_dev_ns: 20_000, samples: 50, median_ns: 1_000_000, iqr_ns: 20_000, rounds: 1 });
  assert.deepEqual(written.bun.gamma_bench, { mean_ns: 4_000_000, std_dev_ns: 80_000, samples: 50, median_ns: 4_000_000, iqr_ns: 80_000, rounds: 1 });
  assert.equal(written._meta.profile, 'quick');
  assert.match(written._meta.measuredOn, /^measured on: fake-host \(Fake CPU, 2 cores, linux x64\), quick profile, 1 round\(s\)/);
  assert.deepEqual(written._meta.versions, { node: '0.0.1-fake', bun: '0.0.1-fake' });
  assert.deepEqual(readdirSync(dir).filter((n) => n.endsWith('.tmp')), []);
});

test('bench:regression passes on unchanged code, fails on an injected slowdown listing it, passes on a speed-up', async () => {
  const dir = tempDir();
  const path = await writeFirstBaselines(dir);
  const common = ['--baselines', path, '--results-dir', join(dir, 'results')];

  const same = await runScript('regression.mjs', common, { env: fakeRunners() });
  assert.equal(same.code, 0, same.stderr);
  assert.match(same.stdout, /no regression \(6 benches compared/);

  const slow = await runScript('regression.mjs', common, { env: fakeRunners({ bun: '--slowdown 1.3' }) });
  assert.equal(slow.code, 1);
  assert.match(slow.stdout, /bun alpha_bench: 800 µs → 1\.04 ms \(\+30\.0% mean, p = [0-9.e-]+\) ✗ REGRESSION/);
  assert.match(slow.stdout, /3 regression\(s\) \(regression = slower than baseline by more than \+10\.0% and one-sided p < 0\.01\/6 = 0\.0017 \(Bonferroni\)\):\n  bun alpha_bench: \+30\.0%\n  bun beta_bench: \+30\.0%\n  bun gamma_bench: \+30\.0%/);

  const fast = await runScript('regression.mjs', common, { env: fakeRunners({ node: '--slowdown 0.5' }) });
  assert.equal(fast.code, 0, fast.stderr);
  assert.match(fast.stdout, /node alpha_bench: 1\.00 ms → 500 µs \(-50\.0% mean, p = 1\.0\) ✓ faster/);

  // A 30% slowdown is inside a 50% tolerance.
  const tolerant = await runScript('regression.mjs', [...common, '--tolerance', '50%'], { env: fakeRunners({ bun: '--slowdown 1.3' }) });
  assert.equal(tolerant.code, 0, tolerant.stderr);
});

test('with a multi-round baseline the gate judges run medians (runs method)', async () => {
  const dir = tempDir();
  const path = await writeFirstBaselines(dir, 2);
  const written = JSON.parse(readFileSync(path, 'utf8'));
  assert.deepEqual([written.node.alpha_bench.rounds, written.node.alpha_bench.round_sd_ns, written.node.alpha_bench.median_ns], [2, 0, 1_000_000]);
  const common = ['--baselines', path, '--results-dir', join(dir, 'results'), '--rounds', '2'];
  const same = await runScript('regression.mjs', common, { env: fakeRunners() });
  assert.equal(same.code, 0, same.stderr);
  assert.match(same.stdout, /node alpha_bench: 1\.00 ms → 1\.00 ms \(\+0\.0% median, 2 vs 2 run\(s\), p = 0\.50\) ✓ within tolerance/);
  // Without an allowance for a whole sitting moving (--drift 0, a quiet machine), +20% over identical rounds is a regression.
  const slow = await runScript('regression.mjs', [...common, '--drift', '0'], { env: fakeRunners({ node: '--slowdown 1.2' }) });
  assert.equal(slow.code, 1);
  assert.match(slow.stdout, /node gamma_bench: 5\.00 ms → 6\.00 ms \(\+20\.0% median, 2 vs 2 run\(s\), p = 0\.0\) ✗ REGRESSION/);
  // With the default 6% per sitting, +20% is within what two sittings differ by (z = 0.2/(√2·0.06) = 2.36, p = 0.0092 > 0.01/6) …
  const moved = await runScript('regression.mjs', common, { env: fakeRunners({ node: '--slowdown 1.2' }) });
  assert.equal(moved.code, 0, moved.stdout);
  assert.match(moved.stdout, /node gamma_bench: 5\.00 ms → 6\.00 ms \(\+20\.0% median, 2 vs 2 run\(s\), p = 0\.0092\) ~ slower, not significant/);
  assert.match(moved.stdout, /\(Bonferroni; sittings allowed to move 6%\)/);
  // … and +50% is not (z = 5.9).
  const far = await runScript('regression.mjs', common, { env: fakeRunners({ node: '--slowdown 1.5' }) });
  assert.equal(far.code, 1);
  assert.match(far.stdout, /node gamma_bench: 5\.00 ms → 7\.50 ms \(\+50\.0% median, 2 vs 2 run\(s\), p = [0-9.e-]+\) ✗ REGRESSION/);
  const bad = await runScript('regression.mjs', [...common, '--drift', 'lots'], { env: fakeRunners() });
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /--drift lots: expected a percentage/);
});

test('bench:regression reads a results folder instead of running (--results)', async () => {
  const dir = tempDir();
  const path = await writeFirstBaselines(dir);
  const run = await runScript('run-all.mjs', ['--results-dir', join(dir, 'results'), '--run-id', 'slow-node', '--runtime', 'node'], { env: fakeRunners({ node: '--slowdown 2' }) });
  assert.equal(run.code, 0, run.stderr);
  const r = await runScript('regression.mjs', ['--baselines', path, '--results', join(dir, 'results', 'slow-node')], { env: fakeRunners({ node: null, bun: null, deno: null }) });
  assert.equal(r.code, 1);
  assert.match(r.stdout, /3 regression\(s\)/);
  assert.match(r.stdout, /bun: no results to compare \(runtime not installed or not run\), skipped/);
});

test('a hand-broken baselines.json is named by JSON path, and never overwritten', async () => {
  const dir = tempDir();
  const path = join(dir, 'baselines.json');
  const broken = '{\n  "node": {\n    "alpha_bench": { "mean_ns": "1ms", "std_dev_ns": 20000 }\n  }\n}\n';
  writeFileSync(path, broken);
  const gate = await runScript('regression.mjs', ['--baselines', path], { env: fakeRunners() });
  assert.equal(gate.code, 1);
  assert.equal(gate.stderr.trim(), `error: ${path}: $.node.alpha_bench.mean_ns: Invalid type: Expected number but received "1ms"`);
  const update = await runScript('baseline.mjs', ['--baselines', path, '--results-dir', join(dir, 'results'), '--ids', 'all', '--write'], { env: fakeRunners() });
  assert.equal(update.code, 1);
  assert.match(update.stderr, /\$\.node\.alpha_bench\.mean_ns: Invalid type/);
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
  const r = await runScript('baseline.mjs', ['--baselines', path, '--results-dir', join(dir, 'results'), '--runtime', 'node', '--write'], { env: fakeRunners({ node: '--mode crash --after 1' }) });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /error: the benchmark run failed \(exit code 1\); \S+ is unchanged/);
  assert.equal(readFileSync(path, 'utf8'), before);
});
