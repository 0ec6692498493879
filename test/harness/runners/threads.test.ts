// The runners' reading of their own threads' CPU time (Linux /proc), which the steady warm-up uses
// to tell a JIT still compiling from a timing that has settled: a worker thread that spins shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { readOtherThreadsCpuNs, readSchedStat } from '../../../runners/shared/host-info.ts';

test('the other threads CPU time grows by what a spinning worker used, and excludes the calling thread (Linux)', async () => {
  const before = readOtherThreadsCpuNs();
  assert.equal(typeof before, 'number');
  // The calling thread spinning does not count.
  const ownBefore = readSchedStat()!.onCpuNs;
  const until = performance.now() + 100;
  while (performance.now() < until) {
    // spin
  }
  const ownSpent = readSchedStat()!.onCpuNs - ownBefore;
  const afterOwn = readOtherThreadsCpuNs()!;
  assert.ok(ownSpent >= 80e6, `own thread ${ownSpent} ns`);
  assert.ok(afterOwn - before! < ownSpent / 2, `other threads grew ${afterOwn - before!} ns while this one spun ${ownSpent}`);
  // A worker spinning for 150 ms of wall time does count.
  const worker = new Worker('const t = Date.now() + 150; while (Date.now() < t) {} require("node:worker_threads").parentPort.postMessage(1);', { eval: true });
  await new Promise((resolve) => worker.once('message', resolve));
  const afterWorker = readOtherThreadsCpuNs()!;
  await worker.terminate();
  assert.ok(afterWorker - afterOwn >= 100e6, `other threads grew ${afterWorker - afterOwn} ns while a worker spun 150 ms`);
});
