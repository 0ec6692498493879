// JSON Schema emitter, checked by ajv (strict mode, draft 2020-12) as the independent oracle.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, toJsonSchema } from '../../../core/braid/index.ts';
import type { TypeDeclFact, TypeExpr } from '../../../core/model/facts.ts';
import { newAjv, validator } from '../../support/ajv.ts';
import { LANGUAGE_FIXTURES, arr, constraint, field, int, opt, ref, str, typeDecl } from './fixtures.ts';

describe('JSON Schema from each language fixture', () => {
  for (const make of LANGUAGE_FIXTURES) {
    const fx = make();
    test(`${fx.language}: every schema compiles in strict ajv; instances validate, mutants fail`, () => {
      const ir = compile(fx.constraints);
      const names = Object.keys(ir.schemas);
      assert.deepEqual(
        names,
        ['CreateEntityDto', 'Entity', 'UpdateEntityDto', ...(fx.language === 'typescript' ? ['EntityResponse'] : [])]
          .map((n) => (fx.language === 'go' ? n.replace('Dto', 'DTO') : n))
          .sort(),
      );
      for (const name of names) newAjv().compile(ir.schemas[name]!);
      assert.ok(ir.json_schema);
      newAjv().compile(ir.json_schema);

      const entity = validator(ir.schemas.Entity!);
      assert.equal(entity(fx.entity), true);
      for (const key of Object.keys(fx.entity)) {
        const missing = { ...fx.entity };
        delete missing[key];
        assert.equal(entity(missing), false, `Entity without ${key} must fail`);
        const value = fx.entity[key];
        const wrong = { ...fx.entity, [key]: typeof value === 'string' ? 42 : `not-a-${typeof value}` };
        assert.equal(entity(wrong), false, `Entity with a wrong ${key} must fail`);
      }
      assert.equal(entity({ ...fx.entity, extra: 1 }), false, 'unknown property must fail');
      if (typeof fx.entity.created_at === 'string' || typeof fx.entity.createdAt === 'string') {
        const key = 'created_at' in fx.entity ? 'created_at' : 'createdAt';
        assert.equal(entity({ ...fx.entity, [key]: 'yesterday' }), false, 'a non-RFC 3339 date must fail');
      }

      const update = validator(ir.schemas[fx.updateTypeName]!);
      assert.equal(update({}), true, 'all update fields are optional');
      assert.equal(update(fx.partialUpdate), true);
      assert.equal(update({ name: 7 }), false);
      // The combined schema accepts any declared type's instance.
      assert.equal(validator(ir.json_schema)(fx.entity), true);
    });
  }
});

describe('type shapes', () => {
  const tree = typeDecl('TreeNode', [
    field('value', int, 'number'),
    field('children', arr(ref('TreeNode')), 'TreeNode[]'),
    field('parent', opt(ref('TreeNode')), 'TreeNode | null', true),
  ]);
  const status = typeDecl('Status', [], 'enum', { variants: ['Active', 'Inactive', 'Banned'] });
  const tagged: TypeExpr = {
    kind: 'union',
    members: [
      { kind: 'literal', value: 'a' },
      { kind: 'literal', value: 'b' },
    ],
  };
  const bag = typeDecl('Bag', [
    field('labels', { kind: 'map', key: str, value: int }, 'Record<string, number>'),
    field('pair', { kind: 'tuple', items: [str, int] }, '[string, number]'),
    field('mode', tagged, "'a' | 'b'"),
    field('status', ref('Status'), 'Status'),
    field('idOrName', { kind: 'union', members: [int, str] }, 'number | string'),
    field('tags', ref('Array', str), 'Array<string>'),
    field('anything', { kind: 'any' }, 'unknown'),
  ]);
  const generic = typeDecl('Page', [field('items', arr(ref('T')), 'T[]'), field('total', int, 'number')], 'interface', { typeParams: ['T'] });
  const shape = typeDecl(
    'Shape',
    [field('Circle', { kind: 'primitive', name: 'number' }, 'f64'), field('Square', { kind: 'primitive', name: 'number' }, 'f64')],
    'union',
  );
  const trait = typeDecl('Repository', [], 'trait');
  const decls: TypeDeclFact[] = [tree, status, bag, generic, shape, trait];
  const out = toJsonSchema(decls);

  test('recursive types go through $defs/$ref and validate nested instances', () => {
    assert.deepEqual(out.schemas.TreeNode!.$ref, '#/$defs/TreeNode');
    const v = validator(out.schemas.TreeNode!);
    assert.equal(v({ value: 1, children: [{ value: 2, children: [], parent: null }] }), true);
    assert.equal(v({ value: 1, children: [{ value: 2, children: [{ value: 'x', children: [] }] }] }), false);
    assert.equal(v({ value: 1 }), false);
  });

  test('enums, maps, tuples, literal unions, unions and refs to enums', () => {
    assert.deepEqual(out.schemas.Status!.$defs, { Status: { enum: ['Active', 'Inactive', 'Banned'] } });
    const v = validator(out.schemas.Bag!);
    const good = { labels: { a: 1 }, pair: ['x', 2], mode: 'a', status: 'Banned', idOrName: 'n', tags: ['t'], anything: [1, { x: null }] };
    assert.equal(v(good), true);
    assert.equal(v({ ...good, labels: { a: 'one' } }), false);
    assert.equal(v({ ...good, pair: ['x', 2, 3] }), false);
    assert.equal(v({ ...good, pair: [2, 'x'] }), false);
    assert.equal(v({ ...good, mode: 'c' }), false);
    assert.equal(v({ ...good, status: 'Gone' }), false);
    assert.equal(v({ ...good, idOrName: true }), false);
    assert.equal(v({ ...good, tags: [1] }), false);
    // Only the referenced declarations are carried in $defs.
    assert.deepEqual(Object.keys(out.schemas.Bag!.$defs as object).sort(), ['Bag', 'Status']);
  });

  test('generic parameters accept anything; tagged unions are externally tagged; traits give no schema', () => {
    const page = validator(out.schemas.Page!);
    assert.equal(page({ items: [1, 'a'], total: 2 }), true);
    assert.equal(page({ items: 'no', total: 2 }), false);
    const shapeV = validator(out.schemas.Shape!);
    assert.equal(shapeV({ Circle: 1.5 }), true);
    assert.equal(shapeV({ Triangle: 1 }), false);
    assert.equal(out.schemas.Repository, undefined);
  });

  test('Go json:"-" fields are left out and json tags name properties', () => {
    const ir = compile(LANGUAGE_FIXTURES[3]!().constraints);
    const update = (ir.schemas.UpdateEntityDTO!.$defs as Record<string, { properties: object }>).UpdateEntityDTO!;
    assert.deepEqual(Object.keys(update.properties), ['name', 'email', 'is_active']);
  });

  test('descriptions never change the schema: only facts do', () => {
    const a = compile([constraint(typeDecl('A', [field('x', int, 'int')]), { id: 'x', description: 'a string field named x' })]);
    const b = compile([constraint(typeDecl('A', [field('x', int, 'int')]), { id: 'x', description: 'totally different words: email, array' })]);
    assert.deepEqual(a.schemas, b.schemas);
    assert.deepEqual((a.schemas.A!.$defs as Record<string, unknown>).A, {
      type: 'object',
      properties: { x: { type: 'integer' } },
      required: ['x'],
      additionalProperties: false,
    });
  });
});
