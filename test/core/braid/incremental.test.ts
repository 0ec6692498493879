// Incremental compilation gives the same IR as a full compile and reuses what did not change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compile, IncrementalCompiler } from '../../../core/braid/index.ts';
import type { Constraint } from '../../../core/model/constraint.ts';
import { constraint, field, int, ref, str, typeDecl, typescriptFixture, pythonFixture } from './fixtures.ts';

test('after one edit: same IR as a full compile, one constraint recompiled, the rest reused', () => {
  const base = typescriptFixture().constraints;
  const inc = new IncrementalCompiler();
  assert.deepEqual(inc.compile(base), compile(base));
  assert.deepEqual(inc.stats, { reused: 0, recompiled: base.length });
  assert.deepEqual(inc.compile(base), compile(base));
  assert.deepEqual(inc.stats, { reused: base.length, recompiled: 0 });

  // Change one field type of one DTO (declared names unchanged).
  const index = base.findIndex((c) => c.facts?.fact === 'type' && c.facts.name === 'UpdateEntityDto');
  const edited = base.map((c, i) => (i === index ? { ...c, facts: typeDecl('UpdateEntityDto', [field('name', int, 'number', true)]) } : c));
  const ir = inc.compile(edited);
  assert.deepEqual(ir, compile(edited));
  assert.deepEqual(inc.stats, { reused: base.length - 1, recompiled: 1 });
  assert.deepEqual((ir.schemas.UpdateEntityDto!.$defs as Record<string, { properties: object }>).UpdateEntityDto!.properties, { name: { type: 'integer' } });
});

test('adding a type changes $ref targets, so every type schema is rebuilt (and still equal)', () => {
  const base = pythonFixture().constraints;
  const inc = new IncrementalCompiler();
  inc.compile(base);
  const added = [...base, constraint(typeDecl('Audit', [field('who', str, 'str')], 'dataclass'), { language: 'python', id: 'audit' })];
  assert.deepEqual(inc.compile(added), compile(added));
  const typeCount = added.filter((c) => c.facts?.fact === 'type').length;
  assert.equal(inc.stats.recompiled, typeCount);
});

test('editing a base type rebuilds the schemas that inherit from it, and only those', () => {
  const decls = [
    typeDecl('Base', [field('id', int, 'number')]),
    typeDecl('Derived', [field('name', str, 'string')], 'interface', { bases: [ref('Base')] }),
    typeDecl('Other', [field('x', int, 'number')]),
  ];
  const cs = decls.map((d) => constraint(d, { language: 'typescript', id: d.name }));
  const inc = new IncrementalCompiler();
  inc.compile(cs);
  const edited = cs.map((c) => (c.id === 'Base' ? { ...c, facts: typeDecl('Base', [field('id', str, 'string')]) } : c));
  const ir = inc.compile(edited);
  assert.deepEqual(ir, compile(edited));
  assert.deepEqual(inc.stats, { reused: 1, recompiled: 2 });
  assert.deepEqual((ir.schemas.Derived!.$defs as Record<string, { properties: object }>).Derived!.properties, {
    id: { type: 'string' },
    name: { type: 'string' },
  });
});

test('property: any sequence of edits gives the full compile result at each step', () => {
  const pool = [...typescriptFixture().constraints];
  const edit = fc.oneof(
    fc.record({ op: fc.constant('drop' as const), at: fc.nat() }),
    fc.record({
      op: fc.constant('priority' as const),
      at: fc.nat(),
      priority: fc.constantFrom('Low', 'Medium', 'High', 'Critical') as fc.Arbitrary<Constraint['priority']>,
    }),
    fc.record({ op: fc.constant('naming' as const), convention: fc.constantFrom('camelCase', 'snake_case', 'PascalCase') as fc.Arbitrary<'camelCase'> }),
    fc.record({ op: fc.constant('field' as const), name: fc.constantFrom('a', 'b', 'email') }),
  );
  fc.assert(
    fc.property(fc.array(edit, { minLength: 1, maxLength: 6 }), (edits) => {
      const inc = new IncrementalCompiler();
      let current = [...pool];
      inc.compile(current);
      for (const e of edits) {
        if (e.op === 'drop' && current.length > 1) current = current.filter((_, i) => i !== e.at % current.length);
        else if (e.op === 'priority') current = current.map((c, i) => (i === e.at % current.length ? { ...c, priority: e.priority } : c));
        else if (e.op === 'naming')
          current = [
            ...current,
            constraint(
              { fact: 'naming', category: 'function', convention: e.convention, share: 0.8, sample: 4 },
              { language: 'typescript', id: `naming-${e.convention}` },
            ),
          ];
        else if (e.op === 'field')
          current = [...current, constraint(typeDecl('Entity', [field(e.name, int, 'number')]), { language: 'typescript', id: `entity-${e.name}` })];
        assert.deepEqual(inc.compile(current), compile(current));
      }
    }),
    { numRuns: 25 },
  );
});
