// The platform for Node.js: file bytes, package files, hrtime, V8 GC and heap, worker_threads.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Platform, WorkerHandle } from '../../core/platform.ts';
import { MessageQueue } from '../shared/message-queue.ts';
import { readOtherThreadsCpuNs, readSchedStat } from '../shared/host-info.ts';

export function nodePlatform(): Platform {
  const gc = (globalThis as { gc?: (options?: { type: 'minor' }) => void }).gc;
  return {
    runtime: { name: 'node', version: process.versions.node, engine: 'V8', engineVersion: process.versions.v8 },
    async readFile(path) {
      try {
        return new Uint8Array(await readFile(path));
      } catch (error) {
        throw new Error(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      }
    },
    resolvePackageFile: (specifier) => fileURLToPath(import.meta.resolve(specifier)),
    nowNs: () => Number(process.hrtime.bigint()),
    gc(generation) {
      if (gc === undefined) return false;
      // V8's gc extension takes the collection's type: 'minor' scavenges the young generation only
      if (generation === 'young') gc({ type: 'minor' });
      else gc();
      return true;
    },
    heap() {
      const m = process.memoryUsage();
      return {
        usedBytes: m.heapUsed,
        totalBytes: m.heapTotal,
        externalBytes: m.external + m.arrayBuffers,
        source: 'process.memoryUsage() (V8 heapUsed; external+arrayBuffers)',
      };
    },
    schedStat: readSchedStat,
    otherThreadsCpuNs: readOtherThreadsCpuNs,
    startWorker(moduleUrl): WorkerHandle {
      const worker = new Worker(new URL('./worker-host.js', import.meta.url), { workerData: { moduleUrl } });
      const queue = new MessageQueue();
      worker.on('message', (m) => queue.push(m));
      worker.on('error', (e) => queue.fail(e));
      return {
        postMessage: (m) => worker.postMessage(m),
        nextMessage: () => queue.next(),
        terminate: async () => {
          await worker.terminate();
        },
      };
    },
  };
}
