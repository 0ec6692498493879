// The platform for Bun: Bun.file bytes, Bun.nanoseconds, Bun.gc, JavaScriptCore heap stats, Web Workers.
import type { Platform } from '../../core/platform.ts';
import { startWebWorker } from '../shared/web-worker.ts';
import { readOtherThreadsCpuNs, readSchedStat } from '../shared/host-info.ts';

interface BunGlobal {
  version: string;
  revision: string;
  file(path: string): { bytes(): Promise<Uint8Array>; exists(): Promise<boolean> };
  nanoseconds(): number;
  gc(force: boolean): void;
}
interface JscModule {
  edenGC(): void;
  heapStats(): { heapSize: number; heapCapacity: number; extraMemorySize: number };
}

export async function bunPlatform(): Promise<Platform> {
  const bun = (globalThis as unknown as { Bun: BunGlobal }).Bun;
  const jsc = (await import('bun:jsc' as string)) as JscModule;
  return {
    runtime: { name: 'bun', version: bun.version, engine: 'JavaScriptCore', engineVersion: `bun ${bun.revision.slice(0, 9)}` },
    async readFile(path) {
      try {
        return await bun.file(path).bytes();
      } catch (error) {
        throw new Error(`cannot read ${path}: ${(error as { code?: string }).code ?? String(error)}`);
      }
    },
    resolvePackageFile: (specifier) => new URL(import.meta.resolve(specifier)).pathname,
    nowNs: () => bun.nanoseconds(),
    // 'young': JavaScriptCore's eden collection. A full one before a bench cost an allocating bench a
    // 200-250 ms stretch at 3-5x its steady time (constraint_density_50, 50 ms windows after
    // Bun.gc(true): 327 336 329 152 then 88 µs; after edenGC() 105 120 126 99 then 95), flat enough
    // for the steady warm-up test to end inside it.
    gc(generation) {
      if (generation === 'young') jsc.edenGC();
      else bun.gc(true);
      return true;
    },
    heap() {
      const s = jsc.heapStats();
      return {
        usedBytes: s.heapSize,
        totalBytes: s.heapCapacity,
        externalBytes: s.extraMemorySize,
        source: 'bun:jsc heapStats() (JSC heapSize; extraMemorySize)',
      };
    },
    schedStat: readSchedStat,
    otherThreadsCpuNs: readOtherThreadsCpuNs,
    startWorker: startWebWorker,
  };
}
