// The orchestrator's faults, each with fake runners: missing runtime, crash, hang, corrupt
// line, error record, Ctrl-C, interleaved rounds, Bun's default, change against the previous run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fakeRunners, processAlive, runScript, tempDir, waitFor } from './support.ts';

function ndjsonLines(path: string): string[] {
  return readFileSync(path, 'utf8').split('\n').filter((l) => l !== '');
}

function benchIds(path: string): string[] {
  return ndjsonLines(path).flatMap((l) => {
    try {
      const r = JSON.parse(l);
      return r.type === 'bench' ? [r.id] : [];
    } catch {
      return [];
    }
  });
}

test('a runtime that is not installed is skipped with a note; the rest run and the exit code is 0', async () => {
  const results = tempDir();
  const r = await runScript('run-all.mjs', ['--results-dir', results, '--run-id', 'r1', '--format', 'json'], { env: fakeRunners({ deno: null }) });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /note: deno skipped: \/nonexistent\/deno \(from ANANKE_RUNNER_DENO\) not found/);
  assert.deepEqual(readdirSync(join(results, 'r1')).sort(), ['bun.log', 'bun.ndjson', 'node.log', 'node.ndjson']);
  const report = JSON.parse(r.stdout);
  assert.deepEqual(report.columns.map((c: { label: string }) => c.label), ['node', 'bun']);
  assert.match(r.stderr, /skipped: deno · no failures/);
});

test('nothing installed: nothing ran, exit code 1', async () => {
  const r = await runScript('run-all.mjs', ['--results-dir', tempDir()], { env: fakeRunners({ node: null, bun: null, deno: null }) });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /none of the requested runtimes is installed; nothing ran/);
});

test('a runner crashing mid-suite: its records are kept and shown, the others finish, exit code 1', async () => {
  const results = tempDir();
  const r = await runScript('run-all.mjs', ['--results-dir', results, '--run-id', 'crash', '--format', 'markdown'], { env: fakeRunners({ bun: '--mode crash --after 2' }) });
  assert.equal(r.code, 1);
  assert.deepEqual(benchIds(join(results, 'crash', 'bun.ndjson')), ['alpha_bench', 'beta_bench']);
  // The line cut off mid-write is kept as it arrived.
  assert.match(readFileSync(join(results, 'crash', 'bun.ndjson'), 'utf8'), /"cut off mid-wri\n$/);
  assert.deepEqual(benchIds(join(results, 'crash', 'deno.ndjson')), ['alpha_bench', 'beta_bench', 'gamma_bench']);
  assert.match(r.stderr, /failed: bun: exited with code 3 \(2 bench record\(s\) kept in /);
  const header = r.stdout.split('\n')[0];
  assert.equal(header, '| bench | node 0.0.1-fake | bun 0.0.1-fake | deno 0.0.1-fake |');
  // bun's two benches appear in the table (bun is the fastest fake), gamma only for node and deno.
  assert.match(r.stdout, /\| `alpha_bench` \(fake\) \| \*\*1\.00 ms ±1\.0%\*\*<br>1\.25× slower<br>– \| \*\*800 µs ±1\.0%\*\*<br>\*\*★ fastest\*\*<br>– \|/);
  assert.match(r.stdout, /\| `gamma_bench` \(fake\) \| [^|]+ \| – \| [^|]+ \|/);
  assert.match(r.stdout, /1 failure\(s\)/);
});

test('a hanging runner is killed at the timeout, its records kept, the others finish', async () => {
  const results = tempDir();
  const pidFile = join(results, 'deno.pid');
  const r = await runScript('run-all.mjs', ['--results-dir', results, '--run-id', 'hang', '--timeout', '5'], {
    env: fakeRunners({ node: '--mode hang --after 1 --pid-file ' + pidFile }),
  });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /failed: node: timed out after 5 s and was killed \(1 bench record\(s\) kept/);
  assert.deepEqual(benchIds(join(results, 'hang', 'node.ndjson')), ['alpha_bench']);
  assert.equal(processAlive(Number(readFileSync(pidFile, 'utf8'))), false);
  assert.equal(benchIds(join(results, 'hang', 'bun.ndjson')).length, 3);
  assert.equal(benchIds(join(results, 'hang', 'deno.ndjson')).length, 3);
});

test('a corrupt line from a runner is reported with file and line; the rest is kept and shown', async () => {
  const results = tempDir();
  const r = await runScript('run-all.mjs', ['--results-dir', results, '--run-id', 'bad', '--runtime', 'node', '--format', 'json'], { env: fakeRunners({ node: '--mode corrupt --after 1' }) });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /warning: \S+\/bad\/node\.ndjson:3: not valid JSON \([^)]*\): "this is not json"/);
  assert.match(r.stderr, /failed: node\.ndjson:3: not valid JSON/);
  const report = JSON.parse(r.stdout);
  assert.deepEqual(report.rows.map((row: { id: string }) => row.id), ['alpha_bench', 'beta_bench', 'gamma_bench']);
});

test('an error record from a runner fails the run and names the bench and message', async () => {
  const r = await runScript('run-all.mjs', ['--results-dir', tempDir(), '--runtime', 'deno'], { env: fakeRunners({ deno: '--mode error --after 0' }) });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /failed: deno: 1 error record\(s\): fake alpha_bench: fixture not found: fixtures\/missing\.ts/);
});

test('Ctrl-C stops the runner and keeps what was written', async () => {
  const results = tempDir();
  const pidFile = join(results, 'node.pid');
  const log = join(results, 'invocations.log');
  const file = join(results, 'int', 'node.ndjson');
  const r = await runScript('run-all.mjs', ['--results-dir', results, '--run-id', 'int', '--timeout', '60'], {
    env: fakeRunners({ node: `--mode hang --after 2 --pid-file ${pidFile} --log ${log}`, bun: `--log ${log}` }),
    onStart: (child) => {
      waitFor(() => existsSync(file) && benchIds(file).length === 2 && existsSync(pidFile), 'two records').then(() => child.kill('SIGINT'));
    },
  });
  assert.equal(r.code, 130, r.stderr);
  assert.match(r.stderr, /SIGINT: stopping the runners; records written so far are kept/);
  assert.deepEqual(benchIds(file), ['alpha_bench', 'beta_bench']);
  assert.equal(processAlive(Number(readFileSync(pidFile, 'utf8'))), false);
  // Nothing started after the interrupt.
  assert.deepEqual(readFileSync(log, 'utf8').trim().split('\n'), ['node 1']);
  assert.match(r.stdout, /alpha_bench/);
});

test('rounds interleave the runtimes (node, bun, deno, node, …) and pool per runtime', async () => {
  const results = tempDir();
  const log = join(results, 'order.log');
  const all = `--log ${log}`;
  const r = await runScript('run-all.mjs', ['--results-dir', results, '--run-id', 'rounds', '--rounds', '3', '--bench', 'alpha_bench,beta_bench', '--format', 'markdown'], {
    env: fakeRunners({ node: all, bun: all, deno: all }),
  });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(readFileSync(log, 'utf8').trim().split('\n'), [
    'node 1 alpha_bench,beta_bench',
    'bun 1 alpha_bench,beta_bench',
    'deno 1 alpha_bench,beta_bench',
    'node 2 alpha_bench,beta_bench',
    'bun 2 alpha_bench,beta_bench',
    'deno 2 alpha_bench,beta_bench',
    'node 3 alpha_bench,beta_bench',
    'bun 3 alpha_bench,beta_bench',
    'deno 3 alpha_bench,beta_bench',
  ]);
  assert.ok(existsSync(join(results, 'rounds', 'deno-3.ndjson')));
  assert.equal(r.stdout.split('\n')[0], '| bench | node 0.0.1-fake, 3 rounds | bun 0.0.1-fake, 3 rounds | deno 0.0.1-fake, 3 rounds |');
  assert.doesNotMatch(r.stdout, /gamma_bench/);
});

test('invoked by Bun (bun bench), the default runtime is Bun', async () => {
  const results = tempDir();
  const log = join(results, 'who.log');
  const r = await runScript('run-all.mjs', ['--results-dir', results], {
    env: { ...fakeRunners({ node: `--log ${log}`, bun: `--log ${log}`, deno: `--log ${log}` }), npm_config_user_agent: 'bun/1.4.5 npm/? node/v24.3.0 linux x64' },
  });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(readFileSync(log, 'utf8').trim().split('\n'), ['bun 1']);
  assert.match(r.stdout, /┌/);
});

test('each bench shows its change against the previous run of the same runtime on the same host', async () => {
  const results = tempDir();
  const first = await runScript('run-all.mjs', ['--results-dir', results, '--run-id', 'a-first', '--runtime', 'node'], { env: fakeRunners() });
  assert.equal(first.code, 0, first.stderr);
  assert.doesNotMatch(first.stdout, /change: [+-]/);
  const other = await runScript('run-all.mjs', ['--results-dir', results, '--run-id', 'b-other-host', '--runtime', 'node'], { env: fakeRunners({ node: '--host elsewhere --slowdown 3' }) });
  assert.equal(other.code, 0, other.stderr);
  const second = await runScript('run-all.mjs', ['--results-dir', results, '--run-id', 'c-second', '--runtime', 'node', '--format', 'markdown'], { env: fakeRunners({ node: '--slowdown 1.1' }) });
  assert.equal(second.code, 0, second.stderr);
  // Against a-first (same host), not b-other-host: +10% with a 95% interval of about ±0.8%.
  const alpha = second.stdout.split('\n').find((l) => l.includes('alpha_bench'))!;
  assert.match(alpha, /change: \+9\.[0-9]% … \+10\.[0-9]%/);
});

test('a bad option or a bad value is one clear line, no stack trace', async () => {
  const r = await runScript('run-all.mjs', ['--rounds', 'zero'], { env: fakeRunners() });
  assert.equal(r.code, 1);
  assert.equal(r.stderr.trim(), 'error: --rounds zero: expected a whole number ≥ 1');
  const f = await runScript('run-all.mjs', ['--format', 'html'], { env: fakeRunners() });
  assert.equal(f.stderr.trim(), 'error: --format html: unknown format (use table, markdown, json, bmf)');
});

test('a readable CPU governor other than performance is warned about up front', async () => {
  const sysfs = tempDir();
  for (const [cpu, governor] of [['cpu0', 'powersave'], ['cpu1', 'performance']]) {
    mkdirSync(join(sysfs, cpu, 'cpufreq'), { recursive: true });
    writeFileSync(join(sysfs, cpu, 'cpufreq', 'scaling_governor'), `${governor}\n`);
  }
  const r = await runScript('run-all.mjs', ['--results-dir', tempDir(), '--runtime', 'node'], { env: { ...fakeRunners(), ANANKE_CPU_SYSFS: sysfs } });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr.split('\n')[0]!, /^warning: CPU governor is powersave\/performance, not performance: timings will drift\. Check: cat \/sys\/devices\/system\/cpu\/cpu0\/cpufreq\/scaling_governor; set: sudo cpupower frequency-set -g performance$/);
  writeFileSync(join(sysfs, 'cpu0', 'cpufreq', 'scaling_governor'), 'performance\n');
  const quiet = await runScript('run-all.mjs', ['--results-dir', tempDir(), '--runtime', 'node'], { env: { ...fakeRunners(), ANANKE_CPU_SYSFS: sysfs } });
  assert.doesNotMatch(quiet.stderr, /governor/);
});

test('a run never writes into an earlier run\'s folder: a reused --run-id is refused and the old records stay', async () => {
  const results = tempDir();
  const first = await runScript('run-all.mjs', ['--results-dir', results, '--run-id', 'same', '--runtime', 'node', '--format', 'json'], { env: fakeRunners() });
  assert.equal(first.code, 0, first.stderr);
  const before = readFileSync(join(results, 'same', 'node.ndjson'), 'utf8');
  const second = await runScript('run-all.mjs', ['--results-dir', results, '--run-id', 'same', '--runtime', 'node'], { env: fakeRunners() });
  assert.notEqual(second.code, 0);
  assert.match(second.stderr, /same already holds a run; pick another --run-id/);
  assert.equal(readFileSync(join(results, 'same', 'node.ndjson'), 'utf8'), before);
});
