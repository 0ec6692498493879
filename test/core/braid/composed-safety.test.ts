// The safety check of regexes Braid composes itself (signature regexes): same verdicts as the full DFA check, and its proofs hold.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { intersect, isEmpty, regexToDfa } from '../../../core/automata/index.ts';
import { compile, checkPatternSafety } from '../../../core/braid/index.ts';
import { backtrackingHazard, checkComposedPatternSafety } from '../../../core/braid/regex-safety.ts';
import { parseRegexAst, printRegex } from '../../../core/braid/regex-ast.ts';
import { generateConstraints } from '../../../core/bench/inputs.ts';
import type { Language } from '../../../core/model/facts.ts';
import { LANGUAGE_FIXTURES } from './fixtures.ts';

const composed = (source: string, shape: string, opaque: string[] = []) =>
  checkComposedPatternSafety({ source, shape: parseRegexAst(shape), opaque: opaque.map(parseRegexAst) }, { maxStates: 20_000 });

describe('composed-pattern safety', () => {
  const sets: Array<[string, () => ReturnType<typeof compile>]> = [
    ...LANGUAGE_FIXTURES.map((make) => {
      const fx = make();
      return [`fixture ${fx.language}`, () => compile(fx.constraints)] as [string, () => ReturnType<typeof compile>];
    }),
    ...(['typescript', 'python', 'rust', 'go', 'zig'] as Language[]).map(
      (language) => [`generated ${language}`, () => compile(generateConstraints(12, { language }), { language })] as [string, () => ReturnType<typeof compile>],
    ),
  ];
  for (const [name, run] of sets) {
    test(`${name}: the signature verdict equals the full DFA check's`, () => {
      const ir = run();
      const sig = ir.regex_patterns.find((p) => p.target === 'signature');
      if (sig) {
        assert.equal(checkPatternSafety(sig.pattern, { maxStates: 20_000 }).ok, true, sig.pattern);
        return;
      }
      const rejection = ir.rejected.find((r) => r.constraint === '*' && r.reason.startsWith('signature regex not emitted'));
      assert.ok(rejection, 'neither a signature regex nor a reason');
      const pattern = /unsafe regex \/(.*)\/: /s.exec(rejection.reason)?.[1];
      assert.ok(pattern !== undefined, rejection.reason);
      assert.equal(checkPatternSafety(pattern, { maxStates: 20_000 }).ok, false, pattern);
    });
  }

  test('generated Python signature (identifier parameters): emitted, safe, defaults None/True/False still accepted', () => {
    const ir = compile(generateConstraints(12, { language: 'python' }), { language: 'python' });
    assert.deepEqual(ir.rejected, []);
    const sig = ir.regex_patterns.find((p) => p.target === 'signature');
    assert.ok(sig, 'no signature regex');
    assert.equal(checkPatternSafety(sig.pattern, { maxStates: 20_000 }).ok, true);
    const re = new RegExp(`^(?:${sig.pattern})$`);
    assert.ok(re.test('def getUser(self, id: str = None) -> User0:'));
    assert.ok(re.test('def getUser(cls, flag: bool=True, name: str="a"):'));
    assert.ok(!re.test('def getUser(id: Any):'), 'Any is not a known type here');
  });

  test('a hazard inside an opaque part is found although the shape hides it', () => {
    const v = composed('(?:,(?:ab|ab))*', '(?:,[ab]+)*', ['ab|ab']);
    assert.equal(v.ok, false);
    assert.match((v as { reason: string }).reason, /alternatives \/ab\/ and \/ab\/ overlap/);
  });

  test('a hazard of the coarser shape only is spurious: the pattern itself passes', () => {
    assert.notEqual(backtrackingHazard(parseRegexAst('(?:,?[a-d]+)*')), null);
    assert.deepEqual(composed('(?:,(?:ab|cd))*', '(?:,?[a-d]+)*', ['ab|cd']), { ok: true });
  });

  test('a real hazard is rejected with the pattern named', () => {
    const v = composed('x(?:a+)+', 'x(?:a+)+');
    assert.equal(v.ok, false);
    assert.match((v as { reason: string }).reason, /^unsafe regex \/x\(\?:a\+\)\+\/: nested quantifier/);
  });

  test('syntax, regularity and size are checked on the emitted source', () => {
    assert.match((composed('(?<=a)b', 'b') as { reason: string }).reason, /lookaround/);
    assert.match((composed('(a)\\1', 'aa') as { reason: string }).reason, /backreference/);
    assert.match((composed('(?:a{1000}){1000}', 'a*') as { reason: string }).reason, /1000000 NFA positions, over the limit of 200000/);
    assert.match((composed('', '') as { reason: string }).reason, /empty pattern/);
  });

  test('X = A·B with disjoint non-nullable halves is unambiguous under iteration (decided on DFAs for random A, B)', () => {
    // A over {a, b, ,}, B over {c, d}: the cheap proof says X ∩ XX+ = ∅; the automata must agree.
    const atom = (chars: string[]) =>
      fc.letrec<{ node: string }>((tie) => ({
        node: fc.oneof(
          { depthSize: 'small', withCrossShrink: true },
          fc.constantFrom(...chars),
          fc.tuple(tie('node'), tie('node')).map(([x, y]) => `${x}${y}`),
          fc.tuple(tie('node'), tie('node')).map(([x, y]) => `(?:${x}|${y})`),
          tie('node').map((x) => `(?:${x})+`),
          tie('node').map((x) => `(?:${x})?`),
        ),
      })).node;
    fc.assert(
      fc.property(atom(['a', 'b', ',']), atom(['c', 'd']), fc.boolean(), (a, b, flip) => {
        const body = flip ? `(?:${b})(?:${a})` : `(?:${a})(?:${b})`;
        const ast = parseRegexAst(body);
        const nonNullable = !regexToDfa(`(?:${a})`).accepting[0] && !regexToDfa(`(?:${b})`).accepting[0];
        fc.pre(nonNullable);
        const once = regexToDfa(body);
        const many = regexToDfa(`(?:${body})(?:${body})+`);
        assert.ok(isEmpty(intersect(once, many)), `X ∩ XX+ not empty for ${body}`);
        // The iteration itself is never reported (hazards inside A or B may be).
        const star = { t: 'repeat', node: ast, min: 0, max: Infinity, lazy: false } as const;
        const hazard = backtrackingHazard(star);
        assert.ok(hazard === null || !hazard.startsWith(`nested quantifier in /${printRegex(star)}/`), hazard ?? '');
      }),
      { numRuns: 150 },
    );
  });

  test('overlapping halves are not waved through: [ ,]+[a-z ]+ under * is a hazard', () => {
    assert.equal(backtrackingHazard(parseRegexAst('(?:[ ,]+[a-z]+)*')), null);
    assert.match(backtrackingHazard(parseRegexAst('(?:[ ,]+[a-z ]+)*'))!, /nested quantifier/);
  });
});
