// Clew on bad and pathological input, and incremental re-extraction equal to a full one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Clew, languageFromPath, toReferenceJson } from '../../../core/clew/index.ts';
import { usePlatform } from '../../support/platform.ts';
import { loadedClew, named } from './support.ts';

test('a syntax error is reported with line and column and extraction goes on', async () => {
  const clew = await loadedClew();
  const source =
    'export function ok(a: number): number { return a; }\nfunction broken(a: number { return a; }\nexport function alsoOk(): string { return ""; }\n';
  const result = clew.extract(source, { language: 'typescript', file: 'x.ts' });
  assert.ok(result.parseErrors.length >= 1);
  assert.equal(result.parseErrors[0]!.line, 2);
  assert.ok(result.parseErrors[0]!.column >= 1);
  assert.ok(['ERROR', 'MISSING'].includes(result.parseErrors[0]!.kind));
  named(result.constraints, 'function:ok');
  named(result.constraints, 'function:alsoOk');
  const py = clew.extract('def f(:\n    pass\ndef g(x: int) -> int:\n    return x\n', { language: 'python' });
  assert.deepEqual(
    py.parseErrors.map((e) => e.line),
    [1],
  );
  named(py.constraints, 'function:g');
});

test('a MISSING node is reported as such', async () => {
  const clew = await loadedClew();
  const ts = clew.extract('function f() {\n  return 1\n', { language: 'typescript' });
  assert.deepEqual(ts.parseErrors, [{ line: 2, column: 11, kind: 'MISSING', text: '}' }]);
  const rust = clew.extract('fn f() { let x = 1 }\n', { language: 'rust' });
  assert.deepEqual(rust.parseErrors, [{ line: 1, column: 19, kind: 'MISSING', text: ';' }]);
  const go = clew.extract('package x\nvar y = f(1\n', { language: 'go' });
  assert.deepEqual(go.parseErrors, [{ line: 2, column: 1, kind: 'ERROR', text: 'var y = f(1' }]);
});

test('names that are Object.prototype properties are plain names (constructor, toString, __proto__)', async () => {
  const clew = await loadedClew();
  const py = clew.extract('def f(x: constructor) -> toString:\n    constructor(x)\n    hasOwnProperty()\n    __proto__(x)\n', { language: 'python' });
  const f = py.constraints.find((c) => c.name === 'function:f')!.facts;
  assert.deepEqual(f?.fact === 'function' && [f.params[0]!.type?.expr, f.returnType?.expr], [
    { kind: 'ref', name: 'constructor', args: [] },
    { kind: 'ref', name: 'toString', args: [] },
  ]);
  const go = clew.extract('package x\nfunc toString(a constructor) valueOf { constructor(a) }\n', { language: 'go' });
  assert.ok(go.constraints.some((c) => c.name === 'function:toString'));
  assert.equal(languageFromPath('a.constructor'), null);
  assert.equal(languageFromPath('b.__proto__'), null);
});

test('an empty file gives zero constraints and zero lines', async () => {
  const clew = await loadedClew();
  for (const language of ['typescript', 'python', 'rust', 'go', 'zig'] as const) {
    const result = clew.extract('', { language });
    assert.deepEqual([result.constraints, result.parseErrors, result.lineCount], [[], [], 0]);
  }
});

test('10,000 nested brackets neither crash nor overflow the stack', async () => {
  const clew = await loadedClew();
  const deep = `const x = ${'['.repeat(10_000)}${']'.repeat(10_000)};\nconst y: ${'Array<'.repeat(10_000)}number${'>'.repeat(10_000)} = [];\n`;
  const ts = clew.extract(deep, { language: 'typescript' });
  assert.equal(ts.lineCount, 2);
  const unbalanced = clew.extract(`x = ${'('.repeat(10_000)}\n`, { language: 'python' });
  assert.ok(unbalanced.parseErrors.length >= 1);
  const rust = clew.extract(`fn f() -> ${'Vec<'.repeat(10_000)}u8${'>'.repeat(10_000)} {}\n`, { language: 'rust' });
  const f = named(rust.constraints, 'function:f').facts;
  assert.equal(f?.fact === 'function' && f.returnType?.expr.kind, 'array');
});

test('a 10 MB file is extracted', async () => {
  const clew = await loadedClew();
  // 1000 functions, each followed by a 10 kB string: 10 MB without 100k constraints to build
  const filler = 'x'.repeat(10_000);
  const unit = `export function handler(id: number, name: string): string { return name + id; }\nconst blob = "${filler}";\n`;
  const source = unit.repeat(1000);
  assert.ok(source.length > 10_000_000);
  const result = clew.extract(source, { language: 'typescript', file: 'big.ts' });
  assert.equal(result.lineCount, 2000);
  assert.equal(result.parseErrors.length, 0);
  // same name every time: the ids get suffixes and stay unique
  assert.equal(result.constraints.filter((c) => c.name === 'function:handler').length, 1000);
  assert.equal(new Set(result.constraints.map((c) => c.id)).size, result.constraints.length);
  result.dispose?.();
});

test('extract before load is a clear error; languageFromPath knows the extensions', async () => {
  await usePlatform();
  const clew = await Clew.create();
  // a fresh Clew shares loaded grammars, so ask for a language through an unknown key instead
  assert.throws(() => clew.extract('x', { language: 'cobol' as never }), /grammar is not loaded/);
  assert.deepEqual(['a.ts', 'b.tsx', 'c.mts', 'd.cts', 'e.py', 'f.pyi', 'g.rs', 'h.zig', 'i.go', 'j.js', 'Makefile', 'dir.ts/x'].map(languageFromPath), [
    'typescript',
    'typescript',
    'typescript',
    'typescript',
    'python',
    'python',
    'rust',
    'zig',
    'go',
    null,
    null,
    null,
  ]);
});

const BASE = `import { Database } from './db';
export interface Entity { id: number; name: string }
export class EntityService {
  constructor(private db: Database) {}
  async get(id: number): Promise<Entity> {
    try { return await this.db.find(id); } catch (e) { throw new Error('not found'); }
  }
}
`;

function applyEdit(source: string, start: number, end: number, text: string) {
  return { source: source.slice(0, start) + text + source.slice(end), edit: { startIndex: start, oldEndIndex: end, newEndIndex: start + text.length } };
}

test('incremental re-extraction equals a full extraction, edit after edit', async () => {
  const clew = await loadedClew();
  let previous = clew.extract(BASE, { language: 'typescript', file: 'svc.ts', incremental: true });
  let source = BASE;
  const edits: Array<[string, string]> = [
    ['async get(id: number)', 'async get(id: number, withDeleted = false)'],
    ['name: string }', 'name: string; email?: string | null }'],
    ["throw new Error('not found');", "throw new Error('not found: ' + id); // ü"],
    ['export class', 'function helper_fn(): void {}\nexport class'],
    ['{ id: number;', '{ id: number'], // introduces a syntax error
    ['{ id: number', '{ id: number;'], // and repairs it
  ];
  for (const [from, to] of edits) {
    const at = source.indexOf(from);
    assert.ok(at >= 0, from);
    const next = applyEdit(source, at, at + from.length, to);
    const incremental = clew.extractIncremental(previous, next.edit, next.source);
    const full = clew.extract(next.source, { language: 'typescript', file: 'svc.ts' });
    assert.deepEqual(incremental, full);
    assert.deepEqual(toReferenceJson(incremental), toReferenceJson(full));
    full.dispose?.();
    previous.dispose?.();
    previous = incremental;
    source = next.source;
  }
  named(previous.constraints, 'function:helper_fn');
  previous.dispose?.();
});

test('incremental after the tree was released falls back to a full parse', async () => {
  const clew = await loadedClew();
  const first = clew.extract(BASE, { language: 'typescript', file: 'svc.ts', incremental: true });
  first.dispose?.();
  const next = applyEdit(BASE, 0, 0, '// header\n');
  const again = clew.extractIncremental(first, next.edit, next.source);
  assert.deepEqual(again, clew.extract(next.source, { language: 'typescript', file: 'svc.ts' }));
  assert.throws(() => {
    const live = clew.extract(BASE, { language: 'typescript', incremental: true });
    clew.extractIncremental(live, { startIndex: 5, oldEndIndex: 99_999, newEndIndex: 5 }, BASE);
  }, /does not fit/);
});

test('toReferenceJson has the reference fields in order', async () => {
  const clew = await loadedClew();
  const json = toReferenceJson(clew.extract(BASE, { language: 'typescript', file: 'svc.ts' })) as { name: string; constraints: Array<Record<string, unknown>> };
  assert.equal(json.name, 'svc.ts');
  const keys = ['id', 'name', 'description', 'kind', 'source', 'enforcement', 'priority', 'confidence', 'frequency', 'severity'];
  assert.deepEqual(Object.keys(json.constraints[0]!), [...keys, 'origin_file', 'origin_line', 'language', 'facts']);
  // without a file the constraint has no origin_file at all (not one set to undefined), the rest in the same order
  const anonymous = clew.extract(BASE, { language: 'typescript' }).constraints[0]!;
  assert.equal('origin_file' in anonymous, false);
  assert.deepEqual(Object.keys(anonymous), [...keys, 'origin_line', 'language', 'facts']);
});
