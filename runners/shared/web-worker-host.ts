// Runs a core worker module inside a Web Worker (Bun, Deno) and relays its messages.
import type { WorkerModule, WorkerInit } from '../../core/worker-protocol.ts';

declare const self: { onmessage: ((e: { data: unknown }) => void) | null; postMessage(m: unknown): void };

// The first message names the module; later ones may arrive while it is still loading,
// so each waits for the load rather than testing whether it has finished.
let loading: Promise<WorkerModule> | null = null;
self.onmessage = async (event) => {
  if (loading === null) {
    loading = import((event.data as WorkerInit).moduleUrl) as Promise<WorkerModule>;
    await loading;
    self.postMessage({ ready: true });
    return;
  }
  const mod = await loading;
  self.postMessage(await mod.handle(event.data));
};
