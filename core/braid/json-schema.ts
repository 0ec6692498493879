// JSON Schema (2020-12) emitter: one schema per extracted type declaration, describing the JSON its
// language's own serializer writes (JSON.stringify, dataclasses.asdict + json, serde_json,
// encoding/json, std.json). Only keywords that both llguidance and XGrammar implement are used:
// type, properties, required, additionalProperties, items, prefixItems, enum, const, anyOf,
// $ref/$defs, minItems/maxItems, minLength, minimum/maximum on integers, pattern and format
// "date-time". What a schema cannot say exactly is reported as a note naming the type, never
// emitted as `{}` silently.
import type { FieldFact, IntegerWidth, Language, TypeDeclFact, TypeExpr, VariantFact } from '../model/facts.ts';
import {
  describe,
  enumMember,
  isObjectLike,
  isSerdeEnum,
  isUtilityType,
  literalValues,
  propertyName,
  substitute,
  substituteDeclaration,
  TypeEvaluator,
  type FlatObject,
} from './type-eval.ts';

export type JsonSchema = { [key: string]: unknown };
export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/** Something a schema could not say exactly, for the IR and `compile --strict`. */
export interface SchemaNote {
  /** The $defs entry (a declaration or an instantiation such as Page_User) the note is about. */
  type: string;
  /** 'approximated': the schema accepts more than the type allows; 'rejected': no schema for the type. */
  kind: 'approximated' | 'rejected';
  reason: string;
}

/** Named generic wrappers the five languages use, mapped to what they mean for data. */
const TRANSPARENT = new Set([
  'Promise',
  'Awaited',
  'Box',
  'Rc',
  'Arc',
  'Cow',
  'Result',
  'Ref',
  'RefCell',
  'Mutex',
  'Future',
  'Coroutine',
  'Awaitable',
  'Final',
  'Annotated',
  'Required',
  'NotRequired',
  'ReadOnly',
]);
/** Python annotations of class attributes that are no instance data (asdict and __init__ leave them out). */
const NOT_INSTANCE_DATA = new Set(['ClassVar', 'InitVar', 'KW_ONLY', 'typing.ClassVar', 'dataclasses.InitVar', 'dataclasses.KW_ONLY']);
const ARRAYS = new Set([
  'Array',
  'ReadonlyArray',
  'Vec',
  'VecDeque',
  'List',
  'list',
  'Set',
  'set',
  'frozenset',
  'FrozenSet',
  'Sequence',
  'Iterable',
  'HashSet',
  'BTreeSet',
  'ArrayList',
  'Tuple',
  'tuple',
]);
const MAPS = new Set(['Map', 'HashMap', 'BTreeMap', 'IndexMap', 'Dict', 'dict', 'Mapping', 'StringHashMap', 'AutoHashMap']);
const OPTIONALS = new Set(['Option', 'Optional']);
const PRIMITIVE_NAMES: Record<string, JsonSchema> = {
  string: { type: 'string' },
  String: { type: 'string' },
  str: { type: 'string' },
  '&str': { type: 'string' },
  number: { type: 'number' },
  float: { type: 'number' },
  f32: { type: 'number' },
  f64: { type: 'number' },
  float32: { type: 'number' },
  float64: { type: 'number' },
  int: { type: 'integer' },
  bigint: { type: 'integer' },
  i8: { type: 'integer' },
  i16: { type: 'integer' },
  i32: { type: 'integer' },
  i64: { type: 'integer' },
  u8: { type: 'integer' },
  u16: { type: 'integer' },
  u32: { type: 'integer' },
  u64: { type: 'integer' },
  usize: { type: 'integer' },
  isize: { type: 'integer' },
  int8: { type: 'integer' },
  int16: { type: 'integer' },
  int32: { type: 'integer' },
  int64: { type: 'integer' },
  uint: { type: 'integer' },
  uint8: { type: 'integer' },
  uint16: { type: 'integer' },
  uint32: { type: 'integer' },
  uint64: { type: 'integer' },
  boolean: { type: 'boolean' },
  bool: { type: 'boolean' },
  Date: { type: 'string', format: 'date-time' },
  datetime: { type: 'string', format: 'date-time' },
  DateTime: { type: 'string', format: 'date-time' },
  'time.Time': { type: 'string', format: 'date-time' },
};
/** Path prefixes of standard-library names ('std::collections::HashMap', 'typing.List'). */
const STD_PREFIX = /^(?:std|core|alloc|typing|collections|builtins)(?:::|\.)(?:\w+(?:::|\.))*/;
/** Standard base64 (RFC 4648 with padding), as encoding/json writes []byte. */
const BASE64 = '^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$';
/** Instantiations one declaration may create (bounds work on types like `type T<X> = { next: T<X[]> }`). */
const MAX_INSTANCES = 200;

export interface SchemaContext {
  /** Declared types by name (schemas reference them through $defs). */
  declared: ReadonlyMap<string, TypeDeclFact>;
  /** The declarations' language: qualified names in Go are other packages'; TS Record<K, V> has every key. */
  language?: Language | null;
  /** Declared types that write their own JSON (Go MarshalJSON, TS toJSON, a hand-written serde Serialize), by name, with that method. */
  customSerialized?: ReadonlyMap<string, string>;
}

/** Methods by which a type writes its own JSON, per language. */
export const CUSTOM_SERIALIZERS: Partial<Record<Language, readonly string[]>> = {
  go: ['MarshalJSON', 'MarshalText'],
  typescript: ['toJSON'],
  rust: ['serialize'],
  zig: ['jsonStringify'],
};

/** $defs keys: declared names are identifiers already, but keep JSON Pointer-safe. */
export function defName(typeName: string): string {
  return typeName.replace(/~/g, '~0').replace(/\//g, '~1');
}

function nullable(schema: JsonSchema): JsonSchema {
  if (schema.type === 'null' || Object.keys(schema).length === 0) return schema;
  const members = Array.isArray(schema.anyOf) && Object.keys(schema).length === 1 ? (schema.anyOf as JsonSchema[]) : [schema];
  if (members.some((m) => m.type === 'null' || (Array.isArray(m.enum) && m.enum.includes(null)) || m.const === null)) return schema;
  return { anyOf: [...members, { type: 'null' }] };
}

function integerSchema(width: IntegerWidth | undefined): JsonSchema {
  const schema: JsonSchema = { type: 'integer' };
  if (width === undefined) return schema;
  const { signed, bits } = width;
  // bounds only where a JSON number carries them exactly (|n| ≤ 2^53)
  if (bits !== null && bits <= 53) {
    schema.minimum = signed ? -(2 ** (bits - 1)) : 0;
    schema.maximum = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
  } else if (!signed) schema.minimum = 0;
  return schema;
}

/** A number or bool written inside a JSON string (Go's `,string`): the string of its text. */
function quotedSchema(inner: JsonSchema): JsonSchema {
  const members = Array.isArray(inner.anyOf) ? (inner.anyOf as JsonSchema[]) : [inner];
  const quoted = members.map((m): JsonSchema => {
    if (m.type === 'integer') return { type: 'string', pattern: '^-?(?:0|[1-9][0-9]*)$' };
    if (m.type === 'number') return { type: 'string', pattern: '^-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][-+]?[0-9]+)?$' };
    if (m.type === 'boolean') return { enum: ['true', 'false'] };
    return m; // null stays null
  });
  return quoted.length === 1 ? quoted[0]! : { anyOf: quoted };
}

/** An array of the given items in order; with `rest`, any number of further items of that schema. */
function tupleSchema(items: JsonSchema[], rest?: JsonSchema): JsonSchema {
  if (rest !== undefined)
    return items.length === 0 ? { type: 'array', items: rest } : { type: 'array', prefixItems: items, minItems: items.length, items: rest };
  return items.length === 0
    ? { type: 'array', maxItems: 0 }
    : { type: 'array', prefixItems: items, minItems: items.length, maxItems: items.length, items: false };
}

function enumOf(values: ReadonlyArray<string | number | boolean | null>): JsonSchema {
  const unique = [...new Set(values)];
  return unique.length === 1 ? { const: unique[0] } : { enum: unique };
}

const isEmpty = (s: JsonSchema) => Object.keys(s).length === 0;

/** What building one declaration's schema produced: the schema, instantiations it needed, notes. */
export interface DeclarationSchema {
  name: string;
  /** null: no schema (traits, interfaces without data; rejected types). */
  schema: JsonSchema | null;
  /** Generic instantiations (Page_User …) the schema refers to, by $defs name. */
  instances: Array<[string, JsonSchema]>;
  notes: SchemaNote[];
}

/** Builds schemas for the declarations of one source: $refs between them, instantiations on demand. */
export class SchemaBuilder {
  private readonly instances = new Map<string, JsonSchema>();
  private readonly instanceNames = new Map<string, string>();
  private readonly notes: SchemaNote[] = [];
  private readonly current: string[] = [];
  private readonly evaluator: TypeEvaluator;

  constructor(private readonly ctx: SchemaContext) {
    this.evaluator = new TypeEvaluator(
      (n) => this.lookup(n),
      (d, a) => this.bind(d, a).decl,
      (r) => this.note(r),
      ctx.language ?? null,
    );
  }

  /** The schema of one declaration with everything it produced. */
  declaration(decl: TypeDeclFact): DeclarationSchema {
    // each result stands alone (compile caches it per declaration), so instantiations are rebuilt per declaration
    this.instances.clear();
    this.instanceNames.clear();
    this.notes.length = 0;
    this.current.push(decl.name);
    let schema: JsonSchema | null;
    try {
      schema = this.declSchema(decl.typeParams.length > 0 ? this.bind(decl, []).decl : decl);
    } finally {
      this.current.pop();
    }
    const seen = new Set<string>();
    const notes = this.notes.filter((n) => {
      const k = `${n.type}\u0000${n.kind}\u0000${n.reason}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    return { name: decl.name, schema, instances: [...this.instances], notes };
  }

  /** The schema of a type expression, as a field of the declaration being built would get it. */
  expression(expr: TypeExpr): JsonSchema {
    return this.schemaOf(expr);
  }

  private note(reason: string, kind: SchemaNote['kind'] = 'approximated'): void {
    this.notes.push({ type: this.current[this.current.length - 1] ?? '', kind, reason });
  }

  private lookup(rawName: string): TypeDeclFact | undefined {
    const direct = this.ctx.declared.get(rawName);
    if (direct !== undefined) return direct;
    if (this.ctx.language === 'go') return undefined; // pkg.Name is always another package's type
    const stripped = rawName.replace(STD_PREFIX, '');
    if (stripped !== rawName && this.ctx.declared.has(stripped)) return this.ctx.declared.get(stripped);
    // crate::model::User, super::User, NS.User: the last segment when the source declares it
    const last = rawName.split(/::|\./).pop()!;
    return last !== rawName ? this.ctx.declared.get(last) : undefined;
  }

  /** Binds a generic declaration's parameters: given arguments, then defaults, else any value (noted). */
  private bind(decl: TypeDeclFact, args: readonly TypeExpr[]): { decl: TypeDeclFact; free: boolean; key: string } {
    const env = new Map<string, TypeExpr>();
    let free = true;
    decl.typeParams.forEach((param, i) => {
      const given = args[i];
      const fallback = decl.typeParamDefaults?.[i] ?? null;
      if (given !== undefined) {
        env.set(param, given);
        free = false;
        return;
      }
      if (fallback !== null) {
        env.set(param, substitute(fallback, env));
        free = false;
        return;
      }
      this.note(`type parameter ${param} of ${decl.name} is not bound here (no argument, no default): any JSON value is accepted for it`);
      env.set(param, { kind: 'any' });
    });
    return { decl: substituteDeclaration(decl, env), free, key: JSON.stringify(decl.typeParams.map((p) => env.get(p))) };
  }

  private schemaOf(expr: TypeExpr): JsonSchema {
    switch (expr.kind) {
      case 'primitive':
        switch (expr.name) {
          case 'string':
            return { type: 'string' };
          // Go's []byte, the one bytes type a serializer writes as text: base64
          case 'bytes':
            return { type: 'string', pattern: BASE64 };
          case 'integer':
            return integerSchema(expr.int);
          case 'number':
            return { type: 'number' };
          case 'boolean':
            return { type: 'boolean' };
          case 'null':
          case 'void':
            return { type: 'null' };
          case 'datetime':
            return { type: 'string', format: 'date-time' };
        }
        return {};
      case 'any':
        return {};
      case 'unknown':
        this.note(`type \`${expr.text}\` is not one Braid can describe: any JSON value is accepted in its place`);
        return {};
      case 'literal':
        return { const: expr.value };
      case 'array':
        return { type: 'array', items: this.schemaOf(expr.items) };
      case 'map':
        return this.mapSchema(expr.key, expr.value);
      case 'optional':
        return nullable(this.schemaOf(expr.inner));
      case 'tuple':
        return tupleSchema(expr.items.map((i) => this.schemaOf(i)));
      case 'error_union':
        return this.schemaOf(expr.payload);
      case 'union':
        return this.unionSchema(expr.members);
      case 'ref':
        return this.refSchema(expr);
      case 'object':
        return this.objectSchema(this.evaluator.flattenAll(expr.fields, []), expr.rest);
      case 'intersection':
      case 'indexed':
      case 'keyof':
      case 'mapped': {
        const evaluated = this.evaluator.structural(expr);
        if (evaluated.kind !== expr.kind) return this.schemaOf(evaluated);
        this.note(`${expr.kind} type ${describe(expr)} could not be evaluated: any JSON value is accepted in its place`);
        return {};
      }
    }
  }

  private unionSchema(members: TypeExpr[]): JsonSchema {
    if (members.length === 0) {
      this.note('a union with no members (never) has no JSON value; any value is accepted in its place');
      return {};
    }
    const values = literalValues({ kind: 'union', members }, (n) => this.lookup(n));
    if (values !== null) return enumOf(values);
    const schemas: JsonSchema[] = [];
    const seen = new Set<string>();
    // literal members (serde's unit variants beside payload variants) go into one enum
    const declared = (n: string) => this.lookup(n);
    const literals = members.filter((m) => m.kind === 'literal');
    if (literals.length > 1) {
      schemas.push(enumOf(literalValues({ kind: 'union', members: literals }, declared)!));
      seen.add(JSON.stringify(schemas[0]));
      members = members.filter((m) => m.kind !== 'literal');
    }
    for (const m of members) {
      const s = this.schemaOf(m);
      if (isEmpty(s)) return {}; // a union with `any` accepts anything
      const parts = Array.isArray(s.anyOf) && Object.keys(s).length === 1 ? (s.anyOf as JsonSchema[]) : [s];
      for (const p of parts) {
        const key = JSON.stringify(p);
        if (!seen.has(key)) {
          seen.add(key);
          schemas.push(p);
        }
      }
    }
    return schemas.length === 1 ? schemas[0]! : { anyOf: schemas };
  }

  /** A map; with a finite key type, an object with those properties (all of them for TS Record<K, V>). */
  private mapSchema(key: TypeExpr, value: TypeExpr): JsonSchema {
    const keys = literalValues(this.evaluator.structural(key), (n) => this.lookup(n));
    const valueSchema = this.schemaOf(value);
    if (keys === null || keys.length === 0) return { type: 'object', additionalProperties: valueSchema };
    const properties: Record<string, JsonSchema> = {};
    for (const k of keys) properties[String(k)] = valueSchema;
    const schema: JsonSchema = { type: 'object', properties, additionalProperties: false };
    if (this.ctx.language === 'typescript') schema.required = Object.keys(properties);
    return schema;
  }

  private refSchema(expr: Extract<TypeExpr, { kind: 'ref' }>): JsonSchema {
    const { name: rawName, args } = expr;
    const member = enumMember(rawName, (n) => this.lookup(n));
    if (member !== undefined) {
      if (member.value !== undefined) return { const: member.value };
      this.note(`the value of enum member ${rawName} is computed at run time`);
      return {};
    }
    const decl = this.lookup(rawName);
    if (decl !== undefined) return decl.typeParams.length > 0 ? this.instanceRef(decl, args) : { $ref: `#/$defs/${defName(decl.name)}` };
    const name = rawName.replace(STD_PREFIX, '');
    if (isUtilityType(name, this.ctx.language ?? null)) return this.schemaOf(this.evaluator.structural({ kind: 'ref', name, args }));
    const primitive = PRIMITIVE_NAMES[name] ?? PRIMITIVE_NAMES[rawName];
    if (primitive) return { ...primitive };
    const first = args[0];
    // serde writes Result like an externally tagged enum
    if (name === 'Result' && this.ctx.language === 'rust' && args.length === 2) {
      return {
        anyOf: [
          ['Ok', args[0]!],
          ['Err', args[1]!],
        ].map(([k, t]) => ({ type: 'object', properties: { [k as string]: this.schemaOf(t as TypeExpr) }, required: [k], additionalProperties: false })),
      };
    }
    const missing = (): JsonSchema => {
      this.note(`${name} without a type argument: any JSON value is accepted for its contents`);
      return {};
    };
    if (TRANSPARENT.has(name)) return first ? this.schemaOf(first) : missing();
    if (OPTIONALS.has(name)) return first ? nullable(this.schemaOf(first)) : missing();
    if (ARRAYS.has(name)) return { type: 'array', items: first ? this.schemaOf(first) : missing() };
    if (MAPS.has(name)) {
      const value = args.length >= 2 ? args[args.length - 1]! : undefined;
      return value && first ? this.mapSchema(first, value) : { type: 'object' };
    }
    this.note(`${describe(expr)} is not declared in this source: any JSON value is accepted in its place`);
    return {};
  }

  /** A generic declaration used with arguments: its own $defs entry per distinct binding (Page_User). */
  private instanceRef(decl: TypeDeclFact, args: readonly TypeExpr[]): JsonSchema {
    if (args.length === 0 && !(decl.typeParamDefaults ?? []).some((d) => d !== null)) return { $ref: `#/$defs/${defName(decl.name)}` };
    const bound = this.bind(decl, args);
    if (bound.free) return { $ref: `#/$defs/${defName(decl.name)}` };
    const key = `${decl.name}\u0000${bound.key}`;
    let name = this.instanceNames.get(key);
    if (name === undefined) {
      if (this.instanceNames.size >= MAX_INSTANCES) {
        this.note(`more than ${MAX_INSTANCES} instantiations of generic types`);
        return {};
      }
      name = this.instanceName(
        decl.name,
        decl.typeParams.map((_, i) => args[i] ?? decl.typeParamDefaults?.[i] ?? { kind: 'any' }),
      );
      this.instanceNames.set(key, name);
      this.instances.set(name, {}); // an entry before it is built, for an instantiation that refers to itself
      this.current.push(name);
      try {
        this.instances.set(name, this.declSchema(bound.decl) ?? {});
      } finally {
        this.current.pop();
      }
    }
    return { $ref: `#/$defs/${defName(name)}` };
  }

  private instanceName(base: string, args: readonly TypeExpr[]): string {
    const part = (t: TypeExpr): string => {
      switch (t.kind) {
        case 'ref':
          return [t.name.replace(/\W+/g, '_'), ...t.args.map(part)].join('_');
        case 'primitive':
          return t.name;
        case 'literal':
          return `lit_${String(t.value).replace(/\W+/g, '_')}`;
        case 'array':
          return `${part(t.items)}_array`;
        case 'optional':
          return `${part(t.inner)}_or_null`;
        case 'map':
          return `${part(t.value)}_map`;
        case 'union':
          return t.members.map(part).join('_or_');
        default:
          return t.kind;
      }
    };
    const stem = `${base}_${args.map(part).join('_')}`;
    let name = stem;
    for (let i = 2; this.ctx.declared.has(name) || [...this.instanceNames.values()].includes(name); i++) name = `${stem}_${i}`;
    return name;
  }

  /** The schema of a declaration whose type parameters are bound. Null for traits and rejected types. */
  private declSchema(decl: TypeDeclFact): JsonSchema | null {
    const custom = this.ctx.customSerialized?.get(decl.name);
    if (custom !== undefined && decl.declKind !== 'trait') {
      this.note(`${decl.name} writes its own JSON (${custom}): any JSON value is accepted for it`);
      return {};
    }
    switch (decl.declKind) {
      case 'trait':
        return null;
      case 'enum':
        return this.enumSchema(decl);
      case 'union':
        return this.taggedUnionSchema(decl);
      case 'type_alias':
        if (decl.aliasOf) return this.schemaOf(decl.aliasOf.expr);
        this.note(`type alias ${decl.name} has no type Braid could read`);
        return {};
      default:
        break;
    }
    switch (decl.layout) {
      case 'unit':
        return { type: 'null' };
      case 'transparent': {
        const only = decl.fields[0];
        if (decl.fields.length !== 1 || !only?.type) {
          this.note(`${decl.name} is transparent but has ${decl.fields.length} fields`);
          return {};
        }
        return this.schemaOf(only.type.expr);
      }
      // items past the listed ones: a NamedTuple whose fields are computed at run time
      case 'tuple':
        return tupleSchema(
          decl.fields.map((f) => this.fieldSchema(f)),
          decl.rest && this.schemaOf(decl.rest),
        );
      default:
        break;
    }
    if (!isObjectLike(decl)) {
      this.note(`${decl.declKind} ${decl.name} has no JSON form Braid knows`);
      return {};
    }
    // a subclass of a NamedTuple is still that tuple
    for (const base of decl.bases ?? []) {
      const target = base.kind === 'ref' ? this.lookup(base.name) : undefined;
      if (target?.layout === 'tuple') return this.schemaOf(base);
    }
    return this.objectSchema(this.evaluator.flattenAll(decl.fields, decl.bases ?? []), decl.rest ?? null);
  }

  /** An object of the members; several alternatives (a flattened enum's variants) make an anyOf. */
  private objectSchema(alternatives: FlatObject[], rest: TypeExpr | null): JsonSchema {
    if (alternatives.length === 1) return this.flatObjectSchema(alternatives[0]!, rest);
    return { anyOf: alternatives.map((a) => this.flatObjectSchema(a, rest)) };
  }

  private flatObjectSchema(flat: FlatObject, rest: TypeExpr | null): JsonSchema {
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    const go = this.ctx.language === 'go';
    for (const field of flat.fields) {
      const prop = propertyName(field);
      // JavaScript's #private fields are not properties: JSON.stringify never writes them
      if (prop === null || prop.startsWith('#')) continue;
      if (field.type?.expr.kind === 'ref' && NOT_INSTANCE_DATA.has(field.type.expr.name)) continue;
      // encoding/json writes exported fields only
      if (go && !/^[A-Z]/.test(field.name)) continue;
      const { schema, optional } = go ? this.goField(field) : { schema: this.fieldSchema(field), optional: field.optional };
      properties[prop] = schema;
      if (!optional && !required.includes(prop)) required.push(prop);
    }
    const schema: JsonSchema = { type: 'object', properties };
    const extra = rest ?? flat.rest;
    if (extra !== null && extra.kind !== 'any') schema.additionalProperties = this.schemaOf(extra);
    else if (!flat.open && extra === null) schema.additionalProperties = false;
    if (required.length > 0) schema.required = required;
    return schema;
  }

  /**
   * encoding/json's rules: `omitempty` leaves out false, 0, "", nil and empty slices and maps, so a
   * pointer present is never null, while a struct (never "empty") is always written; without it a nil
   * slice or map is written as null.
   */
  private goField(field: FieldFact): { schema: JsonSchema; optional: boolean } {
    const t = field.type?.expr;
    if (t === undefined) return { schema: this.fieldSchema(field), optional: field.optional };
    const schemaOf = (e: TypeExpr) => (field.quoted ? quotedSchema(this.schemaOf(e)) : this.schemaOf(e));
    if (field.optional) {
      if (t.kind === 'optional') return { schema: schemaOf(t.inner), optional: true };
      const shape = this.evaluator.structural(t);
      const neverEmpty =
        shape.kind === 'object' || (shape.kind === 'primitive' && shape.name === 'datetime') || (shape.kind === 'tuple' && shape.items.length > 0);
      const schema = schemaOf(t);
      // written only when not empty: a non-empty string or slice, a true bool
      if (schema.type === 'string' && schema.format === undefined) return { schema: { ...schema, minLength: 1 }, optional: true };
      if (schema.type === 'array') return { schema: { ...schema, minItems: 1 }, optional: true };
      if (schema.type === 'boolean') return { schema: { const: true }, optional: true };
      return { schema, optional: !neverEmpty };
    }
    const shape = t.kind === 'optional' ? t : this.evaluator.structural(t);
    const nilable = shape.kind === 'array' || shape.kind === 'map' || (shape.kind === 'primitive' && shape.name === 'bytes');
    return { schema: nilable ? nullable(schemaOf(t)) : schemaOf(t), optional: false };
  }

  private fieldSchema(field: FieldFact): JsonSchema {
    if (field.quoted && field.type !== null) return quotedSchema(this.schemaOf(field.type.expr));
    if (field.type === null) {
      this.note(`field ${field.name} has no type annotation: any JSON value is accepted for it`);
      return {};
    }
    return this.schemaOf(field.type.expr);
  }

  /** Enum members by value; Rust enums by serde's representation of each variant. */
  private enumSchema(decl: TypeDeclFact): JsonSchema | null {
    const members: VariantFact[] = decl.members ?? decl.variants.map((name) => ({ name, value: name, payload: 'unit', fields: [] }));
    if (isSerdeEnum(decl)) {
      if (members.length === 0) {
        this.note(`enum ${decl.name} has no variant serde can write`, 'rejected');
        return null;
      }
      return this.schemaOf(this.evaluator.serdeVariants(decl));
    }
    if (members.length === 0) {
      this.note(`enum ${decl.name} has no members, so no value of it can be written`, 'rejected');
      return null;
    }
    const known = members.filter((m) => m.value !== undefined).map((m) => m.value!);
    const unknown = members.filter((m) => m.value === undefined).map((m) => m.name);
    if (decl.flags === 'int') return { type: 'integer' };
    if (decl.flags === 'bits' && unknown.length === 0 && known.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 2 ** 31)) {
      const all = (known as number[]).reduce((a, b) => a | b, 0);
      // any combination of the members' bits: a range when the bits are 0…k, else every combination
      if (((all + 1) & all) === 0) return { type: 'integer', minimum: 0, maximum: all };
      const bits = [...Array(31).keys()].map((i) => 2 ** i).filter((b) => (all & b) !== 0);
      if (bits.length <= 10)
        return enumOf([...Array(2 ** bits.length).keys()].map((mask) => bits.reduce((v, b, i) => ((mask >> i) & 1 ? v | b : v), 0)).sort((a, b) => a - b));
    }
    if (decl.flags === 'bits') {
      this.note(`combinations of the flags of ${decl.name} are values too, which the schema describes only as integers`);
      return { type: 'integer', minimum: 0 };
    }
    if (unknown.length === 0) return enumOf(known);
    // values computed at run time: what the enum's kind says they are (`rest`: an IntEnum's int), else what the known ones are
    const widened =
      decl.rest !== undefined
        ? this.schemaOf(decl.rest)
        : known.length > 0 && known.every((v) => typeof v === 'number' && Number.isInteger(v))
          ? { type: 'integer' }
          : known.length > 0 && known.every((v) => typeof v === 'string')
            ? { type: 'string' }
            : {};
    this.note(`the values of ${unknown.join(', ')} are computed at run time; the schema accepts any ${isEmpty(widened) ? 'value' : String(widened.type)}`);
    return widened;
  }

  /** A variant's payload as std.json writes a Zig union field's: its one field, or an object (a void payload is {}). */
  private payloadSchema(m: VariantFact): JsonSchema {
    if (m.payload === 'tuple' && m.fields.length === 1) return this.fieldSchema(m.fields[0]!);
    return this.objectSchema([this.evaluator.flatten(m.fields, [])], null);
  }

  /** Zig's union(enum) (std.json: {"field": payload}, a void payload as {}) and unions read as variant fields. */
  private taggedUnionSchema(decl: TypeDeclFact): JsonSchema | null {
    if (decl.tagging?.untagged) {
      this.note(`${decl.name} is a union without a tag, which its serializer cannot write`, 'rejected');
      return null;
    }
    const options =
      decl.members !== undefined
        ? decl.members.map((m) => ({ tag: typeof m.value === 'string' ? m.value : m.name, payload: this.payloadSchema(m) }))
        : decl.fields.map((f) => ({ tag: propertyName(f) ?? f.name, payload: this.fieldSchema(f) }));
    if (options.length === 0) return decl.variants.length > 0 ? enumOf(decl.variants) : {};
    const schemas = options.map(({ tag, payload }) => ({ type: 'object', properties: { [tag]: payload }, required: [tag], additionalProperties: false }));
    return schemas.length === 1 ? schemas[0]! : { anyOf: schemas };
  }
}

/** The schema of a normalised type expression, as a field of an anonymous declaration would get it. */
export function typeExprToSchema(expr: TypeExpr, ctx: SchemaContext): JsonSchema {
  return new SchemaBuilder(ctx).expression(expr);
}

/** The schema of one declaration, referring to other declarations through #/$defs. Null for traits. */
export function typeDeclToSchema(decl: TypeDeclFact, ctx: SchemaContext): JsonSchema | null {
  return new SchemaBuilder(ctx).declaration(decl).schema;
}

/**
 * Declarations of one source by name. TypeScript merges interfaces declared twice under one name
 * (declaration merging); elsewhere the first declaration wins.
 */
export function declarationsByName(decls: readonly TypeDeclFact[]): Map<string, TypeDeclFact> {
  const declared = new Map<string, TypeDeclFact>();
  for (const d of decls) {
    const prev = declared.get(d.name);
    if (prev === undefined) declared.set(d.name, d);
    else if (prev.declKind === 'interface' && d.declKind === 'interface') {
      declared.set(d.name, { ...prev, fields: [...prev.fields, ...d.fields], bases: [...(prev.bases ?? []), ...(d.bases ?? [])] });
    }
  }
  return declared;
}

/** Declarations reachable from `name` through $ref, in a stable order (name first). */
function reachable(name: string, defs: ReadonlyMap<string, JsonSchema>): string[] {
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
  return out;
}

function collectRefs(schema: unknown, into: Set<string>): void {
  if (schema === null || typeof schema !== 'object') return;
  if (Array.isArray(schema)) {
    for (const s of schema) collectRefs(s, into);
    return;
  }
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
  /** What the schemas could not say exactly, per $defs entry. */
  notes: SchemaNote[];
}

/** Per-declaration schemas and what they produced, for a list of declarations of one language. */
export function declarationSchemas(decls: readonly TypeDeclFact[], language: Language | null = null): DeclarationSchema[] {
  const declared = declarationsByName(decls);
  const builder = new SchemaBuilder({ declared, language });
  return [...declared.values()].map((d) => builder.declaration(d));
}

/** Assembles self-contained schemas from per-declaration schemas (instantiations ride along in $defs). */
export function assembleSchemas(built: readonly DeclarationSchema[]): JsonSchemaOutput {
  const defs = new Map<string, JsonSchema>();
  const own: string[] = [];
  const notes: SchemaNote[] = [];
  const seenNotes = new Set<string>();
  for (const b of built) {
    for (const n of b.notes) {
      const k = `${n.type}\u0000${n.kind}\u0000${n.reason}`;
      if (!seenNotes.has(k)) {
        seenNotes.add(k);
        notes.push(n);
      }
    }
    if (b.schema === null) continue;
    defs.set(b.name, b.schema);
    own.push(b.name);
    for (const [name, schema] of b.instances) if (!defs.has(name)) defs.set(name, schema);
  }
  const names = own.sort();
  const schemas: Record<string, JsonSchema> = {};
  for (const name of names) {
    const $defs: Record<string, JsonSchema> = {};
    for (const n of reachable(name, defs)) $defs[defName(n)] = defs.get(n)!;
    schemas[name] = { $schema: JSON_SCHEMA_DIALECT, title: name, $ref: `#/$defs/${defName(name)}`, $defs };
  }
  if (names.length === 0) return { schemas, combined: null, notes };
  const $defs: Record<string, JsonSchema> = {};
  for (const n of [...defs.keys()].sort()) $defs[defName(n)] = defs.get(n)!;
  const combined: JsonSchema = { $schema: JSON_SCHEMA_DIALECT, $defs, anyOf: names.map((n) => ({ $ref: `#/$defs/${defName(n)}` })) };
  return { schemas, combined, notes };
}

/** JSON Schemas for a list of type declarations (the emitter on its own). */
export function toJsonSchema(decls: readonly TypeDeclFact[], language: Language | null = null): JsonSchemaOutput {
  return assembleSchemas(declarationSchemas(decls, language));
}
