// Pinning the runners' measuring threads to one core (orchestrator/affinity.ts): which core by
// default and when nothing is pinned, the kernel's core lists, and what is changed on a fake
// process (the main thread pinned, a thread it started afterwards given every core back).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  choosePin,
  CoreProbe,
  CoreWalkers,
  coresOf,
  parsePin,
  PinError,
  pinMainThread,
  type AffinityOps,
  type PinMachine,
} from '../../../orchestrator/affinity.ts';

const TWO: PinMachine = { platform: 'linux', allowed: '0-1', cores: [0, 1], hasTaskset: true };

test('the default probes the cores the orchestrator may use; an explicit core must be one of them', () => {
  assert.deepEqual(choosePin(null, TWO), { pin: { mode: 'probe', cores: [0, 1], allCores: '0-1' }, why: null });
  assert.deepEqual(choosePin('probe', { ...TWO, allowed: '2-3,6', cores: [2, 3, 6] }), {
    pin: { mode: 'probe', cores: [2, 3, 6], allCores: '2-3,6' },
    why: null,
  });
  assert.deepEqual(choosePin(0, TWO), { pin: { mode: 'fixed', core: 0, allCores: '0-1' }, why: null });
  assert.deepEqual(choosePin(3, { ...TWO, allowed: '3', cores: [3] }), { pin: { mode: 'fixed', core: 3, allCores: '3' }, why: null });
  assert.throws(() => choosePin(5, TWO), new PinError('--pin 5: this process may run on cores 0-1 only'));
});

test('nothing is pinned when asked not to, off Linux, without taskset or with one core, and the run says why', () => {
  assert.deepEqual(choosePin('off', TWO), { pin: null, why: 'not pinned (--pin off)' });
  assert.deepEqual(choosePin(null, { ...TWO, platform: 'darwin' }), { pin: null, why: 'not pinned: core affinity is set on Linux only (this is darwin)' });
  assert.deepEqual(choosePin(1, { ...TWO, hasTaskset: false }), { pin: null, why: 'not pinned: taskset (util-linux) not found' });
  assert.deepEqual(choosePin(null, { ...TWO, allowed: '3', cores: [3] }), { pin: null, why: 'not pinned: one core' });
  assert.deepEqual(choosePin(null, { ...TWO, allowed: '', cores: [] }), { pin: null, why: 'not pinned: the cores this process may use cannot be read' });
});

test('--pin takes probe, a core number or off', () => {
  assert.equal(parsePin(undefined), null);
  assert.equal(parsePin('off'), 'off');
  assert.equal(parsePin('probe'), 'probe');
  assert.equal(parsePin('1'), 1);
  assert.equal(parsePin(0), 0);
  assert.throws(() => parsePin('-1'), new PinError('--pin -1: expected probe, a core number (0, 1, …) or off'));
  assert.throws(() => parsePin('1.5'), new PinError('--pin 1.5: expected probe, a core number (0, 1, …) or off'));
  assert.throws(() => parsePin('first'), new PinError('--pin first: expected probe, a core number (0, 1, …) or off'));
});

test("the kernel's core lists", () => {
  assert.deepEqual(coresOf('0-1'), [0, 1]);
  assert.deepEqual(coresOf('0-3,6'), [0, 1, 2, 3, 6]);
  assert.deepEqual(coresOf('5'), [5]);
  assert.deepEqual(coresOf('0-1,x'), []);
});

/** A fake process: thread id -> allowed cores; every change is logged. */
function fakeProcess(threads: Record<number, string> | null, failSet = false): AffinityOps & { sets: string[] } {
  const ops = {
    sets: [] as string[],
    threads: () => (threads === null ? null : Object.keys(threads).map(Number)),
    allowed: (_pid: number, tid: number) => threads?.[tid] ?? null,
    set(tid: number, cores: string) {
      ops.sets.push(`${tid}:${cores}`);
      if (failSet) return false;
      threads![tid] = cores;
      return true;
    },
  };
  return ops;
}

test('the main thread is pinned; a thread it started after the pinning gets every core back; the rest is left alone', () => {
  const policy = { core: 1, allCores: '0-1' };
  const p = fakeProcess({ 100: '0-1', 101: '0-1', 102: '0-1' });
  assert.equal(pinMainThread(100, policy, p), null);
  assert.deepEqual(p.sets, ['100:1']);
  // A worker started by the pinned main thread inherits its core.
  const q = fakeProcess({ 100: '1', 101: '0-1', 107: '1' });
  assert.equal(pinMainThread(100, policy, q), null);
  assert.deepEqual(q.sets, ['107:0-1']);
  // Already as it should be: no change.
  const r = fakeProcess({ 100: '1', 101: '0-1' });
  assert.equal(pinMainThread(100, policy, r), null);
  assert.deepEqual(r.sets, []);
});

test('a process whose threads cannot be read, or whose main thread cannot be pinned, is named', () => {
  const policy = { core: 1, allCores: '0-1' };
  assert.equal(pinMainThread(100, policy, fakeProcess(null)), 'process 100: its threads cannot be read');
  assert.equal(pinMainThread(100, policy, fakeProcess({ 100: '0-1' }, true)), 'process 100: its main thread could not be pinned to core 1');
});

test('the probe picks the core least slowed against its own best, keeps the current one unless another is 5% better, and counts the turns', async () => {
  // Readings per turn, ns: core 0, core 1.
  const turns = [
    [1000, 1100], // first turn: each at its best, the current (last) core stays
    [1000, 3300], // core 1 three times its best: core 0
    [1030, 1100], // core 1 back at its best, core 0 3% over its own: within 5%, core 0 stays
    [1200, 1100], // core 0 20% over: core 1
  ];
  let turn = 0;
  const probe = new CoreProbe({ cores: [0, 1] }, { time: (core) => turns[turn]![core]! });
  const picks: number[] = [];
  for (turn = 0; turn < turns.length; turn++) picks.push((await probe.choose())!);
  assert.deepEqual(picks, [1, 0, 0, 1]);
  assert.deepEqual(Object.fromEntries(probe.turns), { 0: 2, 1: 2 });
  const unreadable = new CoreProbe({ cores: [0, 1] }, { time: async () => null });
  assert.equal(await unreadable.choose(), null);
});

test('the real probe reads each core from a walker process pinned there; a walker that cannot start makes every reading null, and says why', async (t) => {
  const cores = coresOf(readFileSync('/proc/self/status', 'utf8').match(/^Cpus_allowed_list:\s*(\S+)$/m)![1]!);
  const walkers = new CoreWalkers(cores.slice(0, 2));
  t.after(() => walkers.close());
  for (let i = 0; i < 3; i++)
    for (const core of cores.slice(0, 2)) {
      const ns = await walkers.time(core);
      // 3 × 4096 dependent loads from a 32 MB table: microseconds to a few milliseconds
      assert.ok(ns !== null && ns > 1_000 && ns < 1e9, `core ${core}: ${ns} ns (${walkers.problem})`);
    }
  assert.equal(walkers.problem, null);
  walkers.close();

  const nowhere = new CoreWalkers([4096]);
  assert.equal(await nowhere.time(4096), null);
  assert.match(nowhere.problem!, /^the walker on core 4096 (did not start|ended)/);
  assert.equal(await nowhere.time(4096), null);
});
