// The harness's hold on tree-sitter's WebAssembly module: memory size and string marshalling.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Parser } from 'web-tree-sitter';
import { treeSitter } from '../../../core/bench/tree-sitter.ts';
import { usePlatform } from '../../support/platform.ts';

test('tree-sitter memory is readable in whole pages and strings cross into it and back unchanged', async (t) => {
  await usePlatform();
  const ts = await treeSitter();
  if (ts.marshal === null) {
    // Bun runs every test file in one process; another file may have initialised tree-sitter first.
    t.skip('tree-sitter was initialised before the harness in this process');
    return;
  }
  const bytes = ts.wasmBytes()!;
  assert.ok(bytes >= 65_536 && bytes % 65_536 === 0, `wasm memory ${bytes}`);
  const text = 'const name: string = "Zoë";\n'.repeat(3);
  const size = new TextEncoder().encode(text).length + 1;
  const pointer = ts.marshal.malloc(size);
  assert.ok(pointer > 0 && pointer + size <= bytes);
  ts.marshal.write(text, pointer, size);
  assert.equal(ts.marshal.read(pointer, size), text);
  ts.marshal.free(pointer);
});

test('grammars load through the platform and parse', async () => {
  await usePlatform();
  const ts = await treeSitter();
  const parser = new Parser();
  try {
    parser.setLanguage(await ts.language('go'));
    const tree = parser.parse('package main\nfunc main() {}\n')!;
    assert.equal(tree.rootNode.type, 'source_file');
    assert.equal(tree.rootNode.hasError, false);
    assert.equal(tree.rootNode.descendantsOfType('function_declaration').length, 1);
    tree.delete();
  } finally {
    parser.delete();
  }
});
