// Validation catches generated code that breaks the constraints it was generated under
// (real Clew re-parse, real Braid IR), and passes code that keeps them.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { usePlatform } from '../../support/platform.ts';
import { Clew } from '../../../core/clew/index.ts';
import { compile } from '../../../core/braid/index.ts';
import { validateGeneratedCode, type ValidationInput } from '../../../core/maze/validate.ts';
import type { Constraint } from '../../../core/model/constraint.ts';

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
  constraints = clew.extract(SOURCE, { language: 'typescript' }).constraints;
  const ir = compile(constraints, { language: 'typescript' });
  base = {
    language: 'typescript', constraints, ir, output: 'code', structured: { kind: 'none' },
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
  assert.ok(failed.some((f) => /^naming: function name\(s\) 'delete_entity' break/.test(f)), failed.join('\n'));
});

test('a snake_case parameter is a naming violation too', () => {
  const { failed } = failures('function deleteEntity(entity_id: number): boolean { return true; }\n');
  assert.ok(failed.some((f) => /parameter name\(s\) 'entity_id'/.test(f)), failed.join('\n'));
});

test('a call to eval (forbidden by the source\'s security constraint) is caught', () => {
  const { failed } = failures('function runIt(code: string): void {\n  eval(code);\n}\n');
  assert.ok(failed.some((f) => /^forbidden_call: .*eval.*line 2/.test(f)), failed.join('\n'));
  assert.ok(failed.some((f) => f === 'forbidden_call: the code calls eval (eval runs arbitrary code)'), failed.join('\n'));
});

test('a hard-coded secret in the output is caught', () => {
  const { failed } = failures('const API_TOKEN = "sk_live_abcdefghijklmnop1234";\nfunction getToken(): string { return API_TOKEN; }\n');
  assert.ok(failed.some((f) => /^secret: hard-coded secret\(s\) at line\(s\) 1/.test(f)), failed.join('\n'));
});

test('code that does not parse fails the parse check with the line', () => {
  const { failed } = failures('function brokenThing(a: number {\n  return a;\n');
  assert.ok(failed.some((f) => /^parse: the code does not parse as typescript: line \d/.test(f)), failed.join('\n'));
});

test('the any type breaks an any-policy constraint', () => {
  const noAny: Constraint = {
    id: 'no-any', name: 'avoid_any_type', description: 'Do not use any', kind: 'type_safety', source: 'User_Defined', enforcement: 'Structural',
    priority: 'High', confidence: 1, frequency: 1, severity: 'err', facts: { fact: 'any_policy', allowed: false },
  };
  const input = { constraints: [...constraints, noAny] };
  assert.deepEqual(failures('function parseValue(input: string): number { return 1; }\n', input).failed, []);
  const { failed } = failures('function parseValue(input: any): number { return 1; }\n', input);
  assert.ok(failed.some((f) => /^any_policy: the any type is used: parameter 'input' of parseValue: any/.test(f)), failed.join('\n'));
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
  assert.deepEqual(failures('function NotOk() {}\n', { structured, reparse: null }).failed, ['structured_output: output does not match the requested regex /function [a-z]+\\(\\) \\{\\}/']);
});

test('without an extractor the structure checks are skipped, not passed', () => {
  const report = validateGeneratedCode({ ...base, reparse: null, code: 'function delete_entity() {}' });
  const parse = report.checks.find((c) => c.check === 'parse');
  assert.equal(parse?.status, 'skipped');
  assert.ok(report.checks.filter((c) => c.check === 'naming').every((c) => c.status === 'skipped'));
});

test('a signature outside the signature pattern is caught (a type the constraints do not allow)', () => {
  const signature = { pattern: 'function [a-z][A-Za-z]*\\((?:[a-z][A-Za-z]*: (?:number|string|boolean))?\\): (?:number|string|boolean)', flags: '', target: 'signature', mode: 'require' as const, sources: ['sig'] };
  const extra = { ir: { ...base.ir, regex_patterns: [signature] }, constraints: [] };
  const ok = failures('function deleteEntity(entityId: number): boolean { return true; }\n', extra);
  assert.deepEqual(ok.failed, []);
  assert.ok(ok.report.checks.some((c) => c.check === 'regex' && c.status === 'passed' && /1 function signature/.test(c.message)));
  const { failed } = failures('function deleteEntity(entityId: Widget): boolean { return true; }\nfunction keepIt(): number { return 1; }\n', extra);
  assert.deepEqual(failed, ["regex: the signature of 'deleteEntity' does not match the signature pattern (types or parameters outside what the constraints allow)"]);
});
