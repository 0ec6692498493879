// Validation catches generated code that breaks the constraints it was generated under
// (real Clew re-parse, real Braid IR), and passes code that keeps them.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { usePlatform } from '../../support/platform.ts';
import { Clew } from '../../../core/clew/index.ts';
import { compile } from '../../../core/braid/index.ts';
import { validateGeneratedCode, type ValidationInput } from '../../../core/maze/validate.ts';
import type { Constraint } from '../../../core/model/constraint.ts';
import type { Language, NamingFact } from '../../../core/model/facts.ts';
import { constraint } from '../braid/fixtures.ts';

const SOURCE = `export interface Entity { id: number; name: string; isActive: boolean }
export class EntityService {
  async getEntity(entityId: number): Promise<Entity | null> { return null; }
  async renameEntity(entityId: number, newName: string): Promise<void> { eval(newName); }
  async listEntities(pageSize: number, pageToken: string): Promise<Entity[]> { return []; }
  async countActive(includeArchived: boolean): Promise<number> { return 0; }
}
`;

let clew: Clew;
let constraints: Constraint[];
let base: Omit<ValidationInput, 'code'>;
before(async () => {
  await usePlatform();
  clew = await Clew.create();
  await clew.load('typescript');
  await clew.load('python');
  constraints = clew.extract(SOURCE, { language: 'typescript' }).constraints;
  const ir = compile(constraints, { language: 'typescript' });
  base = {
    language: 'typescript',
    constraints,
    ir,
    output: 'code',
    structured: { kind: 'none' },
    reparse: (code, language) => clew.extract(code, { language }),
  };
});

function failures(code: string, extra: Partial<ValidationInput> = {}) {
  const report = validateGeneratedCode({ ...base, ...extra, code });
  return { report, failed: report.violations.map((v) => `${v.check}: ${v.message}`) };
}

test('code that keeps the constraints passes every check', () => {
  const { report, failed } = failures('async function deleteEntity(entityId: number): Promise<boolean> {\n  return true;\n}\n');
  assert.deepEqual(failed, []);
  assert.equal(report.valid, true);
  const kinds = new Set(report.checks.filter((c) => c.status === 'passed').map((c) => c.check));
  for (const kind of ['parse', 'naming', 'forbidden_call', 'secret'] as const) assert.ok(kinds.has(kind), `a passing ${kind} check ran`);
});

test('a snake_case function in camelCase code is a naming violation naming it', () => {
  const { report, failed } = failures('function delete_entity(entityId: number): boolean { return true; }\n');
  assert.equal(report.valid, false);
  assert.ok(
    failed.some((f) => /^naming: function name\(s\) 'delete_entity' break/.test(f)),
    failed.join('\n'),
  );
});

test('a snake_case parameter is a naming violation too', () => {
  const { failed } = failures('function deleteEntity(entity_id: number): boolean { return true; }\n');
  assert.ok(
    failed.some((f) => /parameter name\(s\) 'entity_id'/.test(f)),
    failed.join('\n'),
  );
});

test("a call to eval (forbidden by the source's security constraint) is caught", () => {
  const { failed } = failures('function runIt(code: string): void {\n  eval(code);\n}\n');
  assert.ok(
    failed.some((f) => /^forbidden_call: .*eval.*line 2/.test(f)),
    failed.join('\n'),
  );
  assert.ok(
    failed.some((f) => f === 'forbidden_call: the code calls eval (eval runs arbitrary code)'),
    failed.join('\n'),
  );
});

test('a hard-coded secret in the output is caught', () => {
  const { failed } = failures('const API_TOKEN = "sk_live_abcdefghijklmnop1234";\nfunction getToken(): string { return API_TOKEN; }\n');
  assert.ok(
    failed.some((f) => /^secret: hard-coded secret\(s\) at line\(s\) 1/.test(f)),
    failed.join('\n'),
  );
});

test('code that does not parse fails the parse check with the line', () => {
  const { failed } = failures('function brokenThing(a: number {\n  return a;\n');
  assert.ok(
    failed.some((f) => /^parse: the code does not parse as typescript: line \d/.test(f)),
    failed.join('\n'),
  );
});

test('the any type breaks an any-policy constraint', () => {
  const noAny: Constraint = {
    id: 'no-any',
    name: 'avoid_any_type',
    description: 'Do not use any',
    kind: 'type_safety',
    source: 'User_Defined',
    enforcement: 'Structural',
    priority: 'High',
    confidence: 1,
    frequency: 1,
    severity: 'err',
    facts: { fact: 'any_policy', allowed: false },
  };
  const input = { constraints: [...constraints, noAny] };
  assert.deepEqual(failures('function parseValue(input: string): number { return 1; }\n', input).failed, []);
  const { failed } = failures('function parseValue(input: any): number { return 1; }\n', input);
  assert.ok(
    failed.some((f) => /^any_policy: the any type is used: parameter 'input' of parseValue: any/.test(f)),
    failed.join('\n'),
  );
});

test('JSON output is checked against the JSON Schema with the path of the error', () => {
  const schema = base.ir.json_schema!;
  const entitySchema = { ...schema, $ref: '#/$defs/Entity' } as Record<string, unknown>;
  delete entitySchema.anyOf;
  delete entitySchema.oneOf;
  const json = { output: 'json' as const, structured: { kind: 'json' as const, schema: entitySchema } };
  assert.deepEqual(failures('{"id": 1, "name": "a", "isActive": true}', json).failed, []);
  assert.deepEqual(failures('{"id": "1", "name": "a", "isActive": true}', json).failed, ['json_schema: /id: expected number, got string']);
  assert.match(failures('{"id": 1, "name": "a"', json).failed[0]!, /^json_schema: output is not JSON/);
});

test('a requested whole-output regex is checked', () => {
  const structured = { kind: 'regex' as const, pattern: 'function [a-z]+\\(\\) \\{\\}' };
  assert.deepEqual(failures('function ok() {}\n', { structured, reparse: null }).failed, []);
  assert.deepEqual(failures('function NotOk() {}\n', { structured, reparse: null }).failed, [
    'structured_output: output does not match the requested regex /function [a-z]+\\(\\) \\{\\}/',
  ]);
});

test('without an extractor the structure checks are skipped, not passed', () => {
  const report = validateGeneratedCode({ ...base, reparse: null, code: 'function delete_entity() {}' });
  const parse = report.checks.find((c) => c.check === 'parse');
  assert.equal(parse?.status, 'skipped');
  assert.ok(report.checks.filter((c) => c.check === 'naming').every((c) => c.status === 'skipped'));
});

test('a signature outside the signature pattern is caught (a type the constraints do not allow)', () => {
  const signature = {
    pattern: 'function [a-z][A-Za-z]*\\((?:[a-z][A-Za-z]*: (?:number|string|boolean))?\\): (?:number|string|boolean)',
    flags: '',
    target: 'signature',
    mode: 'require' as const,
    sources: ['sig'],
  };
  const extra = { ir: { ...base.ir, regex_patterns: [signature] }, constraints: [] };
  const ok = failures('function deleteEntity(entityId: number): boolean { return true; }\n', extra);
  assert.deepEqual(ok.failed, []);
  assert.ok(ok.report.checks.some((c) => c.check === 'regex' && c.status === 'passed' && /1 function signature/.test(c.message)));
  const { failed } = failures('function deleteEntity(entityId: Widget): boolean { return true; }\nfunction keepIt(): number { return 1; }\n', extra);
  assert.deepEqual(failed, [
    "regex: the signature of 'deleteEntity' does not match the signature pattern (types or parameters outside what the constraints allow)",
  ]);
});

/** Every check of validating `code` under only `checked` (no IR regexes unless given), as [check, constraints, status, message]. */
function checksUnder(code: string, checked: Constraint[], extra: Partial<ValidationInput> = {}) {
  const report = validateGeneratedCode({ ...base, ir: { ...base.ir, regex_patterns: [] }, constraints: checked, ...extra, code });
  return report.checks.map((c) => [c.check, c.constraints.join(','), c.status, c.message]);
}

const PARSES = ['parse', '', 'passed', 'the code parses as typescript'];
const NO_SECRET = ['secret', '', 'passed', 'no hard-coded secret'];
const arity = (min: number | null, max: number | null, target = 'parameters') => constraint({ fact: 'bounds', target, min, max }, { id: 'arity' });
const naming = (id: string, category: string, convention: NamingFact['convention']) =>
  constraint({ fact: 'naming', category, convention, share: 1, sample: 5 } as NamingFact, { id });

test('parameter-count bounds: functions outside them are named with their counts; receivers do not count, `_` does', () => {
  const code = [
    'function addAll(first: number, second: number, third: number): number { return first + second + third; }',
    'function answer(): number { return 42; }',
    'function pair(first: number, second: number): number { return first; }',
    'function ignoreFirst(_: number, second: number, third: number): number { return second + third; }',
  ].join('\n');
  assert.deepEqual(checksUnder(code, [arity(1, 2)]), [
    PARSES,
    ['bounds', 'arity', 'failed', 'function(s) addAll (3), answer (0), ignoreFirst (3) outside [1, 2] parameters'],
    NO_SECRET,
  ]);
  for (const target of ['params', 'parameter_count']) {
    assert.deepEqual(checksUnder('function pair(first: number, second: number): number { return first; }', [arity(null, 2, target)])[1], [
      'bounds',
      'arity',
      'passed',
      'parameter counts within [, 2]',
    ]);
  }
  // a Python method's self is its receiver, not one of the two parameters
  const python = 'class Pairs:\n    def pair(self, first, second):\n        return first\n';
  assert.deepEqual(checksUnder(python, [arity(1, 2)], { language: 'python' as Language })[1], ['bounds', 'arity', 'passed', 'parameter counts within [1, 2]']);
  assert.deepEqual(checksUnder(python, [arity(3, null)], { language: 'python' as Language })[1], [
    'bounds',
    'arity',
    'failed',
    'function(s) pair (2) outside [3, ] parameters',
  ]);
});

test('a naming constraint no IR regex covers is still checked on the re-parsed names; constants and variables are skipped', () => {
  const code = 'function getValue(): number { return 1; }\nfunction get_value(): number { return 2; }\nconst MAX_SIZE = 3;\n';
  assert.deepEqual(
    checksUnder(code, [naming('fn', 'function', 'snake_case'), naming('const', 'constant', 'SCREAMING_SNAKE_CASE'), naming('var', 'variable', 'camelCase')]),
    [
      PARSES,
      ['naming', 'fn', 'failed', "function name(s) 'getValue' are not snake_case"],
      ['naming', 'const', 'skipped', 'constant names are not re-extracted from generated code'],
      ['naming', 'var', 'skipped', 'variable names are not re-extracted from generated code'],
      NO_SECRET,
    ],
  );
  assert.deepEqual(checksUnder('function get_value(): number { return 2; }\n', [naming('fn', 'function', 'snake_case')])[1], [
    'naming',
    'fn',
    'passed',
    'function names are snake_case',
  ]);
});

test("type and field names in generated code: checked by the naming fallback and by the IR's name regexes", () => {
  const code = 'interface user_record { user_name: string; userId: number }\nclass GoodName { display_name = ""; }\n';
  const rules = [naming('types', 'type', 'PascalCase'), naming('fields', 'field', 'camelCase')];
  assert.deepEqual(checksUnder(code, rules), [
    PARSES,
    ['naming', 'types', 'failed', "type name(s) 'user_record' are not PascalCase"],
    ['naming', 'fields', 'failed', "field name(s) 'user_name', 'display_name' are not camelCase"],
    NO_SECRET,
  ]);
  assert.deepEqual(checksUnder(code, rules, { ir: compile(rules, { language: 'typescript' }) }), [
    PARSES,
    ['naming', 'fields', 'failed', "field name(s) 'user_name', 'display_name' break /_*[a-z][a-zA-Z0-9]*_*/ (require on field)"],
    ['naming', 'types', 'failed', "type name(s) 'user_record' break /_*[A-Z][a-zA-Z0-9]*_*/ (require on type)"],
    NO_SECRET,
  ]);
  assert.deepEqual(
    checksUnder('interface UserRecord { userName: string }\n', rules).map((c) => c[2]),
    ['passed', 'passed', 'passed', 'passed'],
  );
});

test('any in an interface field and in a type alias breaks the any-policy; the same shapes without any pass', () => {
  const noAny = constraint({ fact: 'any_policy', allowed: false }, { id: 'no-any' });
  const code = 'interface Payload { data: any; id: number }\ntype Loose = Record<string, any>;\ntype Exact = Record<string, number>;\n';
  // the last 'any' is Clew's occurrence of the keyword itself (three of them, one after de-duplication)
  assert.deepEqual(checksUnder(code, [noAny])[1], [
    'any_policy',
    'no-any',
    'failed',
    "the any type is used: field 'data' of Payload: any; type Loose = Record<string, any>; any",
  ]);
  const clean = 'interface Payload { data: string; id: number }\ntype Exact = Record<string, number>;\n';
  assert.deepEqual(checksUnder(clean, [noAny])[1], ['any_policy', 'no-any', 'passed', 'no dynamic any type']);
});

test('a re-parse that throws fails the parse check with its message; the checks that need it are skipped or not made', () => {
  const rules = [naming('fn', 'function', 'camelCase'), constraint({ fact: 'any_policy', allowed: false }, { id: 'no-any' }), arity(0, 1)];
  const report = validateGeneratedCode({
    ...base,
    constraints: rules,
    ir: compile(rules, { language: 'typescript' }),
    code: 'function f() {}',
    reparse: () => {
      throw new Error('tree-sitter ran out of memory');
    },
  });
  assert.equal(report.valid, false);
  // the signature regex (naming and any-policy) is long: its message is checked by its end
  const signature = (m: string) => (m.startsWith('/(?:(?:async|export|') ? `/…/ ${m.slice(m.lastIndexOf('/ ') + 2)}` : m);
  assert.deepEqual(
    report.checks.map((c) => [c.check, c.constraints.join(','), c.status, signature(c.message)]),
    [
      ['parse', '', 'failed', 're-parsing failed: tree-sitter ran out of memory'],
      ['regex', 'fn', 'skipped', '/_*[a-z][a-zA-Z0-9]*_*/ (require on function): needs a re-parse of the code'],
      ['regex', 'fn,no-any', 'skipped', '/…/ (require on signature): needs a re-parse of the code'],
    ],
  );
});
