// Go's table for Clew: parameter and struct readers (json tags) and type normalisation.
import type { SyntaxNode } from '../syntax.ts';
import type { FieldFact, ParamFact, TypeExpr, TypeFact } from '../../model/facts.ts';
import query from '../queries/go.scm.ts';
import { integerType, lookup, MAX_TYPE_DEPTH, refType, stringContent, typeFact, unknownType, type LanguageSpec } from '../spec.ts';

const NUMBER: TypeExpr = { kind: 'primitive', name: 'number' };
const NAMED: Record<string, TypeExpr> = {
  string: { kind: 'primitive', name: 'string' },
  bool: { kind: 'primitive', name: 'boolean' },
  // int and uint are 64 bits on the platforms Go targets for servers
  int: integerType(true, 64),
  int8: integerType(true, 8),
  int16: integerType(true, 16),
  int32: integerType(true, 32),
  int64: integerType(true, 64),
  uint: integerType(false, 64),
  uint8: integerType(false, 8),
  uint16: integerType(false, 16),
  uint32: integerType(false, 32),
  uint64: integerType(false, 64),
  uintptr: integerType(false, 64),
  byte: integerType(false, 8),
  rune: integerType(true, 32),
  float32: NUMBER,
  float64: NUMBER,
  complex64: NUMBER,
  complex128: NUMBER,
  any: { kind: 'any' },
};
/** Standard-library types encoding/json writes other than their name says. */
const QUALIFIED: Record<string, TypeExpr> = {
  'time.Time': { kind: 'primitive', name: 'datetime' },
  'time.Duration': integerType(true, 64), // nanoseconds
  'json.RawMessage': { kind: 'any' },
  'json.Number': NUMBER,
};
/** Fixed-size arrays up to this length are tuples of that many items. */
const MAX_FIXED_ARRAY = 64;

function typeExpr(node: SyntaxNode, depth: number): TypeExpr {
  if (depth > MAX_TYPE_DEPTH) return unknownType(node);
  switch (node.type) {
    case 'type_identifier':
      return lookup(NAMED, node.text) ?? refType(node.text);
    case 'qualified_type':
      return lookup(QUALIFIED, node.text) ?? refType(node.text);
    case 'pointer_type': {
      const inner = node.firstNamedChild;
      return inner ? { kind: 'optional', inner: typeExpr(inner, depth + 1) } : unknownType(node);
    }
    case 'slice_type':
    case 'array_type': {
      const element = node.childForFieldName('element');
      if (element === null) return unknownType(node);
      // []byte is base64 text; a [N]byte array is N numbers like any array
      if (node.type === 'slice_type' && (element.text === 'byte' || element.text === 'uint8')) return { kind: 'primitive', name: 'bytes' };
      const items = typeExpr(element, depth + 1);
      const length = node.type === 'array_type' ? Number(node.childForFieldName('length')?.text) : NaN;
      return Number.isInteger(length) && length <= MAX_FIXED_ARRAY ? { kind: 'tuple', items: Array.from({ length }, () => items) } : { kind: 'array', items };
    }
    case 'struct_type': {
      const list = node.firstNamedChild;
      const fields: FieldFact[] = [];
      if (list !== null) readFields(list, fields);
      return { kind: 'object', fields, rest: null };
    }
    case 'map_type': {
      const key = node.childForFieldName('key');
      const value = node.childForFieldName('value');
      return key && value ? { kind: 'map', key: typeExpr(key, depth + 1), value: typeExpr(value, depth + 1) } : unknownType(node);
    }
    case 'interface_type':
      return node.namedChildCount === 0 ? { kind: 'any' } : unknownType(node);
    case 'parenthesized_type': {
      const inner = node.firstNamedChild;
      return inner ? typeExpr(inner, depth + 1) : unknownType(node);
    }
    case 'generic_type': {
      const head = node.childForFieldName('type');
      const args = node.childForFieldName('type_arguments');
      if (head === null) return unknownType(node);
      const argTypes: TypeExpr[] = [];
      for (const a of args?.namedChildren ?? []) {
        if (a === null) continue;
        argTypes.push(typeExpr(a.type === 'type_elem' && a.firstNamedChild ? a.firstNamedChild : a, depth + 1));
      }
      return refType(head.text, argTypes);
    }
    default:
      return unknownType(node);
  }
}

function readParams(list: SyntaxNode, out: ParamFact[]): void {
  for (const param of list.namedChildren) {
    if (param === null) continue;
    if (param.type !== 'parameter_declaration' && param.type !== 'variadic_parameter_declaration') continue;
    const type = typeFact(spec, param.childForFieldName('type'));
    const variadic = param.type === 'variadic_parameter_declaration';
    const names = param.childrenForFieldName('name');
    if (names.length === 0) {
      out.push({ name: '_', type, default: null, optional: false, variadic });
      continue;
    }
    // `a, b int` declares two parameters of one type
    for (const name of names) if (name !== null) out.push({ name: name.text, type, default: null, optional: false, variadic });
  }
}

/** Go results: one type, or a parenthesised list that becomes a tuple. */
function returnType(node: SyntaxNode): TypeFact | null {
  if (node.type !== 'parameter_list') return typeFact(spec, node);
  const items: TypeExpr[] = [];
  for (const param of node.namedChildren) {
    if (param === null || param.type !== 'parameter_declaration') continue;
    const t = param.childForFieldName('type');
    if (t === null) continue;
    const count = Math.max(1, param.childrenForFieldName('name').length);
    for (let i = 0; i < count; i++) items.push(typeExpr(t, 1));
  }
  if (items.length === 1) {
    const only = node.namedChildren.find((p) => p?.type === 'parameter_declaration');
    const t = only?.childForFieldName('type');
    if (t && only!.childrenForFieldName('name').length === 0) return { text: t.text, expr: items[0]! };
  }
  return { text: node.text, expr: { kind: 'tuple', items } };
}

/** Reads `json:"name,omitempty"` from a struct tag (reflect.StructTag's key:"value" format). */
export function jsonTag(tag: string): { name: string | null; omitempty: boolean; skip: boolean; quoted: boolean } | null {
  let i = 0;
  while (i < tag.length) {
    while (i < tag.length && tag[i] === ' ') i++;
    const colon = tag.indexOf(':', i);
    if (colon === -1 || tag[colon + 1] !== '"') return null;
    const key = tag.slice(i, colon);
    let end = colon + 2;
    while (end < tag.length && tag[end] !== '"') end += tag[end] === '\\' ? 2 : 1;
    const value = tag.slice(colon + 2, end);
    if (key === 'json') {
      const [name = '', ...options] = value.split(',');
      if (name === '-' && options.length === 0) return { name: null, omitempty: false, skip: true, quoted: false };
      return {
        name: name === '' ? null : name,
        omitempty: options.includes('omitempty') || options.includes('omitzero'),
        skip: false,
        quoted: options.includes('string'),
      };
    }
    i = end + 1;
  }
  return null;
}

function readBody(declKind: string, body: SyntaxNode, fields: FieldFact[]): void {
  if (declKind === 'struct') readFields(body, fields);
}

/** Scalar kinds `json:",string"` writes as a JSON string (FieldFact.quoted). */
const QUOTABLE = new Set(['integer', 'number', 'boolean']);

/**
 * A struct's fields with their JSON tags. An embedded field (no name) is `embedded` unless its tag
 * names it (then it is a property of that name); its name is its type's. `json:",string"` writes a
 * number or bool as a string (quoted).
 */
function readFields(list: SyntaxNode, fields: FieldFact[]): void {
  for (const field of list.namedChildren) {
    if (field === null || field.type !== 'field_declaration') continue;
    const names = field.childrenForFieldName('name');
    const typeNode = field.childForFieldName('type');
    const tagNode = field.childForFieldName('tag');
    const tag = tagNode === null ? null : jsonTag(stringContent(tagNode));
    if (tag?.skip) continue;
    const type = typeFact(spec, typeNode);
    const scalar = type?.expr.kind === 'optional' ? type.expr.inner : type?.expr;
    const quoted = tag?.quoted === true && scalar?.kind === 'primitive' && QUOTABLE.has(scalar.name);
    const line = field.startRow + 1;
    if (names.length === 0) {
      if (typeNode === null) continue;
      // `*Base` embeds through a pointer: its promoted fields are absent when it is nil
      const pointer = field.hasChildOfType('*');
      const name = typeNode.text.replace(/^.*\./, '').replace(/\[.*$/, '');
      const embeddedType = type === null ? null : pointer ? { text: `*${type.text}`, expr: { kind: 'optional' as const, inner: type.expr } } : type;
      const fact: FieldFact = { name, jsonName: tag?.name ?? null, type: embeddedType, optional: tag?.omitempty ?? false, line };
      if (tag?.name == null) fact.embedded = true;
      fields.push(fact);
      continue;
    }
    for (const name of names) {
      if (name === null) continue;
      const fact: FieldFact = { name: name.text, jsonName: tag?.name ?? null, type, optional: tag?.omitempty ?? false, line };
      if (quoted) fact.quoted = true;
      fields.push(fact);
    }
  }
}

const isExported = (name: string) => name.length > 0 && name[0]! >= 'A' && name[0]! <= 'Z';

export const spec: LanguageSpec = {
  language: 'go',
  wasm: 'tree-sitter-go/tree-sitter-go.wasm',
  query,
  readParams,
  readBody,
  typeExpr,
  returnType,
  ownerOf(definition) {
    if (definition.type !== 'method_elem') return null;
    if (definition.ancestorTypes(2)[1] !== 'type_spec') return false;
    return definition.parent!.parent!.childForFieldName('name')?.text ?? false;
  },
  visibility(name) {
    const exported = isExported(name);
    return { visibility: exported ? 'public' : 'package', exported };
  },
  defaultLocal: (module) => module.slice(module.lastIndexOf('/') + 1),
  isPlainString: (node) => node.type === 'interpreted_string_literal' || node.type === 'raw_string_literal',
  callRoles: {
    'fmt.Errorf': 'error.error_wrap',
    panic: 'error.panic',
    'errors.New': 'error.errors_package',
    'errors.Is': 'error.errors_package',
    'errors.As': 'error.errors_package',
    'errors.Join': 'error.errors_package',
    'errors.Unwrap': 'error.errors_package',
    ...Object.fromEntries(
      ['Error', 'Errorf', 'Fatal', 'Fatalf', 'Fail', 'FailNow'].flatMap((m) => [
        [`t.${m}`, 'test.assertion'],
        [`b.${m}`, 'test.assertion'],
      ]),
    ),
    'assert.*': 'test.assertion',
    'require.*': 'test.assertion',
  },
  securityCalls: {
    'os/exec.Command': {
      rule: 'shell_program',
      reason: 'command built from non-literal input, or a shell running non-literal input (command injection)',
      argument: 0,
    },
    'os/exec.CommandContext': {
      rule: 'shell_program',
      reason: 'command built from non-literal input, or a shell running non-literal input (command injection)',
      argument: 1,
    },
  },
  isTestPath: (path) => /_test\.go$/.test(path),
  skipName: (name) => name === '_',
  namingIdiom: { function: 'PascalCase', type: 'PascalCase', constant: 'camelCase', variable: 'camelCase', field: 'PascalCase', parameter: 'camelCase' },
  staticallyTyped: true,
};
