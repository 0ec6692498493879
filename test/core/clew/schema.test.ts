// The constraint model's JSON: reference-shaped input (lenient where the original was), issues with JSON paths, stable ids.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constraintId, fnv1a64 } from '../../../core/model/id.ts';
import { constraintSetToJson, parseConstraintSet } from '../../../core/model/schema.ts';

test('FNV-1a 64 matches the published test vectors', () => {
  assert.equal(fnv1a64(''), 'cbf29ce484222325');
  assert.equal(fnv1a64('a'), 'af63dc4c8601ec8c');
  assert.equal(fnv1a64('foobar'), '85944171f73967e8');
  assert.notEqual(constraintId('a', 'b', 'security'), constraintId('a', 'b', 'semantic'));
  assert.notEqual(constraintId('ab', '', 'security'), constraintId('a', 'b', 'security'));
});

test('FNV-1a 64 hashes the UTF-8 bytes, like a BigInt reference over TextEncoder output', () => {
  const reference = (text: string) => {
    let h = 0xcbf29ce484222325n;
    for (const b of new TextEncoder().encode(text)) h = ((h ^ BigInt(b)) * 0x100000001b3n) & 0xffffffffffffffffn;
    return h.toString(16).padStart(16, '0');
  };
  for (const text of ['ü', '€uro', '\u{1F600}x', 'a\ud800b', 'z\udc00', '\ud800', `${'x'.repeat(300)}é`, 'function:EntityService.op\u0000async']) {
    assert.equal(fnv1a64(text), reference(text), JSON.stringify(text));
  }
  // pieces hashed in turn give the digest of the NUL-joined string, whatever their code points
  let seed = 7;
  const random = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  const units = [0x61, 0x7f, 0x80, 0x7ff, 0x800, 0xffff, 0xd83d, 0xde00, 0xdbff, 0xdfff, 0x20ac, 0x41];
  const piece = () => String.fromCharCode(...Array.from({ length: random(12) }, () => units[random(units.length)]!));
  for (let i = 0; i < 300; i++) {
    const [a, b] = [piece(), piece()];
    assert.equal(constraintId(a, b, 'semantic'), reference(`${a}\u0000${b}\u0000semantic`), JSON.stringify([a, b]));
  }
});

test('a reference constraint set parses, with severity "error" normalised and defaults filled', () => {
  const result = parseConstraintSet({
    name: 'mine',
    constraints: [{ kind: 'security', severity: 'error', name: 'no_eval', description: 'no eval', priority: 2 }],
  });
  assert.ok(result.ok);
  assert.deepEqual(result.value, {
    name: 'mine',
    constraints: [
      {
        id: constraintId('no_eval', 'no eval', 'security'),
        name: 'no_eval',
        description: 'no eval',
        kind: 'security',
        source: 'User_Defined',
        enforcement: 'Security',
        priority: 'High',
        confidence: 1,
        frequency: 1,
        severity: 'err',
      },
    ],
  });
  assert.deepEqual(constraintSetToJson(result.value).constraints[0]!.severity, 'err');
});

test('a bare array is accepted and a given id is kept', () => {
  const result = parseConstraintSet([{ kind: 'semantic', severity: 'info', name: 'x', description: '', id: 'fixed' }]);
  assert.ok(result.ok);
  assert.equal(result.value.constraints[0]!.id, 'fixed');
  assert.equal(result.value.constraints[0]!.enforcement, 'Semantic');
});

test('invalid input gives issues with JSON paths and expected values', () => {
  const result = parseConstraintSet({
    constraints: [
      { kind: 'securityx', name: 'a' },
      { kind: 'security', name: 'b', enforcement: 'Syntactic', confidence: 2 },
    ],
  });
  assert.ok(!result.ok);
  assert.deepEqual(
    result.issues.map((i) => [i.path, i.expected]),
    [
      ['constraints[0].kind', '("syntactic" | "type_safety" | "semantic" | "architectural" | "operational" | "security")'],
      ['constraints[1].confidence', '<=1'],
      ['constraints[1].enforcement', '"Security"'],
    ],
  );
  const pair = parseConstraintSet([{ kind: 'security', name: 'b', enforcement: 'Syntactic' }]);
  assert.ok(!pair.ok);
  assert.deepEqual(
    pair.issues.map((i) => [i.path, i.expected]),
    [['[0].enforcement', '"Security"']],
  );
  const root = parseConstraintSet('nope');
  assert.ok(!root.ok);
  assert.equal(root.issues[0]!.path, '');
});

test('facts are validated too', () => {
  const bad = parseConstraintSet([{ kind: 'semantic', name: 'f', facts: { fact: 'naming', category: 'function', convention: 'kebab', share: 1, sample: 3 } }]);
  assert.ok(!bad.ok);
  assert.equal(bad.issues[0]!.path, '[0].facts.convention');
  const good = parseConstraintSet([{ kind: 'semantic', name: 'f', facts: { fact: 'summary', count: 1, total: 2 } }]);
  assert.ok(good.ok);
});
