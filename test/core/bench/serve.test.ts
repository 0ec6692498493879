// The runner's side of the command protocol, driven in-process with fake suites: hello first, a
// reply per command after its records, bad commands answered and survived, exit writes done.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serve } from '../../../core/bench/serve.ts';
import { checkRecord } from '../../../core/record/schema.ts';
import { PROTOCOL_VERSION } from '../../../core/record/protocol.ts';
import type { SuiteModule } from '../../../core/bench/types.ts';
import { fakePlatform, withPlatform } from './fake-platform.ts';

const HOST = { hostname: 'h', os: 'linux', arch: 'x64', cpuModel: 'cpu', cores: 2, memoryBytes: 1, governor: null, loadAverage: null };

async function* linesOf(lines: string[]): AsyncGenerator<string> {
  for (const line of lines) yield line;
}

async function session(commands: unknown[], suites: Record<string, SuiteModule>, calibrations: number[] = []) {
  const out: unknown[] = [];
  const fake = fakePlatform({ stepNs: 1000 });
  const code = await withPlatform(fake.platform, () =>
    serve({
      lines: linesOf(commands.map((c) => (typeof c === 'string' ? c : JSON.stringify(c)))),
      write: (text) => {
        for (const line of text.split('\n').filter(Boolean)) out.push(JSON.parse(line));
      },
      pid: 123,
      repoRoot: '/nowhere',
      host: HOST,
      git: { commit: null, dirty: null },
      progress: () => {},
      suites,
      calibrator: async () => ({ measure: () => calibrations.shift() ?? 1000, dispose: () => {} }),
    }),
  );
  return { code, out: out as Array<Record<string, unknown>> };
}

const target = { label: 'fake', runtime: 'fake', revision: null };
const start = {
  seq: 1,
  op: 'start',
  protocol: PROTOCOL_VERSION,
  runId: 'r',
  target,
  fork: 3,
  profile: 'quick',
  sampling: 'tiny',
  shard: null,
  calibrate: true,
};

test('hello, then per command its records and one reply; exit writes done and ends with 0', async () => {
  const suites: Record<string, SuiteModule> = { braid: { prepare: async () => ({ measured: () => 1, constraints: 5 }) } };
  const { code, out } = await session(
    [
      start,
      { seq: 2, op: 'list', suites: ['braid'], bench: ['constraint_compilation_5'] },
      { seq: 3, op: 'run', id: 'constraint_compilation_5', round: 2, position: 7 },
      { seq: 4, op: 'exit' },
    ],
    suites,
    [1000, 1100],
  );
  assert.equal(code, 0);
  assert.deepEqual(
    out.map((m) => (m.type === 'reply' ? `reply ${m.seq}` : m.type)),
    ['hello', 'run', 'reply 1', 'reply 2', 'bench', 'reply 3', 'done', 'reply 4'],
  );
  assert.deepEqual(out[0], {
    type: 'hello',
    protocol: PROTOCOL_VERSION,
    runtime: { name: 'fake', version: '0.0.0', engine: 'none', engineVersion: '0' },
    pid: 123,
    commands: ['start', 'list', 'warm', 'run', 'exit'],
  });
  assert.deepEqual((out[3] as { benches: unknown }).benches, [{ suite: 'braid', id: 'constraint_compilation_5' }]);
  const bench = out[4]!;
  assert.ok(checkRecord(bench).ok);
  assert.deepEqual([bench.target, bench.fork, bench.round, bench.position], ['fake', 3, 2, 7]);
  assert.deepEqual(bench.calibration, { beforeNs: 1000, afterNs: 1100 });
  assert.deepEqual(out[5], { type: 'reply', seq: 3, ok: true, produced: 'bench' });
  const run = out[1]!;
  assert.deepEqual([run.fork, run.protocol, run.sampling, (run.target as { label: string }).label], [3, PROTOCOL_VERSION, 'tiny', 'fake']);
});

test('bad commands get ok: false with the reason, and the runner carries on', async () => {
  const { code, out } = await session(
    [
      'this is not json',
      { seq: 1, op: 'fly' },
      { seq: 2, op: 'run', id: 'cache_hit', round: 1, position: 0 },
      { ...start, seq: 3, protocol: PROTOCOL_VERSION + 1 },
      { ...start, seq: 4 },
      { seq: 5, op: 'run', id: 'no_such_bench', round: 1, position: 0 },
      { seq: 6, op: 'list', suites: ['nosuch'], bench: null },
      { seq: 7, op: 'exit' },
    ],
    {},
  );
  assert.equal(code, 0);
  const replies = out.filter((m) => m.type === 'reply');
  assert.deepEqual(
    replies.map((r) => [r.seq, r.ok]),
    [
      [null, false],
      [1, false],
      [2, false],
      [3, false],
      [4, true],
      [5, false],
      [6, false],
      [7, true],
    ],
  );
  assert.match(String(replies[0]!.message), /^not valid JSON/);
  assert.match(String(replies[1]!.message), /^not a valid command: op: /);
  assert.equal(replies[2]!.message, "'run' before 'start'");
  assert.equal(replies[3]!.message, 'this runner speaks protocol 1, the orchestrator 2: rebuild dist/ (npm run build) on both sides');
  assert.equal(replies[5]!.message, "unknown bench id 'no_such_bench'");
  assert.match(String(replies[6]!.message), /^unknown suite 'nosuch'; valid suites: clew, /);
});

test('a bench that throws becomes an error record with its place in the schedule; the reply says so', async () => {
  const suites: Record<string, SuiteModule> = {
    maze: {
      prepare: async () => {
        throw new Error('fixture not found: x.ts');
      },
    },
  };
  const { out } = await session([start, { seq: 2, op: 'run', id: 'cache_hit', round: 1, position: 4 }, { seq: 3, op: 'exit' }], suites);
  const error = out.find((m) => m.type === 'error')!;
  assert.deepEqual([error.id, error.message, error.fork, error.round], ['cache_hit', 'Error: fixture not found: x.ts', 3, 1]);
  assert.deepEqual(
    out.find((m) => m.type === 'reply' && m.seq === 2),
    { type: 'reply', seq: 2, ok: true, produced: 'error' },
  );
  assert.deepEqual((out.find((m) => m.type === 'done') as { counts: unknown }).counts, { bench: 0, error: 1 });
});

test('input that ends without exit stops the runner with 1 and no done record', async () => {
  const { code, out } = await session([start], {});
  assert.equal(code, 1);
  assert.equal(
    out.some((m) => m.type === 'done'),
    false,
  );
});

test('warm: every bench prepared and called before any measurement, nothing recorded; the first call it timed goes into the bench record', async () => {
  const calls: string[] = [];
  const suites: Record<string, SuiteModule> = {
    braid: {
      prepare: async (entry) => {
        if (entry.id === 'constraint_compilation_10') throw new Error('no fixture');
        calls.push(`prepare ${entry.id}`);
        return { measured: () => calls.push(`call ${entry.id}`), constraints: 5, dispose: () => void calls.push(`dispose ${entry.id}`) };
      },
    },
  };
  const { code, out } = await session(
    [
      { seq: 1, op: 'warm', ids: ['constraint_compilation_5'] },
      start,
      { seq: 2, op: 'warm', ids: ['constraint_compilation_5', 'constraint_compilation_10', 'no_such_bench'] },
      { seq: 3, op: 'run', id: 'constraint_compilation_5', round: 1, position: 0 },
      { seq: 4, op: 'exit' },
    ],
    suites,
  );
  assert.equal(code, 0);
  assert.deepEqual(
    out.map((m) => (m.type === 'reply' ? `reply ${m.seq} ${m.ok}` : m.type)),
    ['hello', 'reply 1 false', 'run', 'reply 1 true', 'reply 2 true', 'bench', 'reply 3 true', 'done', 'reply 4 true'],
  );
  assert.equal(out[1]!.message, "'warm' before 'start'");
  // One bench warmed (the failing one and the unknown id passed over, reported when measured).
  assert.equal(out[4]!.warmed, 1);
  // tiny sampling: the timed first call and one warm-up call, then the measurement's own calls.
  assert.deepEqual(calls.slice(0, 4), [
    'prepare constraint_compilation_5',
    'call constraint_compilation_5',
    'call constraint_compilation_5',
    'dispose constraint_compilation_5',
  ]);
  assert.equal(calls[4], 'prepare constraint_compilation_5');
  // The record's first call is the one timed while warming (one step of the fake clock), not a later call.
  assert.equal((out[5]!.extra as { firstCallNs?: number }).firstCallNs, 1000);
});

test("a preparation knows whether it is the warm-up's (thrown away) and whether to time its side figures: only in the bench turn of a session with extras", async () => {
  const seen: string[] = [];
  const suites: Record<string, SuiteModule> = {
    braid: {
      prepare: async (entry, ctx) => {
        seen.push(`${entry.id} extras=${ctx.extras} warming=${ctx.warming}`);
        return { measured: () => 1, constraints: 5 };
      },
    },
  };
  const commands = (extras: boolean | undefined) => [
    { ...start, ...(extras === undefined ? {} : { extras }) },
    { seq: 2, op: 'warm', ids: ['constraint_compilation_5'] },
    { seq: 3, op: 'run', id: 'constraint_compilation_5', round: 1, position: 0 },
    { seq: 4, op: 'exit' },
  ];
  for (const extras of [true, false, undefined]) {
    seen.length = 0;
    const { code } = await session(commands(extras), suites);
    assert.equal(code, 0);
    // Without the flag a session measures its extra figures (a runner run alone).
    assert.deepEqual(seen, ['constraint_compilation_5 extras=false warming=true', `constraint_compilation_5 extras=${extras ?? true} warming=false`]);
  }
});

test('the parse figures are timed without extras only where the bench asks for them in every fork', async () => {
  const suites: Record<string, SuiteModule> = {
    'multi-lang': {
      prepare: async (entry) => ({
        measured: () => 1,
        parseAlone: () => 2,
        parseAndWalk: () => 3,
        lines: 100,
        parseFiguresEveryFork: entry.params.lines === 1000,
      }),
    },
  };
  for (const extras of [false, true]) {
    const { code, out } = await session(
      [
        { ...start, extras },
        { seq: 2, op: 'run', id: 'go_extraction_1000', round: 1, position: 0 },
        { seq: 3, op: 'run', id: 'go_extraction_100', round: 1, position: 1 },
        { seq: 4, op: 'exit' },
      ],
      suites,
    );
    assert.equal(code, 0);
    const figures = (out as Array<{ type: string; id?: string; extra?: Record<string, number> }>)
      .filter((m) => m.type === 'bench')
      .map((m) => [m.id, m.extra?.overParse, m.extra?.floorOverParse]);
    // the fake clock steps 1 µs per reading: each call reads alike, so every ratio is 1
    assert.deepEqual(figures, [
      ['go_extraction_1000', 1, 1],
      ['go_extraction_100', extras ? 1 : undefined, extras ? 1 : undefined],
    ]);
  }
});
