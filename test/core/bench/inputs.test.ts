// Bench inputs: snippets of an exact byte size that TypeScript parses cleanly, line counts, constraint sets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import ts from 'typescript';
import { countLines, generateConstraints, typescriptSnippet } from '../../../core/bench/inputs.ts';
import { KIND_ENFORCEMENTS } from '../../../core/model/constraint.ts';

test('snippets have exactly the asked byte size and are valid TypeScript (checked by the TypeScript parser)', () => {
  for (const bytes of [50, 100, 200, 800]) {
    const text = typescriptSnippet(bytes);
    assert.equal(new TextEncoder().encode(text).length, bytes);
    const file = ts.createSourceFile('snippet.ts', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const diagnostics = (file as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics;
    assert.equal(diagnostics.length, 0, `${bytes}-byte snippet:\n${text}`);
    assert.ok(file.statements.length >= 1);
  }
});

test('line counts match what an editor shows', () => {
  assert.equal(countLines(''), 0);
  assert.equal(countLines('a'), 1);
  assert.equal(countLines('a\nb\n'), 2);
  assert.equal(countLines('a\nb'), 2);
});

test('generated constraints: the asked count, unique ids, valid kind/enforcement pairs, deterministic', () => {
  const constraints = generateConstraints(250);
  assert.equal(constraints.length, 250);
  assert.equal(new Set(constraints.map((c) => c.id)).size, 250);
  for (const c of constraints) assert.ok(KIND_ENFORCEMENTS[c.kind].includes(c.enforcement), `${c.id}: ${c.kind}/${c.enforcement}`);
  assert.deepEqual(generateConstraints(20), generateConstraints(20));
  const facts = new Set(constraints.map((c) => c.facts?.fact));
  assert.deepEqual([...facts].sort(), ['any_policy', 'bounds', 'forbidden_call', 'function', 'naming', 'occurrence', 'pattern', 'type']);
});

test('dense constraints share their targets and contradict each other somewhere', () => {
  const dense = generateConstraints(50, { dense: true });
  const typeNames = new Set(dense.flatMap((c) => (c.facts?.fact === 'type' ? [c.facts.name] : [])));
  assert.ok(typeNames.size <= 2);
  const conventions = new Set(dense.flatMap((c) => (c.facts?.fact === 'naming' ? [c.facts.convention] : [])));
  assert.deepEqual([...conventions].sort(), ['camelCase', 'snake_case']);
  assert.ok(dense.some((c) => c.facts?.fact === 'bounds' && c.facts.min! > c.facts.max!));
});
