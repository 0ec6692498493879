// The schedule: every target back to back per bench, the target going first rotating, the bench
// order shuffled per round (seeded, so reproducible) or fixed, forks and rounds in order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { roundOrder, roundSteps, scheduleSteps } from '../../../core/bench/schedule.ts';
import { seededRandom, shuffle } from '../../../core/random.ts';

const base = { benches: ['a', 'b', 'c', 'd'], targets: ['node', 'bun', 'deno'], forks: 2, rounds: 2, order: 'shuffled' as const, seed: 7 };

test('every bench of every round is measured on every target, the first target rotating', () => {
  const steps = [...scheduleSteps(base)];
  assert.equal(steps.length, 2 * 2 * 4);
  for (const s of steps) assert.deepEqual([...s.targets].sort(), ['bun', 'deno', 'node']);
  // Rotation continues across rounds and forks: over the run each target goes first equally often.
  const firsts = new Map<string, number>();
  for (const s of steps) firsts.set(s.targets[0]!, (firsts.get(s.targets[0]!) ?? 0) + 1);
  assert.deepEqual([...firsts.values()].sort(), [5, 5, 6]);
  assert.deepEqual(
    steps.slice(0, 3).map((s) => s.targets),
    [
      ['node', 'bun', 'deno'],
      ['bun', 'deno', 'node'],
      ['deno', 'node', 'bun'],
    ],
  );
  assert.deepEqual(
    steps.map((s) => [s.fork, s.round]).filter((_, i) => i % 4 === 0),
    [
      [1, 1],
      [1, 2],
      [2, 1],
      [2, 2],
    ],
  );
  for (const round of [0, 1, 2, 3])
    assert.deepEqual(
      steps.slice(round * 4, round * 4 + 4).map((s) => s.position),
      [0, 1, 2, 3],
    );
});

test('a shuffled order is a permutation, differs between rounds, and is the same for the same seed', () => {
  const orders = [
    [1, 1],
    [1, 2],
    [2, 1],
    [2, 2],
  ].map(([f, r]) => roundOrder(base, f!, r!));
  for (const order of orders) assert.deepEqual([...order].sort(), ['a', 'b', 'c', 'd']);
  assert.ok(new Set(orders.map((o) => o.join())).size > 1, 'rounds get different orders');
  assert.deepEqual(roundOrder(base, 2, 1), roundOrder({ ...base }, 2, 1));
  assert.notDeepEqual(
    [1, 2, 3, 4, 5, 6].map((r) => roundOrder(base, 1, r).join()),
    [1, 2, 3, 4, 5, 6].map((r) => roundOrder({ ...base, seed: 8 }, 1, r).join()),
  );
  assert.deepEqual(
    roundSteps({ ...base, order: 'fixed' }, 2, 2).map((s) => s.bench),
    ['a', 'b', 'c', 'd'],
  );
});

test('mulberry32 and Fisher–Yates give fixed sequences for a seed', () => {
  const random = seededRandom(1);
  // mulberry32(1)'s first outputs × 2³², from an independent Python implementation of the algorithm.
  assert.deepEqual(
    [random(), random(), random()].map((x) => Math.round(x * 4294967296)),
    [2693262067, 11749833, 2265367787],
  );
  assert.deepEqual(shuffle([1, 2, 3, 4, 5], seededRandom(3)), shuffle([1, 2, 3, 4, 5], seededRandom(3)));
  assert.deepEqual([...shuffle([1, 2, 3, 4, 5], seededRandom(3))].sort(), [1, 2, 3, 4, 5]);
});
