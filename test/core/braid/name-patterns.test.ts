// Users' function-name patterns in the code grammar: a pattern inside the naming convention
// becomes FUNC_NAME, one the convention implies changes nothing, and one a regex cannot combine
// with the convention (no automaton-to-regex conversion) is reported in the IR's `rejected`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile } from '../../../core/braid/index.ts';
import type { ConstraintIR } from '../../../core/braid/index.ts';
import type { PatternFact } from '../../../core/model/facts.ts';
import { constraint, typescriptFixture, pythonFixture } from './fixtures.ts';

function funcName(ir: ConstraintIR): string[] {
  return ir.lark!.split('\n').filter((line) => line.startsWith('FUNC_NAME'));
}

function paramName(ir: ConstraintIR): string[] {
  return ir.lark!.split('\n').filter((line) => line.startsWith('PARAM_NAME'));
}

function withPatterns(patterns: Array<[string, PatternFact['mode']]>, fixture = typescriptFixture, target: PatternFact['target'] = 'function_name') {
  const fx = fixture();
  const extra = patterns.map(([regex, mode], i) => constraint({ fact: 'pattern', target, mode, regex }, { language: fx.language, id: `name-pattern-${i}` }));
  return { fx, ir: compile([...fx.constraints, ...extra]), ids: extra.map((c) => c.id) };
}

test('a required pattern inside camelCase becomes FUNC_NAME, without its anchors, in Lark and EBNF', () => {
  const { ir } = withPatterns([['^get[A-Z][A-Za-z0-9]*$', 'require']]);
  assert.deepEqual(funcName(ir), ['FUNC_NAME: /get[A-Z][0-9A-Za-z]*/']);
  assert.deepEqual(
    ir.ebnf!.split('\n').filter((line) => line.startsWith('FUNC-NAME')),
    ['FUNC-NAME ::= "g" "e" "t" [A-Z] ([0-9A-Za-z])*'],
  );
  assert.deepEqual(ir.rejected, []);
  // the signature regex in the IR follows the grammar
  const signature = ir.regex_patterns.find((p) => p.target === 'signature')!;
  assert.ok(new RegExp(`^(?:${signature.pattern})$`).test('async getEntity(id: number): Promise<Entity>'));
  assert.ok(!new RegExp(`^(?:${signature.pattern})$`).test('async fetchEntity(id: number): Promise<Entity>'));
});

test('a pattern the convention already implies, or a forbidden one no convention name contains, changes nothing', () => {
  const plain = funcName(withPatterns([]).ir);
  for (const [regex, mode] of [
    ['_*[A-Za-z][A-Za-z0-9]*_*', 'require'],
    ['[0-9]_[0-9]', 'forbid'],
    ['\\$', 'forbid'],
  ] as Array<[string, PatternFact['mode']]>) {
    const { ir } = withPatterns([[regex, mode]]);
    assert.deepEqual(funcName(ir), plain, `${mode} /${regex}/`);
    assert.deepEqual(ir.rejected, [], `${mode} /${regex}/`);
  }
});

test('patterns a regex cannot combine with the convention are reported against their constraint and leave FUNC_NAME as it was', () => {
  const plain = funcName(withPatterns([]).ir);
  // 'abc' is both, 'ab_c' only the pattern's, 'aB' only camelCase: neither language contains the other
  // (a pattern disjoint from the convention is a conflict instead, resolved before the grammar)
  const crossing = withPatterns([['[a-z]+(?:_[a-z]+)?', 'require']]);
  assert.deepEqual(funcName(crossing.ir), plain);
  assert.equal(crossing.ir.rejected.length, 1);
  assert.equal(crossing.ir.rejected[0]!.constraint, crossing.ids[0]);
  assert.equal(crossing.ir.conflicts.length, 0);
  assert.match(
    crossing.ir.rejected[0]!.reason,
    /^function-name pattern \/\[a-z\]\+\(\?:_\[a-z\]\+\)\?\/ \(require\) is not intersected into the code grammar's FUNC_NAME/,
  );
  // forbidding a substring would need the complement: reported, not applied
  const forbidden = withPatterns([['Internal', 'forbid']]);
  assert.deepEqual(funcName(forbidden.ir), plain);
  assert.deepEqual(
    forbidden.ir.rejected.map((r) => r.constraint),
    [forbidden.ids[0]],
  );
  // the regexes themselves are still in the IR for validation
  assert.ok(forbidden.ir.regex_patterns.some((p) => p.pattern === 'Internal' && p.mode === 'forbid' && p.target === 'function_name'));
});

test("several patterns narrow in a fixed order, whatever the constraints' order; Python keeps its special methods only if a pattern allows them", () => {
  const a = withPatterns([
    ['get[A-Za-z0-9]*', 'require'],
    ['get[A-Z][A-Za-z0-9]*', 'require'],
  ]);
  const b = withPatterns([
    ['get[A-Z][A-Za-z0-9]*', 'require'],
    ['get[A-Za-z0-9]*', 'require'],
  ]);
  assert.deepEqual(funcName(a.ir), ['FUNC_NAME: /get[A-Z][0-9A-Za-z]*/']);
  assert.equal(a.ir.lark, b.ir.lark);
  const plainPython = funcName(withPatterns([], pythonFixture).ir)[0]!;
  assert.match(plainPython, /__/, 'special methods in the plain Python terminal');
  // inside snake_case (no doubled or trailing underscore), so it replaces the terminal, special methods included
  const python = withPatterns([['get_[a-z0-9]+(?:_[a-z0-9]+)*', 'require']], pythonFixture);
  assert.deepEqual(funcName(python.ir), ['FUNC_NAME: /get_[0-9a-z]+(?:_[0-9a-z]+)*/']);
  assert.deepEqual(python.ir.rejected, []);
  // `get_[a-z0-9_]+` also allows get__x and get_x_, which snake_case does not: reported, not applied
  const loose = withPatterns([['get_[a-z0-9_]+', 'require']], pythonFixture);
  assert.deepEqual(funcName(loose.ir), [plainPython]);
  assert.deepEqual(
    loose.ir.rejected.map((r) => r.constraint),
    [loose.ids[0]],
  );
});

test('identifier patterns narrow function and parameter names alike; function-name patterns leave parameters alone', () => {
  const plain = withPatterns([]).ir;
  const lower = withPatterns([['[a-z][a-z0-9]*', 'require']], typescriptFixture, 'identifier');
  assert.deepEqual(funcName(lower.ir), ['FUNC_NAME: /[a-z][0-9a-z]*/']);
  assert.deepEqual(paramName(lower.ir), ['PARAM_NAME: /[a-z][0-9a-z]*/']);
  assert.deepEqual(lower.ir.rejected, []);
  const onlyFunctions = withPatterns([['[a-z][a-z0-9]*', 'require']]);
  assert.deepEqual(funcName(onlyFunctions.ir), ['FUNC_NAME: /[a-z][0-9a-z]*/']);
  assert.deepEqual(paramName(onlyFunctions.ir), paramName(plain));
  const crossing = withPatterns([['[a-z]+(?:_[a-z]+)?', 'require']], typescriptFixture, 'identifier');
  assert.deepEqual(
    crossing.ir.rejected.map((r) => r.constraint),
    [crossing.ids[0]],
  );
  assert.match(crossing.ir.rejected[0]!.reason, /^identifier pattern .* FUNC_NAME or PARAM_NAME/);
});
