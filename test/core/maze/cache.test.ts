// Both LRU implementations against a reference model (fast-check): values, LRU order, capacity and counters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  cacheImplementations,
  cacheWorkloadOperations,
  compareCacheImplementations,
  createLruCache,
  DEFAULT_CACHE_CAPACITY,
  type LruCache,
} from '../../../core/maze/cache.ts';

/** The obviously-correct model: an array from least to most recently used. */
class ReferenceLru {
  entries: Array<[string, number]> = [];
  hits = 0;
  misses = 0;
  evictions = 0;
  constructor(readonly capacity: number) {}
  get(key: string): number | undefined {
    const i = this.entries.findIndex(([k]) => k === key);
    if (i < 0) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    const [entry] = this.entries.splice(i, 1);
    this.entries.push(entry!);
    return entry![1];
  }
  set(key: string, value: number): void {
    const i = this.entries.findIndex(([k]) => k === key);
    if (i >= 0) this.entries.splice(i, 1);
    else if (this.entries.length === this.capacity) {
      this.entries.shift();
      this.evictions++;
    }
    this.entries.push([key, value]);
  }
  delete(key: string): boolean {
    const i = this.entries.findIndex(([k]) => k === key);
    if (i >= 0) this.entries.splice(i, 1);
    return i >= 0;
  }
  keysMostRecentFirst(): string[] {
    return this.entries.map(([k]) => k).reverse();
  }
}

type Op = { op: 'get'; key: string } | { op: 'set'; key: string; value: number } | { op: 'has'; key: string } | { op: 'delete'; key: string };

const keyArb = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h');
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('get' as const), key: keyArb }),
  fc.record({ op: fc.constant('set' as const), key: keyArb, value: fc.integer() }),
  fc.record({ op: fc.constant('has' as const), key: keyArb }),
  fc.record({ op: fc.constant('delete' as const), key: keyArb }),
);

for (const impl of cacheImplementations) {
  test(`${impl.name}: behaves like the reference LRU on random operation sequences`, () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(opArb, { maxLength: 60 }), (capacity, ops) => {
        const cache: LruCache<{ v: number }> = impl.create(capacity);
        const model = new ReferenceLru(capacity);
        for (const step of ops) {
          if (step.op === 'get') assert.equal(cache.get(step.key)?.v, model.get(step.key));
          else if (step.op === 'set') {
            cache.set(step.key, { v: step.value });
            model.set(step.key, step.value);
          } else if (step.op === 'has')
            assert.equal(
              cache.has(step.key),
              model.entries.some(([k]) => k === step.key),
            );
          else assert.equal(cache.delete(step.key), model.delete(step.key));
          assert.deepEqual(cache.keys(), model.keysMostRecentFirst());
          assert.ok(cache.size <= capacity);
        }
        assert.deepEqual(cache.stats(), { hits: model.hits, misses: model.misses, evictions: model.evictions, size: model.entries.length, capacity });
      }),
      { numRuns: 300 },
    );
  });

  test(`${impl.name}: a concrete sequence evicts the least recently used`, () => {
    const cache = impl.create<string>(2);
    cache.set('x', 'X');
    cache.set('y', 'Y');
    assert.equal(cache.get('x'), 'X'); // y is now the least recently used
    cache.set('z', 'Z');
    assert.equal(cache.has('y'), false);
    assert.deepEqual(cache.keys(), ['z', 'x']);
    assert.equal(cache.get('y'), undefined);
    assert.deepEqual(cache.stats(), { hits: 1, misses: 1, evictions: 1, size: 2, capacity: 2 });
    cache.resetStats();
    assert.deepEqual(cache.stats(), { hits: 0, misses: 0, evictions: 0, size: 2, capacity: 2 });
  });
}

test('the default cache has capacity 1000 and rejects a non-positive capacity', () => {
  assert.equal(DEFAULT_CACHE_CAPACITY, 1000);
  assert.equal(createLruCache().capacity, 1000);
  assert.throws(() => createLruCache(0), /positive integer/);
});

test('the comparison runs both implementations on the same workload and their counters agree', () => {
  let fake = 0;
  const workload = { capacity: 10, distinctKeys: 40, operations: 500, getShare: 0.7, seed: 7 };
  const results = compareCacheImplementations(() => (fake += 1000), workload, 1);
  const gets = cacheWorkloadOperations(workload).filter((op) => op.get).length;
  assert.deepEqual(
    results.map((r) => r.name),
    ['lru-cache', 'map-lru'],
  );
  assert.equal(results[0]!.nsPerOperation, 1000 / 500);
  assert.deepEqual([results[0]!.hits, results[0]!.misses, results[0]!.evictions], [results[1]!.hits, results[1]!.misses, results[1]!.evictions]);
  assert.equal(results[0]!.hits + results[0]!.misses, gets);
  assert.ok(results[0]!.hits > 0 && results[0]!.misses > 0 && results[0]!.evictions > 0);
});
