// bench:merge: forks pooled per target and host, hosts kept apart, corrupt lines named by file and
// line; version-1 files (one process per runtime and round) are still read, their rounds as forks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoPath } from '../../support/platform.ts';
import { runScript, tempDir } from './support.ts';

const run = (runtime: string, hostname: string, runId: string, round = 1) => ({
  type: 'run',
  schema: 1,
  runId,
  round,
  profile: 'quick',
  shard: null,
  heapSource: 'test',
  startedAt: '2026-11-27T10:00:00Z',
  runtime: { name: runtime, version: '1', engine: 'V8', engineVersion: '1' },
  host: { hostname, os: 'linux', arch: 'x64', cpuModel: 'cpu', cores: 2, memoryBytes: 1, governor: null, loadAverage: null },
  git: { commit: null, dirty: null },
});
const bench = (runId: string, id: string, mean: number, sd: number, samples: number) => ({
  type: 'bench',
  schema: 1,
  runId,
  suite: 'clew',
  id,
  params: {},
  unit: 'ns',
  samples,
  min: mean - 2 * sd,
  p25: mean - sd,
  p50: mean,
  p75: mean + sd,
  p99: mean + 2 * sd,
  max: mean + 3 * sd,
  mean,
  stdDev: sd,
});
const lines = (...records: unknown[]) => `${records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n')}\n`;

test('merges version-1 rounds (as forks, pooled) and keeps hosts apart; a corrupt line is reported and the rest merged', async () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'laptop'));
  mkdirSync(join(dir, 'ci', 'artifact'), { recursive: true });
  writeFileSync(join(dir, 'laptop', 'node-1.ndjson'), lines(run('node', 'laptop', 'L', 1), bench('L', 'a', 100, 10, 30)));
  writeFileSync(join(dir, 'laptop', 'node-2.ndjson'), lines(run('node', 'laptop', 'L', 2), '{"type": "bench", oops', bench('L', 'a', 120, 10, 10)));
  writeFileSync(join(dir, 'ci', 'artifact', 'node.ndjson'), lines(run('node', 'ci', 'C'), bench('C', 'a', 300, 5, 20)));
  const out = join(dir, 'merged.ndjson');
  const r = await runScript('merge.mjs', ['--format', 'json', '--out', out, join(dir, 'laptop'), join(dir, 'ci')]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`warning: ${join(dir, 'laptop', 'node-2.ndjson')}:2: not valid JSON`));
  assert.match(r.stderr, /merged 3 process\(es\) of 2 run\(s\) from 3 file\(s\) · each run its own column \(--pool pools them\) · 1 corrupt line\(s\) skipped/);
  const report = JSON.parse(r.stdout);
  assert.deepEqual(
    report.columns.map((c: { label: string; forks: number }) => [c.label, c.forks]),
    [
      ['node@ci', 1],
      ['node@laptop', 2],
    ],
  );
  const laptop = report.rows[0].results['node@laptop'];
  assert.equal(laptop.mean_ns, 105);
  assert.equal(laptop.samples, 40);
  // Pooled variance (29·100 + 9·100 + 30·25 + 10·225) / 39.
  assert.ok(Math.abs(laptop.std_dev_ns ** 2 - 6800 / 39) < 1e-9);
  assert.equal(report.rows[0].results['node@ci'].median_ns, 300);
  // --out holds every valid record, written with ndjson, in the current version's shape.
  const merged = readFileSync(out, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.deepEqual(
    merged.map((m) => m.type),
    ['run', 'bench', 'run', 'bench', 'run', 'bench'],
  );
  assert.deepEqual(
    merged.map((m) => m.schema),
    [2, 2, 2, 2, 2, 2],
  );
  assert.deepEqual([merged[2].fork, merged[3].fork, merged[3].target, merged[3].round], [2, 2, 'node', 1]);
});

test('no input, a missing path, or only corrupt lines: a clear error and exit code 2', async () => {
  const none = await runScript('merge.mjs', []);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /^error: no input: pass NDJSON files or folders/);
  const missing = await runScript('merge.mjs', ['/no/such/results']);
  assert.equal(missing.stderr.trim(), 'error: /no/such/results: no such file or folder');
  const dir = tempDir();
  writeFileSync(join(dir, 'x.ndjson'), 'garbage\n');
  const corrupt = await runScript('merge.mjs', [dir]);
  assert.equal(corrupt.code, 2);
  assert.match(corrupt.stderr, /x\.ndjson:1: not valid JSON[\s\S]*error: no valid run records in 1 file\(s\)/);
});

test('separate runs stay separate columns unless --pool; - reads NDJSON from stdin; --help says so', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'monday.ndjson'), lines(run('node', 'laptop', 'monday'), bench('monday', 'a', 100, 5, 20)));
  writeFileSync(join(dir, 'tuesday.ndjson'), lines(run('node', 'laptop', 'tuesday'), bench('tuesday', 'a', 130, 5, 20)));
  const apart = await runScript('merge.mjs', ['--format', 'json', join(dir, 'monday.ndjson'), join(dir, 'tuesday.ndjson')]);
  assert.equal(apart.code, 0, apart.stderr);
  assert.deepEqual(
    JSON.parse(apart.stdout).columns.map((c: { label: string }) => c.label),
    ['node [monday]', 'node [tuesday]'],
  );
  assert.match(apart.stderr, /merged 2 process\(es\) of 2 run\(s\) from 2 file\(s\) · each run its own column \(--pool pools them\)/);
  const pooled = await runScript('merge.mjs', ['--format', 'json', '--pool', join(dir, 'monday.ndjson'), join(dir, 'tuesday.ndjson')]);
  const columns = JSON.parse(pooled.stdout).columns;
  assert.deepEqual(
    columns.map((c: { label: string; forks: number }) => [c.label, c.forks]),
    [['node', 2]],
  );
  // From stdin, beside a file.
  const piped = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(
      process.execPath,
      [...(import.meta.url.endsWith('.ts') ? ['--import', 'tsx'] : []), repoPath('scripts/merge.mjs'), '--format', 'json', '-', join(dir, 'tuesday.ndjson')],
      { cwd: repoPath(''), env: { ...process.env, NO_COLOR: '1', ...(import.meta.url.endsWith('.ts') ? { ANANKE_CORE_FROM_SOURCE: '1' } : {}) } },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(`${readFileSync(join(dir, 'monday.ndjson'), 'utf8')}not json\n`);
  });
  assert.equal(piped.code, 0, piped.stderr);
  assert.deepEqual(
    JSON.parse(piped.stdout).columns.map((c: { label: string }) => c.label),
    ['node [monday]', 'node [tuesday]'],
  );
  assert.match(piped.stderr, /warning: \(stdin\):3: not valid JSON/);
  assert.match(piped.stderr, /from 1 file\(s\) and stdin/);
  const help = await runScript('merge.mjs', ['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^usage: npm run bench:merge -- \[options\] files-or-folders…/);
  assert.match(help.stdout, /--pool /);
});
