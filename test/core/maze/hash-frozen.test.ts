// Frozen constraint sets (frozen.ts) and the set hash: frozen and unfrozen members hash the same in
// any order, the digest memo never changes a value, frozen sets reject writes, the orchestrator caches frozen sets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { xxhash3 } from 'hash-wasm';
import { canonicalJson, loadContentHasher } from '../../../core/maze/hash.ts';
import { freezeConstraint, freezeConstraints, isFrozenConstraint } from '../../../core/maze/frozen.ts';
import { Orchestrator, type PipelineIR, type Stages } from '../../../core/maze/orchestrator.ts';
import { VllmBackend } from '../../../core/maze/backends/index.ts';
import { generateConstraints } from '../../../core/bench/inputs.ts';
import { CONSTRAINT_KINDS, ENFORCEMENTS, PRIORITIES, SEVERITIES, type Constraint } from '../../../core/model/constraint.ts';
import type { Fact } from '../../../core/model/facts.ts';

/**
 * The set hash by its definition, built from other parts: hash-wasm's one-shot xxhash3 (its own UTF-8
 * encoding) of canonicalJson's string for each member, the hex digests sorted (equal-length lowercase
 * hex sorts as the bytes do), and the one-shot hash of the concatenated digest bytes.
 */
async function setHashOracle(members: readonly unknown[]): Promise<string> {
  const digests = await Promise.all(members.map((m) => xxhash3(canonicalJson(m))));
  digests.sort();
  const hex = digests.join('');
  return xxhash3(Uint8Array.from({ length: hex.length / 2 }, (_, i) => parseInt(hex.slice(2 * i, 2 * i + 2), 16)));
}

const PINNED: Constraint[] = [
  {
    id: 'id_alpha',
    name: 'alpha',
    description: 'naïve → ok',
    kind: 'semantic',
    source: 'AST_Pattern',
    enforcement: 'Semantic',
    priority: 'Medium',
    confidence: 0.9,
    frequency: 1,
    severity: 'err',
    facts: { fact: 'naming', category: 'function', convention: 'camelCase', share: 1, sample: 3 },
  },
  {
    id: 'id_beta',
    name: 'beta',
    description: 'uses \u{1F600}',
    kind: 'security',
    source: 'AST_Pattern',
    enforcement: 'Security',
    priority: 'High',
    confidence: 0.75,
    frequency: 2,
    severity: 'warning',
    origin_line: 12,
    facts: { fact: 'forbidden_call', callee: 'eval', reason: 'arbitrary code execution' },
  },
  {
    id: 'id_gamma',
    name: 'gamma',
    description: 'plain',
    kind: 'syntactic',
    source: 'AST_Pattern',
    enforcement: 'Syntactic',
    priority: 'Low',
    confidence: 1,
    frequency: 1,
    severity: 'hint',
    facts: { fact: 'pattern', target: 'identifier', mode: 'require', regex: '^[a-z][A-Za-z0-9]*$' },
  },
];

test("set hashes against libxxhash: XXH3-64 of the sorted XXH3-64 digests of the members' canonical JSON", async () => {
  // Computed with libxxhash 0.8.1 (Debian libxxhash0) through ctypes from Python's
  // json.dumps(sort_keys=True, separators=(',', ':'), ensure_ascii=False): the members' digests are
  // fad17bc83aa8fee4, eb34699a3bff6f86, 902c6ae2448256be.
  const hasher = await loadContentHasher();
  const [a, b, c] = PINNED as [Constraint, Constraint, Constraint];
  assert.equal(hasher.value(a), 'fad17bc83aa8fee4');
  for (const set of [[a, b, c], [c, a, b], freezeConstraints([b, c, a])]) assert.equal(hasher.constraints(set), 'ed068bc049efbd1d');
  assert.equal(hasher.constraints([a, a]), 'd775f23156662450'); // a multiset: a duplicate counts
  assert.equal(hasher.constraints([a]), '9af3dd6f630f968b');
  assert.equal(hasher.constraints([]), '2d06800538d394c2');
  assert.equal(hasher.constraints(PINNED), await setHashOracle(PINNED));
});

const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('\uFFFD', '\u{1F600}', '\uE000', '"\\\n', '\uD800', 'x'.repeat(40)));
const constraintArb: fc.Arbitrary<Constraint> = fc.record({
  id: text,
  name: text,
  description: text,
  kind: fc.constantFrom(...CONSTRAINT_KINDS),
  source: fc.constant('AST_Pattern' as const),
  enforcement: fc.constantFrom(...ENFORCEMENTS),
  priority: fc.constantFrom(...PRIORITIES),
  confidence: fc.double({ min: 0, max: 1, noNaN: true }),
  frequency: fc.integer({ min: 0, max: 100 }),
  severity: fc.constantFrom(...SEVERITIES),
  origin_line: fc.option(fc.nat(), { nil: undefined }),
  // Facts as arbitrary JSON: nested objects and arrays, keys in any order (including "__proto__"), unicode.
  facts: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<unknown> as fc.Arbitrary<Fact>,
});

/** Generated Clew-shaped constraints (facts with nested fields and type expressions) as well as random ones. */
const setArb = fc.oneof(
  fc.array(constraintArb, { maxLength: 8 }),
  fc.integer({ min: 0, max: 20 }).map((n) => generateConstraints(n)),
);

test('frozen and unfrozen copies of a set give the same hash, in any order, cold or with the memo warm', async () => {
  const hasher = await loadContentHasher();
  await fc.assert(
    fc.asyncProperty(setArb, fc.array(fc.nat()), async (set, shuffleKeys) => {
      const expected = await setHashOracle(set);
      const plain = hasher.constraints(set);
      assert.equal(plain, expected);
      const frozen = freezeConstraints(set);
      assert.equal(frozen.length, set.length);
      assert.equal(hasher.constraints(frozen), expected); // fills the memo
      assert.equal(hasher.constraints(frozen), expected); // reads it
      const shuffled = frozen
        .map((c, i) => [shuffleKeys[i % Math.max(1, shuffleKeys.length)] ?? 0, i, c] as const)
        .sort((x, y) => x[0] - y[0] || x[1] - y[1])
        .map(([, , c]) => c);
      assert.equal(hasher.constraints(shuffled), expected);
      // Frozen members mixed with unfrozen ones, and a re-keyed plain copy of each.
      const mixed = set.map((c, i) => (i % 2 === 0 ? frozen[i]! : (JSON.parse(JSON.stringify(c)) as Constraint))).reverse();
      assert.equal(hasher.constraints(mixed), expected);
      // The copy is the same data with the same key order; the given objects are left as they were.
      assert.deepStrictEqual(frozen, set);
      for (let i = 0; i < set.length; i++) assert.deepEqual(Object.keys(frozen[i]!), Object.keys(set[i]!));
      for (const c of set) assert.equal(Object.isFrozen(c), false);
    }),
    { numRuns: 200 },
  );
});

test('large sets (past the insertion-sort size) hash by the same definition, in any order', async () => {
  const hasher = await loadContentHasher();
  const set = generateConstraints(150);
  const expected = await setHashOracle(set);
  assert.equal(hasher.constraints(set), expected);
  const frozen = freezeConstraints(set);
  const scrambled = frozen
    .map((c, i) => [(i * 7919) % 151, c] as const)
    .sort((x, y) => x[0] - y[0])
    .map(([, c]) => c);
  assert.equal(hasher.constraints(scrambled), expected);
  assert.equal(hasher.constraints(scrambled), expected);
  assert.notEqual(hasher.constraints(scrambled.slice(1)), expected);
});

test('a frozen set rejects every write (strict mode), at every depth', async () => {
  const frozen = freezeConstraints(generateConstraints(8));
  const withFields = frozen.find((c) => c.facts?.fact === 'type')!;
  const fn = frozen.find((c) => c.facts?.fact === 'function')!;
  assert.equal(isFrozenConstraint(withFields), true);
  assert.throws(() => {
    (frozen as Constraint[]).push(withFields);
  }, TypeError);
  assert.throws(() => {
    (frozen as Constraint[])[0] = withFields;
  }, TypeError);
  assert.throws(() => {
    (frozen as Constraint[]).sort();
  }, TypeError);
  assert.throws(() => {
    (withFields as { name: string }).name = 'changed';
  }, TypeError);
  assert.throws(() => {
    delete (withFields as { origin_line?: number }).origin_line;
  }, TypeError);
  assert.throws(() => {
    (withFields as { extra?: number }).extra = 1;
  }, TypeError);
  const fields = (withFields.facts as { fields: Array<{ name: string; type: { text: string } | null }> }).fields;
  assert.throws(() => {
    fields[0]!.name = 'other';
  }, TypeError);
  assert.throws(() => {
    fields.push(fields[0]!);
  }, TypeError);
  assert.throws(() => {
    fields[0]!.type!.text = 'number';
  }, TypeError);
  const returnType = (fn.facts as { returnType: { expr: { args: unknown[] } } }).returnType;
  assert.throws(() => {
    returnType.expr.args.push('x');
  }, TypeError);
  assert.throws(() => {
    Object.defineProperty(fn, 'name', { value: 'x' });
  }, TypeError);
});

test('freezing is idempotent, and a memoised digest is never given to an unfrozen object', async () => {
  const hasher = await loadContentHasher();
  const frozen = freezeConstraints(generateConstraints(5));
  assert.equal(freezeConstraints(frozen), frozen);
  assert.equal(freezeConstraint(frozen[2]!), frozen[2]);
  const again = freezeConstraints([...frozen]);
  assert.notEqual(again, frozen);
  for (let i = 0; i < frozen.length; i++) assert.equal(again[i], frozen[i]);
  // An unfrozen constraint is written afresh every time: a change shows in the next hash.
  const loose = structuredClone(generateConstraints(5));
  const before = hasher.constraints(loose);
  assert.equal(before, hasher.constraints(frozen));
  (loose[1]!.facts as { name: string }).name += 'X';
  const after = hasher.constraints(loose);
  assert.notEqual(after, before);
  assert.equal(after, await setHashOracle(loose));
});

test('a constraint holding anything but plain data is kept as given, unregistered, and hashed afresh', async () => {
  const hasher = await loadContentHasher();
  class Point {
    constructor(readonly x: number) {}
  }
  const withDate = { ...PINNED[0]!, facts: { when: new Date(0) } } as unknown as Constraint;
  const withClass = { ...PINNED[1]!, facts: { at: new Point(3) } } as unknown as Constraint;
  const cyclic = { ...PINNED[2]!, facts: { fact: 'pattern' } } as unknown as Constraint & { facts: { self?: unknown } };
  cyclic.facts.self = [cyclic.facts];
  const frozen = freezeConstraints([withDate, withClass, cyclic, PINNED[0]!]);
  assert.equal(frozen[0], withDate);
  assert.equal(frozen[1], withClass);
  assert.equal(frozen[2], cyclic);
  assert.notEqual(frozen[3], PINNED[0]);
  assert.deepEqual(frozen.map(isFrozenConstraint), [false, false, false, true]);
  assert.equal(Object.isFrozen(withDate), false);
  assert.equal(Object.isFrozen(frozen), true);
  const set = [withDate, withClass, PINNED[0]!];
  assert.equal(hasher.constraints(set), await setHashOracle(set));
  (withClass.facts as unknown as { at: Point }).at = new Point(4);
  assert.equal(hasher.constraints(set), await setHashOracle(set));
});

test('an own "__proto__" key stays a key of the frozen copy (it does not become its prototype)', async () => {
  const hasher = await loadContentHasher();
  const parsed = JSON.parse(
    '{"id":"p","name":"p","description":"d","kind":"semantic","source":"AST_Pattern","enforcement":"Semantic","priority":"Low","confidence":1,"frequency":1,"severity":"err","facts":{"__proto__":{"x":1},"fact":"naming"}}',
  ) as Constraint;
  const [copy] = freezeConstraints([parsed]);
  assert.equal(Object.getPrototypeOf(copy!.facts), Object.prototype);
  assert.deepEqual(Object.keys(copy!.facts!), ['__proto__', 'fact']);
  assert.equal(canonicalJson(copy), canonicalJson(parsed));
  assert.equal(hasher.constraints([copy!]), hasher.constraints([parsed]));
});

test('the orchestrator caches a frozen copy of the extraction: callers cannot change it, the extractor keeps its objects', async () => {
  const extracted = generateConstraints(6);
  let compiled: readonly Constraint[] | null = null;
  const stages: Stages = {
    extract: () => ({ constraints: extracted, parseErrors: [] }),
    compile: (constraints): PipelineIR => {
      compiled = constraints;
      return { regex_patterns: [], lark: null, ebnf: null, json_schema: null } as unknown as PipelineIR;
    },
    reparse: null,
  };
  const maze = await Orchestrator.create({
    backend: new VllmBackend({ url: 'http://model.test', apiKey: null, model: 'm' }),
    stages,
    send: {
      timeoutMs: 1000,
      fetch: (async () => {
        throw new Error('not sent');
      }) as unknown as typeof fetch,
    },
  });
  const request = { intent: 'x', language: 'typescript' as const, source: { text: 'const a = 1;' } };
  const first = await maze.plan(request);
  assert.equal(Object.isFrozen(first.constraints), true);
  assert.ok(first.constraints.every(isFrozenConstraint));
  assert.equal(compiled, first.constraints); // compile got the frozen set itself
  assert.deepStrictEqual(first.constraints, extracted);
  assert.ok(extracted.every((c) => !Object.isFrozen(c)));
  assert.throws(() => {
    (first.constraints[0] as { name: string }).name = 'changed';
  }, TypeError);
  const second = await maze.plan(request);
  assert.equal(second.cache.extraction, 'hit');
  assert.equal(second.constraints, first.constraints);
  assert.equal(second.compiled.hash, first.compiled.hash);
  const hasher = await loadContentHasher();
  assert.equal(first.compiled.hash, hasher.constraints(extracted));
  // The same constraints given directly (unfrozen) key the same compile entry.
  const direct = await maze.plan({ intent: 'x', language: 'typescript', constraints: [...extracted].reverse() });
  assert.equal(direct.cache.compilation, 'hit');
});
