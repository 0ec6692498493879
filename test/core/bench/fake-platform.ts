// A platform with a clock that advances a fixed step per reading and a heap the test drives,
// so the driver's figures can be checked exactly. Restores the previous platform afterwards
// (Bun runs every test file in one process).
import { platform, setPlatform, type Platform } from '../../../core/platform.ts';

export interface FakePlatform {
  platform: Platform;
  /** The op under test allocates `bytes`, of which `retained` stay reachable. */
  allocate(bytes: number, retained: number): void;
  readonly gcCalls: number;
  /** Every collection asked for, in order: 'full' or 'young'. */
  readonly collections: readonly string[];
}

/**
 * `rewarmBytes`: what the first op after a full collection allocates on top of its own, as V8 does
 * while it recompiles and re-warms after one (a young collection leaves that alone).
 */
export function fakePlatform(options: { stepNs: number; gc?: boolean; engine?: string; rewarmBytes?: number }): FakePlatform {
  let clock = 0;
  let gcCalls = 0;
  const collections: string[] = [];
  let rewarm = 0;
  // `total` only grows, like a heap's capacity; `used` drops to the live bytes at each collection.
  const heap = { used: 1_000_000, live: 1_000_000, total: 4_000_000 };
  const p: Platform = {
    runtime: { name: 'fake', version: '0.0.0', engine: options.engine ?? 'none', engineVersion: '0' },
    readFile: async (path) => {
      throw new Error(`cannot read ${path}: fake platform`);
    },
    resolvePackageFile: (specifier) => specifier,
    nowNs: () => (clock += options.stepNs),
    gc(generation) {
      if (options.gc === false) return false;
      gcCalls++;
      collections.push(generation ?? 'full');
      if (generation === undefined) rewarm = options.rewarmBytes ?? 0;
      heap.used = heap.live;
      return true;
    },
    heap: () => ({ usedBytes: heap.used, totalBytes: heap.total, externalBytes: null, source: 'fake heap' }),
    schedStat: () => null,
    startWorker: () => {
      throw new Error('fake platform has no workers');
    },
  };
  return {
    platform: p,
    allocate(bytes, retained) {
      heap.used += bytes + rewarm;
      heap.live += retained;
      heap.total += bytes + rewarm;
      rewarm = 0;
    },
    get gcCalls() {
      return gcCalls;
    },
    collections,
  };
}

/** Runs `body` with the fake platform installed, then puts the previous one back. */
export async function withPlatform<T>(fake: Platform, body: () => Promise<T>): Promise<T> {
  let previous: Platform | null = null;
  try {
    previous = platform();
  } catch {
    previous = null;
  }
  setPlatform(fake);
  try {
    return await body();
  } finally {
    if (previous !== null) setPlatform(previous);
  }
}
