// Type-level evaluation for the JSON Schema emitter: binds generic parameters, expands inherited and
// embedded members, and computes what TypeScript's type operators mean for data (Partial, Pick, Omit,
// Record, intersections, keyof, T[K], mapped types) down to plain object, union and literal types.
import type { FieldFact, Language, TypeDeclFact, TypeExpr, VariantFact } from '../model/facts.ts';

export type Bindings = ReadonlyMap<string, TypeExpr>;

/** The members of an object type after inheritance and embedding, by JSON property name. */
export interface FlatObject {
  fields: FieldFact[];
  /** Value type of the properties not listed (an index signature, a flattened map); null: none. */
  rest: TypeExpr | null;
  /** Members come from a type the source does not declare: other properties may appear. */
  open: boolean;
}

const ANY: TypeExpr = { kind: 'any' };
const STRING: TypeExpr = { kind: 'primitive', name: 'string' };
const UNIONS_DISTRIBUTED = 32;
const MAX_DEPTH = 24;

/** The property a field is written as: a JSON tag or serde rename, else its name; null when never written (Go `json:"-"`). */
export function propertyName(field: FieldFact): string | null {
  const json = field.jsonName;
  if (json === '-') return null;
  return json !== null && json !== '' ? json : field.name;
}

/** Substitutes bound type parameters (a mapped type's own parameter shadows an outer one). */
export function substitute(expr: TypeExpr, env: Bindings): TypeExpr {
  if (env.size === 0) return expr;
  switch (expr.kind) {
    case 'ref': {
      if (expr.args.length === 0) {
        const bound = env.get(expr.name);
        if (bound !== undefined) return bound;
      }
      return expr.args.length === 0 ? expr : { ...expr, args: expr.args.map((a) => substitute(a, env)) };
    }
    case 'array':
      return { ...expr, items: substitute(expr.items, env) };
    case 'map':
      return { ...expr, key: substitute(expr.key, env), value: substitute(expr.value, env) };
    case 'optional':
      return { ...expr, inner: substitute(expr.inner, env) };
    case 'union':
    case 'intersection':
      return { ...expr, members: expr.members.map((m) => substitute(m, env)) };
    case 'tuple':
      return { ...expr, items: expr.items.map((m) => substitute(m, env)) };
    case 'error_union':
      return { ...expr, error: expr.error && substitute(expr.error, env), payload: substitute(expr.payload, env) };
    case 'object':
      return { ...expr, fields: substituteFields(expr.fields, env), rest: expr.rest && substitute(expr.rest, env) };
    case 'indexed':
      return { ...expr, object: substitute(expr.object, env), index: substitute(expr.index, env) };
    case 'keyof':
      return { ...expr, of: substitute(expr.of, env) };
    case 'mapped': {
      const inner = new Map(env);
      inner.delete(expr.param);
      return { ...expr, keys: substitute(expr.keys, env), value: substitute(expr.value, inner) };
    }
    default:
      return expr;
  }
}

export function substituteFields(fields: readonly FieldFact[], env: Bindings): FieldFact[] {
  return fields.map((f) => (f.type === null ? f : { ...f, type: { text: f.type.text, expr: substitute(f.type.expr, env) } }));
}

/** A declaration with its type parameters bound (the result is no longer generic). */
export function substituteDeclaration(decl: TypeDeclFact, env: Bindings): TypeDeclFact {
  const out: TypeDeclFact = {
    ...decl,
    typeParams: [],
    fields: substituteFields(decl.fields, env),
    aliasOf: decl.aliasOf && { text: decl.aliasOf.text, expr: substitute(decl.aliasOf.expr, env) },
  };
  delete out.typeParamDefaults;
  if (decl.bases) out.bases = decl.bases.map((b) => substitute(b, env));
  if (decl.rest) out.rest = substitute(decl.rest, env);
  if (decl.members) out.members = decl.members.map((m) => ({ ...m, fields: substituteFields(m.fields, env) }));
  return out;
}

/** Literal values of a finite type (a literal, a union of them, an enum or one of its members); null when not finite. */
export function literalValues(expr: TypeExpr, declared: (name: string) => TypeDeclFact | undefined): Array<string | number | boolean | null> | null {
  switch (expr.kind) {
    case 'literal':
      return [expr.value];
    case 'primitive':
      return expr.name === 'null' ? [null] : null;
    case 'union': {
      const out: Array<string | number | boolean | null> = [];
      for (const m of expr.members) {
        const v = literalValues(m, declared);
        if (v === null) return null;
        out.push(...v);
      }
      return out;
    }
    case 'optional': {
      const v = literalValues(expr.inner, declared);
      return v && [...v, null];
    }
    case 'ref': {
      const member = enumMember(expr.name, declared);
      if (member !== undefined) return member.value === undefined ? null : [member.value];
      const decl = declared(expr.name);
      if (decl?.declKind !== 'enum' || decl.members === undefined || decl.members.some((m) => m.payload !== 'unit' || m.value === undefined)) return null;
      return decl.members.map((m) => m.value!);
    }
    default:
      return null;
  }
}

/** `Status.Active` (a TS enum member used as a type). */
export function enumMember(name: string, declared: (name: string) => TypeDeclFact | undefined): { value?: string | number | boolean | null } | undefined {
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const decl = declared(name.slice(0, dot));
  if (decl?.declKind !== 'enum') return undefined;
  return decl.members?.find((m) => m.name === name.slice(dot + 1));
}

/** TypeScript's "this type's members, changed" (evaluated structurally below). */
const UTILITY_TYPES = new Set(['Partial', 'Required', 'Readonly', 'Pick', 'Omit', 'Record', 'NonNullable', 'Exclude', 'Extract', 'NoInfer']);

/** Whether a name is one of TypeScript's utility types (Python's Required[T] is a TypedDict marker instead). */
export function isUtilityType(name: string, language: Language | null): boolean {
  return UTILITY_TYPES.has(name) && (language === null || language === 'typescript');
}

const OBJECT_KINDS = new Set(['interface', 'class', 'struct', 'dataclass']);

/** Whether a declaration is written as an object of its fields. */
export function isObjectLike(decl: TypeDeclFact): boolean {
  return OBJECT_KINDS.has(decl.declKind) && decl.layout === undefined;
}

/**
 * Evaluates type expressions against the declarations of one source. `note` receives what could not
 * be evaluated exactly; `instantiate` binds a generic declaration's parameters (the emitter's, so
 * defaults and free parameters are treated in one place).
 */
export class TypeEvaluator {
  constructor(
    readonly lookup: (name: string) => TypeDeclFact | undefined,
    readonly instantiate: (decl: TypeDeclFact, args: readonly TypeExpr[]) => TypeDeclFact,
    readonly note: (reason: string) => void,
    readonly language: Language | null,
  ) {}

  private readonly declared = (name: string): TypeDeclFact | undefined => this.lookup(name);

  /** Expands named object types, type operators and intersections into object/union/literal form. */
  structural(expr: TypeExpr, depth = 0): TypeExpr {
    if (depth > MAX_DEPTH) {
      this.note('type operators nest too deeply to evaluate');
      return ANY;
    }
    switch (expr.kind) {
      case 'ref':
        return this.structuralRef(expr, depth);
      case 'union':
        return { kind: 'union', members: expr.members.map((m) => this.structural(m, depth + 1)) };
      case 'optional':
        return { kind: 'optional', inner: this.structural(expr.inner, depth + 1) };
      case 'intersection':
        return this.intersect(
          expr.members.map((m) => this.structural(m, depth + 1)),
          depth,
        );
      case 'keyof':
        return this.keyOf(this.structural(expr.of, depth + 1));
      case 'indexed':
        return this.indexed(this.structural(expr.object, depth + 1), this.structural(expr.index, depth + 1), depth);
      case 'mapped':
        return this.mapped(expr, depth);
      case 'object':
        return expr;
      default:
        return expr;
    }
  }

  private structuralRef(expr: Extract<TypeExpr, { kind: 'ref' }>, depth: number): TypeExpr {
    if (enumMember(expr.name, this.declared) !== undefined) return expr;
    const decl = this.lookup(expr.name);
    if (decl !== undefined) {
      const inst = decl.typeParams.length > 0 ? this.instantiate(decl, expr.args) : decl;
      if (inst.declKind === 'type_alias' && inst.aliasOf !== null) return this.structural(inst.aliasOf.expr, depth + 1);
      if (inst.layout === 'transparent' && inst.fields[0]?.type) return this.structural(inst.fields[0].type.expr, depth + 1);
      if (inst.layout === 'unit') return { kind: 'primitive', name: 'null' };
      if (isObjectLike(inst)) {
        const objects: TypeExpr[] = this.flattenAll(inst.fields, inst.bases ?? [], depth + 1).map((flat) => ({
          kind: 'object',
          fields: flat.fields,
          rest: flat.open ? ANY : (inst.rest ?? flat.rest),
        }));
        return objects.length === 1 ? objects[0]! : { kind: 'union', members: objects };
      }
      if (isSerdeEnum(inst)) return this.serdeVariants(inst);
      return expr;
    }
    if (!isUtilityType(expr.name, this.language)) return expr;
    const [a, b] = expr.args;
    if (a === undefined) return expr;
    switch (expr.name) {
      case 'Partial':
      case 'Required':
        return this.mapFields(this.structural(a, depth + 1), (f) => ({ ...f, optional: expr.name === 'Partial' }));
      case 'Readonly':
      case 'NoInfer':
        return this.structural(a, depth + 1);
      case 'NonNullable':
        return nonNullable(this.structural(a, depth + 1));
      case 'Pick':
      case 'Omit': {
        const keys = b === undefined ? null : literalValues(this.structural(b, depth + 1), this.declared);
        if (keys === null) {
          this.note(`the keys of ${expr.name}<…> are not a finite set of literals`);
          return ANY;
        }
        const wanted = new Set(keys.map(String));
        return this.mapFields(
          this.structural(a, depth + 1),
          (f) => (wanted.has(propertyName(f) ?? '') === (expr.name === 'Pick') ? f : null),
          expr.name === 'Pick',
        );
      }
      case 'Record':
        return b === undefined ? expr : this.record(this.structural(a, depth + 1), b);
      case 'Exclude':
      case 'Extract': {
        const from = this.structural(a, depth + 1);
        const against = b === undefined ? [] : members(this.structural(b, depth + 1)).map(canonical);
        const kept = members(from).filter((m) => against.includes(canonical(m)) === (expr.name === 'Extract'));
        return kept.length === 1 ? kept[0]! : { kind: 'union', members: kept };
      }
      default:
        return expr;
    }
  }

  /**
   * The members of an object type: inherited ones first, then embedded ones, then its own (a later
   * member of the same JSON name replaces an earlier one: Go's shallower field wins, a Python subclass
   * overrides, a TS interface redeclares).
   */
  flatten(fields: readonly FieldFact[], bases: readonly TypeExpr[], depth = 0): FlatObject {
    const out = new Map<string, FieldFact>();
    let rest: TypeExpr | null = null;
    let open = false;
    const take = (source: TypeExpr, optional: boolean, what: string): void => {
      const t = this.structural(source, depth + 1);
      const inner = t.kind === 'optional' ? t.inner : t;
      if (inner.kind === 'object') {
        for (const f of inner.fields) {
          const p = propertyName(f);
          if (p !== null) out.set(p, optional || t.kind === 'optional' ? { ...f, optional: true } : f);
        }
        if (inner.rest !== null) {
          if (inner.rest.kind === 'any') open = true;
          else rest = inner.rest;
        }
      } else if (inner.kind === 'map') {
        rest = inner.value;
      } else if (inner.kind !== 'any') {
        this.note(`${what} ${describe(source)} is not declared in this source as an object type, so its members are unknown`);
        open = true;
      } else {
        open = true;
      }
    };
    for (const base of bases) take(base, false, 'base type');
    const direct: FieldFact[] = [];
    for (const f of fields) {
      if (f.embedded && f.type !== null) {
        const t = this.structural(f.type.expr, depth + 1);
        const inner = t.kind === 'optional' ? t.inner : t;
        // Go: an embedded type that is not a struct is a field named after its type
        if (inner.kind === 'object' || inner.kind === 'map' || inner.kind === 'any' || inner.kind === 'ref' || inner.kind === 'unknown')
          take(f.type.expr, f.optional, 'embedded type');
        else direct.push({ ...f, embedded: false });
      } else direct.push(f);
    }
    for (const f of direct) {
      const p = propertyName(f);
      if (p !== null) out.set(p, f);
    }
    return { fields: [...out.values()], rest, open };
  }

  /**
   * Alternatives of an object type with flattened unions (serde `flatten` of an enum): one member set
   * per combination of the flattened variants; a single one when nothing flattened is a union.
   */
  flattenAll(fields: readonly FieldFact[], bases: readonly TypeExpr[], depth = 0): FlatObject[] {
    let combos: FieldFact[][] = [[]];
    for (const f of fields) {
      const variants = f.embedded && f.type ? this.objectUnion(f.type.expr, depth) : null;
      if (variants === null || combos.length * variants.length > UNIONS_DISTRIBUTED) {
        combos = combos.map((c) => [...c, f]);
        continue;
      }
      combos = combos.flatMap((c) => variants.map((v) => [...c, { ...f, type: { text: f.type!.text, expr: v } }]));
    }
    return combos.map((c) => this.flatten(c, bases, depth));
  }

  /** The members of a union whose members are all object types, or null. */
  private objectUnion(expr: TypeExpr, depth: number): TypeExpr[] | null {
    let t = this.structural(expr, depth + 1);
    if (t.kind === 'optional') t = t.inner;
    if (t.kind !== 'union') return null;
    const members = t.members.map((m) => this.structural(m, depth + 1));
    return members.every((m) => m.kind === 'object') ? members : null;
  }

  /**
   * A Rust enum as serde writes it, as a union: externally tagged `"Unit"` / `{"Variant": payload}`,
   * internally tagged `{"tag": "Variant", …fields}`, adjacently tagged `{"tag": …, "content": payload}`,
   * untagged the payloads themselves. A payload is null (unit), its one field (newtype), an array
   * (tuple) or an object (struct).
   */
  serdeVariants(decl: TypeDeclFact): TypeExpr {
    const tagging = decl.tagging ?? { tag: null, content: null, untagged: false };
    const literal = (value: string): TypeExpr => ({ kind: 'literal', value });
    const object = (entries: Array<[string, TypeExpr]>, more: FieldFact[] = []): TypeExpr => ({
      kind: 'object',
      fields: [...entries.map(([k, v]) => syntheticField(k, v, false)), ...more],
      rest: null,
    });
    const members: TypeExpr[] = [];
    for (const m of decl.members ?? []) {
      const tag = typeof m.value === 'string' ? m.value : m.name;
      const payload = payloadType(m);
      if (tagging.untagged || m.untagged) members.push(payload);
      else if (tagging.tag === null) members.push(m.payload === 'unit' ? literal(tag) : object([[tag, payload]]));
      else if (tagging.content !== null)
        members.push(
          object(
            m.payload === 'unit'
              ? [[tagging.tag, literal(tag)]]
              : [
                  [tagging.tag, literal(tag)],
                  [tagging.content, payload],
                ],
          ),
        );
      else if (m.payload === 'struct') members.push(object([[tagging.tag, literal(tag)]], m.fields));
      else if (m.payload === 'unit') members.push(object([[tagging.tag, literal(tag)]]));
      else if (m.fields.length === 1 && m.fields[0]!.type) {
        // a newtype's inner struct (or map) takes the tag beside its own fields
        const inner = this.structural(m.fields[0]!.type.expr);
        const tagged = (o: TypeExpr): TypeExpr | null =>
          o.kind === 'object'
            ? {
                kind: 'object',
                fields: [syntheticField(tagging.tag!, literal(tag), false), ...o.fields.filter((f) => propertyName(f) !== tagging.tag)],
                rest: o.rest,
              }
            : o.kind === 'map'
              ? { kind: 'object', fields: [syntheticField(tagging.tag!, literal(tag), false)], rest: o.value }
              : null;
        const alternatives = (inner.kind === 'union' ? inner.members : [inner]).map(tagged);
        if (alternatives.every((a): a is TypeExpr => a !== null)) members.push(...alternatives);
        else {
          this.note(`variant ${m.name} of ${decl.name}: serde cannot write ${describe(m.fields[0]!.type.expr)} inside an internally tagged enum`);
          members.push(object([[tagging.tag, literal(tag)]]));
        }
      } else {
        this.note(`variant ${m.name} of ${decl.name}: serde cannot write a tuple variant in an internally tagged enum`);
        members.push(object([[tagging.tag, literal(tag)]]));
      }
    }
    return members.length === 1 ? members[0]! : { kind: 'union', members };
  }

  private mapFields(t: TypeExpr, change: (f: FieldFact) => FieldFact | null, pick = false): TypeExpr {
    if (t.kind === 'union') return { kind: 'union', members: t.members.map((m) => this.mapFields(m, change, pick)) };
    if (t.kind !== 'object') {
      this.note(`a type operator applies to ${describe(t)}, which is not an object type declared in this source`);
      return ANY;
    }
    const fields = t.fields.map(change).filter((f): f is FieldFact => f !== null);
    return { kind: 'object', fields, rest: pick ? null : t.rest };
  }

  private record(keys: TypeExpr, value: TypeExpr): TypeExpr {
    const finite = literalValues(keys, this.declared);
    if (finite !== null) return { kind: 'object', fields: finite.map((k) => syntheticField(String(k), value, false)), rest: null };
    return { kind: 'object', fields: [], rest: value };
  }

  private keyOf(t: TypeExpr): TypeExpr {
    if (t.kind !== 'object') {
      this.note(`keyof ${describe(t)}: not an object type declared in this source`);
      return STRING;
    }
    const keys: TypeExpr[] = t.fields.map((f) => ({ kind: 'literal', value: propertyName(f) ?? f.name }));
    if (t.rest !== null) keys.push(STRING);
    return keys.length === 1 ? keys[0]! : { kind: 'union', members: keys };
  }

  private indexed(object: TypeExpr, index: TypeExpr, depth: number): TypeExpr {
    const o = object.kind === 'optional' ? object.inner : object;
    if (o.kind === 'array' && isNumberLike(index)) return o.items;
    if (o.kind === 'tuple') {
      if (isNumberLike(index)) return o.items.length === 1 ? o.items[0]! : { kind: 'union', members: o.items };
      if (index.kind === 'literal' && typeof index.value === 'number' && o.items[index.value]) return o.items[index.value]!;
    }
    if (o.kind === 'union') return { kind: 'union', members: o.members.map((m) => this.indexed(this.structural(m, depth + 1), index, depth + 1)) };
    if (o.kind === 'object') {
      const keys = literalValues(index, this.declared);
      if (keys !== null) {
        const found: TypeExpr[] = [];
        for (const k of keys) {
          const f = o.fields.find((x) => (propertyName(x) ?? x.name) === String(k));
          if (f?.type) found.push(f.type.expr);
          else if (o.rest !== null) found.push(o.rest);
          else {
            this.note(`${describe(object)} has no property ${JSON.stringify(k)}`);
            return ANY;
          }
        }
        return found.length === 1 ? found[0]! : { kind: 'union', members: found };
      }
      if (o.rest !== null && index.kind === 'primitive') return o.rest;
    }
    this.note(`indexed access ${describe(object)}[${describe(index)}] could not be evaluated`);
    return ANY;
  }

  private mapped(expr: Extract<TypeExpr, { kind: 'mapped' }>, depth: number): TypeExpr {
    const at = (key: TypeExpr) => substitute(expr.value, new Map([[expr.param, key]]));
    // homomorphic `{ [K in keyof T]: … }` keeps each member's optionality unless a modifier says otherwise
    if (expr.keys.kind === 'keyof') {
      const source = this.structural(expr.keys.of, depth + 1);
      if (source.kind === 'object') {
        const fields = source.fields.map((f) => {
          const name = propertyName(f) ?? f.name;
          return { ...syntheticField(name, at({ kind: 'literal', value: name }), expr.optional ?? f.optional) };
        });
        return { kind: 'object', fields, rest: source.rest && at(STRING) };
      }
    }
    const keys = this.structural(expr.keys, depth + 1);
    const fields: FieldFact[] = [];
    let rest: TypeExpr | null = null;
    for (const m of members(keys)) {
      const values = literalValues(m, this.declared);
      if (values !== null)
        for (const v of values) fields.push(syntheticField(String(v), at({ kind: 'literal', value: v === null ? 'null' : v }), expr.optional ?? false));
      else if (m.kind === 'primitive' && (m.name === 'string' || m.name === 'number' || m.name === 'integer')) rest = at(m);
      else {
        this.note(`the keys of a mapped type (${describe(m)}) could not be evaluated`);
        rest = ANY;
      }
    }
    return { kind: 'object', fields, rest };
  }

  /** A & B: objects merge; a primitive with object "brands" stays the primitive; unions distribute. */
  private intersect(parts: TypeExpr[], depth: number): TypeExpr {
    const unionAt = parts.findIndex((p) => p.kind === 'union');
    if (unionAt !== -1) {
      const union = parts[unionAt] as Extract<TypeExpr, { kind: 'union' }>;
      if (union.members.length <= UNIONS_DISTRIBUTED) {
        return {
          kind: 'union',
          members: union.members.map((m) =>
            this.intersect(
              parts.map((p, i) => (i === unionAt ? this.structural(m, depth + 1) : p)),
              depth + 1,
            ),
          ),
        };
      }
    }
    const objects = parts.filter((p) => p.kind === 'object') as Array<Extract<TypeExpr, { kind: 'object' }>>;
    const others = parts.filter((p) => p.kind !== 'object' && p.kind !== 'any');
    if (others.length > 0) {
      const distinct = new Set(others.map(canonical));
      if (distinct.size > 1) this.note(`intersection of ${others.map(describe).join(' & ')}: only the first is kept`);
      return others[0]!;
    }
    if (objects.length === 0) return ANY;
    const byName = new Map<string, FieldFact>();
    let rest: TypeExpr | null = null;
    for (const o of objects) {
      for (const f of o.fields) {
        const p = propertyName(f) ?? f.name;
        const prev = byName.get(p);
        // a member required on either side is required in the intersection
        byName.set(p, prev === undefined ? f : { ...f, optional: prev.optional && f.optional });
      }
      if (o.rest !== null) rest = rest === null || rest.kind === 'any' ? o.rest : rest;
    }
    if (parts.some((p) => p.kind === 'any')) rest = ANY;
    return { kind: 'object', fields: [...byName.values()], rest };
  }
}

/** A Rust enum serde writes by variant shape (payloads or a tagging attribute), rather than as a plain list of values. */
export function isSerdeEnum(decl: TypeDeclFact): boolean {
  return decl.declKind === 'enum' && (decl.tagging !== undefined || (decl.members ?? []).some((m) => m.payload !== 'unit' || m.untagged === true));
}

/** A variant's payload as serde writes it: null, its one field, an array of its fields, or an object of them. */
function payloadType(m: VariantFact): TypeExpr {
  if (m.payload === 'unit') return { kind: 'primitive', name: 'null' };
  if (m.payload === 'struct') return { kind: 'object', fields: m.fields, rest: null };
  const items = m.fields.map((f) => f.type?.expr ?? ANY);
  return items.length === 1 ? items[0]! : { kind: 'tuple', items };
}

function isNumberLike(t: TypeExpr): boolean {
  return t.kind === 'primitive' && (t.name === 'number' || t.name === 'integer');
}

function members(t: TypeExpr): TypeExpr[] {
  return t.kind === 'union' ? t.members.flatMap(members) : [t];
}

function nonNullable(t: TypeExpr): TypeExpr {
  if (t.kind === 'optional') return nonNullable(t.inner);
  if (t.kind !== 'union') return t;
  const kept = t.members.filter((m) => !(m.kind === 'primitive' && (m.name === 'null' || m.name === 'void')));
  return kept.length === 1 ? kept[0]! : { kind: 'union', members: kept };
}

function canonical(t: TypeExpr): string {
  return JSON.stringify(t);
}

export function syntheticField(name: string, expr: TypeExpr, optional: boolean): FieldFact {
  return { name, jsonName: null, type: { text: '', expr }, optional, line: 0 };
}

/** A short text for a type in notes. */
export function describe(t: TypeExpr): string {
  switch (t.kind) {
    case 'ref':
      return t.args.length === 0 ? t.name : `${t.name}<${t.args.map(describe).join(', ')}>`;
    case 'primitive':
      return t.name;
    case 'literal':
      return JSON.stringify(t.value);
    case 'unknown':
      return t.text;
    case 'array':
      return `${describe(t.items)}[]`;
    case 'union':
      return t.members.map(describe).join(' | ');
    case 'object':
      return '{…}';
    default:
      return t.kind;
  }
}
