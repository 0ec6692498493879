// The harness's hold on tree-sitter's WebAssembly module: memory size and string marshalling.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Parser } from 'web-tree-sitter';
import { treeSitter } from '../../../core/bench/tree-sitter.ts';
import { initTreeSitter } from '../../../core/clew/tree-sitter-module.ts';
import { usePlatform } from '../../support/platform.ts';

test('tree-sitter memory is readable in whole pages and strings cross into it as UTF-8 and back unchanged', async () => {
  await usePlatform();
  const ts = await treeSitter();
  // every initialisation goes through core/clew/tree-sitter-module.ts, so the harness always holds the Module
  assert.ok(ts.marshal !== null, "the harness reaches emscripten's Module");
  const bytes = ts.wasmBytes()!;
  assert.ok(bytes >= 65_536 && bytes % 65_536 === 0, `wasm memory ${bytes}`);
  const text = 'const name: string = "Zoë";\n'.repeat(3);
  const size = text.length + 3; // one two-byte character per line
  const pointer = ts.marshal.malloc(size);
  assert.ok(pointer > 0 && pointer + size <= bytes);
  assert.equal(ts.marshal.write(text, pointer, size), size);
  const { module } = await initTreeSitter();
  // 'ë' is U+00EB: C3 AB in UTF-8, right after 'Zo'
  const at = pointer + text.indexOf('ë');
  assert.deepEqual([...module!.HEAPU8!.subarray(at, at + 2)], [0xc3, 0xab]);
  assert.equal(ts.marshal.read(pointer, size), text);
  // a buffer too small takes whole characters only
  assert.equal(ts.marshal.write('ëë', pointer, 3), 2);
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
