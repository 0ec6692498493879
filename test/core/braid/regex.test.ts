// Regex emitter and grammar pieces, checked against the automata library and RegExp.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { complement, equivalent, intersect, regexToDfa, union } from '../../../core/automata/index.ts';
import { compile, checkPatternSafety, toEbnf, toJsonSchema, toLark } from '../../../core/braid/index.ts';
import { wordExcluding } from '../../../core/braid/grammar-ast.ts';
import { parseRegexAst, printRegex, WORD } from '../../../core/braid/regex-ast.ts';
import { regexToEbnf } from '../../../core/braid/ebnf.ts';
import { NAMING_REGEX } from '../../../core/braid/naming.ts';
import { conventionsOf } from '../../../core/clew/naming.ts';
import { NAMING_CONVENTIONS } from '../../../core/model/facts.ts';
import { LANGUAGE_FIXTURES, constraint } from './fixtures.ts';

describe('regex emitter', () => {
  for (const make of LANGUAGE_FIXTURES) {
    const fx = make();
    test(`${fx.language}: naming, forbidden-call and signature regexes are emitted, safe and right`, () => {
      const ir = compile(fx.constraints);
      assert.deepEqual(ir.rejected, []);
      const targets = ir.regex_patterns.map((p) => `${p.mode}:${p.target}`).sort();
      assert.deepEqual(targets, ['forbid:code', 'require:function', 'require:parameter', 'require:signature']);
      for (const p of ir.regex_patterns)
        assert.equal(checkPatternSafety(p.pattern, { mode: p.mode === 'forbid' ? 'search' : 'full', maxStates: 20_000 }).ok, true, p.pattern);
      const sig = new RegExp(`^(?:${ir.regex_patterns.find((p) => p.target === 'signature')!.pattern})$`);
      for (const s of fx.ownSignatures) assert.ok(sig.test(s), `own signature rejected: ${s}`);
      for (const [s, why] of fx.badSignatures) assert.ok(!sig.test(s), `accepted (${why}): ${s}`);
      const forbid = new RegExp(ir.regex_patterns.find((p) => p.mode === 'forbid')!.pattern);
      for (const [body] of fx.badFunctions) assert.ok(forbid.test(body), `forbidden call not found in ${body}`);
      for (const body of fx.goodFunctions) assert.ok(!forbid.test(body), `false alarm in ${body}`);
    });
  }

  test('naming regexes agree with the conventions on sample identifiers', () => {
    const samples: Record<string, string[]> = {
      camelCase: ['getUser', 'id', '_privateField'],
      PascalCase: ['UserService', 'Id', '_Base'],
      snake_case: ['get_user', 'id', 'x2_y', '_x', 'x_', '__init__', 'type_'],
      SCREAMING_SNAKE_CASE: ['MAX_SIZE', 'ID', '__ALL__'],
    };
    const wrong: Record<string, string[]> = {
      camelCase: ['GetUser', 'get_user', '_'],
      PascalCase: ['userService', 'User_Service', '__'],
      snake_case: ['getUser', 'get__user', '_1x', '_'],
      SCREAMING_SNAKE_CASE: ['Max_Size', 'MAX__SIZE', '_9'],
    };
    for (const [conv, re] of Object.entries(NAMING_REGEX)) {
      const full = new RegExp(`^(?:${re})$`);
      for (const s of samples[conv]!) assert.ok(full.test(s), `${conv} rejects ${s}`);
      for (const s of wrong[conv]!) assert.ok(!full.test(s), `${conv} accepts ${s}`);
    }
  });

  test("a name fits Braid's naming regex exactly when Clew counts it for that convention (leading and trailing underscores included)", () => {
    const full = Object.fromEntries(Object.entries(NAMING_REGEX).map(([c, re]) => [c, new RegExp(`^(?:${re})$`)]));
    // any identifier, and names built like each convention (so every convention is hit, not only "none")
    const names = fc.oneof(
      fc.stringMatching(/^[A-Za-z0-9_]{1,12}$/),
      fc.stringMatching(/^_{0,2}[a-z][a-zA-Z0-9]{0,5}_{0,2}$/),
      fc.stringMatching(/^_{0,2}[a-zA-Z][a-z0-9]{0,3}(_{1,2}[a-zA-Z0-9]{1,3}){0,2}_{0,2}$/),
    );
    fc.assert(
      fc.property(names, (name) => {
        const clew = conventionsOf(name);
        for (const c of NAMING_CONVENTIONS) assert.equal(full[c]!.test(name), clew.includes(c), `${c} on '${name}'`);
      }),
      { numRuns: 2000 },
    );
  });

  test('an unsafe user pattern is rejected with the reason and not emitted', () => {
    const ir = compile([constraint({ fact: 'pattern', target: 'identifier', mode: 'require', regex: '(x+x+)+y' }, { id: 'bad' })]);
    assert.deepEqual(ir.regex_patterns, []);
    assert.equal(ir.rejected[0]?.constraint, 'bad');
    assert.match(ir.rejected[0]!.reason, /nested quantifier/);
  });
});

describe('grammar pieces', () => {
  test('WORD without forbidden names equals \\w+ minus those names (automata)', () => {
    const words = ['eval', 'exec', 'e', 'Function'];
    const node = wordExcluding(words, WORD, WORD);
    const emitted = regexToDfa(printRegex(node));
    const expected = intersect(regexToDfa('\\w+'), complement(words.map((w) => regexToDfa(w)).reduce((a, b) => union(a, b))));
    assert.ok(equivalent(emitted, expected));
    assert.equal(checkPatternSafety(printRegex(node)).ok, true);
  });

  test('regex trees print back to equivalent regexes, and to EBNF with bounded repeats expanded', () => {
    for (const source of ['[a-z]{2,4}_?\\d+', '(?:ab|c)*x', '[^"\\\\\\n]+', 'a{3}', '\\.\\*']) {
      assert.ok(equivalent(regexToDfa(printRegex(parseRegexAst(source))), regexToDfa(source)), source);
    }
    assert.equal(regexToEbnf(parseRegexAst('a{1,3}')), '("a") (("a") ("a")?)?');
    assert.equal(regexToEbnf(parseRegexAst('[a-c]+|"')), '([a-c])+ | "\\""');
    assert.throws(() => regexToEbnf(parseRegexAst('^a\\b')), /no EBNF form/);
  });
});

describe('emitters on their own', () => {
  test('toLark, toEbnf and toJsonSchema from constraints give what compile gives when nothing conflicts', () => {
    for (const make of LANGUAGE_FIXTURES) {
      const fx = make();
      const ir = compile(fx.constraints);
      assert.equal(toLark(fx.constraints), ir.lark);
      assert.equal(toEbnf(fx.constraints), ir.ebnf);
      assert.deepEqual(toJsonSchema(fx.constraints).schemas, ir.schemas);
    }
    assert.throws(() => toLark([constraint({ fact: 'any_policy', allowed: false })]), /needs a language/);
  });
});

describe('pattern safety', () => {
  const verdict = (p: string) => {
    const v = checkPatternSafety(p);
    return v.ok ? 'ok' : v.reason;
  };
  test('unambiguous iterations and alternations pass', () => {
    for (const p of ['(_[a-z]+)*', '[a-z][a-z0-9]*(?:_[a-z0-9]+)*', '(a|ab)*', '(a*b)*', 'a{2,3}', '(?:x{1,3}y)+', 'eval\\s*\\('])
      assert.equal(verdict(p), 'ok', p);
  });
  test('exponential-backtracking shapes are rejected with the reason', () => {
    for (const p of ['(a+)+', '(\\w+\\s?)*', '(?:a{1,10})*', '(.*a){20}']) assert.match(verdict(p), /nested quantifier .* matches the same text as several/, p);
    for (const p of ['(a|a)*', '(\\w|\\d)+']) assert.match(verdict(p), /overlap inside a repetition/, p);
  });
  test('invalid, non-regular and over-budget patterns are rejected with the reason', () => {
    assert.match(verdict('(a'), /invalid regex .*missing '\)'/);
    assert.match(verdict('[z-a]'), /out of order/);
    assert.match(verdict('(?=a)b'), /lookaround/);
    assert.match(verdict('(a)\\1'), /backreferences/);
    assert.match(verdict('[ab]*a[ab]{14}'), /state budget/);
  });
});
