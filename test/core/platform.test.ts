// Each runtime's platform works (that core/ never touches a runtime directly is checked in test/harness/core-purity.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { usePlatform, repoPath } from '../support/platform.ts';

test('the platform reads file bytes and names a missing path', async () => {
  const p = await usePlatform();
  const bytes = await p.readFile(repoPath('package.json'));
  assert.equal(new TextDecoder().decode(bytes.slice(0, 1)), '{');
  await assert.rejects(p.readFile(repoPath('no/such/file.txt')), /no\/such\/file\.txt/);
});

test('the platform resolves package files, has a monotonic clock and reads the heap', async () => {
  const p = await usePlatform();
  const wasm = p.resolvePackageFile('tree-sitter-go/tree-sitter-go.wasm');
  assert.match(wasm, /node_modules\/tree-sitter-go\/tree-sitter-go\.wasm$/);
  const wasmBytes = await p.readFile(wasm);
  assert.deepEqual([...wasmBytes.slice(0, 4)], [0x00, 0x61, 0x73, 0x6d]);
  // Ranges on purpose: clock readings and heap sizes differ from run to run and between engines.
  const a = p.nowNs();
  const b = p.nowNs();
  assert.ok(b >= a);
  const heap = p.heap();
  assert.ok(heap.usedBytes > 0 && heap.totalBytes >= heap.usedBytes * 0.5);
  // which runtime this is, from its own global
  const runtime = 'Deno' in globalThis ? 'deno' : 'Bun' in globalThis ? 'bun' : 'node';
  assert.equal(p.runtime.name, runtime);
  assert.equal(
    heap.source,
    {
      node: 'process.memoryUsage() (V8 heapUsed; external+arrayBuffers)',
      bun: 'bun:jsc heapStats() (JSC heapSize; extraMemorySize)',
      deno: 'Deno.memoryUsage() (V8 heapUsed; external)',
    }[runtime],
  );
});

test('a worker started through the platform round-trips a structured clone', async () => {
  const p = await usePlatform();
  const worker = p.startWorker(new URL('../support/echo-worker.js', import.meta.url).href);
  try {
    const message = { ids: [1, 2, 3], nested: { name: 'Entity', at: new Date(0) } };
    worker.postMessage(message);
    const reply = (await worker.nextMessage()) as { echoed: typeof message };
    assert.deepEqual(reply.echoed.ids, [1, 2, 3]);
    assert.equal(reply.echoed.nested.name, 'Entity');
    assert.equal(reply.echoed.nested.at.getTime(), 0);
  } finally {
    await worker.terminate();
  }
});
