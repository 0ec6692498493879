// The three runners, spawned as the orchestrator spawns them, on the compiled dist/ tree:
// every catalogue id comes out of every runtime (quick profile, one sample per bench), stdout
// carries only valid records, bad input exits 2 with the valid names, a missing fixture becomes
// an error record naming the file while the rest still run, and --list / --out work.
// ANANKE_DIST=<dir> runs another compiled tree (for development; `npm test` uses dist/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { repoBin, repoPath } from '../../support/platform.ts';
import { CATALOGUE } from '../../../core/catalogue.ts';
import { checkRecord, type NdjsonRecord } from '../../../core/record/schema.ts';
import { PROTOCOL_VERSION } from '../../../core/record/protocol.ts';
import { RunnerProcess } from '../../../orchestrator/runner-process.ts';
import { tempDir } from '../../support/temp.ts';

const root = repoPath('');
const dist = process.env.ANANKE_DIST ?? join(root, 'dist');

/** The orchestrator's command for each runtime (see runners/<runtime>/main.ts). */
const RUNNERS: Record<string, string[]> = {
  node: [process.execPath, '--expose-gc', join(dist, 'runners/node/main.js')],
  bun: [repoBin('bun'), join(dist, 'runners/bun/main.js')],
  deno: [
    repoBin('deno'),
    'run',
    '--allow-all',
    '--v8-flags=--expose-gc',
    // Outside the checkout Deno would not find deno.json (and so node_modules) on its own.
    ...(process.env.ANANKE_DIST ? ['--config', join(root, 'deno.json')] : []),
    join(dist, 'runners/deno/main.js'),
  ],
};

function run(runtime: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const [cmd, ...base] = RUNNERS[runtime]!;
  return new Promise((resolve) => {
    const child = spawn(cmd!, [...base, ...args], { cwd: root, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

function parseRecords(stdout: string): NdjsonRecord[] {
  return stdout
    .split('\n')
    .filter((l) => l.length > 0)
    .map((line, i) => {
      const checked = checkRecord(JSON.parse(line));
      assert.ok(checked.ok, `stdout line ${i + 1} is not a valid record: ${checked.ok ? '' : checked.message}\n${line}`);
      return checked.record;
    });
}

for (const runtime of Object.keys(RUNNERS)) {
  test(`${runtime}: every catalogue id is produced, quick profile, one sample each`, { timeout: 120_000 }, async () => {
    const { code, stdout, stderr } = await run(runtime, [
      '--profile',
      'quick',
      '--sampling',
      'tiny',
      '--run-id',
      `t-${runtime}`,
      '--fork',
      '2',
      '--shard',
      'x',
    ]);
    assert.equal(code, 0, stderr);
    const records = parseRecords(stdout);
    const first = records[0]!;
    assert.ok(first.type === 'run', 'first record is run');
    assert.equal(first.runtime.name, runtime);
    assert.deepEqual([first.runId, first.profile, first.fork, first.shard, first.protocol], [`t-${runtime}`, 'quick', 2, 'x', null]);
    assert.deepEqual(first.target, { label: runtime, runtime, revision: null });
    const done = records.at(-1)!;
    assert.ok(done.type === 'done', 'last record is done');

    const benchIds = records.flatMap((r) => (r.type === 'bench' ? [r.id] : []));
    const errors = new Map(records.flatMap((r) => (r.type === 'error' && r.id !== null ? [[r.id, r.message] as const] : [])));
    for (const { id } of CATALOGUE) assert.ok(benchIds.includes(id), `${runtime} produced no bench record for ${id}: ${errors.get(id) ?? 'missing'}`);
    assert.equal(benchIds.length, CATALOGUE.length);
    assert.deepEqual(done.counts, { bench: benchIds.length, error: records.filter((r) => r.type === 'error').length });

    // Progress goes to stderr, one line per bench, never to stdout.
    assert.match(stderr, new RegExp(`^\\[${runtime}\\] clew extract_snippet_50b \\(1/${CATALOGUE.length}\\)$`, 'm'));
    assert.match(stderr, new RegExp(`^\\[${runtime}\\] tokenmask token_mask_decode_step \\(${CATALOGUE.length}/${CATALOGUE.length}\\)$`, 'm'));

    // Extra figures: lines/s for extraction, per-constraint cost for compilation, memory with its source.
    const bench = (id: string) => records.find((r) => r.type === 'bench' && r.id === id) as Extract<NdjsonRecord, { type: 'bench' }>;
    assert.ok(bench('go_extraction_500').extra!.linesPerSecond! > 0);
    assert.ok(bench('constraint_density_50').extra!.nsPerConstraint! > 0);
    // Extraction against parsing alone and the query-walk floor; the figures benches report beside their own.
    const extraction = bench('go_extraction_500').extra!;
    assert.ok(extraction.parseNs! > 0 && extraction.overParse! > 0 && extraction.floorOverParse! > 0, JSON.stringify(extraction));
    const hit = bench('cache_hit').params;
    assert.equal(hit.implementation, 'lru-cache');
    for (const key of ['lru-cacheHitNs', 'map-lruHitNs', 'lru-cacheMixedNs', 'map-lruMixedNs'])
      assert.ok(Number(hit[key]) > 0, `cache_hit ${key}: ${JSON.stringify(hit)}`);
    assert.ok(Number(bench('hash_generation_10').params.coldNs) > 0);
    const workflow = bench('orchestrator_full_workflow').params;
    assert.ok(Number(workflow.orchestrationNs) > 0 && Number(workflow.validateNs) > 0 && Number(workflow.backendNs) > 0, JSON.stringify(workflow));
    const memory = bench('memory_extraction_100').extra!;
    assert.ok(memory.bytesAllocatedPerOp! > 0 && memory.bytesPerLine! > 0, JSON.stringify(memory));
    assert.equal(memory.allocationCount, null);
    assert.equal(memory.wasmBytesGrowth, 0, 'tree-sitter WASM memory grew between extractions');
    assert.ok(memory.memorySource!.startsWith(first.heapSource));
    assert.ok(bench('memory_compilation_10').extra!.bytesPerConstraint! > 0);
  });
}

for (const runtime of Object.keys(RUNNERS)) {
  test(`${runtime}: --serve speaks the command protocol: hello, start, list, warm, run (with calibration and scheduler figures), exit`, {
    timeout: 120_000,
  }, async () => {
    const dir = tempDir('ananke-serve-');
    try {
      const [command, ...args] = RUNNERS[runtime]!;
      const runner = new RunnerProcess({
        spec: { command: command!, args: [...args, '--serve'], cwd: root },
        recordsFile: join(dir, 'records.ndjson'),
        logFile: join(dir, 'log'),
      });
      const hello = await runner.waitForHello(60_000);
      assert.deepEqual(
        [hello.protocol, hello.runtime.name, hello.pid, hello.commands],
        [PROTOCOL_VERSION, runtime, runner.pid, ['start', 'list', 'warm', 'run', 'exit']],
      );
      const target = { label: `${runtime}:test`, runtime, revision: null };
      const started = await runner.request(
        { op: 'start', protocol: PROTOCOL_VERSION, runId: 'serve-test', target, fork: 2, profile: 'quick', sampling: 'tiny', shard: null, calibrate: true },
        60_000,
      );
      assert.equal(started.ok, true);
      const listed = await runner.request({ op: 'list', suites: ['ffi'], bench: null }, 10_000);
      assert.deepEqual(listed.ok && listed.benches!.map((b) => b.id), [
        'ffi_struct_roundtrip',
        'ffi_string_100',
        'ffi_vector_100',
        'ffi_roundtrip',
        'ffi_worker_roundtrip',
      ]);
      // The process warm-up: both benches prepared and called, nothing recorded.
      const warmed = await runner.request({ op: 'warm', ids: ['ffi_string_100', 'cache_hit'] }, 60_000);
      assert.deepEqual(warmed, { type: 'reply', seq: warmed.seq, ok: true, warmed: 2 });
      for (const [position, id] of ['ffi_string_100', 'cache_hit'].entries()) {
        const reply = await runner.request({ op: 'run', id, round: 1, position }, 60_000);
        assert.deepEqual(reply, { type: 'reply', seq: reply.seq, ok: true, produced: 'bench' });
      }
      const bad = await runner.request({ op: 'run', id: 'no_such', round: 1, position: 2 }, 10_000);
      assert.deepEqual([bad.ok, !bad.ok && bad.message], [false, "unknown bench id 'no_such'"]);
      assert.equal((await runner.request({ op: 'exit' }, 30_000)).ok, true);
      runner.endInput();
      assert.deepEqual(await runner.exited, { code: 0, signal: null });
      const records = parseRecords(readFileSync(join(dir, 'records.ndjson'), 'utf8'));
      assert.deepEqual(
        records.map((r) => r.type),
        ['run', 'bench', 'bench', 'done'],
      );
      const run = records[0]!;
      assert.ok(run.type === 'run' && run.fork === 2 && run.protocol === PROTOCOL_VERSION && run.target.label === `${runtime}:test`);
      for (const [position, record] of records.slice(1, 3).entries()) {
        assert.ok(record.type === 'bench');
        assert.deepEqual([record.target, record.fork, record.round, record.position], [`${runtime}:test`, 2, 1, position]);
        assert.ok(record.calibration!.beforeNs > 0 && record.calibration!.afterNs > 0, JSON.stringify(record.calibration));
        // Linux's scheduler accounting for the runner's main thread, read through the platform.
        assert.ok(record.sched!.onCpuNs >= 0 && record.sched!.waitNs >= 0, JSON.stringify(record.sched));
        assert.ok(Date.parse(record.startedAt!) <= Date.parse(record.endedAt!));
      }
      // The kernel adds a running thread's time at its ticks and switches, so one short measurement
      // can read 0 on CPU (deno did once, {"onCpuNs":0,"waitNs":0}); both benches together, with their warm-ups and samples, should not.
      const onCpu = records.slice(1, 3).reduce((sum, r) => sum + (r.type === 'bench' ? r.sched!.onCpuNs : 0), 0);
      assert.ok(onCpu > 0, String(onCpu));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('node: --list prints the catalogue, one JSON object per line', async () => {
  const { code, stdout } = await run('node', ['--list']);
  assert.equal(code, 0);
  const listed = stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { suite: string; id: string; params: object });
  assert.deepEqual(
    listed.map((l) => [l.suite, l.id, l.params]),
    CATALOGUE.map((e) => [e.suite, e.id, e.params]),
  );
  const maze = await run('node', ['--list', '--suite', 'maze', '--bench', 'cache_performance']);
  assert.deepEqual(
    maze.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).id),
    ['cache_hit', 'cache_miss', 'cache_eviction_10', 'cache_eviction_100', 'cache_eviction_1000'],
  );
});

for (const runtime of Object.keys(RUNNERS)) {
  test(`${runtime}: an unknown suite or bench id exits 2, lists the valid ones, prints nothing on stdout`, async () => {
    const suite = await run(runtime, ['--suite', 'clew,bogus']);
    assert.equal(suite.code, 2);
    assert.equal(suite.stdout, '');
    assert.match(suite.stderr, /unknown suite 'bogus'; valid suites: clew, multi-lang, braid, density, memory, ffi, pipeline, maze, tokenmask/);
    const bench = await run(runtime, ['--suite', 'ffi', '--bench', 'ffi_bogus']);
    assert.equal(bench.code, 2);
    assert.equal(bench.stdout, '');
    assert.match(bench.stderr, /no bench in suite ffi matches 'ffi_bogus'; valid bench ids: ffi_struct_roundtrip, ffi_string_100/);
  });
}

test('node: a missing fixture is an error record naming the file and `npm run fixtures`; the next bench runs; --out gets the records', async () => {
  const empty = tempDir('ananke-nofixtures-');
  const out = join(empty, 'records.ndjson');
  try {
    const { code, stdout } = await run('node', [
      '--root',
      empty,
      '--bench',
      'typescript_extraction_100,ffi_string_100',
      '--profile',
      'quick',
      '--sampling',
      'tiny',
      '--out',
      out,
    ]);
    assert.equal(code, 0);
    assert.equal(stdout, '');
    const records = parseRecords(readFileSync(out, 'utf8'));
    assert.deepEqual(
      records.map((r) => r.type),
      ['run', 'error', 'bench', 'done'],
    );
    const error = records[1]!;
    assert.ok(error.type === 'error');
    assert.equal(error.id, 'typescript_extraction_100');
    assert.equal(error.message, 'fixture not found: fixtures/typescript/small/entity_service_100.ts; generate the fixtures with `npm run fixtures`');
    assert.ok(records[2]!.type === 'bench' && records[2]!.id === 'ffi_string_100');
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});

function denoBench(extra: Record<string, string>, args: string[] = []): Promise<{ code: number; out: string }> {
  const env = { ...process.env, NO_COLOR: '1', ...extra };
  return new Promise((resolve) => {
    const child = spawn(repoBin('deno'), ['bench', '-P', ...args], { cwd: root, env });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

test('deno bench -P registers catalogue benches with Deno.bench in comparison families and prints its table', { timeout: 180_000 }, async () => {
  const result = await denoBench({
    ANANKE_SUITE: 'ffi,maze',
    ANANKE_BENCH: 'ffi_string_100,ffi_worker_roundtrip,cache_hit,cache_miss,cache_eviction_10,cache_eviction_100',
  });
  assert.equal(result.code, 0, result.out);
  for (const id of ['ffi_string_100', 'ffi_worker_roundtrip', 'cache_hit', 'cache_miss'])
    assert.match(result.out, new RegExp(`^\\| ${id} +\\| +[\\d.]+ [nµm]s`, 'm'));
  // Fast benches with per-call arguments are timed over batches (Deno ignores start()/end() under 10 µs).
  assert.match(result.out, /^\| cache_eviction_10 ×1000 +\| +[\d.]+ [nµm]s/m);
  assert.doesNotMatch(result.out, /start\(\) and end\(\)|ignored/);
  // Groups are families: the summary compares the eviction sizes, never a cache hit with a miss.
  assert.deepEqual(result.out.match(/^group .*$/gm), [
    'group ffi_string_100',
    'group ffi_worker_roundtrip',
    'group cache_hit',
    'group cache_miss',
    'group cache_eviction',
  ]);
  assert.match(result.out, /summary\n\s+cache_eviction_10 ×1000\n\s+[\d.]+x (faster|slower) than cache_eviction_100 ×1000/);
  assert.equal((result.out.match(/^summary$/gm) ?? []).length, 1);
});

test('deno bench: a bad ANANKE_SUITE is one line and exit code 2; --filter picks by name', { timeout: 180_000 }, async () => {
  const bad = await denoBench({ ANANKE_SUITE: 'nosuch' });
  assert.equal(bad.code, 2, bad.out);
  assert.match(bad.out, /^error: ANANKE_SUITE \/ ANANKE_BENCH: unknown suite 'nosuch'; valid suites: clew, /m);
  assert.doesNotMatch(bad.out, / {4}at |Stack backtrace/);
  const filtered = await denoBench({ ANANKE_SUITE: 'maze', ANANKE_BENCH: 'cache' }, ['--filter', 'cache_hit']);
  assert.equal(filtered.code, 0, filtered.out);
  assert.deepEqual(
    filtered.out.match(/^\| [a-z_0-9×]+(?: ×\d+)? +\|/gm)?.map((l) => l.split('|')[1]!.trim()),
    ['benchmark', 'cache_hit'],
  );
});
