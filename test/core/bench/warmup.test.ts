// The steady-state warm-up under a clock the measured function drives: it stops once the batches'
// per-call times hold still (a slow start and one GC-like spike do not fool it), at the cap when
// they never do, and batches a fast function up to the batch length.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasConverged, timeInTurn, warmUpUntilSteady, withoutQuietTest } from '../../../core/bench/timing.ts';
import { SAMPLING } from '../../../core/bench/sampling.ts';
import type { Platform } from '../../../core/platform.ts';
import { fakePlatform, withPlatform } from './fake-platform.ts';

/** A platform whose clock only moves when the measured function says it took time. */
function drivenClock(): { platform: Platform; advance(ns: number): void } {
  const base = fakePlatform({ stepNs: 0 }).platform;
  let now = 0;
  return {
    platform: { ...base, nowNs: () => now },
    advance: (ns) => {
      now += ns;
    },
  };
}

const policy = { kind: 'steady' as const, minNs: 0, maxNs: 1e9, batchNs: 5e6, window: 8, tolerance: 0.1 };

test('converged: the faster half of the last window within the tolerance of each other, and no longer falling', () => {
  assert.equal(hasConverged([100, 100, 100, 100, 100, 100, 100], 8, 0.1), false); // too few batches
  assert.equal(hasConverged([100, 101, 99, 100, 102, 98, 100, 300], 8, 0.1), true); // one spike set aside
  assert.equal(hasConverged([130, 120, 110, 100, 90, 80, 70, 60], 8, 0.1), false); // still drifting down
  assert.equal(hasConverged([40, 130, 60, 120, 45, 110, 50, 125], 8, 0.1), false); // still swinging
  // Node's constraint compilation in a quick run, steady: a scavenge in every second or third batch.
  assert.equal(hasConverged([23.0, 27.8, 23.9, 23.9, 27.6, 23.6, 27.5, 23.8], 8, 0.1), true);
  assert.equal(hasConverged([11.6, 13.6, 11.6, 13.4, 11.7, 13.3, 11.6, 11.8], 8, 0.1), true);
  // The faster half agrees, but the timing is still falling: 107 → 97 (−9%, more than half the tolerance).
  assert.equal(hasConverged([110, 109, 108, 107, 100, 99, 98, 97], 8, 0.1), false);
  assert.equal(hasConverged([103, 102, 101, 100, 99, 98, 100, 99], 8, 0.1), true); // −2%: settled
  // Node's Braid compile on its way down (batches of a real warm-up at 400 ms): not yet.
  assert.equal(hasConverged([59.8, 38.4, 26.9, 24.4, 43.2, 51.0, 28.0, 23.4], 8, 0.1), false);
  // Four batches (calls longer than a batch): only the slowest is set aside, as before.
  assert.equal(hasConverged([100, 130, 101, 99], 4, 0.1), true);
  assert.equal(hasConverged([100, 130, 125, 99], 4, 0.1), false);
});

test('a function whose time swings for its first 300 calls is warmed up past them, and not much longer', async () => {
  const clock = drivenClock();
  let calls = 0;
  // 6-18 ms per call, longer than a batch: one call per batch, and the slow-call window (4 batches).
  const measured = () => {
    calls += 1;
    clock.advance(calls <= 300 ? [6e6, 12e6, 18e6][calls % 3]! : 6e6);
  };
  const outcome = await withPlatform(clock.platform, () => warmUpUntilSteady(measured, { ...policy, maxNs: 10e9 }));
  assert.equal(outcome.converged, true);
  assert.ok(calls > 300 && calls <= 306, `${calls} calls`);
  assert.equal(outcome.calls, calls);
});

test('a fast function is batched up to the batch length; a swinging one stops at the cap, not converged', async () => {
  const clock = drivenClock();
  let _calls = 0;
  const fast = () => {
    _calls += 1;
    clock.advance(100);
  };
  const outcome = await withPlatform(clock.platform, () => warmUpUntilSteady(fast, policy));
  assert.equal(outcome.converged, true);
  // Batches double from 1 until one takes ≥ 2.5 ms (32768 calls of 100 ns), then 8 of those settle it.
  assert.equal(outcome.calls, 2 ** 15 - 1 + 8 * 2 ** 15);

  let n = 0;
  const swinging = () => {
    n += 1;
    clock.advance([10e6, 20e6, 30e6][n % 3]!);
  };
  const capped = await withPlatform(clock.platform, () => warmUpUntilSteady(swinging, { ...policy, window: 3, maxNs: 200e6 }));
  assert.equal(capped.converged, false);
  assert.ok(capped.ns >= 200e6 && capped.ns < 230e6, `${capped.ns}`);
});

test('the minimum time holds even when the timing settles at once', async () => {
  const clock = drivenClock();
  const outcome = await withPlatform(clock.platform, () => warmUpUntilSteady(() => clock.advance(6e6), { ...policy, minNs: 100e6 }));
  assert.equal(outcome.converged, true);
  assert.ok(outcome.ns >= 100e6 && outcome.ns < 110e6);
});

test("a timing on a plateau is not steady while the runtime's other threads are still compiling; without the reading the timing alone decides", async () => {
  const clock = drivenClock();
  // 6 ms calls from the start (one per batch); the "JIT" threads are busy for the first 40 calls
  // (3 ms of CPU per call: half a core), then idle.
  let calls = 0;
  let otherNs = 0;
  const measured = () => {
    calls += 1;
    if (calls <= 40) otherNs += 3e6;
    clock.advance(6e6);
  };
  const withThreads: Platform = { ...clock.platform, otherThreadsCpuNs: () => otherNs };
  const quiet = await withPlatform(withThreads, () => warmUpUntilSteady(measured, { ...policy, quietShare: 0.1 }));
  assert.equal(quiet.converged, true);
  // The slow-call window is 4 batches: the first window holding no busy batch ends at call 44.
  assert.equal(quiet.calls, 44);
  assert.equal(quiet.otherThreads, 0);

  // The same function with the other threads never quiet: capped, not converged, their share reported.
  calls = -1e9;
  const busy = await withPlatform(withThreads, () => warmUpUntilSteady(measured, { ...policy, quietShare: 0.1, maxNs: 300e6 }));
  assert.equal(busy.converged, false);
  assert.equal(busy.otherThreads, 0.5);

  // No reading (not Linux): converged on the timing alone, after the first window.
  calls = 0;
  const blind = await withPlatform({ ...clock.platform, otherThreadsCpuNs: () => null }, () => warmUpUntilSteady(measured, { ...policy, quietShare: 0.1 }));
  assert.deepEqual([blind.converged, blind.calls, blind.otherThreads], [true, 4, undefined]);
});

test('a bench whose own work runs on other threads is warmed up on its timing alone', () => {
  const quick = SAMPLING.quick;
  assert.equal(quick.warmup.kind === 'steady' && quick.warmup.quietShare, 0.25);
  const without = withoutQuietTest(quick);
  assert.deepEqual(without.warmup, { kind: 'steady', minNs: 50e6, maxNs: 1e9, batchNs: 5e6, window: 8, tolerance: 0.1 });
  assert.equal(without.mitata, quick.mitata);
  // Nothing to remove: the same sampling.
  assert.equal(withoutQuietTest(SAMPLING.tiny), SAMPLING.tiny);
});

test('timeInTurn rotates which function goes first and keeps each round in one phase of the machine', async () => {
  const clock = drivenClock();
  const order: string[] = [];
  // The machine runs 4x slower for rounds 2-4 of 8 (calls 4-9: each round is two calls).
  let calls = 0;
  const slow = () => (Math.floor(calls / 2) >= 2 && Math.floor(calls / 2) <= 4 ? 4 : 1);
  const timed = (name: string, ns: number) => () => {
    order.push(name);
    clock.advance(ns * slow());
    calls++;
  };
  const sampling = { ...SAMPLING.quick, mitata: { ...SAMPLING.quick.mitata, warmup_samples: 1, min_samples: 7, max_samples: 50, min_cpu_time: 0 } };
  const [extract, parse] = await withPlatform(clock.platform, () => timeInTurn([timed('extract', 3000), timed('parse', 1000)], sampling));
  // One round not kept, then seven; the first function alternates.
  assert.deepEqual(order.slice(0, 6), ['extract', 'parse', 'parse', 'extract', 'extract', 'parse']);
  assert.equal(order.length, 16);
  assert.deepEqual(parse, [1000, 4000, 4000, 4000, 1000, 1000, 1000]);
  assert.deepEqual(extract, [3000, 12000, 12000, 12000, 3000, 3000, 3000]);
  // Formed within each round, every ratio is 3 whatever the phase.
  assert.deepEqual(
    extract!.map((ns, i) => ns / parse![i]!),
    [3, 3, 3, 3, 3, 3, 3],
  );
});

test('timeInTurn goes on until the first function has run for min_cpu_time, within max_samples', async () => {
  const clock = drivenClock();
  const fn = (ns: number) => () => clock.advance(ns);
  const sampling = { ...SAMPLING.quick, mitata: { ...SAMPLING.quick.mitata, warmup_samples: 0, min_samples: 2, max_samples: 50, min_cpu_time: 10_000 } };
  const [first, second] = await withPlatform(clock.platform, () => timeInTurn([fn(1000), fn(5000)], sampling));
  assert.equal(first!.length, 10);
  assert.equal(second!.length, 10);
  const capped = await withPlatform(clock.platform, () => timeInTurn([fn(1000)], { ...sampling, mitata: { ...sampling.mitata, max_samples: 4 } }));
  assert.deepEqual(capped, [[1000, 1000, 1000, 1000]]);
});
