// XXH3-64 against the reference C library's values, and canonical hashing of constraint sets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson, canonicalIR, loadContentHasher } from '../../../core/maze/hash.ts';
import type { Constraint } from '../../../core/model/constraint.ts';

/** Bytes (i*31+7) mod 256, the generator the vectors below were computed over. */
function generated(length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 31 + 7) % 256);
}

// Computed with libxxhash 0.8.1 (Debian libxxhash0) through ctypes: XXH3_64bits(gen(n), n); the
// lengths from 4096 on with Debian's python3-xxhash 3.2.0 (libxxhash 0.8.1):
// xxhash.xxh3_64_hexdigest(bytes((i * 31 + 7) % 256 for i in range(n))), 100003 also with `xxhsum -H3`.
// Lengths cover every XXH3 code path: 0, 1-3, 4-8, 9-16, 17-128, 129-240, >240 (stripes, and past one
// 1 KB block), and many blocks (> 4 KB, 100 KB).
const VECTORS: Array<[number, string]> = [
  [0, '2d06800538d394c2'],
  [1, '4c5cca45d0f4811f'],
  [3, '15f7093b173d005c'],
  [4, 'dca012f95811b6b9'],
  [8, 'dec6a9a43575982e'],
  [9, 'cbe393399f17ffbd'],
  [16, '7e484c18d74895d0'],
  [17, '208bde5ee2bed407'],
  [128, 'f92b70eaa21a6288'],
  [129, 'f8f76713f2bb60fa'],
  [240, 'ccc7375172c41f03'],
  [241, '0b3b630948ce4a00'],
  [1024, '23bc880ebf0d29c6'],
  [2049, '5045460f5d85c275'],
  [4096, 'a3c19f8174cde0bb'],
  [4097, 'b319759b4671c221'],
  [10_000, '441f01d9711bebed'],
  [100_003, 'e0950e66cf107fe8'],
];

/** 38 UTF-8 bytes: ASCII, a 2-byte (λ), two 3-byte (約束) and a 4-byte (🚀) character. */
const UNIT = 'Ananke: \u03bb-calculus, \u7d04\u675f, \u{1F680} ok. ';

// XXH3-64 of each text's UTF-8 bytes, and of b'python\x00' + those bytes (the source key), computed
// with Debian's python3-xxhash 3.2.0 (libxxhash 0.8.1) for /usr/bin/python3:
//   b = text.encode('utf-8'); xxhash.xxh3_64_hexdigest(b), xxhash.xxh3_64_hexdigest(b'python\x00' + b)
// (UNIT * 2000 also with `xxhsum -H3`). A lone surrogate is encoded as U+FFFD, as TextEncoder does.
// Ordered small, large, small again: the hasher's reused encoding buffer (64 KB, grown on demand) must
// not leak bytes from one text into the next.
const TEXT_VECTORS: Array<[string, string, number, string, string]> = [
  ['empty', '', 0, '2d06800538d394c2', '8b9e7ed7fcabb659'],
  ['abc', 'abc', 3, '78af5f94892f3950', 'ecba26573c913642'],
  ['é → 𝄞 (2, 3 and 4 bytes)', '\u00e9\u2192\ud834\udd1e', 9, '667b6d220e097cb4', '51f92c76d2ccb36b'],
  ['a lone surrogate', 'lone \ud800 surrogate', 18, 'edd95b07463580c9', 'a5db8f776d46fd03'],
  ['UNIT × 8 (> 240 bytes)', UNIT.repeat(8), 304, '9b3fb6d043849d9e', '11e3da3886f0de94'],
  ['UNIT × 30 (> 1 KB)', UNIT.repeat(30), 1140, 'ffbbd7b880036d0e', 'd42eea9c4d87a541'],
  ['UNIT × 120 (> 4 KB)', UNIT.repeat(120), 4560, 'f9e63e8afc3495b3', '0c23e4cf830fdf30'],
  ['UNIT × 2000 (past the 64 KB buffer)', UNIT.repeat(2000), 76_000, '1590bcc71eb7ba06', '92c554c5fff5779a'],
  ['x × 70000 + é × 30000', 'x'.repeat(70_000) + '\u00e9'.repeat(30_000), 130_000, '625bde3ee45608be', '95e4e515c6cb23f5'],
  ['UNIT × 8 again', UNIT.repeat(8), 304, '9b3fb6d043849d9e', '11e3da3886f0de94'],
  ['abc again', 'abc', 3, '78af5f94892f3950', 'ecba26573c913642'],
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
    id: `id_${name}`,
    name,
    description: `about ${name}`,
    kind: 'semantic',
    source: 'AST_Pattern',
    enforcement: 'Semantic',
    priority: 'Medium',
    confidence: 0.9,
    frequency: 1,
    severity: 'err',
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
  assert.notEqual(
    hasher.constraints([
      constraint('alpha'),
      constraint('beta', { facts: { fact: 'naming', category: 'function', convention: 'snake_case', share: 1, sample: 3 } }),
    ]),
    h,
  );
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

test('text and source keys are XXH3-64 of the UTF-8 text: independent vectors for UTF-8 and long texts', async () => {
  const hasher = await loadContentHasher();
  for (const [name, text, byteLength, textHash, sourceHash] of TEXT_VECTORS) {
    assert.equal(new TextEncoder().encode(text).length, byteLength, `${name}: the text is the one hashed in Python`);
    assert.equal(hasher.text(text), textHash, `${name}: text`);
    assert.equal(hasher.source(text, 'python'), sourceHash, `${name}: source`);
  }
});

test('an IR hashes the same with its regex patterns in another order, differently with another pattern', async () => {
  const hasher = await loadContentHasher();
  const ir = {
    priority: 1,
    regex_patterns: [
      { pattern: 'a+', flags: '' },
      { pattern: 'b', flags: 'i' },
    ],
    json_schema: { type: 'object' },
  };
  const reordered = {
    json_schema: { type: 'object' },
    regex_patterns: [
      { flags: 'i', pattern: 'b' },
      { pattern: 'a+', flags: '' },
    ],
    priority: 1,
  };
  assert.equal(canonicalIR(ir), canonicalIR(reordered));
  assert.equal(hasher.ir(ir), hasher.ir(reordered));
  assert.notEqual(
    hasher.ir({
      ...ir,
      regex_patterns: [
        { pattern: 'a*', flags: '' },
        { pattern: 'b', flags: 'i' },
      ],
    }),
    hasher.ir(ir),
  );
  assert.equal(hasher.ir([ir, { priority: 2, regex_patterns: [] }]), hasher.ir([{ priority: 2, regex_patterns: [] }, reordered]));
});
