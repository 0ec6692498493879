// Deterministic topological order: kind order, priorities, explicit and type dependencies, cycles.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compile, orderConstraints, CycleError } from '../../../core/braid/index.ts';
import { hashString } from '../../../core/braid/hash.ts';
import { CONSTRAINT_KINDS, PRIORITIES, type Constraint } from '../../../core/model/constraint.ts';
import { LANGUAGE_FIXTURES, constraint, fn, param, ref, typeDecl, field, int } from './fixtures.ts';

const withDeps = (c: Constraint, deps: string[]): Constraint => ({ ...c, depends_on: deps }) as Constraint;

describe('orderConstraints', () => {
  test('kind order first, then higher priority, then id', () => {
    const cs = [
      constraint(undefined, { id: 's1', kind: 'security' }),
      constraint(undefined, { id: 'y2', kind: 'syntactic', priority: 'Low' }),
      constraint(undefined, { id: 'y1', kind: 'syntactic', priority: 'Low' }),
      constraint(undefined, { id: 'y3', kind: 'syntactic', priority: 'Critical' }),
      constraint(undefined, { id: 't1', kind: 'type_safety' }),
      constraint(undefined, { id: 'o1', kind: 'operational' }),
    ];
    assert.deepEqual(
      orderConstraints(cs).map((c) => c.id),
      ['y3', 'y1', 'y2', 't1', 'o1', 's1'],
    );
  });

  test('explicit dependencies and type uses override kind order', () => {
    const entity = constraint(typeDecl('Entity', [field('id', int, 'int')]), { id: 'type-entity', kind: 'type_safety' });
    const op = constraint(fn('get', [param('id', int, 'int')], [ref('Entity'), 'Entity']), { id: 'fn-get', kind: 'syntactic' });
    const first = withDeps(constraint(undefined, { id: 'a', kind: 'syntactic' }), ['z']);
    const z = constraint(undefined, { id: 'z', kind: 'security' });
    assert.deepEqual(
      orderConstraints([op, entity, first, z]).map((c) => c.id),
      ['type-entity', 'fn-get', 'z', 'a'],
    );
  });

  test('a cycle is an error that names it', () => {
    const a = withDeps(constraint(undefined, { id: 'a' }), ['b']);
    const b = withDeps(constraint(undefined, { id: 'b' }), ['c']);
    const c = withDeps(constraint(undefined, { id: 'c' }), ['a']);
    const d = constraint(undefined, { id: 'd' });
    assert.throws(
      () => orderConstraints([d, c, b, a]),
      (e: unknown) => {
        assert.ok(e instanceof CycleError);
        assert.deepEqual(e.cycle, ['a', 'b', 'c']);
        assert.equal(e.message, 'dependency cycle among constraints: a -> b -> c -> a');
        return true;
      },
    );
  });

  test('property: same order for any permutation of the input, and every dependency comes first', () => {
    const arbConstraint = fc.record({
      id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'),
      kind: fc.constantFrom(...CONSTRAINT_KINDS),
      priority: fc.constantFrom(...PRIORITIES),
      name: fc.constantFrom('x', 'y'),
      dep: fc.option(fc.constantFrom('a', 'b', 'c', 'd'), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(arbConstraint, { maxLength: 12 }), fc.nat(), (specs, seed) => {
        // Dependencies only point to ids that sort earlier, so the graph is acyclic.
        const cs = specs.map((s) =>
          withDeps(constraint(undefined, { id: s.id, kind: s.kind, priority: s.priority, name: s.name }), s.dep !== undefined && s.dep < s.id ? [s.dep] : []),
        );
        const shuffled = [...cs];
        let r = seed;
        for (let i = shuffled.length - 1; i > 0; i--) {
          r = (r * 1103515245 + 12345) % 2147483648;
          const j = r % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        const once = orderConstraints(cs);
        const again = orderConstraints(shuffled);
        assert.deepEqual(
          again.map((c) => JSON.stringify(c)),
          once.map((c) => JSON.stringify(c)),
        );
        const position = new Map<string, number>();
        once.forEach((c, i) => {
          if (!position.has(c.id)) position.set(c.id, i);
        });
        once.forEach((c, i) => {
          for (const dep of (c as { depends_on?: string[] }).depends_on ?? []) {
            const all = once.map((x, k) => (x.id === dep ? k : -1)).filter((k) => k >= 0);
            for (const k of all) assert.ok(k < i, `${dep} must come before ${c.id}`);
          }
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe('the same output on every runtime', () => {
  // Hashes of the whole IR JSON of each hand-written fixture, recorded on Node; Bun and Deno run
  // this same test. A legitimate change to an emitter changes them (update after checking the diff).
  const GOLDEN: Record<string, string> = {
    typescript: '0d5d92f2a13aff',
    python: '0c6d38ad44cf71',
    rust: '06971181323c0d',
    go: '06c39b3183a79a',
    zig: '0ff066ad747067',
  };
  for (const make of LANGUAGE_FIXTURES) {
    test(`${make().language}: IR hash`, () => {
      const fx = make();
      assert.equal(hashString(JSON.stringify(compile(fx.constraints))), GOLDEN[fx.language]);
      assert.equal(hashString(JSON.stringify(compile([...fx.constraints].reverse()))), GOLDEN[fx.language], 'input order does not matter');
    });
  }
});
