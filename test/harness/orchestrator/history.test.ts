// bench:history over a results folder made by runs with fake runners: one testbed's runs on one line
// per target with the step marked, another testbed named apart (and reachable with --testbed), the
// text and JSON forms, and bad input as one line with exit code 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fakeRunners, runScript, tempDir } from './support.ts';

test('bench:history: a line per target over the runs of one testbed, the step marked, other testbeds apart', async () => {
  const results = tempDir();
  const measure = async (id: string, node: string, bun = '') => {
    const r = await runScript(
      'run-all.mjs',
      [
        '--results-dir',
        results,
        '--run-id',
        id,
        '--runtime',
        'node,bun',
        '--forks',
        '2',
        '--no-adaptive',
        '--bench',
        'extract_snippet_50b',
        '--format',
        'json',
      ],
      { env: fakeRunners({ node, bun }) },
    );
    assert.equal(r.code, 0, r.stderr);
  };
  await measure('a1', '');
  await measure('a2', '');
  await measure('b1', '--cpu Other', '--cpu Other');
  await measure('a3', '--slowdown 1.2');
  await measure('a4', '--slowdown 1.2');
  const text = await runScript('history.mjs', ['--results-dir', results], { env: { COLUMNS: '100' } });
  assert.equal(text.code, 0, text.stderr);
  const lines = text.stdout.trimEnd().split('\n');
  assert.equal(lines[0], 'testbed: Fake CPU · 2 cores · linux x64');
  assert.match(lines[1]!, /^4 run\(s\), \d{4}-\d\d-\d\d \d\d:\d\d to /);
  assert.equal(lines[2], '(not mixed in: [2] Other · 2 cores · linux x64, 1 run(s): --testbed 2)');
  assert.deepEqual(lines.slice(4), [
    '── clew',
    'extract_snippet_50b',
    '  node  ▁▁██  1.00 ms → 1.20 ms (+20.0%)',
    '          ▲   ▲ +20.0% at a3',
    '  bun   ▅▅▅▅  800 µs → 800 µs (+0.0%)',
  ]);
  const other = await runScript('history.mjs', ['--results-dir', results, '--testbed', '2', '--format', 'json']);
  const parsed = JSON.parse(other.stdout);
  assert.deepEqual(
    [parsed.testbed, parsed.runs.map((r: { runId: string }) => r.runId), parsed.benches[0].series.map((s: { target: string }) => s.target)],
    ['Other · 2 cores · linux x64', ['b1'], ['node', 'bun']],
  );
  const bad = await runScript('history.mjs', ['--results-dir', results, '--testbed', 'nosuch']);
  assert.equal(bad.code, 2);
  assert.equal(
    bad.stderr.trim(),
    'error: --testbed nosuch: no testbed matches; the testbeds: [1] Fake CPU · 2 cores · linux x64 (4 run(s)); [2] Other · 2 cores · linux x64 (1 run(s))',
  );
  const empty = await runScript('history.mjs', ['--results-dir', tempDir()]);
  assert.equal(empty.code, 2);
  assert.match(empty.stderr, /^error: no runs in /);
});
