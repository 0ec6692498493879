// The small JSON Schema validator agrees with ajv (2020-12) on valid and mutated documents.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { validateJsonSchema } from '../../../core/maze/json-schema-check.ts';

const ENTITY = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $defs: {
    Status: { enum: ['active', 'archived'] },
    Entity: {
      type: 'object',
      properties: {
        id: { type: 'integer', minimum: 1 },
        name: { type: 'string', minLength: 1, maxLength: 20, pattern: '^[A-Za-z ]+$' },
        tags: { type: 'array', items: { type: 'string' }, maxItems: 3, uniqueItems: true },
        status: { $ref: '#/$defs/Status' },
        parent: { anyOf: [{ $ref: '#/$defs/Entity' }, { type: 'null' }] },
        pair: { type: 'array', prefixItems: [{ type: 'number' }, { type: 'boolean' }], minItems: 2, maxItems: 2, items: false },
        extra: { type: 'object', additionalProperties: { type: 'number' } },
        kind: { const: 'entity' },
        score: { type: 'number', exclusiveMaximum: 10, multipleOf: 0.5 },
        when: { type: 'string', format: 'date-time' },
        choice: { oneOf: [{ type: 'integer' }, { type: 'number', minimum: 100 }] },
        notNull: { not: { type: 'null' } },
      },
      required: ['id', 'name'],
      additionalProperties: false,
    },
  },
  $ref: '#/$defs/Entity',
};

const VALID = {
  id: 3,
  name: 'Ada Lovelace',
  tags: ['a', 'b'],
  status: 'active',
  parent: { id: 1, name: 'Root', parent: null },
  pair: [1.5, true],
  extra: { x: 1 },
  kind: 'entity',
  score: 9.5,
  when: '2026-11-27T10:00:00Z',
  choice: 5,
  notNull: 0,
};

const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
const ajvValidate = ajv.compile(ENTITY);

/** ajv without format checks, plus our date-time regex (ajv-formats is not installed): compare everything else. */
function ajvSays(value: unknown): boolean {
  return ajvValidate(value) === true;
}
function oursSays(value: unknown): boolean {
  return validateJsonSchema(ENTITY, value).filter((e) => !/not a valid date-time/.test(e.message)).length === 0;
}

test('a valid document passes; concrete mistakes are reported with their path', () => {
  assert.deepEqual(validateJsonSchema(ENTITY, VALID), []);
  assert.deepEqual(validateJsonSchema(ENTITY, { ...VALID, id: 0 }), [{ path: '/id', message: 'less than 1' }]);
  assert.deepEqual(validateJsonSchema(ENTITY, { ...VALID, surprise: 1 }), [{ path: '/surprise', message: "property 'surprise' is not allowed" }]);
  assert.deepEqual(validateJsonSchema(ENTITY, { name: 'x' }), [{ path: '', message: "missing required property 'id'" }]);
  assert.deepEqual(validateJsonSchema(ENTITY, { ...VALID, when: 'yesterday' }), [{ path: '/when', message: 'not a valid date-time' }]);
  assert.deepEqual(
    validateJsonSchema(ENTITY, { ...VALID, parent: { id: 1, name: 7 } }).map((e) => e.path),
    ['/parent'],
  );
});

/** Mutations that keep the document close to valid, so both branches of each keyword get exercised. */
const mutation = fc.oneof(
  fc.record({ op: fc.constant('set' as const), key: fc.constantFrom(...Object.keys(VALID), 'other'), value: fc.jsonValue({ maxDepth: 2 }) }),
  fc.record({ op: fc.constant('delete' as const), key: fc.constantFrom(...Object.keys(VALID)) }),
  fc.record({
    op: fc.constant('pick' as const),
    key: fc.constantFrom(...Object.keys(VALID)),
    value: fc.constantFrom<unknown>(
      0,
      1,
      2.5,
      100.5,
      -1,
      'x',
      '',
      'Ab',
      'a'.repeat(21),
      'active',
      'entity',
      null,
      true,
      [],
      [1, true],
      [1, true, 2],
      ['a', 'a'],
      ['a', 'b', 'c', 'd'],
      {},
      { x: 'y' },
      { id: 2, name: 'Bo' },
      { id: 2 },
    ),
  }),
);

test('agrees with ajv on thousands of mutated documents', () => {
  fc.assert(
    fc.property(fc.array(mutation, { maxLength: 4 }), (mutations) => {
      const doc: Record<string, unknown> = structuredClone(VALID);
      for (const m of mutations) {
        if (m.op === 'delete') delete doc[m.key];
        else doc[m.key] = m.value;
      }
      // ajv checks multipleOf with parseInt(x / m), which misreads quotients of 1e21 and above.
      fc.pre(!JSON.stringify(doc).match(/e\+?\d{2}/));
      assert.equal(oursSays(doc), ajvSays(doc), JSON.stringify(doc));
    }),
    { numRuns: 2000 },
  );
});
