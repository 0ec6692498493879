// Clew on TypeScript: signatures, types, imports, occurrences, security and test mining with concrete values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KIND_ENFORCEMENTS } from '../../../core/model/constraint.ts';
import { factOf, loadedClew, named } from './support.ts';

const SOURCE = `import { readFile } from 'node:fs/promises';
import * as cp from 'child_process';
import Def, { a as b } from './x';
export interface Entity { id: number; name?: string; tags: string[]; meta: Record<string, unknown> | null; }
export type R = Promise<Entity | null>;
enum Color { Red, Green = 2 }
export class Svc<T> {
  private db: Database;
  async op(id: number, data = "x", ...rest: string[]): Promise<Entity> {
    try { await f(); } catch (e) { throw new Error('x'); }
  }
  private helperMethod(): void {}
}
export async function top(a?: string): Promise<void> {}
const arrow = (x: number): number => x;
eval(code); new Function('a', b); cp.exec(cmd); cp.exec("ls"); const password = "hunter2"; const tokenizer = "x";
`;

test('TypeScript functions and methods carry full signatures', async () => {
  const clew = await loadedClew();
  const { constraints } = clew.extract(SOURCE, { language: 'typescript', file: 'svc.ts' });
  const op = factOf(constraints, 'function:Svc.op', 'function');
  assert.deepEqual(op, {
    fact: 'function',
    name: 'op',
    async: true,
    exported: false,
    visibility: 'public',
    owner: 'Svc',
    receiver: null,
    params: [
      { name: 'id', type: { text: 'number', expr: { kind: 'primitive', name: 'number' } }, default: null, optional: false, variadic: false },
      { name: 'data', type: null, default: '"x"', optional: true, variadic: false },
      {
        name: 'rest',
        type: { text: 'string[]', expr: { kind: 'array', items: { kind: 'primitive', name: 'string' } } },
        default: null,
        optional: false,
        variadic: true,
      },
    ],
    returnType: { text: 'Promise<Entity>', expr: { kind: 'ref', name: 'Promise', args: [{ kind: 'ref', name: 'Entity', args: [] }] } },
  });
  assert.equal(named(constraints, 'function:Svc.op').origin_line, 9);
  assert.equal(factOf(constraints, 'function:Svc.helperMethod', 'function').visibility, 'private');
  const top = factOf(constraints, 'function:top', 'function');
  assert.equal(top.exported, true);
  assert.equal(top.async, true);
  assert.deepEqual(top.params[0], {
    name: 'a',
    type: { text: 'string', expr: { kind: 'primitive', name: 'string' } },
    default: null,
    optional: true,
    variadic: false,
  });
  const arrow = factOf(constraints, 'function:arrow', 'function');
  assert.equal(arrow.exported, false);
  assert.deepEqual(arrow.returnType, { text: 'number', expr: { kind: 'primitive', name: 'number' } });
  assert.equal(named(constraints, 'function:top').description, 'exported async function top(a?: string): Promise<void>');
});

test('TypeScript type declarations carry fields, variants and aliases', async () => {
  const clew = await loadedClew();
  const { constraints } = clew.extract(SOURCE, { language: 'typescript', file: 'svc.ts' });
  const entity = factOf(constraints, 'type:Entity', 'type');
  assert.equal(entity.declKind, 'interface');
  assert.equal(entity.exported, true);
  assert.deepEqual(
    entity.fields.map((f) => [f.name, f.optional, f.type?.expr]),
    [
      ['id', false, { kind: 'primitive', name: 'number' }],
      ['name', true, { kind: 'primitive', name: 'string' }],
      ['tags', false, { kind: 'array', items: { kind: 'primitive', name: 'string' } }],
      ['meta', false, { kind: 'optional', inner: { kind: 'map', key: { kind: 'primitive', name: 'string' }, value: { kind: 'any' } } }],
    ],
  );
  assert.deepEqual(factOf(constraints, 'type:R', 'type').aliasOf, {
    text: 'Promise<Entity | null>',
    expr: { kind: 'ref', name: 'Promise', args: [{ kind: 'optional', inner: { kind: 'ref', name: 'Entity', args: [] } }] },
  });
  assert.deepEqual(factOf(constraints, 'type:Color', 'type').variants, ['Red', 'Green']);
  const svc = factOf(constraints, 'type:Svc', 'type');
  assert.deepEqual([svc.declKind, svc.typeParams, svc.fields.map((f) => f.name)], ['class', ['T'], ['db']]);
});

test('TypeScript imports list module and imported names', async () => {
  const clew = await loadedClew();
  const { constraints } = clew.extract(SOURCE, { language: 'typescript', file: 'svc.ts' });
  const imports = constraints.filter((c) => c.facts?.fact === 'import').map((c) => c.facts);
  assert.deepEqual(imports, [
    { fact: 'import', module: 'node:fs/promises', names: ['readFile'] },
    { fact: 'import', module: 'child_process', names: ['cp'] },
    { fact: 'import', module: './x', names: ['Def', 'a'] },
  ]);
});

test('TypeScript security findings: eval, new Function, exec with a non-literal, hard-coded secret', async () => {
  const clew = await loadedClew();
  const { constraints } = clew.extract(SOURCE, { language: 'typescript', file: 'svc.ts' });
  const security = constraints.filter((c) => c.kind === 'security');
  assert.deepEqual(
    security.map((c) => [c.name, c.origin_line, c.enforcement, c.severity]),
    [
      ['forbid_call:eval', 16, 'Security', 'err'],
      ['forbid_call:Function', 16, 'Security', 'err'],
      ['forbid_call:child_process.exec', 16, 'Security', 'err'],
      ['hardcoded_secret:password', 16, 'Security', 'err'],
    ],
  );
  assert.deepEqual(factOf(constraints, 'forbid_call:child_process.exec', 'forbidden_call').callee, 'child_process.exec');
});

test('CommonJS require counts as an import, and its bindings resolve shell calls', async () => {
  const clew = await loadedClew();
  const source =
    "const cp = require('child_process');\nconst { execSync } = require('node:child_process');\ncp.exec(userInput);\nexecSync(`ls ${dir}`);\nexecSync('ls');\n";
  const { constraints } = clew.extract(source, { language: 'typescript', file: 'run.ts' });
  assert.deepEqual(
    constraints.filter((c) => c.facts?.fact === 'import').map((c) => c.facts),
    [
      { fact: 'import', module: 'child_process', names: [] },
      { fact: 'import', module: 'node:child_process', names: ['execSync'] },
    ],
  );
  assert.deepEqual(
    constraints.filter((c) => c.kind === 'security').map((c) => [c.name, c.origin_line]),
    [
      ['forbid_call:child_process.exec', 3],
      ['forbid_call:child_process.execSync', 4],
    ],
  );
});

test('TypeScript occurrences are counted per pattern at their first line, and summaries use the reference names', async () => {
  const clew = await loadedClew();
  const { constraints } = clew.extract(SOURCE, { language: 'typescript', file: 'svc.ts' });
  assert.deepEqual([named(constraints, 'error_handling:try_catch').origin_line, named(constraints, 'error_handling:try_catch').frequency], [10, 1]);
  assert.equal(named(constraints, 'async:await').frequency, 1);
  assert.deepEqual(factOf(constraints, 'async_functions', 'summary'), { fact: 'summary', count: 2, total: 4 });
  assert.deepEqual(factOf(constraints, 'typed_functions', 'summary'), { fact: 'summary', count: 3, total: 4 });
  assert.deepEqual(factOf(constraints, 'type_definitions', 'summary'), { fact: 'summary', count: 4, total: 4 });
  for (const c of constraints) {
    assert.ok(KIND_ENFORCEMENTS[c.kind].includes(c.enforcement), `${c.name}: ${c.kind}/${c.enforcement}`);
    assert.ok(c.confidence >= 0 && c.confidence <= 1);
    assert.equal(c.language, 'typescript');
    assert.equal(c.origin_file, 'svc.ts');
    assert.ok(Number.isInteger(c.origin_line) && c.origin_line! >= 1);
  }
  assert.equal(new Set(constraints.map((c) => c.id)).size, constraints.length, 'ids are unique');
});

test('TypeScript test files yield test-mined assertions; other files do not', async () => {
  const clew = await loadedClew();
  const source = "test('x', () => {\n  expect(add(1, 2)).toBe(3);\n  expect(() => f()).not.toThrow();\n  assert.equal(a, b);\n});\n";
  const inTest = clew.extract(source, { language: 'typescript', file: 'src/add.test.ts' }).constraints.filter((c) => c.source === 'Test_Mining');
  assert.deepEqual(
    inTest.map((c) => [c.name, c.origin_line]),
    [
      ['test_assertion:toBe', 2],
      ['test_assertion:toThrow', 3],
      ['test_assertion:equal', 4],
    ],
  );
  assert.deepEqual(inTest[0]!.facts, { fact: 'occurrence', pattern: 'assertion', text: 'expect(add(1, 2)).toBe(3)' });
  const notTest = clew.extract(source, { language: 'typescript', file: 'src/add.ts' }).constraints.filter((c) => c.source === 'Test_Mining');
  assert.equal(notTest.length, 0);
  const forced = clew.extract(source, { language: 'typescript', file: 'src/add.ts', isTest: true }).constraints.filter((c) => c.source === 'Test_Mining');
  assert.equal(forced.length, 3);
});

test('TypeScript naming conventions are inferred per category', async () => {
  const clew = await loadedClew();
  const source =
    'function getUser() {}\nfunction saveUser() {}\nfunction load_all() {}\nfunction run() {}\ninterface UserRecord {}\ninterface Item {}\ntype Id = string;\n';
  const { constraints } = clew.extract(source, { language: 'typescript' });
  assert.deepEqual(factOf(constraints, 'naming:function', 'naming'), { fact: 'naming', category: 'function', convention: 'camelCase', share: 0.75, sample: 4 });
  assert.deepEqual(factOf(constraints, 'naming:type', 'naming'), { fact: 'naming', category: 'type', convention: 'PascalCase', share: 1, sample: 3 });
});

test('type predicates and assertion signatures are return types (boolean and void)', async () => {
  const clew = await loadedClew();
  const source = 'function isUser(x: unknown): x is User { return true; }\nfunction check(x: unknown): asserts x is User {}\n';
  const { constraints } = clew.extract(source, { language: 'typescript' });
  assert.deepEqual(factOf(constraints, 'function:isUser', 'function').returnType, { text: 'x is User', expr: { kind: 'primitive', name: 'boolean' } });
  assert.deepEqual(factOf(constraints, 'function:check', 'function').returnType, { text: 'asserts x is User', expr: { kind: 'primitive', name: 'void' } });
});

test('constructor parameter properties are class fields, with any modifier', async () => {
  const clew = await loadedClew();
  const source = 'class Point {\n  label?: string;\n  constructor(readonly x: number, private y: number, z: number, override readonly w?: number) {}\n}\n';
  const point = factOf(clew.extract(source, { language: 'typescript' }).constraints, 'type:Point', 'type');
  assert.deepEqual(
    point.fields.map((f) => [f.name, f.optional, f.line]),
    [
      ['label', true, 2],
      ['x', false, 3],
      ['y', false, 3],
      ['w', true, 3],
    ],
  );
});

test('literal types hold the string value (escapes decoded); bigint is an integer', async () => {
  const clew = await loadedClew();
  const source = "type Sep = '\\n' | 'a\\u0041' | 3 | true;\ninterface V { big: bigint }\n";
  const { constraints } = clew.extract(source, { language: 'typescript' });
  assert.deepEqual(factOf(constraints, 'type:Sep', 'type').aliasOf?.expr, {
    kind: 'union',
    members: [
      { kind: 'literal', value: '\n' },
      { kind: 'literal', value: 'aA' },
      { kind: 'literal', value: 3 },
      { kind: 'literal', value: true },
    ],
  });
  assert.deepEqual(factOf(constraints, 'type:V', 'type').fields[0]!.type?.expr, { kind: 'primitive', name: 'integer' });
});

test('TSX files parse with the TSX grammar', async () => {
  const clew = await loadedClew();
  const source = 'export function View(props: { title: string }): JSX.Element { return <div>{props.title}</div>; }\n';
  const result = clew.extract(source, { language: 'typescript', file: 'view.tsx' });
  assert.deepEqual(result.parseErrors, []);
  assert.equal(factOf(result.constraints, 'function:View', 'function').exported, true);
});
