// The shared web-tree-sitter initialisation: Clew and the harness reach the same Emscripten Module,
// and the typed-array marshalling is installed and reads and writes what the originals would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initTreeSitter } from '../../../core/clew/tree-sitter-module.ts';
import { treeSitter } from '../../../core/bench/tree-sitter.ts';
import { loadedClew } from './support.ts';

test('Clew initialises web-tree-sitter through the shared module, with the typed marshalling installed', async () => {
  await loadedClew();
  const { module, typedMarshalling } = await initTreeSitter();
  assert.ok(module !== null, 'the Module object is reachable');
  assert.equal(typedMarshalling, true);
  // the harness sees the same module (its memory figures and string bench need it)
  assert.notEqual((await treeSitter()).marshal, null);
  assert.equal((await treeSitter()).wasmBytes(), module.HEAPU8!.buffer.byteLength);
});

test('typed setValue/getValue store little-endian i32 exactly as Emscripten does, and other types still work', async () => {
  await loadedClew();
  const module = (await initTreeSitter()).module!;
  const pointer = module._malloc!(16);
  try {
    module.setValue!(pointer, -123456789, 'i32');
    const bytes = module.HEAPU8!.subarray(pointer, pointer + 4);
    assert.deepEqual([...bytes], [0xeb, 0x32, 0xa4, 0xf8]); // -123456789 = 0xF8A432EB
    assert.equal(module.getValue!(pointer, 'i32'), -123456789);
    module.setValue!(pointer + 4, 0x1234, 'i16');
    assert.deepEqual([...module.HEAPU8!.subarray(pointer + 4, pointer + 6)], [0x34, 0x12]);
    assert.equal(module.getValue!(pointer + 4, 'i16'), 0x1234);
    module.setValue!(pointer + 8, 200, 'i8');
    assert.equal(module.getValue!(pointer + 8, 'i8'), -56);
  } finally {
    module._free!(pointer);
  }
});

test('after the WASM memory grows, the typed marshalling reads the new memory: the same extraction before and after', async () => {
  const clew = await loadedClew();
  const module = (await initTreeSitter()).module!;
  const source = 'export function add(a: number, b: number): number {\n  return a + b;\n}\nconst apiKey = "sk-live-123";\n';
  const before = clew.extract(source, { language: 'typescript' });
  const expected = JSON.stringify(before.constraints);
  before.dispose?.();
  const bytesBefore = module.HEAPU8!.buffer.byteLength;
  // a block larger than the whole heap makes Emscripten grow the memory, which replaces HEAP32 and HEAPU8
  const block = module._malloc!(bytesBefore + 8 * 1024 * 1024);
  assert.ok(block > 0, 'the allocation succeeded');
  module._free!(block);
  assert.ok(module.HEAPU8!.buffer.byteLength > bytesBefore, `memory grew from ${bytesBefore} bytes`);
  const after = clew.extract(source, { language: 'typescript' });
  assert.equal(JSON.stringify(after.constraints), expected);
  assert.ok(after.constraints.some((c) => c.name === 'function:add'));
  after.dispose?.();
});
