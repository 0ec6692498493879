// The suite driver under a fake clock and heap: exact extra figures, records that validate,
// a throwing bench that becomes an error record while the rest still run, untimed per-call setup.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runBenchmarks } from '../../../core/bench/driver.ts';
import { measureMemory } from '../../../core/bench/memory.ts';
import { selectBenches } from '../../../core/catalogue.ts';
import { checkRecord, type NdjsonRecord, type BenchRecord, type ErrorRecord } from '../../../core/record/schema.ts';
import type { SuiteModule } from '../../../core/bench/types.ts';
import { fakePlatform, withPlatform, type FakePlatform } from './fake-platform.ts';

const HOST = { hostname: 'h', os: 'linux', arch: 'x64', cpuModel: 'cpu', cores: 2, memoryBytes: 1, governor: null, loadAverage: null };
const STEP = 2_000_000;

function entries(ids: string[]) {
  const selection = selectBenches(null, ids);
  assert.ok(selection.ok);
  return selection.entries;
}

async function drive(fake: FakePlatform, ids: string[], suites: Record<string, SuiteModule>) {
  const records: NdjsonRecord[] = [];
  const progress: string[] = [];
  const counts = await withPlatform(fake.platform, () =>
    runBenchmarks({
      entries: entries(ids),
      runId: 'run-1',
      profile: 'quick',
      sampling: 'tiny',
      fork: 2,
      shard: 'a',
      repoRoot: '/nowhere',
      host: HOST,
      git: { commit: null, dirty: null },
      emit: (r) => records.push(JSON.parse(JSON.stringify(r)) as NdjsonRecord),
      progress: (line) => progress.push(line),
      suites,
    }),
  );
  return { records, progress, counts };
}

const byId = (records: NdjsonRecord[], id: string) =>
  records.find((r) => (r.type === 'bench' || r.type === 'error') && r.id === id) as BenchRecord | ErrorRecord | undefined;

/** A memory suite whose bench measures `op`, per line or per constraint. */
function memorySuite(op: () => unknown, basis: { lines?: number; constraints?: number }): Record<string, SuiteModule> {
  return { memory: { prepare: async () => ({ measured: op, memory: { op, ...basis } }) } };
}

test('lines/s, ns per constraint and memory figures are exact for a fake clock and heap', async () => {
  const fake = fakePlatform({ stepNs: STEP });
  let wasmBytes = 65_536;
  const suites: Record<string, SuiteModule> = {
    'multi-lang': { prepare: async () => ({ measured: () => 1, lines: 250 }) },
    braid: { prepare: async () => ({ measured: () => 1, constraints: 10 }) },
    memory: {
      prepare: async () => {
        const op = () => {
          fake.allocate(1000, 200);
          wasmBytes += 16;
          return {};
        };
        return { measured: op, memory: { op, lines: 250, wasm: { bytes: () => wasmBytes, runs: 5 } } };
      },
    },
    tokenmask: { prepare: async () => ({ measured: () => 1, tokens: 8 }) },
  };
  const { records, counts } = await drive(
    fake,
    ['typescript_extraction_100', 'constraint_compilation_10', 'memory_extraction_100', 'token_mask_decode_step'],
    suites,
  );
  assert.deepEqual(counts, { bench: 4, error: 0 });

  const lines = byId(records, 'typescript_extraction_100') as BenchRecord;
  assert.equal(lines.p50, STEP);
  assert.equal(lines.samples, 1);
  assert.equal(lines.extra?.linesPerSecond, (250 * 1e9) / STEP); // 125000 lines/s
  // The first call is timed on its own with the same clock: one step.
  assert.equal(lines.extra?.firstCallNs, STEP);

  const compile = byId(records, 'constraint_compilation_10') as BenchRecord;
  assert.equal(compile.extra?.nsPerConstraint, STEP / 10);

  const decode = byId(records, 'token_mask_decode_step') as BenchRecord;
  assert.equal(decode.extra?.nsPerToken, STEP / 8);

  const memory = byId(records, 'memory_extraction_100') as BenchRecord;
  assert.equal(memory.extra?.bytesAllocatedPerOp, 1000);
  assert.equal(memory.extra?.bytesPeak, 1000);
  assert.equal(memory.extra?.bytesRetained, 200);
  assert.equal(memory.extra?.bytesPerLine, 4);
  assert.equal(memory.extra?.bytesPerConstraint, null);
  assert.equal(memory.extra?.allocationCount, null);
  // One op before the first reading, then 5 more: 5 × 16 bytes of growth.
  assert.equal(memory.extra?.wasmBytesGrowth, 80);
  assert.match(memory.extra?.memorySource ?? '', /^fake heap; /);
});

test('a bench with parse-alone and parse-and-walk baselines reports the parse median and both ratios over it', async () => {
  const fake = fakePlatform({ stepNs: STEP });
  // Each clock reading advances the fake clock one step: two readings inside the extraction make
  // it three steps long, against one step for the parse.
  const suites: Record<string, SuiteModule> = {
    'multi-lang': {
      prepare: async () => ({
        measured: () => {
          fake.platform.nowNs();
          fake.platform.nowNs();
          return 1;
        },
        lines: 100,
        parseAlone: () => 1,
        parseAndWalk: () => {
          fake.platform.nowNs();
          return 1;
        },
      }),
    },
    braid: { prepare: async () => ({ measured: () => 1, constraints: 10 }) },
  };
  const { records } = await drive(fake, ['go_extraction_100', 'constraint_compilation_10'], suites);
  const extraction = byId(records, 'go_extraction_100') as BenchRecord;
  assert.equal(extraction.p50, 3 * STEP);
  assert.equal(extraction.extra?.parseNs, STEP);
  assert.equal(extraction.extra?.overParse, 3);
  assert.equal(extraction.extra?.floorOverParse, 2);
  assert.ok(checkRecord(extraction).ok);
  // benches without one carry no parse figures
  const compile = byId(records, 'constraint_compilation_10') as BenchRecord;
  assert.equal(compile.extra?.parseNs, undefined);
  assert.equal(compile.extra?.overParse, undefined);
  assert.equal(compile.extra?.floorOverParse, undefined);
});

test('on JavaScriptCore allocation is read from the heap capacity, which grows as blocks are handed out', async () => {
  const fake = fakePlatform({ stepNs: STEP, engine: 'JavaScriptCore' });
  const suites = memorySuite(
    () => {
      fake.allocate(3000, 100);
      return 1;
    },
    { constraints: 10 },
  );
  const { records } = await drive(fake, ['memory_compilation_10'], suites);
  const memory = byId(records, 'memory_compilation_10') as BenchRecord;
  assert.equal(memory.extra?.bytesAllocatedPerOp, 3000);
  assert.equal(memory.extra?.bytesPerConstraint, 300);
  assert.equal(memory.extra?.bytesRetained, 100);
  assert.match(memory.extra?.memorySource ?? '', /allocated = totalBytes delta/);
});

test('on JavaScriptCore each allocation trial starts after a full collection (an eden one leaves the capacity the op would fill)', async () => {
  const fake = fakePlatform({ stepNs: STEP, engine: 'JavaScriptCore' });
  const seen: string[] = [];
  const suites = memorySuite(
    () => {
      seen.push(fake.collections.at(-1) ?? 'none');
      fake.allocate(3000, 100);
      return 1;
    },
    { constraints: 10 },
  );
  await drive(fake, ['memory_compilation_10'], suites);
  // the tiny sampling's two allocation trials and two retention trials, all after a full collection
  assert.deepEqual(seen.slice(-4), ['full', 'full', 'full', 'full']);
});

test("allocation is read after a young collection: what the engine re-warms after a full one is not the op's", async () => {
  const fake = fakePlatform({ stepNs: STEP, rewarmBytes: 5000 });
  const seen: string[] = [];
  const suites = memorySuite(
    () => {
      seen.push(fake.collections.at(-1) ?? 'none');
      fake.allocate(1000, 200);
      return {};
    },
    { lines: 100 },
  );
  const { records } = await drive(fake, ['memory_extraction_100'], suites);
  const memory = byId(records, 'memory_extraction_100') as BenchRecord;
  assert.equal(memory.extra?.bytesAllocatedPerOp, 1000);
  assert.equal(memory.extra?.bytesPeak, 1000);
  assert.equal(memory.extra?.bytesAllocatedMax, 1000);
  // retained still comes from full collections around the op
  assert.equal(memory.extra?.bytesRetained, 200);
  // the tiny sampling's two allocation trials, each after a young collection, then two retention trials after a full one
  assert.deepEqual(seen.slice(-4), ['young', 'young', 'full', 'full']);
  assert.match(memory.extra?.memorySource ?? '', /allocated = usedBytes delta across one op started right after a young-generation GC/);
});

test('one trial the engine spends compiling in sets the highest allocation apart, not the peak', async () => {
  const fake = fakePlatform({ stepNs: STEP });
  let call = 0;
  // the third call allocates 50,000 bytes more, as when V8 installs optimised code during it
  const op = () => {
    fake.allocate(++call === 3 ? 51_000 : 1000, 0);
    return call;
  };
  const figures = await withPlatform(fake.platform, async () => measureMemory({ op, trials: 5, lines: 10 }));
  assert.equal(figures.bytesAllocatedPerOp, 1000);
  assert.equal(figures.bytesPeak, 1000);
  assert.equal(figures.bytesAllocatedMax, 51_000);
  assert.equal(figures.bytesPerLine, 100);
});

test('memory figures are null, with the reason, when the runtime cannot collect garbage', async () => {
  const fake = fakePlatform({ stepNs: STEP, gc: false });
  const suites = memorySuite(
    () => {
      fake.allocate(500, 0);
      return 1;
    },
    { constraints: 10 },
  );
  const { records } = await drive(fake, ['memory_compilation_10'], suites);
  const memory = byId(records, 'memory_compilation_10') as BenchRecord;
  assert.equal(memory.type, 'bench');
  assert.equal(memory.extra?.bytesAllocatedPerOp, null);
  assert.equal(memory.extra?.bytesPerConstraint, null);
  assert.match(memory.extra?.memorySource ?? '', /unavailable.*expose-gc/);
});

test('a bench that throws becomes an error record and the next bench still runs; records validate', async () => {
  const fake = fakePlatform({ stepNs: STEP });
  const suites: Record<string, SuiteModule> = {
    clew: {
      prepare: async (entry) => {
        if (entry.id === 'extract_snippet_50b') throw new Error('boom');
        return {
          measured: () => {
            throw new TypeError('measured call failed');
          },
        };
      },
    },
    ffi: { prepare: async () => ({ measured: () => 1 }) },
  };
  const { records, progress, counts } = await drive(fake, ['extract_snippet_50b', 'extract_snippet_200b', 'ffi_string_100'], suites);
  assert.deepEqual(counts, { bench: 1, error: 2 });
  assert.deepEqual(
    records.map((r) => r.type),
    ['run', 'error', 'error', 'bench', 'done'],
  );
  for (const r of records) assert.deepEqual(checkRecord(r), { ok: true, record: r, upgraded: false });
  assert.equal((byId(records, 'extract_snippet_50b') as ErrorRecord).message, 'Error: boom');
  assert.equal((byId(records, 'extract_snippet_200b') as ErrorRecord).message, 'TypeError: measured call failed');
  const run = records[0]!;
  assert.ok(run.type === 'run' && run.fork === 2 && run.shard === 'a' && run.profile === 'quick' && run.heapSource === 'fake heap');
  assert.deepEqual(run.target, { label: 'fake', runtime: 'fake', revision: null });
  assert.equal(run.protocol, null);
  // Each bench record says where it sat: target, fork, round 1, its position in the order.
  const benches = records.filter((r): r is BenchRecord => r.type === 'bench');
  assert.deepEqual(
    benches.map((b) => [b.target, b.fork, b.round, b.position]),
    [['fake', 2, 1, 2]],
  );
  const done = records.at(-1)!;
  assert.ok(done.type === 'done');
  assert.deepEqual(done.counts, { bench: 1, error: 2 });
  assert.deepEqual(
    progress.filter((l) => !l.includes('failed')),
    ['[fake] clew extract_snippet_50b (1/3)', '[fake] clew extract_snippet_200b (2/3)', '[fake] ffi ffi_string_100 (3/3)'],
  );
});

test('per-call setup of a generator bench runs outside the timed region, with a fresh value each call', async () => {
  const fake = fakePlatform({ stepNs: STEP });
  const keys: number[] = [];
  let next = 0;
  const suites: Record<string, SuiteModule> = {
    maze: {
      prepare: async () => ({
        measured: function* () {
          yield {
            0() {
              // Setup that takes "time": the clock moves, but the sample must not see it.
              for (let i = 0; i < 5; i++) fake.platform.nowNs();
              return next++;
            },
            bench(key: number) {
              keys.push(key);
            },
          };
        },
      }),
    },
  };
  const { records } = await drive(fake, ['cache_miss'], suites);
  const miss = byId(records, 'cache_miss') as BenchRecord;
  assert.equal(miss.type, 'bench');
  assert.equal(miss.p50, STEP);
  assert.equal(miss.extra?.firstCallNs, STEP);
  assert.ok(keys.length >= 2);
  assert.equal(new Set(keys).size, keys.length);
});

test('timing collects the young generation once, before the warm-up, and never between the warm-up and the samples', async () => {
  const { measureTiming } = await import('../../../core/bench/timing.ts');
  const { SAMPLING } = await import('../../../core/bench/sampling.ts');
  const fake = fakePlatform({ stepNs: 1_000 });
  await withPlatform(fake.platform, async () => {
    const gcAtCall: string[] = [];
    let calls = 0;
    const gc = fake.platform.gc.bind(fake.platform);
    fake.platform.gc = (generation) => {
      gcAtCall.push(`${generation ?? 'full'} at call ${calls}`);
      return gc(generation);
    };
    await measureTiming(
      () => {
        calls += 1;
      },
      { ...SAMPLING.quick, warmup: { kind: 'fixed', ns: 50_000 } },
    );
    // young: a full collection makes V8 re-warm for 100-200 ms, which a warm-up can take for steady
    assert.deepEqual(gcAtCall, ['young at call 0']);
    assert.ok(calls > 5, `warm-up and samples called the bench (${calls} calls)`);
  });
});

test('warm-up calls a bench until its time budget is spent, with per-call setup, and not at all with no budget', async () => {
  const { warmUp } = await import('../../../core/bench/timing.ts');
  const fake = fakePlatform({ stepNs: 1_000_000 });
  await withPlatform(fake.platform, async () => {
    let calls = 0;
    // The clock advances 1 ms per reading: start, then one reading per call ends the loop at 10 ms.
    assert.equal(
      await warmUp(() => {
        calls += 1;
      }, 10_000_000),
      10,
    );
    assert.equal(calls, 10);
    let setups = 0;
    const measured = function* () {
      yield {
        0: () => {
          setups += 1;
          return setups;
        },
        bench(n: number) {
          return n;
        },
      };
    };
    assert.equal(await warmUp(measured, 3_000_000), 3);
    assert.equal(setups, 3);
    assert.equal(
      await warmUp(() => {
        calls += 1;
      }, 0),
      0,
    );
    assert.equal(calls, 10);
  });
  const frozen = fakePlatform({ stepNs: 0 });
  await withPlatform(frozen.platform, async () => {
    assert.equal(await warmUp(() => undefined, 1e9), 100_000);
  });
});
