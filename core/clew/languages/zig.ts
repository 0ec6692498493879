// Zig's table for Clew: parameter and container readers and type normalisation.
import type { SyntaxNode } from '../syntax.ts';
import type { FieldFact, ParamFact, TypeExpr, VariantFact } from '../../model/facts.ts';
import query from '../queries/zig.scm.ts';
import { FILE_STRUCT, integerType, lookup, MAX_TYPE_DEPTH, refType, typeFact, unknownType, type LanguageSpec, type TypeDetails } from '../spec.ts';

const INTEGER: TypeExpr = { kind: 'primitive', name: 'integer' };
const NUMBER: TypeExpr = { kind: 'primitive', name: 'number' };
const BUILTINS: Record<string, TypeExpr> = {
  usize: integerType(false, 64),
  isize: integerType(true, 64),
  comptime_int: INTEGER,
  c_int: INTEGER,
  c_uint: INTEGER,
  c_long: INTEGER,
  c_ulong: INTEGER,
  f16: NUMBER,
  f32: NUMBER,
  f64: NUMBER,
  f80: NUMBER,
  f128: NUMBER,
  comptime_float: NUMBER,
  bool: { kind: 'primitive', name: 'boolean' },
  void: { kind: 'primitive', name: 'void' },
  noreturn: { kind: 'primitive', name: 'void' },
  anytype: { kind: 'any' },
  anyopaque: { kind: 'any' },
};
const CONSTANT_VALUES = new Set(['integer', 'float', 'string', 'boolean']);
/** Fixed-size arrays up to this length are tuples of that many items. */
const MAX_FIXED_ARRAY = 64;
const ARRAY_LISTS = new Set(['ArrayList', 'ArrayListUnmanaged', 'BoundedArray', 'MultiArrayList']);

function builtin(text: string): TypeExpr | null {
  const known = lookup(BUILTINS, text);
  if (known !== undefined) return known;
  // u8, i32, u64, u3 …: arbitrary-width integers
  if (text.length > 1 && (text[0] === 'u' || text[0] === 'i') && /^[ui][0-9]+$/.test(text)) return integerType(text[0] === 'i', Number(text.slice(1)));
  return null;
}

function lastMember(node: SyntaxNode): string {
  return node.type === 'field_expression' ? (node.childForFieldName('member')?.text ?? node.text) : node.text;
}

function typeExpr(node: SyntaxNode, depth: number): TypeExpr {
  if (depth > MAX_TYPE_DEPTH) return unknownType(node);
  switch (node.type) {
    case 'builtin_type':
      return builtin(node.text) ?? unknownType(node);
    case 'identifier':
      return builtin(node.text) ?? refType(node.text);
    case 'field_expression':
      return refType(node.text);
    case 'nullable_type': {
      const inner = node.firstNamedChild;
      return inner ? { kind: 'optional', inner: typeExpr(inner, depth + 1) } : unknownType(node);
    }
    case 'error_union_type': {
      const ok = node.childForFieldName('ok');
      const error = node.childForFieldName('error');
      if (ok === null) return unknownType(node);
      return { kind: 'error_union', error: error === null ? null : typeExpr(error, depth + 1), payload: typeExpr(ok, depth + 1) };
    }
    case 'slice_type': {
      const element = node.lastNamedChild;
      if (element === null) return unknownType(node);
      // []const u8 is Zig's string
      if (element.text === 'u8') return { kind: 'primitive', name: 'string' };
      return { kind: 'array', items: typeExpr(element, depth + 1) };
    }
    case 'array_type': {
      const element = node.lastNamedChild;
      if (element === null) return unknownType(node);
      // std.json writes [N]u8 as a string like a slice of bytes, other arrays as N items
      if (element.text === 'u8') return { kind: 'primitive', name: 'string' };
      const length = Number(node.namedChildren.find((c) => c !== null && !c.equals(element))?.text);
      const items = typeExpr(element, depth + 1);
      return Number.isInteger(length) && length <= MAX_FIXED_ARRAY ? { kind: 'tuple', items: Array.from({ length }, () => items) } : { kind: 'array', items };
    }
    case 'pointer_type': {
      const inner = node.lastNamedChild;
      return inner ? typeExpr(inner, depth + 1) : unknownType(node);
    }
    case 'call_expression': {
      // generic containers: std.ArrayList(T), std.StringHashMap(V), std.AutoHashMap(K, V)
      const fn = node.childForFieldName('function');
      if (fn === null) return unknownType(node);
      const args: TypeExpr[] = [];
      for (const a of node.namedChildren) if (a !== null && !a.equals(fn) && a.type !== 'comment') args.push(typeExpr(a, depth + 1));
      const name = lastMember(fn);
      if (ARRAY_LISTS.has(name) && args.length === 1) return { kind: 'array', items: args[0]! };
      if ((name === 'StringHashMap' || name === 'StringArrayHashMap') && args.length === 1)
        return { kind: 'map', key: { kind: 'primitive', name: 'string' }, value: args[0]! };
      if ((name === 'AutoHashMap' || name === 'HashMap' || name === 'AutoArrayHashMap') && args.length >= 2)
        return { kind: 'map', key: args[0]!, value: args[1]! };
      return refType(fn.text, args);
    }
    default:
      return unknownType(node);
  }
}

function readParams(list: SyntaxNode, out: ParamFact[], receiver: { text: string | null }, isMethod: boolean): void {
  let first = true;
  for (const param of list.namedChildren) {
    if (param === null || param.type !== 'parameter') continue;
    const nameNode = param.childForFieldName('name');
    const typeNode = param.childForFieldName('type');
    const name = nameNode?.text ?? '_';
    if (first && isMethod && (name === 'self' || (typeNode !== null && /^\*?(const )?Self$/.test(typeNode.text)))) {
      receiver.text = param.text;
      first = false;
      continue;
    }
    first = false;
    const variadic = param.text === '...';
    out.push({ name, type: typeFact(spec, typeNode), default: null, optional: false, variadic });
  }
}

function readBody(declKind: string, container: SyntaxNode, fields: FieldFact[], variants: string[], _decl: SyntaxNode, details: TypeDetails): void {
  // a merged error set (`error{ A, B } || Other.Error`): the members written here
  const body = container.type === 'binary_expression' ? (container.childForFieldName('left') ?? container) : container;
  const members: VariantFact[] = [];
  // union(enum) and union(Tag) are tagged; std.json cannot write a bare union
  const tagged =
    body.type !== 'union_declaration' || body.hasChildOfType('enum') || body.namedChildTypes().some((kind) => kind !== 'container_field' && kind !== 'comment');
  for (const member of body.namedChildren) {
    if (member === null) continue;
    if (body.type === 'error_set_declaration') {
      // std.json writes an error by its name
      if (member.type === 'identifier') {
        variants.push(member.text);
        members.push({ name: member.text, value: member.text, payload: 'unit', fields: [] });
      }
      continue;
    }
    // a file is a struct: `const Config = @This();` names it
    const value = body.type === 'source_file' && member.type === 'variable_declaration' && details.name === undefined ? member.namedChild(1) : null;
    if (value !== null && value.type === 'builtin_function' && value.firstNamedChild?.text === '@This') {
      details.name = member.firstNamedChild?.text;
      // the struct is exported under that name only when the const is `pub`
      details.exported = member.firstChild?.type === 'pub';
    }
    if (member.type !== 'container_field') continue;
    const name = member.childForFieldName('name')?.text;
    // `_` marks a non-exhaustive enum; it is no value
    if (name === undefined || name === '_') continue;
    const typeNode = member.childForFieldName('type');
    if (declKind === 'enum' || declKind === 'union') variants.push(name);
    // std.json writes an enum value as its tag name, whatever its integer
    if (declKind === 'enum') {
      members.push({ name, value: name, payload: 'unit', fields: [] });
      continue;
    }
    const type = typeFact(spec, typeNode);
    // a field with a default may be left out when parsing; an optional alone may not (std.json writes null)
    const hasDefault = member.childForFieldName('value') !== null || member.hasChildOfType('=');
    const field: FieldFact = { name, jsonName: null, type, optional: hasDefault, line: member.startRow + 1 };
    fields.push(field);
    if (declKind === 'union') {
      const isVoid = type === null || (type.expr.kind === 'primitive' && type.expr.name === 'void');
      // {"tag": payload}; a void payload is written as {}
      members.push(isVoid ? { name, value: name, payload: 'struct', fields: [] } : { name, value: name, payload: 'tuple', fields: [{ ...field, name: '0' }] });
    }
  }
  if (declKind === 'enum' || declKind === 'union') details.members = members;
  // a bare union has no tag to write (Braid reports it: std.json cannot write one)
  if (declKind === 'union' && !tagged) details.tagging = { tag: null, content: null, untagged: true };
  if (body.type === 'source_file') details.name ??= FILE_STRUCT;
}

export const spec: LanguageSpec = {
  language: 'zig',
  wasm: '@tree-sitter-grammars/tree-sitter-zig/tree-sitter-zig.wasm',
  query,
  readParams,
  readBody,
  typeExpr,
  ownerOf(definition) {
    const kind = definition.ancestorTypes(1)[0];
    if (kind !== 'struct_declaration' && kind !== 'union_declaration' && kind !== 'enum_declaration') return null;
    const declaration = definition.parent!.parent;
    if (declaration?.type === 'variable_declaration') return declaration.firstNamedChild?.text ?? null;
    // the container a type function returns (`fn List(comptime T: type) type { return struct {…}; }`) is
    // that generic type: the function's name owns its methods (also when a labeled block breaks with it:
    // `return blk: { …; break :blk struct {…}; }`)
    if (declaration?.type !== 'return_expression' && declaration?.type !== 'break_expression') return null;
    let up = declaration.parent;
    while (up !== null && up.type !== 'function_declaration') up = up.parent;
    return up?.childForFieldName('name')?.text ?? null;
  },
  bindingCategory(identifier) {
    const container = identifier.ancestorTypes(2)[1];
    if (container === null) return null;
    if (container === 'block') return 'variable';
    if (container !== 'source_file' || identifier.previousSibling?.type !== 'const') return null;
    const value = identifier.nextNamedSibling;
    return value !== null && CONSTANT_VALUES.has(value.type) ? 'constant' : null;
  },
  // `pub` is the declaration's first token; reading it here is cheaper than an optional token in every pattern
  visibility(_name, _node, definition) {
    const exported = definition.firstChild?.type === 'pub';
    return { visibility: exported ? 'public' : 'private', exported };
  },
  declKind(kind, definition) {
    // a file with top-level fields is a struct; one without is only a namespace
    if (kind === 'file') return definition.hasNamedChildOfType('container_field') ? 'struct' : 'none';
    for (const type of definition.namedChildTypes()) {
      switch (type) {
        case 'struct_declaration':
          return 'struct';
        case 'union_declaration':
          return 'union';
        case 'enum_declaration':
        case 'error_set_declaration':
        case 'binary_expression':
          return 'enum';
        default:
          break;
      }
    }
    return 'struct';
  },
  moduleName: (node) => node.text,
  // `@import("std").debug.print` brings `debug.print`: the members after the call
  importName(node) {
    const members: string[] = [];
    for (let n: SyntaxNode | null = node; n !== null && n.type === 'field_expression'; n = n.childForFieldName('object'))
      members.unshift(n.childForFieldName('member')?.text ?? '');
    return members.length === 0 ? node.text : members.join('.');
  },
  isPlainString: (node) => node.type === 'string' || node.type === 'multiline_string',
  callRoles: { 'std.testing.*': 'test.assertion', 'testing.*': 'test.assertion' },
  securityCalls: {},
  isTestPath: (path) => /(^|\/)tests?\/[^/]+\.zig$/.test(path) || /_test\.zig$/.test(path),
  skipName: (name) => name === '_',
  namingIdiom: { function: 'camelCase', type: 'PascalCase', constant: 'snake_case', variable: 'snake_case', field: 'snake_case', parameter: 'snake_case' },
  staticallyTyped: true,
};
