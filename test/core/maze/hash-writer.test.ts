// The byte writer behind ContentHasher.constraints/value gives exactly the UTF-8 of canonicalJson/canonicalConstraints
// (a set hash is XXH3 of its members' sorted digests, each the XXH3 of that UTF-8).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { canonicalConstraints, canonicalJson, loadContentHasher, type ContentHasher } from '../../../core/maze/hash.ts';
import { generateConstraints } from '../../../core/bench/inputs.ts';
import type { Constraint } from '../../../core/model/constraint.ts';

const decoder = new TextDecoder();

// Keys drawn from a small pool so shapes recur (the memo is hit) and share first keys with different tails.
const key = fc.constantFrom('a', 'b', 'fact', 'name', 'type', 'z', '__proto_x', 'é', '\u{1F600}', '10', '2');
const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('\uFFFD', '\u{1F600}', '\uE000', '"\\\n', '\uD800'));
const value = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    text,
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(key, tie('v'), { maxKeys: 5 }),
    fc.dictionary(key, tie('v'), { maxKeys: 3 }).map((d) => Object.assign(Object.create(null) as object, d)),
  ),
})).v;

test('value(): the hash of canonicalJson for random values (keys in any order, unicode, undefined members)', async () => {
  const hasher = await loadContentHasher();
  fc.assert(
    fc.property(value, (v) => {
      assert.equal(hasher.value(v), hasher.text(canonicalJson(v)));
    }),
    { numRuns: 500 },
  );
});

/** The set hash from canonicalJson's strings: each member's text hashed, the digests sorted, their bytes hashed. */
function setHashOf(hasher: ContentHasher, members: readonly unknown[]): string {
  const hex = members
    .map((m) => hasher.text(canonicalJson(m)))
    .sort()
    .join('');
  return hasher.bytes(Uint8Array.from({ length: hex.length / 2 }, (_, i) => parseInt(hex.slice(2 * i, 2 * i + 2), 16)));
}

test("constraints(): the set hash of canonicalJson's texts for random sets; canonicalSetBytes: the same bytes as canonicalConstraints", async () => {
  const hasher = await loadContentHasher();
  fc.assert(
    fc.property(fc.array(value, { maxLength: 8 }), (members) => {
      const expected = canonicalConstraints(members as Constraint[]);
      assert.equal(decoder.decode(hasher.canonicalSetBytes(members)), expected);
      assert.equal(hasher.constraints(members as Constraint[]), setHashOf(hasher, members));
    }),
    { numRuns: 300 },
  );
});

test('set order follows the strings (UTF-16 units), not UTF-8 bytes, between astral and U+E000-U+FFFF text', async () => {
  const hasher = await loadContentHasher();
  const members = [{ a: '\uFFFD' }, { a: '\u{1F600}' }, { a: '\uE000x' }];
  // As strings "\uD83D…" sorts before "\uE000" and "\uFFFD"; as UTF-8 (F0 > EE, EF) it would sort last.
  assert.equal(decoder.decode(hasher.canonicalSetBytes(members)), '[{"a":"\u{1F600}"},{"a":"\uE000x"},{"a":"\uFFFD"}]');
  assert.equal(hasher.constraints(members as unknown as Constraint[]), setHashOf(hasher, members));
});

test('generated Clew-shaped constraints: order and key order do not matter, a changed fact does', async () => {
  const hasher = await loadContentHasher();
  const set = generateConstraints(25);
  const h = hasher.constraints(set);
  assert.equal(h, setHashOf(hasher, set));
  const reKeyed = set.map((c) => JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(c).reverse()))) as Constraint).reverse();
  assert.equal(hasher.constraints(reKeyed), h);
  const changed = structuredClone(set);
  const withFields = changed.find((c) => c.facts?.fact === 'type')!;
  (withFields.facts as { name: string }).name += 'X';
  assert.notEqual(hasher.constraints(changed), h);
  assert.equal(hasher.constraints(changed), setHashOf(hasher, changed));
});

test('toJSON, class instances, functions and a throwing toJSON are handled as canonicalJson does', async () => {
  const hasher = await loadContentHasher();
  class Point {
    constructor(
      readonly y: number,
      readonly x: number,
    ) {}
  }
  const odd = { when: { toJSON: () => ({ b: 1, a: 2 }) }, p: new Point(1, 2), f: () => 1, list: [() => 1, undefined] };
  assert.equal(hasher.value(odd), hasher.text(canonicalJson(odd)));
  assert.equal(canonicalJson(odd), '{"list":[null,null],"p":{"x":2,"y":1},"when":{"a":2,"b":1}}');
  const bad = {
    a: {
      b: {
        toJSON: () => {
          throw new Error('no');
        },
      },
    },
  };
  assert.throws(() => hasher.value(bad), /no/);
  assert.equal(hasher.value({ b: [1, { d: 1, c: 2 }], a: 'x' }), hasher.text('{"a":"x","b":[1,{"c":2,"d":1}]}'));
});

test('long strings (the encodeInto path): the same bytes as canonicalJson, escapes and lone surrogates included', async () => {
  const hasher = await loadContentHasher();
  const plain = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const specials = ['"', '\\', '\n', '\u0000', '\u001f', '\u007f', '\u00e9', '\u2192', '\u{1F600}', '\uD800', '\uDC00', '~', ' '];
  const cases = [plain, plain.repeat(200)];
  for (const special of specials) for (const at of [0, 17, plain.length]) cases.push(plain.slice(0, at) + special + plain.slice(at));
  for (const text of cases) {
    assert.equal(decoder.decode(hasher.canonicalSetBytes([{ text }])), `[${canonicalJson({ text })}]`, JSON.stringify(text));
    assert.equal(hasher.value([text, { text }]), hasher.text(canonicalJson([text, { text }])));
  }
  // Lone surrogates must come out as \ud800 escapes (JSON.stringify), not U+FFFD (what encodeInto would write).
  assert.equal(decoder.decode(hasher.canonicalSetBytes([`${'x'.repeat(20)}\uD800`])), `["${'x'.repeat(20)}\\ud800"]`);
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.string({ minLength: 8, maxLength: 80 }), fc.string({ minLength: 8, maxLength: 80, unit: 'binary' })), { maxLength: 6 }),
      (texts) => {
        assert.equal(decoder.decode(hasher.canonicalSetBytes(texts)), canonicalConstraints(texts as unknown as Constraint[]));
      },
    ),
    { numRuns: 300 },
  );
});
