// Runs a core worker module inside a Node worker thread and relays its messages.
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerModule } from '../../core/worker-protocol.ts';

const mod = (await import((workerData as { moduleUrl: string }).moduleUrl)) as WorkerModule;
parentPort!.on('message', async (message) => {
  parentPort!.postMessage(await mod.handle(message));
});
