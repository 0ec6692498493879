// The platform for Deno: Deno.readFile, performance.now, V8 GC (--v8-flags=--expose-gc), Deno.memoryUsage, Web Workers.
import type { Platform } from '../../core/platform.ts';
import { startWebWorker } from '../shared/web-worker.ts';
import { readOtherThreadsCpuNs, readSchedStat } from '../shared/host-info.ts';

interface DenoGlobal {
  version: { deno: string; v8: string };
  readFile(path: string): Promise<Uint8Array>;
  memoryUsage(): { heapUsed: number; heapTotal: number; external: number };
}

export function denoPlatform(): Platform {
  const deno = (globalThis as unknown as { Deno: DenoGlobal }).Deno;
  const gc = (globalThis as { gc?: (options?: { type: 'minor' }) => void }).gc;
  return {
    runtime: { name: 'deno', version: deno.version.deno, engine: 'V8', engineVersion: deno.version.v8 },
    async readFile(path) {
      try {
        return await deno.readFile(path);
      } catch (error) {
        throw new Error(`cannot read ${path}: ${(error as Error).name}`);
      }
    },
    resolvePackageFile: (specifier) => decodeURIComponent(new URL(import.meta.resolve(specifier)).pathname),
    nowNs: () => performance.now() * 1e6,
    gc(generation) {
      if (gc === undefined) return false;
      // V8's gc extension takes the collection's type: 'minor' scavenges the young generation only
      if (generation === 'young') gc({ type: 'minor' });
      else gc();
      return true;
    },
    heap() {
      const m = deno.memoryUsage();
      return { usedBytes: m.heapUsed, totalBytes: m.heapTotal, externalBytes: m.external, source: 'Deno.memoryUsage() (V8 heapUsed; external)' };
    },
    schedStat: readSchedStat,
    otherThreadsCpuNs: readOtherThreadsCpuNs,
    startWorker: startWebWorker,
  };
}
