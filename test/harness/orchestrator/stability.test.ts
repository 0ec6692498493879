// bench:stability over two runs already made: the shares, then the goals, the run time judged from
// each run's manifest (run.json) only when the runs measured what the goal is about.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOGUE } from '../../../core/catalogue.ts';
import { runScript, tempDir } from './support.ts';

/** A run folder: one version-1 process per runtime with bench `a` at these medians, and a manifest unless `seconds` is null. */
function runFolder(dir: string, runId: string, medians: Record<string, number>, seconds: number | null, manifest: Record<string, unknown> = {}): string {
  const folder = join(dir, runId);
  mkdirSync(folder);
  for (const [runtime, p50] of Object.entries(medians)) {
    const run = {
      type: 'run',
      schema: 1,
      runId,
      round: 1,
      profile: 'quick',
      shard: null,
      heapSource: 'test',
      startedAt: '2026-12-06T10:00:00Z',
      runtime: { name: runtime, version: '1', engine: 'V8', engineVersion: '1' },
      host: { hostname: 'h', os: 'linux', arch: 'x64', cpuModel: 'cpu', cores: 2, memoryBytes: 1, governor: null, loadAverage: null },
      git: { commit: null, dirty: null },
    };
    const bench = { type: 'bench', schema: 1, runId, suite: 'clew', id: 'a', params: {}, unit: 'ns', samples: 10 };
    const figures = { min: p50, p25: p50, p50, p75: p50, p99: p50, max: p50, mean: p50, stdDev: 0 };
    writeFileSync(join(folder, `${runtime}.ndjson`), `${JSON.stringify(run)}\n${JSON.stringify({ ...bench, ...figures })}\n`);
  }
  if (seconds !== null)
    writeFileSync(
      join(folder, 'run.json'),
      JSON.stringify({
        kind: 'ananke-bench-run',
        version: 1,
        runId,
        startedAt: '2026-12-06T10:00:00.000Z',
        endedAt: new Date(Date.parse('2026-12-06T10:00:00.000Z') + seconds * 1000).toISOString(),
        argv: ['--profile', 'quick', '--run-id', runId],
        profile: 'quick',
        benches: CATALOGUE.map((entry) => entry.id),
        targets: Object.keys(medians).map((runtime) => ({ label: runtime, runtime, version: '1' })),
        ...manifest,
      }),
    );
  return folder;
}

test('bench:stability --results prints the goals: shares against 90%, and the run time against 5 minutes for the whole quick profile on three runtimes', async () => {
  const dir = tempDir();
  const one = runFolder(dir, 'one', { node: 1000, bun: 2000, deno: 3000 }, 290);
  const two = runFolder(dir, 'two', { node: 1050, bun: 2400, deno: 3150 }, 311);
  const r = await runScript('stability.mjs', ['--results', one, two]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^goal: ratios within ±5% on ≥ 90% of benches: not met \(bun\/node 0%, deno\/node 100%\)$/m);
  assert.match(r.stdout, /^goal: medians within ±10% on ≥ 90% of benches: not met \(node 100%, bun 0%, deno 100%\)$/m);
  assert.match(r.stdout, /^goal: a quick run on node, bun and deno under 5 minutes: not met \(4 min 50 s, 5 min 11 s\)$/m);

  // A run with options of its own is another run than the profile: its time is given, not judged.
  const forks = runFolder(dir, 'forks', { node: 1000, bun: 2000, deno: 3000 }, 200, { argv: ['--profile', 'quick', '--forks', '2'] });
  const judged = await runScript('stability.mjs', ['--results', one, forks]);
  assert.match(judged.stdout, /^run time: 4 min 50 s, 3 min 20 s \(not judged: the goal is for the profile as it is, not with --forks 2\)$/m);
  // Without a manifest (runs made before it) only the shares are judged.
  const bare = runFolder(dir, 'bare', { node: 1000, bun: 2000, deno: 3000 }, null);
  const unjudged = await runScript('stability.mjs', ['--results', one, bare]);
  assert.equal(unjudged.code, 0, unjudged.stderr);
  assert.match(unjudged.stdout, /^goal: ratios within ±5% on ≥ 90% of benches: met \(bun\/node 100%, deno\/node 100%\)$/m);
  assert.doesNotMatch(unjudged.stdout, /run time|under 5 minutes/);
});
