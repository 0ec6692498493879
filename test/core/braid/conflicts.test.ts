// Conflict detection, the resolution policy and feasibility; properties checked by brute force.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compile, detectConflicts } from '../../../core/braid/index.ts';
import type { Constraint } from '../../../core/model/constraint.ts';
import { NAMING_CONVENTIONS } from '../../../core/model/facts.ts';
import { constraint, fn, param, int, str, typeDecl, field } from './fixtures.ts';

const naming = (id: string, convention: (typeof NAMING_CONVENTIONS)[number], over: Partial<Constraint> = {}) =>
  constraint({ fact: 'naming', category: 'function', convention, share: 1, sample: 5 }, { id, ...over });
const pattern = (
  id: string,
  mode: 'require' | 'forbid',
  regex: string,
  target: 'identifier' | 'function_name' | 'code' = 'identifier',
  over: Partial<Constraint> = {},
) => constraint({ fact: 'pattern', target, mode, regex }, { id, ...over });
const bounds = (id: string, min: number | null, max: number | null, over: Partial<Constraint> = {}) =>
  constraint({ fact: 'bounds', target: 'params', min, max }, { id, ...over });

describe('conflict kinds', () => {
  test('naming: two conventions for one category, resolved by priority', () => {
    const ir = compile([
      naming('camel', 'camelCase', { priority: 'Low' }),
      naming('snake', 'snake_case', { priority: 'High' }),
      constraint({ fact: 'naming', category: 'type', convention: 'PascalCase', share: 1, sample: 3 }, { id: 'types' }),
    ]);
    // a and b follow the deterministic order (higher priority first).
    assert.deepEqual(ir.conflicts, [
      { a: 'snake', b: 'camel', kind: 'naming', reason: 'function names: snake_case (snake) contradicts camelCase (camel)', resolvedInFavourOf: 'snake' },
    ]);
    assert.deepEqual(ir.dropped, ['camel']);
    assert.equal(ir.is_feasible, true);
    // two of three constraints of equal confidence (0.9) kept: 1.8 / 2.7, to four places
    assert.equal(ir.feasibility_score, 0.6667);
  });

  test('pattern: a required language inside a forbidden one (automata, not strings)', () => {
    const cs = [pattern('req', 'require', 'tmp_[0-9]+'), pattern('forb', 'forbid', '[a-z]+_\\d*')];
    const [k] = detectConflicts(cs);
    assert.equal(k?.kind, 'pattern');
    assert.deepEqual([k?.a, k?.b], ['forb', 'req']);
    assert.match(k!.reason, /every identifier matching \/tmp_\[0-9\]\+\/ \(req\) is forbidden by .* e\.g\. "tmp_0"/);
    // Overlapping but not included: strings like "tmp_x" are never forbidden, so no conflict.
    assert.deepEqual(detectConflicts([pattern('req', 'require', 'tmp_[0-9a-z]+'), pattern('forb', 'forbid', '[a-z]+_\\d+')]), []);
    // Same text, different languages: a substring search on code forbids more.
    assert.equal(detectConflicts([pattern('r', 'require', 'x(eval)y', 'code'), pattern('f', 'forbid', 'eval', 'code')]).length, 1);
  });

  test('naming convention against a forbidden function-name pattern', () => {
    const ks = detectConflicts([naming('snake', 'snake_case'), pattern('nolower', 'forbid', '_*[a-z][a-z0-9_]*', 'function_name')]);
    assert.equal(ks.length, 1);
    assert.equal(ks[0]!.kind, 'pattern');
  });

  test('required patterns with an empty intersection', () => {
    const ks = detectConflicts([pattern('digits', 'require', '[0-9]+'), pattern('letters', 'require', '[a-z]+')]);
    assert.equal(ks[0]?.kind, 'required_patterns_disjoint');
  });

  test('types: one parameter or field with incompatible types', () => {
    const a = constraint(fn('get', [param('id', int, 'number')], null), { id: 'a' });
    const b = constraint(fn('get', [param('id', str, 'string')], null), { id: 'b' });
    const same = constraint(fn('get', [param('id', { kind: 'optional', inner: int }, 'number | null')], null), { id: 'c' });
    const ks = detectConflicts([a, b, same]);
    assert.deepEqual(
      ks.map((k) => [k.a, k.b, k.kind, k.reason]),
      [
        ['a', 'b', 'type', 'parameter id of EntityService.get: number (a) vs string (b)'],
        ['b', 'c', 'type', 'parameter id of EntityService.get: string (b) vs number | null (c)'],
      ],
    );
    const t1 = constraint(typeDecl('User', [field('age', int, 'int')]), { id: 't1' });
    const t2 = constraint(typeDecl('User', [field('age', str, 'str')]), { id: 't2' });
    assert.equal(detectConflicts([t1, t2])[0]?.reason, 'field User.age: int (t1) vs str (t2)');
  });

  test('bounds: min above max across constraints, and within one (unresolvable)', () => {
    const ks = detectConflicts([bounds('lo', 5, null), bounds('hi', null, 3), bounds('ok', 0, 10)]);
    assert.deepEqual(
      ks.map((k) => [k.a, k.b, k.kind]),
      [['hi', 'lo', 'bounds']],
    );
    const self = compile([bounds('bad', 4, 2)]);
    assert.deepEqual(
      self.conflicts.map((k) => [k.a, k.b, k.resolvedInFavourOf]),
      [['bad', 'bad', null]],
    );
    assert.equal(self.is_feasible, false);
    assert.equal(self.feasibility_score, 0);
  });

  test('any policy: allow_any against forbid_any, resolved by severity then confidence then id', () => {
    const allow = constraint({ fact: 'any_policy', allowed: true }, { id: 'allow_any', severity: 'warning' });
    const forbid = constraint({ fact: 'any_policy', allowed: false }, { id: 'forbid_any', severity: 'err' });
    assert.equal(detectConflicts([allow, forbid])[0]?.resolvedInFavourOf, 'forbid_any');
    const allow2 = { ...allow, severity: 'err' as const, confidence: 0.99 };
    assert.equal(detectConflicts([allow2, forbid])[0]?.resolvedInFavourOf, 'allow_any');
    const allow3 = { ...allow2, confidence: forbid.confidence };
    assert.equal(detectConflicts([allow3, forbid])[0]?.resolvedInFavourOf, 'allow_any'); // smaller id
    assert.equal(detectConflicts([allow3, forbid], 'none')[0]?.resolvedInFavourOf, null);
    assert.equal(compile([allow3, forbid], { resolution: 'none' }).is_feasible, false);
  });

  test('an id shared by two constraints is reported', () => {
    const ir = compile([naming('same', 'camelCase'), constraint({ fact: 'any_policy', allowed: false }, { id: 'same' })]);
    assert.deepEqual(ir.rejected, [{ constraint: 'same', reason: "id 'same' is used by 2 constraints; give each constraint its own id" }]);
  });

  test('languages scope conflicts: python snake_case does not contradict typescript camelCase', () => {
    assert.deepEqual(detectConflicts([naming('py', 'snake_case', { language: 'python' }), naming('ts', 'camelCase', { language: 'typescript' })]), []);
  });

  test('feasibility: the combined required language can be empty without a pairwise conflict', () => {
    const cs = [pattern('r', 'require', '[ab]'), pattern('fa', 'forbid', 'a'), pattern('fb', 'forbid', 'b')];
    const ir = compile(cs);
    assert.deepEqual(ir.conflicts, []);
    assert.equal(ir.is_feasible, false);
    assert.match(ir.rejected.at(-1)!.reason, /no identifier can satisfy/);
    assert.equal(compile(cs.slice(0, 2)).is_feasible, true);
  });

  test('unsafe and invalid user patterns are rejected with the reason', () => {
    const ir = compile([pattern('redos', 'require', '(a+)+b'), pattern('back', 'require', '(a)\\1'), pattern('bad', 'forbid', '[z-a]')]);
    assert.deepEqual(
      ir.rejected.map((r) => r.constraint),
      ['back', 'redos', 'bad'].sort((x, y) => ir.order.indexOf(x) - ir.order.indexOf(y)),
    );
    const reasons = Object.fromEntries(ir.rejected.map((r) => [r.constraint, r.reason]));
    assert.match(reasons.redos!, /exponential backtracking/);
    assert.match(reasons.back!, /backreferences/);
    assert.match(reasons.bad!, /out of order/);
  });
});

describe('properties (brute force over small alphabets)', () => {
  // Small regexes over {a, b}, without anchors, so JavaScript's RegExp is the reference semantics.
  const atom = fc.constantFrom('a', 'b', '[ab]', '(?:ab)', '(?:a|b)');
  const piece = fc.tuple(atom, fc.constantFrom('', '*', '+', '?', '{2}')).map(([a, q]) => a + q);
  const regex = fc.array(piece, { minLength: 1, maxLength: 3 }).map((ps) => ps.join(''));
  const wordsUpTo = (max: number): string[] => {
    const out: string[] = [''];
    for (let len = 1; len <= max; len++)
      for (let i = 0; i < 2 ** len; i++) out.push([...i.toString(2).padStart(len, '0')].map((d) => (d === '0' ? 'a' : 'b')).join(''));
    return out;
  };
  const words = wordsUpTo(7);
  // A piece's shortest match is at most 4 characters ((?:ab){2}), so every regex here has a member of length 12 or less.
  const longWords = wordsUpTo(12);

  test('every reported pattern conflict is real', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('require', 'forbid') as fc.Arbitrary<'require' | 'forbid'>, regex), { minLength: 2, maxLength: 5 }),
        (specs) => {
          const cs = specs.map(([mode, re], i) => pattern(`p${i}`, mode, re));
          const byId = new Map(cs.map((c) => [c.id, c.facts as { regex: string; mode: string }]));
          for (const k of detectConflicts(cs)) {
            const x = byId.get(k.a)!;
            const y = byId.get(k.b)!;
            const full = (re: string) => new RegExp(`^(?:${re})$`);
            if (k.kind === 'pattern') {
              const [req, forb] = x.mode === 'require' ? [x, y] : [y, x];
              // A reported conflict has a non-empty required language (an empty one is infeasibility, not a pair).
              const members = longWords.filter((w) => full(req.regex).test(w));
              assert.notEqual(members.length, 0, `/${req.regex}/ has no member up to length 12`);
              for (const w of members) assert.ok(full(forb.regex).test(w), `${w} matches /${req.regex}/ but not forbidden /${forb.regex}/`);
              // the reason's example is a member of the required language, and forbidden
              const example = JSON.parse(k.reason.slice(k.reason.lastIndexOf('e.g. ') + 5)) as string;
              assert.ok(full(req.regex).test(example) && full(forb.regex).test(example), `example ${JSON.stringify(example)} in: ${k.reason}`);
            } else if (k.kind === 'required_patterns_disjoint') {
              for (const w of words) assert.ok(!(full(x.regex).test(w) && full(y.regex).test(w)), `${w} matches both`);
            } else assert.fail(`unexpected kind ${k.kind}`);
          }
          // Completeness on the obvious case: R is always inside R|b*.
          const [mode0, re0] = specs[0]!;
          void mode0;
          const pair = detectConflicts([pattern('r', 'require', re0), pattern('f', 'forbid', `${re0}|b*`)]);
          assert.equal(pair.length, 1);
        },
      ),
      { numRuns: 150 },
    );
  });

  test('every reported naming, bounds and any-policy conflict is real', () => {
    const spec = fc.oneof(
      fc.record({ kind: fc.constant('naming'), convention: fc.constantFrom(...NAMING_CONVENTIONS) }),
      fc.record({
        kind: fc.constant('bounds'),
        min: fc.option(fc.integer({ min: -5, max: 5 }), { nil: null }),
        max: fc.option(fc.integer({ min: -5, max: 5 }), { nil: null }),
      }),
      fc.record({ kind: fc.constant('any'), allowed: fc.boolean() }),
    );
    fc.assert(
      fc.property(fc.array(spec, { maxLength: 6 }), (specs) => {
        const cs = specs.map((s, i) =>
          s.kind === 'naming'
            ? naming(`n${i}`, (s as { convention: (typeof NAMING_CONVENTIONS)[number] }).convention)
            : s.kind === 'bounds'
              ? bounds(`b${i}`, (s as { min: number | null }).min, (s as { max: number | null }).max)
              : constraint({ fact: 'any_policy', allowed: (s as { allowed: boolean }).allowed }, { id: `a${i}` }),
        );
        const byId = new Map(cs.map((c) => [c.id, c]));
        const ks = detectConflicts(cs);
        for (const k of ks) {
          const fa = byId.get(k.a)!.facts!;
          const fb = byId.get(k.b)!.facts!;
          if (fa.fact === 'naming' && fb.fact === 'naming') assert.notEqual(fa.convention, fb.convention);
          else if (fa.fact === 'bounds' && fb.fact === 'bounds') {
            // No integer in -10..10 satisfies both ranges.
            for (let v = -10; v <= 10; v++) {
              const inA = (fa.min === null || v >= fa.min) && (fa.max === null || v <= fa.max);
              const inB = (fb.min === null || v >= fb.min) && (fb.max === null || v <= fb.max);
              assert.ok(!(inA && inB), `${v} satisfies both ${k.a} and ${k.b}`);
            }
          } else if (fa.fact === 'any_policy' && fb.fact === 'any_policy') assert.notEqual(fa.allowed, fb.allowed);
          else assert.fail(`conflict between unrelated facts: ${k.kind}`);
          if (k.a !== k.b) assert.ok(k.resolvedInFavourOf === k.a || k.resolvedInFavourOf === k.b);
        }
        // Every pair of differing naming conventions is reported (completeness for this kind).
        const names = cs.filter((c) => c.facts?.fact === 'naming');
        let expected = 0;
        for (let i = 0; i < names.length; i++)
          for (let j = i + 1; j < names.length; j++)
            if ((names[i]!.facts as { convention: string }).convention !== (names[j]!.facts as { convention: string }).convention) expected++;
        assert.equal(ks.filter((k) => k.kind === 'naming').length, expected);
        // The result never depends on input order.
        assert.deepEqual(detectConflicts([...cs].reverse()), ks);
      }),
      { numRuns: 300 },
    );
  });
});
