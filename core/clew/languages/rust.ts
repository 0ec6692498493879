// Rust's table for Clew: parameter, struct and enum readers (with serde renames) and type normalisation.
import type { SyntaxNode } from '../syntax.ts';
import type { FieldFact, ParamFact, TypeExpr, VariantFact } from '../../model/facts.ts';
import { identifierWords } from '../secrets.ts';
import query from '../queries/rust.scm.ts';
import { integerType, lookup, MAX_TYPE_DEPTH, refType, stringContent, typeFact, unknownType, type LanguageSpec, type TypeDetails } from '../spec.ts';

const NUMBER: TypeExpr = { kind: 'primitive', name: 'number' };
const STRING: TypeExpr = { kind: 'primitive', name: 'string' };
const PRIMITIVES: Record<string, TypeExpr> = {
  i8: integerType(true, 8),
  i16: integerType(true, 16),
  i32: integerType(true, 32),
  i64: integerType(true, 64),
  i128: integerType(true, 128),
  isize: integerType(true, null),
  u8: integerType(false, 8),
  u16: integerType(false, 16),
  u32: integerType(false, 32),
  u64: integerType(false, 64),
  u128: integerType(false, 128),
  usize: integerType(false, null),
  f32: NUMBER,
  f64: NUMBER,
  bool: { kind: 'primitive', name: 'boolean' },
  char: STRING,
  str: STRING,
};
const u64 = integerType(false, 64);
const u32 = integerType(false, 32);
/** serde's representations of standard-library types that are not written as their name suggests. */
const NAMED: Record<string, TypeExpr> = {
  String: STRING,
  PathBuf: STRING,
  OsString: STRING,
  Path: STRING,
  // chrono: DateTime<Tz> is RFC 3339; the naive types carry no offset, so they are plain strings
  DateTime: { kind: 'primitive', name: 'datetime' },
  NaiveDateTime: STRING,
  NaiveDate: STRING,
  NaiveTime: STRING,
  SystemTime: objectOf([
    ['secs_since_epoch', u64],
    ['nanos_since_epoch', u32],
  ]),
  Duration: objectOf([
    ['secs', u64],
    ['nanos', u32],
  ]),
  Value: { kind: 'any' },
};
const ARRAYS = new Set(['Vec', 'VecDeque', 'HashSet', 'BTreeSet', 'LinkedList', 'BinaryHeap']);
const MAPS = new Set(['HashMap', 'BTreeMap', 'IndexMap', 'Map']);
/** Smart pointers are transparent for the shape of data. */
const WRAPPERS = new Set(['Box', 'Rc', 'Arc', 'Cow', 'RefCell', 'Cell', 'Mutex', 'RwLock']);
/** Fixed-size arrays up to this length are tuples of that many items (serde writes [T; N] as a sequence of N). */
const MAX_FIXED_ARRAY = 64;

function objectOf(fields: Array<[string, TypeExpr]>): TypeExpr {
  return { kind: 'object', fields: fields.map(([name, expr]) => ({ name, jsonName: null, type: { text: '', expr }, optional: false, line: 0 })), rest: null };
}

function typeExpr(node: SyntaxNode, depth: number): TypeExpr {
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
      if (element === null) return unknownType(node);
      const items = typeExpr(element, depth + 1);
      const length = node.childForFieldName('length');
      const n = length?.type === 'integer_literal' ? Number(length.text.replace(/_/g, '').replace(/usize$/, '')) : NaN;
      return Number.isInteger(n) && n <= MAX_FIXED_ARRAY ? { kind: 'tuple', items: Array.from({ length: n }, () => items) } : { kind: 'array', items };
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
      // serde writes Vec<u8> as an array of numbers like any Vec (serde_bytes aside)
      if (ARRAYS.has(headName) && args.length === 1) return { kind: 'array', items: args[0]! };
      if (MAPS.has(headName) && args.length === 2) return { kind: 'map', key: args[0]!, value: args[1]! };
      if (WRAPPERS.has(headName) && args.length >= 1) return args[args.length - 1]!;
      if (headName === 'PhantomData') return { kind: 'primitive', name: 'null' };
      if (headName === 'DateTime') return { kind: 'primitive', name: 'datetime' };
      return refType(head.text, args);
    }
    default:
      return unknownType(node);
  }
}

function readParams(list: SyntaxNode, out: ParamFact[], receiver: { text: string | null }): void {
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

/** serde's `rename_all` conventions, applied as serde does: to snake_case field names and PascalCase variant names. */
export function renameAll(name: string, rule: string): string {
  const words = identifierWords(name);
  const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
  switch (rule) {
    case 'camelCase':
      return words.map((w, i) => (i === 0 ? w : cap(w))).join('');
    case 'PascalCase':
      return words.map(cap).join('');
    case 'snake_case':
      return words.join('_');
    case 'SCREAMING_SNAKE_CASE':
      return words.join('_').toUpperCase();
    case 'kebab-case':
      return words.join('-');
    case 'SCREAMING-KEBAB-CASE':
      return words.join('-').toUpperCase();
    case 'lowercase':
      return name.toLowerCase();
    case 'UPPERCASE':
      return name.toUpperCase();
    default:
      return name;
  }
}

/** A `#[serde(...)]` attribute's entries: `key = "value"` (value), bare `key` (true); nested lists are skipped. */
type SerdeArgs = Map<string, string | true>;

function serdeEntries(tokens: SyntaxNode, into: SerdeArgs): void {
  // keys are identifiers, or keywords such as `default` (anonymous tokens in tree-sitter-rust)
  const children = tokens.children.filter((c): c is SyntaxNode => c !== null && (c.isNamed || /^[a-z_]+$/.test(c.type)));
  for (let i = 0; i < children.length; i++) {
    const t = children[i]!;
    if (t.type !== 'identifier' && t.isNamed) continue;
    const next = children[i + 1];
    if (next?.type === 'string_literal' || next?.type === 'raw_string_literal') {
      into.set(t.text, stringContent(next).replace(/^"|"$/g, ''));
      i++;
    } else if (next?.type === 'token_tree')
      i++; // rename(serialize = "…"): one direction only, not read
    else into.set(t.text, true);
  }
}

/** serde's entries from one attribute item: `#[serde(…)]` or `#[cfg_attr(feature = "serde", serde(…))]`. */
function serdeArgsOf(item: SyntaxNode, into: SerdeArgs): void {
  const attribute = item.firstNamedChild;
  const head = attribute?.firstNamedChild?.text;
  const args = attribute?.childForFieldName('arguments');
  if (!args) return;
  if (head === 'serde') serdeEntries(args, into);
  else if (head === 'cfg_attr') {
    const parts = args.namedChildren;
    parts.forEach((p, i) => {
      if (p?.type === 'identifier' && p.text === 'serde' && parts[i + 1]?.type === 'token_tree') serdeEntries(parts[i + 1]!, into);
    });
  }
}

/** The serde attributes before an item, across doc comments between them and the item. */
function attributesBefore(node: SyntaxNode): SerdeArgs {
  const out: SerdeArgs = new Map();
  for (
    let prev = node.previousNamedSibling;
    prev !== null && (prev.type === 'attribute_item' || prev.type.endsWith('comment'));
    prev = prev.previousNamedSibling
  ) {
    if (prev.type === 'attribute_item') serdeArgsOf(prev, out);
  }
  return out;
}

/** The items of a list (fields, variants) each with the serde attributes written before it. */
function withAttributes(list: SyntaxNode, isItem: (node: SyntaxNode) => boolean): Array<[SyntaxNode, SerdeArgs]> {
  const out: Array<[SyntaxNode, SerdeArgs]> = [];
  let attrs: SerdeArgs = new Map();
  for (const child of list.namedChildren) {
    if (child === null) continue;
    if (child.type === 'attribute_item') {
      serdeArgsOf(child, attrs);
      continue;
    }
    if (!isItem(child)) continue;
    out.push([child, attrs]);
    attrs = new Map();
  }
  return out;
}

const text = (args: SerdeArgs, key: string): string | null => {
  const v = args.get(key);
  return typeof v === 'string' ? v : null;
};

/**
 * Fields of a struct or struct variant as serde writes them: renamed (field attribute, then the
 * container's rename_all), left out (skip, skip_serializing), optional (default, skip_serializing_if:
 * present only when not "empty", so an `Option` skipped when None is never null), flattened, or of a
 * representation the type does not say (serialize_with, with).
 */
function readNamedFields(list: SyntaxNode, fields: FieldFact[], renameRule: string | null, allDefault: boolean): void {
  for (const [child, current] of withAttributes(list, (n) => n.type === 'field_declaration')) {
    if (current.has('skip') || current.has('skip_serializing')) continue;
    const name = child.childForFieldName('name')?.text ?? '';
    let type = typeFact(spec, child.childForFieldName('type'));
    const skipIf = text(current, 'skip_serializing_if');
    if (type !== null && skipIf !== null && /is_none$/.test(skipIf) && type.expr.kind === 'optional') type = { text: type.text, expr: type.expr.inner };
    const custom = text(current, 'serialize_with') ?? text(current, 'with');
    if (type !== null && custom !== null) type = { text: type.text, expr: { kind: 'unknown', text: `${type.text} written by ${custom}` } };
    const optional = allDefault || current.has('default') || skipIf !== null || (type !== null && type.expr.kind === 'optional');
    const field: FieldFact = {
      name,
      jsonName: text(current, 'rename') ?? (renameRule === null ? null : renameAll(name, renameRule)),
      type,
      optional,
      line: child.startRow + 1,
    };
    if (current.has('flatten')) field.embedded = true;
    fields.push(field);
  }
}

/** Positional fields (a tuple struct or tuple variant), minus skipped ones. */
function readPositionalFields(list: SyntaxNode, fields: FieldFact[]): void {
  let index = 0;
  for (const [child, current] of withAttributes(list, (n) => n.type !== 'visibility_modifier' && !n.type.endsWith('comment'))) {
    if (current.has('skip') || current.has('skip_serializing')) continue;
    fields.push({ name: String(index++), jsonName: null, type: typeFact(spec, child), optional: false, line: child.startRow + 1 });
  }
}

function readBody(declKind: string, body: SyntaxNode, fields: FieldFact[], variants: string[], decl: SyntaxNode, details: TypeDetails): void {
  if (declKind === 'trait') return;
  const container = attributesBefore(decl);
  const renameRule = text(container, 'rename_all');
  if (declKind === 'enum') {
    const members: VariantFact[] = [];
    const fieldRule = text(container, 'rename_all_fields');
    for (const [child, current] of withAttributes(body, (n) => n.type === 'enum_variant')) {
      const name = child.childForFieldName('name')?.text ?? child.text;
      variants.push(name);
      if (current.has('skip') || current.has('skip_serializing')) continue;
      const member: VariantFact = {
        name,
        value: text(current, 'rename') ?? (renameRule === null ? name : renameAll(name, renameRule)),
        payload: 'unit',
        fields: [],
      };
      const payload = child.childForFieldName('body');
      if (payload?.type === 'field_declaration_list') {
        member.payload = 'struct';
        readNamedFields(payload, member.fields, text(current, 'rename_all') ?? fieldRule, false);
      } else if (payload?.type === 'ordered_field_declaration_list') {
        member.payload = 'tuple';
        readPositionalFields(payload, member.fields);
      }
      if (current.has('untagged')) member.untagged = true;
      members.push(member);
    }
    details.members = members;
    const tag = text(container, 'tag');
    if (tag !== null || container.has('untagged')) details.tagging = { tag, content: text(container, 'content'), untagged: container.has('untagged') };
    return;
  }
  if (body.type === 'struct_item') {
    details.layout = 'unit';
    return;
  } // `struct Marker;` is written as null
  // serde cannot derive Serialize for a union (Braid reports it)
  if (declKind === 'union') details.tagging = { tag: null, content: null, untagged: true };
  if (body.type === 'ordered_field_declaration_list') {
    readPositionalFields(body, fields);
    // a newtype is its field; a tuple struct an array
    details.layout = fields.length === 1 ? 'transparent' : 'tuple';
    return;
  }
  readNamedFields(body, fields, renameRule, container.has('default'));
  if (container.has('transparent')) details.layout = 'transparent';
  // #[serde(tag = "t")] on a struct writes its name beside the fields
  const tag = text(container, 'tag');
  const name = decl.childForFieldName('name')?.text;
  if (tag !== null && name)
    fields.unshift({
      name: tag,
      jsonName: null,
      type: { text: `"${text(container, 'rename') ?? name}"`, expr: { kind: 'literal', value: text(container, 'rename') ?? name } },
      optional: false,
      line: decl.startRow + 1,
    });
}

export const spec: LanguageSpec = {
  language: 'rust',
  wasm: 'tree-sitter-rust/tree-sitter-rust.wasm',
  query,
  readParams,
  readBody,
  typeExpr,
  ownerOf(definition) {
    const up = definition.ancestorTypes(2);
    if (up[0] !== 'declaration_list' || (up[1] !== 'impl_item' && up[1] !== 'trait_item')) return null;
    const container = definition.parent!.parent;
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
    'bail!': 'error.bail',
    'ensure!': 'error.bail',
    'panic!': 'error.panic',
    'unreachable!': 'error.panic',
    'todo!': 'error.panic',
    'unimplemented!': 'error.panic',
    '.context': 'error.error_context',
    '.with_context': 'error.error_context',
    '.map_err': 'error.error_context',
    '.ok_or': 'error.error_context',
    '.ok_or_else': 'error.error_context',
    '.unwrap': 'type_safety.unwrap',
    '.expect': 'type_safety.unwrap',
    ...Object.fromEntries(
      ['assert', 'assert_eq', 'assert_ne', 'debug_assert', 'debug_assert_eq', 'debug_assert_ne', 'assert_matches'].map((m) => [`${m}!`, 'test.assertion']),
    ),
  },
  securityCalls: {},
  isTestPath: (path) => /(^|\/)tests\/[^/]+\.rs$/.test(path) || /_test\.rs$/.test(path),
  skipName: (name) => name === '_' || name === 'self',
  namingIdiom: {
    function: 'snake_case',
    type: 'PascalCase',
    constant: 'SCREAMING_SNAKE_CASE',
    variable: 'snake_case',
    field: 'snake_case',
    parameter: 'snake_case',
  },
  staticallyTyped: true,
};
