// Maze's LRU caches (extraction results and compiled IR, keyed by content hash), with
// hit/miss/eviction counters; and the measured comparison that chose the implementation.
//
// Choice by measurement (compareCacheImplementations below, default workload: capacity 1000,
// 2000 distinct keys, 100k operations, 80% get / 20% set, skewed keys); the figures are in
// docs/decisions/maze-lru-cache.md, and the maze suite's cache_hit keeps the comparison running.
import { LRUCache } from 'lru-cache';

export const DEFAULT_CACHE_CAPACITY = 1000;

export interface CacheStats {
  hits: number;
  misses: number;
  /** Entries dropped because the cache was full (not deletes, not overwrites). */
  evictions: number;
  size: number;
  capacity: number;
}

/** A string-keyed LRU with counters. Values may not be undefined (undefined means "absent"). */
export interface LruCache<V> {
  readonly capacity: number;
  readonly size: number;
  /** The value, made most recently used; counts a hit or a miss. */
  get(key: string): V | undefined;
  /** Inserts or replaces, making the key most recently used; evicts the least recently used when full. */
  set(key: string, value: V): void;
  /** Presence only: no counter, no change of recency. */
  has(key: string): boolean;
  delete(key: string): boolean;
  clear(): void;
  /** Keys from most to least recently used. */
  keys(): string[];
  stats(): CacheStats;
  resetStats(): void;
}

function checkCapacity(capacity: number): number {
  if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`cache capacity must be a positive integer, got ${capacity}`);
  return capacity;
}

/** `lru-cache` with our counters: evictions counted from its dispose reason. */
export class LruCacheAdapter<V extends {}> implements LruCache<V> {
  readonly capacity: number;
  #hits = 0;
  #misses = 0;
  #evictions = 0;
  readonly #inner: LRUCache<string, V>;

  constructor(capacity = DEFAULT_CACHE_CAPACITY) {
    this.capacity = checkCapacity(capacity);
    this.#inner = new LRUCache<string, V>({
      max: capacity,
      dispose: (_value, _key, reason) => {
        if (reason === 'evict') this.#evictions++;
      },
    });
  }

  get size(): number {
    return this.#inner.size;
  }

  get(key: string): V | undefined {
    const value = this.#inner.get(key);
    if (value === undefined) this.#misses++;
    else this.#hits++;
    return value;
  }

  set(key: string, value: V): void {
    this.#inner.set(key, value);
  }

  has(key: string): boolean {
    return this.#inner.has(key);
  }

  delete(key: string): boolean {
    return this.#inner.delete(key);
  }

  clear(): void {
    this.#inner.clear();
  }

  keys(): string[] {
    return [...this.#inner.keys()];
  }

  stats(): CacheStats {
    return { hits: this.#hits, misses: this.#misses, evictions: this.#evictions, size: this.#inner.size, capacity: this.capacity };
  }

  resetStats(): void {
    this.#hits = 0;
    this.#misses = 0;
    this.#evictions = 0;
  }
}

/** Our own LRU: a Map keeps insertion order, so re-inserting on access makes the first key the LRU one. */
export class MapLruCache<V> implements LruCache<V> {
  readonly capacity: number;
  #hits = 0;
  #misses = 0;
  #evictions = 0;
  readonly #map = new Map<string, V>();

  constructor(capacity = DEFAULT_CACHE_CAPACITY) {
    this.capacity = checkCapacity(capacity);
  }

  get size(): number {
    return this.#map.size;
  }

  get(key: string): V | undefined {
    const value = this.#map.get(key);
    if (value === undefined) {
      this.#misses++;
      return undefined;
    }
    this.#hits++;
    this.#map.delete(key);
    this.#map.set(key, value);
    return value;
  }

  set(key: string, value: V): void {
    if (this.#map.has(key)) {
      this.#map.delete(key);
    } else if (this.#map.size >= this.capacity) {
      const oldest = this.#map.keys().next().value as string;
      this.#map.delete(oldest);
      this.#evictions++;
    }
    this.#map.set(key, value);
  }

  has(key: string): boolean {
    return this.#map.has(key);
  }

  delete(key: string): boolean {
    return this.#map.delete(key);
  }

  clear(): void {
    this.#map.clear();
  }

  keys(): string[] {
    return [...this.#map.keys()].reverse();
  }

  stats(): CacheStats {
    return { hits: this.#hits, misses: this.#misses, evictions: this.#evictions, size: this.#map.size, capacity: this.capacity };
  }

  resetStats(): void {
    this.#hits = 0;
    this.#misses = 0;
    this.#evictions = 0;
  }
}

export interface CacheImplementation {
  name: string;
  create<V extends {}>(capacity: number): LruCache<V>;
}

/** Both implementations, for the maze bench suite and the model-based tests. */
export const cacheImplementations: readonly CacheImplementation[] = [
  { name: 'lru-cache', create: (capacity) => new LruCacheAdapter(capacity) },
  { name: 'map-lru', create: (capacity) => new MapLruCache(capacity) },
];

/** The implementation Maze uses: lru-cache, faster than ours everywhere but Bun's mixed workload (docs/decisions/maze-lru-cache.md). */
export const DEFAULT_CACHE_IMPLEMENTATION: CacheImplementation = cacheImplementations[0]!;

export function createLruCache<V extends {}>(capacity = DEFAULT_CACHE_CAPACITY): LruCache<V> {
  return DEFAULT_CACHE_IMPLEMENTATION.create<V>(capacity);
}

export interface CacheWorkload {
  capacity: number;
  distinctKeys: number;
  operations: number;
  /** Share of operations that are gets (the rest are sets). */
  getShare: number;
  seed: number;
}

export const DEFAULT_CACHE_WORKLOAD: CacheWorkload = { capacity: 1000, distinctKeys: 2000, operations: 100_000, getShare: 0.8, seed: 42 };

export interface CacheComparison {
  name: string;
  nsPerOperation: number;
  hits: number;
  misses: number;
  evictions: number;
}

/** Deterministic operation list (xorshift32), skewed so that a quarter of the keys take most of the traffic. */
export function cacheWorkloadOperations(workload: CacheWorkload): Array<{ get: boolean; key: string }> {
  let state = workload.seed >>> 0 || 1;
  const next = (): number => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x1_0000_0000;
  };
  const keys = Array.from({ length: workload.distinctKeys }, (_, i) =>
    ((0x9e3779b97f4a7c15n * BigInt(i + 1)) & 0xffff_ffff_ffff_ffffn).toString(16).padStart(16, '0'),
  );
  const ops: Array<{ get: boolean; key: string }> = [];
  for (let i = 0; i < workload.operations; i++) {
    const r = next();
    const hot = next() < 0.8;
    const index = Math.floor(r * (hot ? workload.distinctKeys / 4 : workload.distinctKeys));
    ops.push({ get: next() < workload.getShare, key: keys[index]! });
  }
  return ops;
}

/**
 * Runs the same operation list against each implementation and reports ns per operation and the
 * counters (which must agree between implementations). `nowNs` is the platform clock.
 */
export function compareCacheImplementations(
  nowNs: () => number,
  workload: CacheWorkload = DEFAULT_CACHE_WORKLOAD,
  rounds = 5,
  implementations: readonly CacheImplementation[] = cacheImplementations,
): CacheComparison[] {
  const ops = cacheWorkloadOperations(workload);
  const value = { ir: true };
  return implementations.map((impl) => {
    let best = Infinity;
    let stats: CacheStats | null = null;
    for (let round = 0; round < rounds; round++) {
      const cache = impl.create<typeof value>(workload.capacity);
      const start = nowNs();
      for (let i = 0; i < ops.length; i++) {
        const op = ops[i]!;
        if (op.get) cache.get(op.key);
        else cache.set(op.key, value);
      }
      const elapsed = nowNs() - start;
      best = Math.min(best, elapsed / ops.length);
      stats = cache.stats();
    }
    return { name: impl.name, nsPerOperation: best, hits: stats!.hits, misses: stats!.misses, evictions: stats!.evictions };
  });
}
