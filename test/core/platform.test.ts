// The platform boundary: the core never touches a runtime directly, and each runtime's platform works.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { usePlatform, repoPath } from '../support/platform.ts';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.(ts|js|mjs)$/.test(name) ? [path] : [];
  });
}

/** Runtime-specific references that core/ must not contain (comments are stripped first). */
const FORBIDDEN: Array<[RegExp, string]> = [
  [/\bDeno\s*\./, 'Deno.*'],
  [/\bBun\s*\./, 'Bun.*'],
  [/\bprocess\s*\./, 'process.*'],
  [/\brequire\s*\(/, 'require()'],
  [/from\s+['"]node:/, "import from 'node:…'"],
  [/import\s*\(\s*['"]node:/, "import('node:…')"],
  [/from\s+['"]bun:/, "import from 'bun:…'"],
];

function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

test('nothing under core/ references Deno, Bun, process, require or node: modules', () => {
  const offences: string[] = [];
  for (const file of sourceFiles(repoPath('core'))) {
    const lines = stripComments(readFileSync(file, 'utf8')).split('\n');
    lines.forEach((line, i) => {
      for (const [pattern, label] of FORBIDDEN) if (pattern.test(line)) offences.push(`${file}:${i + 1}: ${label}`);
    });
  }
  assert.deepEqual(offences, []);
});

test('the purity check itself catches a forbidden reference', () => {
  const sample = "import { readFile } from 'node:fs';\nconst x = process.env.X;\n// Deno.readFile in a comment is fine";
  const hits = stripComments(sample).split('\n').flatMap((line) => FORBIDDEN.filter(([p]) => p.test(line)).map(([, l]) => l));
  assert.deepEqual(hits, ["import from 'node:…'", 'process.*']);
});

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
  const a = p.nowNs();
  const b = p.nowNs();
  assert.ok(b >= a);
  const heap = p.heap();
  assert.ok(heap.usedBytes > 0 && heap.totalBytes >= heap.usedBytes * 0.5);
  assert.ok(heap.source.length > 0);
  assert.ok(['node', 'bun', 'deno'].includes(p.runtime.name));
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
