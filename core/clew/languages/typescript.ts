// TypeScript's table for Clew: parameter and member readers and type normalisation.
import type { SyntaxCursor, SyntaxNode } from '../syntax.ts';
import type { FieldFact, ParamFact, TypeExpr, TypeFact, VariantFact } from '../../model/facts.ts';
import query from '../queries/typescript.scm.ts';
import { lookup, MAX_TYPE_DEPTH, refType, stringContent, typeFact, unionOf, unknownType, type LanguageSpec, type TypeDetails } from '../spec.ts';

const PRIMITIVES: Record<string, TypeExpr> = {
  string: { kind: 'primitive', name: 'string' },
  number: { kind: 'primitive', name: 'number' },
  bigint: { kind: 'primitive', name: 'integer' },
  boolean: { kind: 'primitive', name: 'boolean' },
  null: { kind: 'primitive', name: 'null' },
  undefined: { kind: 'primitive', name: 'null' },
  void: { kind: 'primitive', name: 'void' },
  never: { kind: 'primitive', name: 'void' },
  any: { kind: 'any' },
  unknown: { kind: 'any' },
};

const NAMED: Record<string, TypeExpr> = {
  // the grammar reads some keywords as plain type names
  bigint: { kind: 'primitive', name: 'integer' },
  Date: { kind: 'primitive', name: 'datetime' },
  Uint8Array: { kind: 'primitive', name: 'bytes' },
  Buffer: { kind: 'primitive', name: 'bytes' },
  ArrayBuffer: { kind: 'primitive', name: 'bytes' },
};

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', 0: '\0' };

/** The value of a string literal's content: JavaScript escapes decoded, as the compiler reads it. */
export function unescapeString(raw: string): string {
  if (!raw.includes('\\')) return raw;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (ch !== '\\' || i + 1 >= raw.length) {
      out += ch;
      continue;
    }
    const next = raw[++i]!;
    if (Object.hasOwn(SIMPLE_ESCAPES, next) && !(next === '0' && /[0-9]/.test(raw[i + 1] ?? ''))) {
      out += SIMPLE_ESCAPES[next];
      continue;
    }
    if (next === 'x' && /^[0-9a-fA-F]{2}$/.test(raw.slice(i + 1, i + 3))) {
      out += String.fromCharCode(parseInt(raw.slice(i + 1, i + 3), 16));
      i += 2;
      continue;
    }
    if (next === 'u' && raw[i + 1] === '{') {
      const close = raw.indexOf('}', i);
      const cp = parseInt(raw.slice(i + 2, close), 16);
      if (close > 0 && Number.isFinite(cp) && cp <= 0x10ffff) {
        out += String.fromCodePoint(cp);
        i = close;
        continue;
      }
    }
    if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(raw.slice(i + 1, i + 5))) {
      out += String.fromCharCode(parseInt(raw.slice(i + 1, i + 5), 16));
      i += 4;
      continue;
    }
    if (next === '\r' && raw[i + 1] === '\n') {
      i++;
      continue;
    }
    if (next === '\n' || next === '\u2028' || next === '\u2029') continue; // line continuation
    out += next;
  }
  return out;
}

/** A type node's named children without the comments a union may carry between its members. */
function typeChildren(node: SyntaxNode): SyntaxNode[] {
  return node.namedChildren.filter((c): c is SyntaxNode => c !== null && c.type !== 'comment');
}

function typeArgs(node: SyntaxNode | null, depth: number): TypeExpr[] {
  if (node === null) return [];
  return typeChildren(node).map((c) => typeExpr(c, depth + 1));
}

function typeExpr(node: SyntaxNode, depth: number): TypeExpr {
  if (depth > MAX_TYPE_DEPTH) return unknownType(node);
  switch (node.type) {
    case 'type_annotation':
    case 'parenthesized_type':
    case 'readonly_type': {
      const inner = node.firstNamedChild;
      return inner ? typeExpr(inner, depth + 1) : unknownType(node);
    }
    case 'predefined_type':
      return lookup(PRIMITIVES, node.text) ?? unknownType(node);
    case 'type_identifier':
      return lookup(NAMED, node.text) ?? refType(node.text);
    case 'nested_type_identifier':
      return refType(node.text);
    case 'array_type':
      return { kind: 'array', items: typeExpr(node.firstNamedChild!, depth + 1) };
    case 'tuple_type':
      return { kind: 'tuple', items: typeChildren(node).map((c) => typeExpr(c, depth + 1)) };
    case 'union_type':
      return unionOf(typeChildren(node).map((c) => typeExpr(c, depth + 1)));
    case 'literal_type': {
      const lit = node.firstNamedChild!;
      if (lit.type === 'null' || lit.type === 'undefined') return { kind: 'primitive', name: 'null' };
      if (lit.type === 'string') return { kind: 'literal', value: unescapeString(stringContent(lit)) };
      if (lit.type === 'number') return { kind: 'literal', value: Number(lit.text) };
      if (lit.type === 'true' || lit.type === 'false') return { kind: 'literal', value: lit.type === 'true' };
      return unknownType(node);
    }
    case 'generic_type': {
      const name = node.childForFieldName('name')!.text;
      const args = typeArgs(node.childForFieldName('type_arguments'), depth);
      if ((name === 'Array' || name === 'ReadonlyArray' || name === 'Set' || name === 'ReadonlySet') && args.length === 1)
        return { kind: 'array', items: args[0]! };
      if ((name === 'Record' || name === 'Map' || name === 'ReadonlyMap') && args.length === 2) return { kind: 'map', key: args[0]!, value: args[1]! };
      return refType(name, args);
    }
    case 'object_type':
      return objectType(node);
    case 'intersection_type':
      return {
        kind: 'intersection',
        members: typeChildren(node).flatMap((c) =>
          c.type === 'intersection_type' ? (typeExpr(c, depth + 1) as { members: TypeExpr[] }).members : [typeExpr(c, depth + 1)],
        ),
      };
    case 'lookup_type': {
      const [object, index] = typeChildren(node);
      return object && index ? { kind: 'indexed', object: typeExpr(object, depth + 1), index: typeExpr(index, depth + 1) } : unknownType(node);
    }
    case 'index_type_query': {
      const of = node.firstNamedChild;
      return of ? { kind: 'keyof', of: typeExpr(of, depth + 1) } : unknownType(node);
    }
    default:
      return unknownType(node);
  }
}

/** `{ a: T; b?: U; [k: string]: V }` inline, or a mapped type `{ [K in Keys]?: V }`. */
function objectType(node: SyntaxNode): TypeExpr {
  const fields: FieldFact[] = [];
  const details: TypeDetails = {};
  const mapped = readMembers(node, fields, details);
  if (mapped !== null && fields.length === 0) return mapped;
  return { kind: 'object', fields, rest: details.rest ?? null };
}

/** `[K in Keys]?: V` (an index signature with a mapped_type_clause): the mapped type, with its `?`/`-?` modifier. */
function mappedType(signature: SyntaxNode): TypeExpr | null {
  const clause = signature.namedChildren.find((c) => c?.type === 'mapped_type_clause');
  const annotation = signature.childForFieldName('type');
  const param = clause?.childForFieldName('name');
  const keys = clause?.childForFieldName('type');
  const value = annotation?.firstNamedChild;
  if (!param || !keys || !value) return null;
  const optional = annotation!.type === 'opting_type_annotation' ? true : annotation!.type === 'omitting_type_annotation' ? false : null;
  return { kind: 'mapped', param: param.text, keys: typeExpr(keys, 1), value: typeExpr(value, 1), optional };
}

/**
 * A property's type for JSON: `x: T | undefined` is absent from JSON.stringify's output when undefined,
 * so the property is optional and `undefined` leaves its type (elsewhere undefined reads as null,
 * as JSON.stringify writes it inside arrays).
 */
function propertyType(node: SyntaxNode | null): { type: TypeFact | null; undefinable: boolean } {
  if (node === null || node.type !== 'union_type') return { type: typeFact(spec, node), undefinable: false };
  const members: SyntaxNode[] = [];
  const collect = (n: SyntaxNode): void => {
    for (const c of typeChildren(n)) {
      if (c.type === 'union_type') collect(c);
      else members.push(c);
    }
  };
  collect(node);
  const defined = members.filter((m) => !(m.type === 'literal_type' && m.firstNamedChild?.type === 'undefined'));
  if (defined.length === members.length || defined.length === 0) return { type: typeFact(spec, node), undefinable: false };
  return { type: { text: node.text, expr: unionOf(defined.map((m) => typeExpr(m, 1))) }, undefinable: true };
}

function readParams(list: SyntaxNode, out: ParamFact[]): void {
  for (const param of list.namedChildren) {
    if (param === null) continue;
    const kind = param.type;
    if (kind !== 'required_parameter' && kind !== 'optional_parameter') continue;
    const pattern = param.childForFieldName('pattern');
    if (pattern === null) continue;
    // `this: T` declares the receiver type, not an argument
    if (pattern.type === 'this') continue;
    const variadic = pattern.type === 'rest_pattern';
    const name = variadic ? (pattern.firstNamedChild?.text ?? pattern.text) : pattern.text;
    const value = param.childForFieldName('value');
    const typeNode = param.childForFieldName('type');
    out.push({
      name,
      type: typeFact(spec, typeNode === null ? null : typeNode.firstNamedChild),
      default: value === null ? null : value.text,
      optional: kind === 'optional_parameter' || value !== null,
      variadic,
    });
  }
}

/** Constructor parameters with a modifier (`private readonly db: Database`, `readonly id: number`) are fields too. */
function parameterProperties(ctor: SyntaxNode, fields: FieldFact[]): void {
  const params = ctor.childForFieldName('parameters');
  for (const param of params?.namedChildren ?? []) {
    if (param === null || (param.type !== 'required_parameter' && param.type !== 'optional_parameter')) continue;
    // `private x`, `readonly x`, `override x`: any modifier before the name makes it a property
    const modifier = param.firstChild?.type;
    if (modifier !== 'accessibility_modifier' && modifier !== 'readonly' && modifier !== 'override_modifier') continue;
    const pattern = param.childForFieldName('pattern');
    if (pattern === null || pattern.type !== 'identifier') continue;
    const typeNode = param.childForFieldName('type');
    fields.push({
      name: pattern.text,
      jsonName: null,
      type: typeFact(spec, typeNode === null ? null : typeNode.firstNamedChild),
      optional: param.type === 'optional_parameter',
      line: param.startRow + 1,
    });
  }
}

function readBody(declKind: string, body: SyntaxNode, fields: FieldFact[], variants: string[], decl: SyntaxNode, details: TypeDetails): void {
  if (declKind === 'enum') {
    readEnum(body, variants, details);
    return;
  }
  readMembers(body, fields, details);
  const bases = heritage(decl);
  if (bases.length > 0) details.bases = bases;
}

/** `interface B extends A, C<T>` and `class B extends A<T>`: the types whose members B has too (`implements` adds none). */
function heritage(decl: SyntaxNode): TypeExpr[] {
  const out: TypeExpr[] = [];
  for (const child of decl.namedChildren) {
    if (child?.type === 'extends_type_clause') {
      for (const t of child.childrenForFieldName('type')) if (t !== null) out.push(typeExpr(t, 1));
    } else if (child?.type === 'class_heritage') {
      const clause = child.namedChildren.find((c) => c?.type === 'extends_clause');
      const value = clause?.childForFieldName('value');
      if (value) out.push(refType(value.text, typeArgs(clause!.childForFieldName('type_arguments'), 0)));
    }
  }
  return out;
}

/**
 * Property signatures, class fields (instance ones: statics are not part of a value) and constructor
 * parameter properties into fields; an index signature into `details.rest`. Returns a mapped type
 * signature (`[K in Keys]: V`) when the body has one.
 */
function readMembers(body: SyntaxNode, fields: FieldFact[], details: TypeDetails): TypeExpr | null {
  let mapped: TypeExpr | null = null;
  // A cursor visits the members without a node object per member and per name (most members are
  // methods, of which only a constructor matters); nodes are made only for what is read further.
  const cursor = body.walk();
  try {
    if (!cursor.gotoFirstChild()) return null;
    do {
      if (!cursor.nodeIsNamed) continue;
      const type = cursor.nodeType;
      if (type === 'method_definition') {
        const member = cursor.currentNode;
        if (isConstructor(cursor)) parameterProperties(member, fields);
        continue;
      }
      if (type === 'index_signature') {
        const signature = cursor.currentNode;
        const asMapped = mappedType(signature);
        if (asMapped !== null) mapped = asMapped;
        else {
          const value = signature.childForFieldName('type')?.firstNamedChild ?? null;
          if (value !== null) details.rest = propertyType(value).type!.expr;
        }
        continue;
      }
      if (type !== 'property_signature' && type !== 'public_field_definition') continue;
      const line = cursor.startRow + 1;
      if (!cursor.gotoFirstChild()) continue;
      let name: string | null = null;
      let optional = false;
      let typeNode: SyntaxNode | null = null;
      let afterName = false;
      let seenType = false;
      let isStatic = false;
      do {
        // `name?: T`: the '?' token follows the name directly
        if (afterName) {
          optional = cursor.nodeType === '?';
          afterName = false;
        }
        const field = cursor.currentFieldName;
        if (field === 'name' && name === null) {
          name = cursor.nodeType === 'string' ? stringContent(cursor.currentNode) : cursor.nodeText;
          afterName = true;
        } else if (field === 'type' && !seenType) {
          seenType = true;
          typeNode = firstNamedChildAt(cursor);
        } else if (name === null && cursor.nodeType === 'static') isStatic = true;
      } while (cursor.gotoNextSibling());
      cursor.gotoParent();
      if (name === null || isStatic) continue;
      const property = propertyType(typeNode);
      fields.push({ name, jsonName: null, type: property.type, optional: optional || property.undefinable, line });
    } while (cursor.gotoNextSibling());
  } finally {
    cursor.delete();
  }
  return mapped;
}

/** Enum members and their values as the compiler computes them (auto-increment after a number, constant expressions). */
function readEnum(body: SyntaxNode, variants: string[], details: TypeDetails): void {
  const members: VariantFact[] = [];
  const values = new Map<string, string | number>();
  let previous: string | number | undefined = -1;
  const enumName = body.parent?.childForFieldName('name')?.text ?? '';
  for (const member of body.namedChildren) {
    if (member === null) continue;
    let nameNode: SyntaxNode | null = null;
    let value: string | number | undefined;
    if (member.type === 'property_identifier' || member.type === 'string') {
      nameNode = member;
      value = typeof previous === 'number' ? previous + 1 : undefined;
    } else if (member.type === 'enum_assignment') {
      nameNode = member.childForFieldName('name');
      const init = member.childForFieldName('value');
      value = init === null ? undefined : constantValue(init, values, enumName);
    } else continue;
    if (nameNode === null) continue;
    const name = nameNode.type === 'string' ? stringContent(nameNode) : nameNode.text;
    variants.push(name);
    previous = value;
    if (value !== undefined) values.set(name, value);
    members.push(value === undefined ? { name, payload: 'unit', fields: [] } : { name, value, payload: 'unit', fields: [] });
  }
  details.members = members;
}

/** The value of an enum initializer the compiler evaluates at compile time; undefined when it is computed at run time. */
function constantValue(node: SyntaxNode, members: ReadonlyMap<string, string | number>, enumName: string): string | number | undefined {
  switch (node.type) {
    case 'number': {
      const n = Number(node.text.replace(/_/g, ''));
      return Number.isNaN(n) ? undefined : n;
    }
    case 'string':
      return unescapeString(stringContent(node));
    case 'template_string':
      return node.hasNamedChildOfType('template_substitution') ? undefined : unescapeString(stringContent(node));
    case 'parenthesized_expression': {
      const inner = node.firstNamedChild;
      return inner ? constantValue(inner, members, enumName) : undefined;
    }
    case 'identifier':
      return members.get(node.text);
    case 'member_expression': {
      const object = node.childForFieldName('object');
      return object?.text === enumName ? members.get(node.childForFieldName('property')?.text ?? '') : undefined;
    }
    case 'unary_expression': {
      const arg = node.childForFieldName('argument');
      const v = arg ? constantValue(arg, members, enumName) : undefined;
      if (typeof v !== 'number') return undefined;
      const op = node.childForFieldName('operator')?.type;
      return op === '-' ? -v : op === '+' ? v : op === '~' ? ~v : undefined;
    }
    case 'binary_expression': {
      const l = node.childForFieldName('left');
      const r = node.childForFieldName('right');
      const a = l ? constantValue(l, members, enumName) : undefined;
      const b = r ? constantValue(r, members, enumName) : undefined;
      if (a === undefined || b === undefined) return undefined;
      const op = node.childForFieldName('operator')?.type;
      if (op === '+') return typeof a === 'string' || typeof b === 'string' ? `${a}${b}` : a + b;
      if (typeof a !== 'number' || typeof b !== 'number') return undefined;
      switch (op) {
        case '-':
          return a - b;
        case '*':
          return a * b;
        case '/':
          return a / b;
        case '%':
          return a % b;
        case '**':
          return a ** b;
        case '|':
          return a | b;
        case '&':
          return a & b;
        case '^':
          return a ^ b;
        case '<<':
          return a << b;
        case '>>':
          return a >> b;
        case '>>>':
          return a >>> b;
        default:
          return undefined;
      }
    }
    default:
      return undefined;
  }
}

/** Whether the method at the cursor is named `constructor`; the cursor is back on the method after. */
function isConstructor(cursor: SyntaxCursor): boolean {
  if (!cursor.gotoFirstChild()) return false;
  let found = false;
  do {
    if (cursor.currentFieldName === 'name') {
      found = cursor.endIndex - cursor.startIndex === 11 && cursor.nodeText === 'constructor';
      break;
    }
  } while (cursor.gotoNextSibling());
  cursor.gotoParent();
  return found;
}

/** The first named child of the node at the cursor, as a node (null when none); the cursor stays put. */
function firstNamedChildAt(cursor: SyntaxCursor): SyntaxNode | null {
  if (!cursor.gotoFirstChild()) return null;
  let found: SyntaxNode | null = null;
  do {
    if (cursor.nodeIsNamed) {
      found = cursor.currentNode;
      break;
    }
  } while (cursor.gotoNextSibling());
  cursor.gotoParent();
  return found;
}

const CONSTANT_VALUES = new Set(['string', 'number', 'template_string', 'true', 'false', 'array', 'object', 'regex', 'unary_expression']);

/** A return annotation: `: T`, or a type predicate `: x is T` (a boolean) or `: asserts x` (nothing returned). */
function returnType(annotation: SyntaxNode): TypeFact | null {
  const inner = annotation.firstNamedChild;
  if (inner === null) return null;
  if (annotation.type === 'type_predicate_annotation') return { text: inner.text, expr: { kind: 'primitive', name: 'boolean' } };
  if (annotation.type === 'asserts_annotation') return { text: inner.text, expr: { kind: 'primitive', name: 'void' } };
  return typeFact(spec, inner);
}

/**
 * A declaration directly in the body of `declare namespace N { … }` or `declare module 'm' { … }` is
 * exported without `export` when the body has no `export { … }`, `export =` or `export default`
 * (the compiler's "export context").
 */
function inAmbientExportContext(block: SyntaxNode): boolean {
  if (block.type !== 'statement_block') return false;
  const module = block.parent;
  if ((module?.type !== 'internal_module' && module?.type !== 'module') || module.parent?.type !== 'ambient_declaration') return false;
  return !block.namedChildren.some((c) => c?.type === 'export_statement' && c.childForFieldName('declaration') === null);
}

export const spec: LanguageSpec = {
  language: 'typescript',
  wasm: 'tree-sitter-typescript/tree-sitter-typescript.wasm',
  query,
  readParams,
  readBody,
  typeExpr,
  returnType,
  ownerOf(definition) {
    if (
      definition.type === 'function_declaration' ||
      definition.type === 'generator_function_declaration' ||
      definition.type === 'function_signature' ||
      definition.type === 'lexical_declaration'
    )
      return null;
    // kinds first (no node per step); a node only for the owner whose name is read
    const up = definition.ancestorTypes(2);
    const body = up[0];
    const owner = up[1];
    if (owner === null) return false;
    if (
      (body === 'class_body' && (owner === 'class_declaration' || owner === 'abstract_class_declaration')) ||
      (body === 'interface_body' && owner === 'interface_declaration')
    ) {
      return definition.parent!.parent!.childForFieldName('name')?.text ?? false;
    }
    return false;
  },
  bindingCategory(identifier) {
    // identifier < declarator < declaration < container (< program)
    const up = identifier.ancestorTypes(4);
    const container = up[2];
    if (container === null) return null;
    if (container === 'statement_block') return 'variable';
    const topLevel = container === 'program' || (container === 'export_statement' && up[3] === 'program');
    if (!topLevel || up[1] !== 'lexical_declaration') return null;
    const declarator = identifier.parent!;
    if (declarator.parent!.childForFieldName('kind')?.text !== 'const') return null;
    const value = declarator.childForFieldName('value');
    return value !== null && CONSTANT_VALUES.has(value.type) ? 'constant' : null;
  },
  visibility(name, visibilityNode, definition, isMethod) {
    if (isMethod) {
      const text = visibilityNode?.text;
      const visibility = text === 'private' || text === 'protected' ? text : name.startsWith('#') ? 'private' : 'public';
      return { visibility, exported: false };
    }
    // a `const f = () => …` definition is the lexical_declaration; its export wraps that, and
    // `export declare class|function|…` (a .d.ts) wraps it in an ambient_declaration first
    const parent = definition.parent?.type === 'ambient_declaration' ? definition.parent.parent : definition.parent;
    const exported = parent?.type === 'export_statement' || (parent !== null && inAmbientExportContext(parent));
    return { visibility: exported ? 'public' : null, exported };
  },
  isPlainString(node) {
    if (node.type === 'string') return true;
    if (node.type === 'template_string') return !node.hasNamedChildOfType('template_substitution');
    return false;
  },
  callRoles: { assert: 'test.assertion', 'assert.*': 'test.assertion' },
  securityCalls: {
    eval: { rule: 'always', reason: 'eval runs arbitrary code' },
    Function: { rule: 'always', reason: 'new Function compiles arbitrary code' },
    'child_process.exec': { rule: 'non_literal', reason: 'shell command built from non-literal input (command injection)', argument: 0 },
    'child_process.execSync': { rule: 'non_literal', reason: 'shell command built from non-literal input (command injection)', argument: 0 },
  },
  canonicalModule: (module) => (module.startsWith('node:') ? module.slice(5) : module),
  isTestPath: (path) => /(\.|_)(test|spec)\.[cm]?tsx?$/.test(path) || /(^|\/)__tests__\//.test(path),
  skipName: (name) => name === 'constructor',
  implicitReturn: (name) => name === 'constructor',
  namingIdiom: { function: 'camelCase', type: 'PascalCase', constant: 'camelCase', variable: 'camelCase', field: 'camelCase', parameter: 'camelCase' },
  staticallyTyped: false,
};
