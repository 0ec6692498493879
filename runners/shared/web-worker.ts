// Starts a core worker module in a Web Worker (Bun and Deno have the standard Worker).
import type { WorkerHandle } from '../../core/platform.ts';
import { MessageQueue } from './message-queue.ts';

export function startWebWorker(moduleUrl: string): WorkerHandle {
  const worker = new Worker(new URL('./web-worker-host.js', import.meta.url), { type: 'module' });
  const queue = new MessageQueue();
  let ready: Promise<unknown> | null = null;
  worker.onmessage = (e) => queue.push(e.data);
  worker.onerror = (e) => queue.fail(new Error(`worker ${moduleUrl} failed: ${e.message}`));
  worker.postMessage({ moduleUrl });
  ready = queue.next();
  return {
    postMessage: (m) => {
      void ready;
      worker.postMessage(m);
    },
    async nextMessage() {
      if (ready !== null) {
        await ready;
        ready = null;
      }
      return queue.next();
    },
    terminate: async () => worker.terminate(),
  };
}
