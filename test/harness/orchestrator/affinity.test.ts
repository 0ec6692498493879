// Pinning the runners' measuring threads to one core (orchestrator/affinity.ts): which core by
// default and when nothing is pinned, the kernel's core lists, and what is changed on a fake
// process (the main thread pinned, a thread it started afterwards given every core back).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { choosePin, CoreProbe, coresOf, parsePin, PinError, pinMainThread, type AffinityOps, type PinMachine } from '../../../orchestrator/affinity.ts';

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

test('the probe picks the core least slowed against its own best, keeps the current one unless another is 5% better, and counts the turns', () => {
  // Readings per turn, ns: core 0, core 1.
  const turns = [
    [1000, 1100], // first turn: each at its best, the current (last) core stays
    [1000, 3300], // core 1 three times its best: core 0
    [1030, 1100], // core 1 back at its best, core 0 3% over its own: within 5%, core 0 stays
    [1200, 1100], // core 0 20% over: core 1
  ];
  let turn = 0;
  const moves: string[] = [];
  const probe = new CoreProbe(
    { cores: [0, 1], allCores: '0-1' },
    { ops: { set: (tid, cores) => (moves.push(`${tid}:${cores}`), true) }, time: (core) => turns[turn]![core]! },
  );
  const picks: number[] = [];
  for (turn = 0; turn < turns.length; turn++) picks.push(probe.choose()!);
  assert.deepEqual(picks, [1, 0, 0, 1]);
  assert.deepEqual(Object.fromEntries(probe.turns), { 0: 2, 1: 2 });
  assert.deepEqual(moves, []); // the fake time does not move the orchestrator
  const unreadable = new CoreProbe({ cores: [0, 1], allCores: '0-1' }, { time: () => null });
  assert.equal(unreadable.choose(), null);
});

test('the real probe moves the orchestrator to each core in turn, then back to all once; one it cannot move stops the probe', () => {
  const moves: string[] = [];
  const probe = new CoreProbe({ cores: [0, 1], allCores: '0-1' }, { ops: { set: (tid, cores) => (moves.push(`${tid === process.pid}:${cores}`), true) } });
  const core = probe.choose();
  assert.equal(core, 1);
  assert.deepEqual(moves, ['true:0', 'true:1', 'true:0-1']);
  const refused = new CoreProbe({ cores: [0, 1], allCores: '0-1' }, { ops: { set: () => false } });
  assert.equal(refused.choose(), null);
  // Moved to core 0, refused core 1: every core is given back.
  const halfway: string[] = [];
  const second = new CoreProbe({ cores: [0, 1], allCores: '0-1' }, { ops: { set: (_tid, cores) => (halfway.push(cores), cores !== '1') } });
  assert.equal(second.choose(), null);
  assert.deepEqual(halfway, ['0', '1', '0-1']);
});
