// Rust's table for Clew: parameter, struct and enum readers (with serde renames) and type normalisation.
import type { Node } from 'web-tree-sitter';
import type { FieldFact, ParamFact, TypeExpr } from '../../model/facts.ts';
import { identifierWords } from '../secrets.ts';
import query from '../queries/rust.scm.ts';
import { lookup, MAX_TYPE_DEPTH, refType, stringContent, typeFact, unknownType, type LanguageSpec } from '../spec.ts';

const INTEGER: TypeExpr = { kind: 'primitive', name: 'integer' };
const NUMBER: TypeExpr = { kind: 'primitive', name: 'number' };
const STRING: TypeExpr = { kind: 'primitive', name: 'string' };
const PRIMITIVES: Record<string, TypeExpr> = {
  i8: INTEGER, i16: INTEGER, i32: INTEGER, i64: INTEGER, i128: INTEGER, isize: INTEGER,
  u8: INTEGER, u16: INTEGER, u32: INTEGER, u64: INTEGER, u128: INTEGER, usize: INTEGER,
  f32: NUMBER, f64: NUMBER, bool: { kind: 'primitive', name: 'boolean' }, char: STRING, str: STRING,
};
const NAMED: Record<string, TypeExpr> = {
  String: STRING, PathBuf: STRING, OsString: STRING,
  DateTime: { kind: 'primitive', name: 'datetime' }, NaiveDateTime: { kind: 'primitive', name: 'datetime' }, SystemTime: { kind: 'primitive', name: 'datetime' },
  Value: { kind: 'any' },
};
const ARRAYS = new Set(['Vec', 'VecDeque', 'HashSet', 'BTreeSet', 'LinkedList']);
const MAPS = new Set(['HashMap', 'BTreeMap', 'IndexMap']);
/** Smart pointers are transparent for the shape of data. */
const WRAPPERS = new Set(['Box', 'Rc', 'Arc', 'Cow', 'RefCell', 'Cell', 'Mutex', 'RwLock']);

function typeExpr(node: Node, depth: number): TypeExpr {
  if (depth > MAX_TYPE_DEPTH) return unknownType(node);
  switch (node.type) {
    case 'primitive_type':
      return lookup(PRIMITIVES, node.text) ?? unknownType(node);
    case 'unit_type':
    case 'never_type':
      return { kind: 'primitive', name: 'void' };
    case 'type_identifier':
      return lookup(NAMED, node.text) ?? refType(node.text);
    case 'scoped_type_identifier': {
      const name = node.childForFieldName('name')?.text ?? node.text;
      return lookup(NAMED, name) ?? refType(node.text);
    }
    case 'reference_type':
    case 'pointer_type': {
      const inner = node.childForFieldName('type');
      return inner ? typeExpr(inner, depth + 1) : unknownType(node);
    }
    case 'array_type': {
      const element = node.childForFieldName('element');
      return element ? { kind: 'array', items: typeExpr(element, depth + 1) } : unknownType(node);
    }
    case 'tuple_type':
      return { kind: 'tuple', items: node.namedChildren.map((c) => typeExpr(c!, depth + 1)) };
    case 'generic_type': {
      const head = node.childForFieldName('type');
      if (head === null) return unknownType(node);
      const headName = head.type === 'scoped_type_identifier' ? (head.childForFieldName('name')?.text ?? head.text) : head.text;
      const argsNode = node.childForFieldName('type_arguments');
      const args: TypeExpr[] = [];
      for (const a of argsNode?.namedChildren ?? []) {
        if (a === null || a.type === 'lifetime') continue;
        args.push(typeExpr(a, depth + 1));
      }
      if (headName === 'Option' && args.length === 1) return { kind: 'optional', inner: args[0]! };
      if (ARRAYS.has(headName) && args.length === 1) {
        const bytes = headName === 'Vec' && argsNode?.firstNamedChild?.text === 'u8';
        return bytes ? { kind: 'primitive', name: 'bytes' } : { kind: 'array', items: args[0]! };
      }
      if (MAPS.has(headName) && args.length === 2) return { kind: 'map', key: args[0]!, value: args[1]! };
      if (WRAPPERS.has(headName) && args.length === 1) return args[0]!;
      return refType(head.text, args);
    }
    default:
      return unknownType(node);
  }
}

function readParams(list: Node, out: ParamFact[], receiver: { text: string | null }): void {
  for (const param of list.namedChildren) {
    if (param === null) continue;
    if (param.type === 'self_parameter') {
      receiver.text = param.text;
      continue;
    }
    if (param.type === 'variadic_parameter') {
      out.push({ name: '...', type: null, default: null, optional: false, variadic: true });
      continue;
    }
    if (param.type !== 'parameter') continue;
    const pattern = param.childForFieldName('pattern');
    const typeNode = param.childForFieldName('type');
    out.push({ name: pattern?.text ?? '_', type: typeFact(spec, typeNode), default: null, optional: false, variadic: false });
  }
}

/** serde's `rename_all` conventions applied to a snake_case field name. */
function renameAll(name: string, rule: string): string {
  const words = identifierWords(name);
  const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
  switch (rule) {
    case 'camelCase': return words.map((w, i) => (i === 0 ? w : cap(w))).join('');
    case 'PascalCase': return words.map(cap).join('');
    case 'snake_case': return words.join('_');
    case 'SCREAMING_SNAKE_CASE': return words.join('_').toUpperCase();
    case 'kebab-case': return words.join('-');
    case 'SCREAMING-KEBAB-CASE': return words.join('-').toUpperCase();
    case 'lowercase': return name.toLowerCase();
    case 'UPPERCASE': return name.toUpperCase();
    default: return name;
  }
}

/** The value of `key = "…"` inside a `#[serde(…)]` attribute item, if present. */
function serdeArgument(attributeItem: Node, key: string): string | null {
  const attribute = attributeItem.firstNamedChild;
  if (attribute === null || attribute.firstNamedChild?.text !== 'serde') return null;
  const args = attribute.childForFieldName('arguments');
  if (args === null) return null;
  const tokens = args.namedChildren;
  for (let i = 0; i + 1 < tokens.length; i++) {
    if (tokens[i]?.type === 'identifier' && tokens[i]!.text === key) {
      for (let j = i + 1; j < tokens.length; j++) {
        const t = tokens[j]!;
        if (t.type === 'string_literal') return stringContent(t);
        if (t.type === 'identifier') break;
      }
    }
  }
  return null;
}

function readBody(declKind: string, body: Node, fields: FieldFact[], variants: string[], decl: Node): void {
  if (declKind === 'enum') {
    for (const variant of body.namedChildren) {
      if (variant?.type === 'enum_variant') variants.push(variant.childForFieldName('name')?.text ?? variant.text);
    }
    return;
  }
  // #[serde(rename_all = "…")] on the struct: attributes are the preceding siblings
  let rule: string | null = null;
  for (let prev = decl.previousNamedSibling; prev !== null && prev.type === 'attribute_item'; prev = prev.previousNamedSibling) {
    rule ??= serdeArgument(prev, 'rename_all');
  }
  if (body.type === 'ordered_field_declaration_list') {
    let index = 0;
    for (const child of body.namedChildren) {
      if (child === null || child.type === 'visibility_modifier' || child.type === 'attribute_item') continue;
      fields.push({ name: String(index++), jsonName: null, type: typeFact(spec, child), optional: false, line: child.startPosition.row + 1 });
    }
    return;
  }
  let rename: string | null = null;
  for (const child of body.namedChildren) {
    if (child === null) continue;
    if (child.type === 'attribute_item') {
      rename = serdeArgument(child, 'rename') ?? rename;
      continue;
    }
    if (child.type !== 'field_declaration') continue;
    const name = child.childForFieldName('name')?.text ?? '';
    const type = typeFact(spec, child.childForFieldName('type'));
    fields.push({
      name,
      jsonName: rename ?? (rule === null ? null : renameAll(name, rule)),
      type,
      optional: type !== null && type.expr.kind === 'optional',
      line: child.startPosition.row + 1,
    });
    rename = null;
  }
}

export const spec: LanguageSpec = {
  language: 'rust',
  wasm: 'tree-sitter-rust/tree-sitter-rust.wasm',
  query,
  readParams,
  readBody,
  typeExpr,
  ownerOf(definition) {
    const list = definition.parent;
    if (list?.type !== 'declaration_list') return null;
    const container = list.parent;
    if (container?.type === 'impl_item') return container.childForFieldName('type')?.text ?? null;
    if (container?.type === 'trait_item') return container.childForFieldName('name')?.text ?? null;
    return null;
  },
  visibility(_name, visibilityNode) {
    if (visibilityNode === null) return { visibility: 'private', exported: false };
    const text = visibilityNode.text;
    return text === 'pub' ? { visibility: 'public', exported: true } : { visibility: 'package', exported: false };
  },
  moduleName: (node) => node.text,
  isPlainString: (node) => node.type === 'string_literal' || node.type === 'raw_string_literal',
  callRoles: {
    'bail!': 'error.bail', 'ensure!': 'error.bail',
    'panic!': 'error.panic', 'unreachable!': 'error.panic', 'todo!': 'error.panic', 'unimplemented!': 'error.panic',
    '.context': 'error.error_context', '.with_context': 'error.error_context', '.map_err': 'error.error_context',
    '.ok_or': 'error.error_context', '.ok_or_else': 'error.error_context',
    '.unwrap': 'type_safety.unwrap', '.expect': 'type_safety.unwrap',
    ...Object.fromEntries(['assert', 'assert_eq', 'assert_ne', 'debug_assert', 'debug_assert_eq', 'debug_assert_ne', 'assert_matches']
      .map((m) => [`${m}!`, 'test.assertion'])),
  },
  securityCalls: {},
  isTestPath: (path) => /(^|\/)tests\/[^/]+\.rs$/.test(path) || /_test\.rs$/.test(path),
  skipName: (name) => name === '_' || name === 'self',
  namingIdiom: { function: 'snake_case', type: 'PascalCase', constant: 'SCREAMING_SNAKE_CASE', variable: 'snake_case', field: 'snake_case', parameter: 'snake_case' },
  staticallyTyped: true,
};
