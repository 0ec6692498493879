// XXH3-64 against the reference C library's values, and canonical hashing of constraint sets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { xxhash3 } from 'hash-wasm';
import { canonicalJson, canonicalIR, loadContentHasher } from '../../../core/maze/hash.ts';
import type { Constraint } from '../../../core/model/constraint.ts';

/** Bytes (i*31+7) mod 256, the generator the vectors below were computed over. */
function generated(length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 31 + 7) % 256);
}

// Computed with libxxhash 0.8.1 (Debian libxxhash0) through ctypes: XXH3_64bits(gen(n), n).
// Lengths cover every XXH3 code path: 0, 1-3, 4-8, 9-16, 17-128, 129-240, >240 (stripes, and past one block).
const VECTORS: Array<[number, string]> = [
  [0, '2d06800538d394c2'], [1, '4c5cca45d0f4811f'], [3, '15f7093b173d005c'], [4, 'dca012f95811b6b9'],
  [8, 'dec6a9a43575982e'], [9, 'cbe393399f17ffbd'], [16, '7e484c18d74895d0'], [17, '208bde5ee2bed407'],
  [128, 'f92b70eaa21a6288'], [129, 'f8f76713f2bb60fa'], [240, 'ccc7375172c41f03'], [241, '0b3b630948ce4a00'],
  [1024, '23bc880ebf0d29c6'], [2049, '5045460f5d85c275'],
];

test('XXH3-64 matches the reference implementation on every length class', async () => {
  const hasher = await loadContentHasher();
  for (const [length, expected] of VECTORS) assert.equal(hasher.bytes(generated(length)), expected, `length ${length}`);
});

test('XXH3-64 of text hashes its UTF-8 bytes', async () => {
  const hasher = await loadContentHasher();
  assert.equal(hasher.text(''), '2d06800538d394c2');
  assert.equal(hasher.text('a'), 'e6c632b61e964e1f');
  assert.equal(hasher.text('abc'), '78af5f94892f3950');
  assert.equal(hasher.text('héllo wörld'), 'ca5aeb8da2d76864');
});

function constraint(name: string, overrides: Partial<Constraint> = {}): Constraint {
  return {
    id: `id_${name}`, name, description: `about ${name}`, kind: 'semantic', source: 'AST_Pattern', enforcement: 'Semantic',
    priority: 'Medium', confidence: 0.9, frequency: 1, severity: 'err',
    facts: { fact: 'naming', category: 'function', convention: 'camelCase', share: 1, sample: 3 },
    ...overrides,
  };
}

test('canonical JSON sorts keys at every depth and drops undefined members', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } }), '{"a":{"d":[3,{"y":2,"z":1}]},"b":1}');
  assert.equal(canonicalJson([1, 'x', null, true, Number.NaN]), '[1,"x",null,true,null]');
});

test('reordering constraints, or the keys inside them, gives the same hash', async () => {
  const hasher = await loadContentHasher();
  const a = constraint('alpha');
  const b = constraint('beta', { kind: 'security', enforcement: 'Security' });
  const c = constraint('gamma', { origin_line: 12 });
  const reKeyed = Object.fromEntries(Object.entries(b).reverse()) as unknown as Constraint;
  const forward = hasher.constraints([a, b, c]);
  assert.match(forward, /^[0-9a-f]{16}$/);
  assert.equal(hasher.constraints([c, reKeyed, a]), forward);
  assert.equal(hasher.constraints({ name: 'another name', constraints: [b, a, c] }), forward);
});

test('a changed, added or removed constraint changes the hash', async () => {
  const hasher = await loadContentHasher();
  const base = [constraint('alpha'), constraint('beta')];
  const h = hasher.constraints(base);
  assert.notEqual(hasher.constraints([constraint('alpha'), constraint('beta', { confidence: 0.8 })]), h);
  assert.notEqual(hasher.constraints([constraint('alpha'), constraint('beta', { facts: { fact: 'naming', category: 'function', convention: 'snake_case', share: 1, sample: 3 } })]), h);
  assert.notEqual(hasher.constraints([constraint('alpha')]), h);
  assert.notEqual(hasher.constraints([...base, constraint('gamma')]), h);
});

test('source keys depend on both the text and the language', async () => {
  const hasher = await loadContentHasher();
  const k = hasher.source('def f(): pass', 'python');
  assert.equal(hasher.source('def f(): pass', 'python'), k);
  assert.notEqual(hasher.source('def f(): pass', 'typescript'), k);
  assert.notEqual(hasher.source('def g(): pass', 'python'), k);
});

test('text and source keys are XXH3-64 of the UTF-8 text (hash-wasm one-shot over the string as the oracle)', async () => {
  const hasher = await loadContentHasher();
  const big = 'x'.repeat(70_000) + '\u00e9'.repeat(30_000);
  for (const text of ['', 'abc', '\u00e9\u2192\ud834\udd1e', 'lone \ud800 surrogate', big]) {
    assert.equal(hasher.text(text), await xxhash3(text));
    assert.equal(hasher.source(text, 'python'), await xxhash3('python\u0000' + text));
  }
  assert.equal(hasher.text('abc'), '78af5f94892f3950');
});

test('an IR hashes the same with its regex patterns in another order, differently with another pattern', async () => {
  const hasher = await loadContentHasher();
  const ir = { priority: 1, regex_patterns: [{ pattern: 'a+', flags: '' }, { pattern: 'b', flags: 'i' }], json_schema: { type: 'object' } };
  const reordered = { json_schema: { type: 'object' }, regex_patterns: [{ flags: 'i', pattern: 'b' }, { pattern: 'a+', flags: '' }], priority: 1 };
  assert.equal(canonicalIR(ir), canonicalIR(reordered));
  assert.equal(hasher.ir(ir), hasher.ir(reordered));
  assert.notEqual(hasher.ir({ ...ir, regex_patterns: [{ pattern: 'a*', flags: '' }, { pattern: 'b', flags: 'i' }] }), hasher.ir(ir));
  assert.equal(hasher.ir([ir, { priority: 2, regex_patterns: [] }]), hasher.ir([{ priority: 2, regex_patterns: [] }, reordered]));
});
