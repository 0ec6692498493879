// JSON Schema (2020-12) emitter: one schema per extracted type declaration, built from
// the normalised TypeExpr. Only keywords that both llguidance and XGrammar implement are
// used: type, properties, required, additionalProperties, items, prefixItems, enum, const,
// anyOf, $ref/$defs, minItems/maxItems and format "date-time".
import type { FieldFact, TypeDeclFact, TypeExpr } from '../model/facts.ts';

export type JsonSchema = { [key: string]: unknown };
export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/** Named generic wrappers the five languages use, mapped to what they mean for data. */
const TRANSPARENT = new Set(['Promise', 'Awaited', 'Box', 'Rc', 'Arc', 'Cow', 'Readonly', 'Result', 'Ref', 'RefCell', 'Mutex', 'Future', 'Coroutine', 'Awaitable', 'Final', 'ClassVar', 'Annotated', 'Required', 'NotRequired', 'ReadonlyArray']);
const ARRAYS = new Set(['Array', 'ReadonlyArray', 'Vec', 'VecDeque', 'List', 'list', 'Set', 'set', 'frozenset', 'FrozenSet', 'Sequence', 'Iterable', 'HashSet', 'BTreeSet', 'ArrayList', 'Tuple', 'tuple']);
const MAPS = new Set(['Map', 'Record', 'HashMap', 'BTreeMap', 'Dict', 'dict', 'Mapping', 'StringHashMap', 'AutoHashMap']);
const OPTIONALS = new Set(['Option', 'Optional']);
const PRIMITIVE_NAMES: Record<string, JsonSchema> = {
  string: { type: 'string' }, String: { type: 'string' }, str: { type: 'string' }, '&str': { type: 'string' },
  number: { type: 'number' }, float: { type: 'number' }, f32: { type: 'number' }, f64: { type: 'number' }, float32: { type: 'number' }, float64: { type: 'number' },
  int: { type: 'integer' }, bigint: { type: 'integer' }, i8: { type: 'integer' }, i16: { type: 'integer' }, i32: { type: 'integer' }, i64: { type: 'integer' },
  u8: { type: 'integer' }, u16: { type: 'integer' }, u32: { type: 'integer' }, u64: { type: 'integer' }, usize: { type: 'integer' }, isize: { type: 'integer' },
  int8: { type: 'integer' }, int16: { type: 'integer' }, int32: { type: 'integer' }, int64: { type: 'integer' },
  uint: { type: 'integer' }, uint8: { type: 'integer' }, uint16: { type: 'integer' }, uint32: { type: 'integer' }, uint64: { type: 'integer' },
  boolean: { type: 'boolean' }, bool: { type: 'boolean' },
  Date: { type: 'string', format: 'date-time' }, datetime: { type: 'string', format: 'date-time' }, DateTime: { type: 'string', format: 'date-time' }, 'time.Time': { type: 'string', format: 'date-time' }, Time: { type: 'string', format: 'date-time' },
};

export interface SchemaContext {
  /** Declared types by name (schemas reference them through $defs). */
  declared: ReadonlyMap<string, TypeDeclFact>;
  /** Type parameters in scope (they stand for any value). */
  typeParams?: ReadonlySet<string>;
}

function nullable(schema: JsonSchema): JsonSchema {
  if (schema.type === 'null') return schema;
  const members = Array.isArray(schema.anyOf) && Object.keys(schema).length === 1 ? (schema.anyOf as JsonSchema[]) : [schema];
  if (members.some((m) => m.type === 'null')) return schema;
  return { anyOf: [...members, { type: 'null' }] };
}

/** The schema of a normalised type expression. */
export function typeExprToSchema(expr: TypeExpr, ctx: SchemaContext): JsonSchema {
  switch (expr.kind) {
    case 'primitive':
      switch (expr.name) {
        case 'string': case 'bytes': return { type: 'string' };
        case 'integer': return { type: 'integer' };
        case 'number': return { type: 'number' };
        case 'boolean': return { type: 'boolean' };
        case 'null': case 'void': return { type: 'null' };
        case 'datetime': return { type: 'string', format: 'date-time' };
      }
      return {};
    case 'any': case 'unknown': return {};
    case 'literal': return { const: expr.value };
    case 'array': return { type: 'array', items: typeExprToSchema(expr.items, ctx) };
    case 'map': return { type: 'object', additionalProperties: typeExprToSchema(expr.value, ctx) };
    case 'optional': return nullable(typeExprToSchema(expr.inner, ctx));
    case 'tuple':
      return expr.items.length === 0
        ? { type: 'array', maxItems: 0 }
        : { type: 'array', prefixItems: expr.items.map((i) => typeExprToSchema(i, ctx)), minItems: expr.items.length, maxItems: expr.items.length, items: false };
    case 'error_union': return typeExprToSchema(expr.payload, ctx);
    case 'union': return unionSchema(expr.members, ctx);
    case 'ref': return refSchema(expr.name, expr.args, ctx);
  }
}

function unionSchema(members: TypeExpr[], ctx: SchemaContext): JsonSchema {
  if (members.length > 0 && members.every((m) => m.kind === 'literal')) {
    return { enum: [...new Set(members.map((m) => (m as { value: string | number | boolean }).value))] };
  }
  const schemas: JsonSchema[] = [];
  const seen = new Set<string>();
  for (const m of members) {
    const s = typeExprToSchema(m, ctx);
    if (Object.keys(s).length === 0) return {}; // a union with `any` accepts anything
    const parts = Array.isArray(s.anyOf) && Object.keys(s).length === 1 ? (s.anyOf as JsonSchema[]) : [s];
    for (const p of parts) {
      const key = JSON.stringify(p);
      if (!seen.has(key)) { seen.add(key); schemas.push(p); }
    }
  }
  return schemas.length === 1 ? schemas[0]! : { anyOf: schemas };
}

function refSchema(rawName: string, args: TypeExpr[], ctx: SchemaContext): JsonSchema {
  if (ctx.typeParams?.has(rawName)) return {};
  if (ctx.declared.has(rawName)) return { $ref: `#/$defs/${defName(rawName)}` };
  const name = rawName.replace(/^(?:std|core|alloc|typing|collections|builtins)(?:::|\.)(?:\w+(?:::|\.))*/, '');
  if (ctx.declared.has(name)) return { $ref: `#/$defs/${defName(name)}` };
  const primitive = PRIMITIVE_NAMES[name] ?? PRIMITIVE_NAMES[rawName];
  if (primitive) return { ...primitive };
  const first = args[0];
  if (TRANSPARENT.has(name)) return first ? typeExprToSchema(first, ctx) : {};
  if (OPTIONALS.has(name)) return first ? nullable(typeExprToSchema(first, ctx)) : {};
  if (ARRAYS.has(name)) return { type: 'array', items: first ? typeExprToSchema(first, ctx) : {} };
  if (MAPS.has(name)) {
    const value = args.length >= 2 ? args[args.length - 1]! : undefined;
    return { type: 'object', additionalProperties: value ? typeExprToSchema(value, ctx) : {} };
  }
  // A type that was not extracted (imported, external): nothing is known about its shape.
  return {};
}

/** $defs keys: declared names are identifiers already, but keep JSON Pointer-safe. */
export function defName(typeName: string): string {
  return typeName.replace(/~/g, '~0').replace(/\//g, '~1');
}

function propertyName(field: FieldFact): string | null {
  const json = field.jsonName;
  if (json === '-') return null; // Go: `json:"-"` keeps the field out of JSON
  return json !== null && json !== '' ? json : field.name;
}

/** The schema of one declaration, referring to other declarations through #/$defs. Null for traits. */
export function typeDeclToSchema(decl: TypeDeclFact, ctx: SchemaContext): JsonSchema | null {
  const inner: SchemaContext = decl.typeParams.length > 0 ? { ...ctx, typeParams: new Set([...(ctx.typeParams ?? []), ...decl.typeParams]) } : ctx;
  switch (decl.declKind) {
    case 'trait':
      return null;
    case 'enum':
      if (decl.variants.length > 0) return { enum: [...new Set(decl.variants)] };
      return { type: 'string' };
    case 'type_alias':
      return decl.aliasOf ? typeExprToSchema(decl.aliasOf.expr, inner) : {};
    case 'union':
      if (decl.fields.length > 0) {
        // Externally tagged variants (serde's default): {"Variant": payload}.
        return {
          anyOf: decl.fields.map((f) => ({
            type: 'object',
            properties: { [propertyName(f) ?? f.name]: f.type ? typeExprToSchema(f.type.expr, inner) : {} },
            required: [propertyName(f) ?? f.name],
            additionalProperties: false,
          })),
        };
      }
      return decl.variants.length > 0 ? { enum: [...new Set(decl.variants)] } : {};
    default: {
      const properties: Record<string, JsonSchema> = {};
      const required: string[] = [];
      for (const field of decl.fields) {
        const prop = propertyName(field);
        if (prop === null) continue;
        properties[prop] = field.type ? typeExprToSchema(field.type.expr, inner) : {};
        if (!field.optional && !required.includes(prop)) required.push(prop);
      }
      const schema: JsonSchema = { type: 'object', properties, additionalProperties: false };
      if (required.length > 0) schema.required = required;
      return schema;
    }
  }
}

/** Declarations reachable from `name` through $ref, in a stable order (name first). */
function reachable(name: string, ctx: SchemaContext, defs: ReadonlyMap<string, JsonSchema>): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (n: string): void => {
    if (seen.has(n) || !defs.has(n)) return;
    seen.add(n);
    out.push(n);
    const refs = new Set<string>();
    collectRefs(defs.get(n), refs);
    for (const r of [...refs].sort()) visit(r);
  };
  visit(name);
  void ctx;
  return out;
}

function collectRefs(schema: unknown, into: Set<string>): void {
  if (schema === null || typeof schema !== 'object') return;
  if (Array.isArray(schema)) { for (const s of schema) collectRefs(s, into); return; }
  for (const [k, v] of Object.entries(schema as Record<string, unknown>)) {
    if (k === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/')) into.add(v.slice(8).replace(/~1/g, '/').replace(/~0/g, '~'));
    else collectRefs(v, into);
  }
}

export interface JsonSchemaOutput {
  /** One self-contained schema per declared type (traits excluded), keyed by type name. */
  schemas: Record<string, JsonSchema>;
  /** Every declaration in $defs and a root accepting any one of the object and enum types. */
  combined: JsonSchema | null;
}

/** Per-declaration schemas, reusable by the incremental compiler (keyed by type name). */
export function declarationSchemas(decls: readonly TypeDeclFact[]): Map<string, JsonSchema> {
  const declared = new Map<string, TypeDeclFact>();
  for (const d of decls) if (!declared.has(d.name)) declared.set(d.name, d);
  const ctx: SchemaContext = { declared };
  const defs = new Map<string, JsonSchema>();
  for (const d of declared.values()) {
    const s = typeDeclToSchema(d, ctx);
    if (s !== null) defs.set(d.name, s);
  }
  return defs;
}

/** Assembles self-contained schemas from per-declaration schemas. */
export function assembleSchemas(defs: ReadonlyMap<string, JsonSchema>): JsonSchemaOutput {
  const names = [...defs.keys()].sort();
  const schemas: Record<string, JsonSchema> = {};
  const ctx: SchemaContext = { declared: new Map() };
  for (const name of names) {
    const $defs: Record<string, JsonSchema> = {};
    for (const n of reachable(name, ctx, defs)) $defs[defName(n)] = defs.get(n)!;
    schemas[name] = { $schema: JSON_SCHEMA_DIALECT, title: name, $ref: `#/$defs/${defName(name)}`, $defs };
  }
  if (names.length === 0) return { schemas, combined: null };
  const $defs: Record<string, JsonSchema> = {};
  for (const n of names) $defs[defName(n)] = defs.get(n)!;
  const combined: JsonSchema = { $schema: JSON_SCHEMA_DIALECT, $defs, anyOf: names.map((n) => ({ $ref: `#/$defs/${defName(n)}` })) };
  return { schemas, combined };
}

/** JSON Schemas for a list of type declarations (the emitter on its own). */
export function toJsonSchema(decls: readonly TypeDeclFact[]): JsonSchemaOutput {
  return assembleSchemas(declarationSchemas(decls));
}
