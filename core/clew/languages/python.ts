// Python's table for Clew: parameter and class-body readers, typing-module normalisation.
import type { SyntaxNode } from '../syntax.ts';
import type { FieldFact, ParamFact, ParamKind, TypeExpr, VariantFact } from '../../model/facts.ts';
import query from '../queries/python.scm.ts';
import { lookup, MAX_TYPE_DEPTH, refType, stringContent, typeFact, unionOf, unknownType, type LanguageSpec, type TypeDetails } from '../spec.ts';

const NAMED: Record<string, TypeExpr> = {
  str: { kind: 'primitive', name: 'string' },
  int: { kind: 'primitive', name: 'integer' },
  float: { kind: 'primitive', name: 'number' },
  complex: { kind: 'primitive', name: 'number' },
  bool: { kind: 'primitive', name: 'boolean' },
  bytes: { kind: 'primitive', name: 'bytes' },
  bytearray: { kind: 'primitive', name: 'bytes' },
  None: { kind: 'primitive', name: 'null' },
  NoneType: { kind: 'primitive', name: 'null' },
  datetime: { kind: 'primitive', name: 'datetime' },
  Any: { kind: 'any' },
  object: { kind: 'any' },
};
const ARRAYS = new Set([
  'list',
  'List',
  'Sequence',
  'MutableSequence',
  'Iterable',
  'Iterator',
  'set',
  'Set',
  'frozenset',
  'FrozenSet',
  'AbstractSet',
  'Collection',
]);
const MAPS = new Set(['dict', 'Dict', 'Mapping', 'MutableMapping', 'DefaultDict', 'defaultdict', 'OrderedDict']);

/** `typing.Optional` and `t.Optional` mean Optional. */
function lastSegment(text: string): string {
  const dot = text.lastIndexOf('.');
  return dot === -1 ? text : text.slice(dot + 1);
}

function typeExpr(node: SyntaxNode, depth: number): TypeExpr {
  if (depth > MAX_TYPE_DEPTH) return unknownType(node);
  switch (node.type) {
    case 'type': {
      const inner = node.firstNamedChild;
      return inner ? typeExpr(inner, depth + 1) : unknownType(node);
    }
    case 'none':
      return { kind: 'primitive', name: 'null' };
    case 'identifier':
    case 'attribute': {
      const text = node.text;
      return lookup(NAMED, lastSegment(text)) ?? refType(text);
    }
    case 'string':
      // a forward reference: 'Entity'
      return refType(stringContent(node));
    case 'union_type': // `A | B` inside a subscript's type parameters
      return unionOf(node.namedChildren.map((c) => typeExpr(c!, depth + 1)));
    case 'binary_operator': {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (left === null || right === null) return unknownType(node);
      return unionOf([typeExpr(left, depth + 1), typeExpr(right, depth + 1)]);
    }
    case 'generic_type':
    case 'subscript': {
      const head = node.type === 'subscript' ? node.childForFieldName('value') : node.firstNamedChild;
      if (head === null) return unknownType(node);
      const args: TypeExpr[] = [];
      if (node.type === 'subscript') {
        for (const a of node.childrenForFieldName('subscript')) if (a !== null) args.push(typeExpr(a, depth + 1));
      } else {
        const params = node.namedChild(1);
        if (params) for (const a of params.namedChildren) if (a !== null) args.push(typeExpr(a, depth + 1));
      }
      const name = lastSegment(head.text);
      if (name === 'Optional' && args.length === 1) return unionOf([args[0]!, { kind: 'primitive', name: 'null' }]);
      if (name === 'Union') return unionOf(args);
      if (ARRAYS.has(name) && args.length === 1) return { kind: 'array', items: args[0]! };
      if (MAPS.has(name) && args.length === 2) return { kind: 'map', key: args[0]!, value: args[1]! };
      if ((name === 'tuple' || name === 'Tuple') && args.length > 0) {
        // tuple[int, ...] is a homogeneous sequence
        const last = node.type === 'generic_type' ? node.namedChild(1)?.lastNamedChild?.firstNamedChild : node.childrenForFieldName('subscript').pop();
        if (args.length === 2 && last?.type === 'ellipsis') return { kind: 'array', items: args[0]! };
        return { kind: 'tuple', items: args };
      }
      if (name === 'Literal') {
        // Literal["a", 1, None, Color.RED]: in an annotation each value sits in a `type` node, in an expression it stands alone
        const nodes =
          node.type === 'generic_type'
            ? (node.namedChild(1)?.namedChildren ?? []).map((a) => a?.firstNamedChild ?? null)
            : node.childrenForFieldName('subscript');
        const values: TypeExpr[] = [];
        for (const v of nodes) {
          const value = v === null ? undefined : pythonLiteral(v);
          if (value !== undefined) values.push(value === null ? { kind: 'primitive', name: 'null' } : { kind: 'literal', value });
          else if (v?.type === 'attribute') values.push(refType(v.text));
        }
        if (values.length > 0) return values.length === 1 ? values[0]! : unionOf(values);
      }
      return refType(head.text, args);
    }
    case 'list': // Callable[[int], str] argument lists
      return { kind: 'tuple', items: node.namedChildren.map((c) => typeExpr(c!, depth + 1)) };
    default:
      return unknownType(node);
  }
}

/** The value of a Python literal (str, int, float, bool, None, a negative number); undefined for anything else. */
export function pythonLiteral(node: SyntaxNode): string | number | boolean | null | undefined {
  switch (node.type) {
    case 'string': {
      // string_start (prefix and quotes), the content, string_end
      const start = node.firstChild;
      const end = node.lastChild;
      if (start === null || end === null || start.type !== 'string_start' || /[bBfF]/.test(start.text) || node.hasNamedChildOfType('interpolation'))
        return undefined;
      const raw = node.text.slice(start.text.length, node.text.length - end.text.length);
      return /[rR]/.test(start.text) ? raw : unescapePython(raw);
    }
    case 'concatenated_string': {
      let out = '';
      for (const part of node.namedChildren) {
        const v = part === null ? undefined : pythonLiteral(part);
        if (typeof v !== 'string') return undefined;
        out += v;
      }
      return out;
    }
    case 'integer': {
      const text = node.text.replace(/_/g, '').toLowerCase();
      const n = text.startsWith('0o') ? parseInt(text.slice(2), 8) : Number(text.replace(/l$/, ''));
      return Number.isFinite(n) ? n : undefined;
    }
    case 'float': {
      const n = Number(node.text.replace(/_/g, ''));
      return Number.isFinite(n) ? n : undefined;
    }
    case 'true':
      return true;
    case 'false':
      return false;
    case 'none':
      return null;
    case 'parenthesized_expression': {
      const inner = node.firstNamedChild;
      return inner ? pythonLiteral(inner) : undefined;
    }
    case 'unary_operator': {
      const arg = node.childForFieldName('argument');
      const v = arg ? pythonLiteral(arg) : undefined;
      if (typeof v !== 'number') return undefined;
      const op = node.childForFieldName('operator')?.type;
      return op === '-' ? -v : op === '+' ? v : op === '~' ? ~v : undefined;
    }
    default:
      return undefined;
  }
}

const PY_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v' };

/** A (non-raw) string literal's escapes decoded. */
function unescapePython(raw: string): string {
  if (!raw.includes('\\')) return raw;
  return raw.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/gs, (m, e: string) => {
    if (e.length > 1) return String.fromCodePoint(parseInt(e.slice(1), 16));
    return Object.hasOwn(PY_ESCAPES, e) ? PY_ESCAPES[e]! : e === '\n' ? '' : m;
  });
}

function readParams(list: SyntaxNode, out: ParamFact[], receiver: { text: string | null }, isMethod: boolean): void {
  let first = true;
  const start = out.length;
  // after a bare `*` or `*args`, parameters are keyword-only
  let keywordOnly = false;
  for (const param of list.namedChildren) {
    if (param === null) continue;
    let name: string | null = null;
    let typeNode: SyntaxNode | null = null;
    let value: SyntaxNode | null = null;
    let variadic = false;
    let splat: string | null = null;
    switch (param.type) {
      case 'identifier':
        name = param.text;
        break;
      case 'typed_parameter': {
        const inner = param.firstNamedChild;
        if (inner === null) break;
        variadic = inner.type === 'list_splat_pattern' || inner.type === 'dictionary_splat_pattern';
        if (variadic) splat = inner.type;
        name = variadic ? (inner.firstNamedChild?.text ?? inner.text) : inner.text;
        typeNode = param.childForFieldNameThrough('type', 'type');
        break;
      }
      case 'default_parameter':
      case 'typed_default_parameter':
        name = param.childForFieldName('name')?.text ?? null;
        typeNode = param.childForFieldNameThrough('type', 'type');
        value = param.childForFieldName('value');
        break;
      case 'list_splat_pattern':
      case 'dictionary_splat_pattern':
        name = param.firstNamedChild?.text ?? null;
        variadic = true;
        splat = param.type;
        break;
      case 'keyword_separator':
        keywordOnly = true;
        break;
      case 'positional_separator':
        // every parameter before `/` is positional-only
        for (let i = start; i < out.length; i++) out[i] = { ...out[i]!, kind: 'positional_only' };
        break;
      default:
        break;
    }
    if (name === null) continue;
    // the first parameter of a method is the receiver (self / cls), not an argument
    if (first && isMethod && (name === 'self' || name === 'cls') && typeNode === null) {
      receiver.text = name;
      first = false;
      continue;
    }
    first = false;
    const kind: ParamKind | null =
      splat === 'list_splat_pattern' ? 'var_positional' : splat === 'dictionary_splat_pattern' ? 'var_keyword' : keywordOnly ? 'keyword_only' : null;
    if (splat === 'list_splat_pattern') keywordOnly = true;
    const fact: ParamFact = { name, type: typeFact(spec, typeNode), default: value === null ? null : value.text, optional: value !== null, variadic };
    if (kind !== null) fact.kind = kind;
    out.push(fact);
  }
}

/** `self.x = …` in __init__ declares an instance attribute; its type is the annotation or the parameter it copies. */
function initAttributes(init: SyntaxNode, fields: FieldFact[]): void {
  const paramTypes = new Map<string, SyntaxNode>();
  const defaulted = new Set<string>();
  for (const param of init.childForFieldName('parameters')?.namedChildren ?? []) {
    if (param === null) continue;
    const typeNode = param.childForFieldNameThrough('type', 'type');
    const nameNode = param.type === 'typed_parameter' ? param.firstNamedChild : param.childForFieldName('name');
    if (typeNode !== null && nameNode !== null) paramTypes.set(nameNode.text, typeNode);
    if (nameNode !== null && param.childForFieldName('value') !== null) defaulted.add(nameNode.text);
  }
  const seen = new Set(fields.map((f) => f.name));
  for (const statement of init.childForFieldName('body')?.namedChildren ?? []) {
    if (statement === null || statement.type !== 'expression_statement') continue;
    const assignment = statement.firstNamedChild;
    if (assignment === null || assignment.type !== 'assignment') continue;
    const left = assignment.childForFieldName('left');
    if (left === null || left.type !== 'attribute' || left.childForFieldName('object')?.text !== 'self') continue;
    const name = left.childForFieldName('attribute')?.text;
    if (name === undefined || seen.has(name)) continue;
    seen.add(name);
    const right = assignment.childForFieldName('right');
    const typeNode = assignment.childForFieldNameThrough('type', 'type') ?? (right?.type === 'identifier' ? (paramTypes.get(right.text) ?? null) : null);
    const type = typeFact(spec, typeNode);
    // every attribute is in the object; one copied from a defaulted parameter may be left out when building it
    fields.push({ name, jsonName: null, type, optional: right?.type === 'identifier' && defaulted.has(right.text), line: assignment.startRow + 1 });
  }
}

/** Base classes that say what kind of class it is rather than whose fields it inherits. */
const MARKER_BASES = new Set([
  'object',
  'Generic',
  'Protocol',
  'TypedDict',
  'NamedTuple',
  'ABC',
  'Enum',
  'IntEnum',
  'StrEnum',
  'Flag',
  'IntFlag',
  'ReprEnum',
  'str',
  'int',
]);

/** What a class's bases and decorators say: enum kind, NamedTuple, TypedDict (and its totality), data bases, Generic[T]. */
interface ClassShape {
  enumKind: string | null;
  /** A base written as a call: class X(namedtuple('X', 'a b')) */
  functionalBase: SyntaxNode | null;
  namedTuple: boolean;
  typedDict: boolean;
  total: boolean;
  bases: TypeExpr[];
  typeParams: string[];
}

function classShape(definition: SyntaxNode): ClassShape {
  const shape: ClassShape = { enumKind: null, functionalBase: null, namedTuple: false, typedDict: false, total: true, bases: [], typeParams: [] };
  // the standard library builds enums with @_simple_enum(IntEnum) on a plain class
  const parent = definition.parent;
  if (parent?.type === 'decorated_definition') {
    for (const d of parent.namedChildren) {
      const call = d?.type === 'decorator' ? d.firstNamedChild : null;
      if (call?.type !== 'call' || lastSegment(call.childForFieldName('function')?.text ?? '') !== '_simple_enum') continue;
      const kind = call.childForFieldName('arguments')?.firstNamedChild;
      if (kind) shape.enumKind = lastSegment(kind.text).replace(/^_/, '');
    }
  }
  for (const base of definition.childForFieldName('superclasses')?.namedChildren ?? []) {
    if (base === null) continue;
    if (base.type === 'keyword_argument') {
      // `total=` is TypedDict's keyword: a class given it is a TypedDict (a subclass of one)
      if (base.childForFieldName('name')?.text === 'total') {
        shape.typedDict = true;
        shape.total = base.childForFieldName('value')?.type !== 'false';
      }
      continue;
    }
    if (base.type === 'call') {
      if (/^(NamedTuple|namedtuple|TypedDict)$/.test(lastSegment(base.childForFieldName('function')?.text ?? ''))) shape.functionalBase = base;
      continue;
    }
    const head = base.type === 'subscript' ? (base.childForFieldName('value')?.text ?? '') : base.text;
    const name = enumBaseName(lastSegment(head));
    if (ENUM_BASES.has(name)) shape.enumKind = shape.enumKind === null || shape.enumKind === 'Enum' ? name : shape.enumKind;
    else if (name === 'str' && shape.enumKind === null) shape.enumKind = 'str';
    if (name === 'NamedTuple') shape.namedTuple = true;
    if (name === 'TypedDict') shape.typedDict = true;
    if (name === 'Generic' || name === 'Protocol') {
      for (const p of base.childrenForFieldName('subscript')) if (p?.type === 'identifier') shape.typeParams.push(p.text);
    }
    if (!MARKER_BASES.has(name)) shape.bases.push(typeExpr(base, 1));
  }
  if (shape.enumKind === 'str') shape.enumKind = null; // `class X(str)` alone is not an enum
  return shape;
}

/** Whether a dataclass field's right-hand side gives it a default (`= x`, `field(default=…)`, `field(default_factory=…)`). */
function hasDefault(right: SyntaxNode): boolean {
  if (right.type !== 'call' || lastSegment(right.childForFieldName('function')?.text ?? '') !== 'field') return true;
  return (right.childForFieldName('arguments')?.namedChildren ?? []).some(
    (a) => a?.type === 'keyword_argument' && /^default(_factory)?$/.test(a.childForFieldName('name')?.text ?? ''),
  );
}

function readBody(declKind: string, body: SyntaxNode, fields: FieldFact[], variants: string[], decl: SyntaxNode, details: TypeDetails): void {
  // TypedDict('X', {...}), NamedTuple('X', [...]), namedtuple('X', 'a b'): the call is the body
  if (body.type === 'call') {
    readFunctionalClass(body, fields, details);
    return;
  }
  const shape = classShape(decl);
  // class X(namedtuple('X', 'a b')): the call's fields
  if (shape.functionalBase !== null) readFunctionalClass(shape.functionalBase, fields, details);
  if (shape.bases.length > 0) details.bases = shape.bases;
  if (shape.typeParams.length > 0) details.typeParams = shape.typeParams;
  const statements = body.namedChildren;
  if (declKind === 'enum') {
    // a data-type mixin (class Purpose(_ASN1Object, Enum)) builds each value from the assignment
    readEnum(statements, shape.enumKind ?? 'Enum', shape.bases.length > 0, variants, details);
    delete details.bases;
    return;
  }
  if (shape.namedTuple) details.layout = 'tuple';
  for (const statement of statements) {
    if (statement === null || statement.type !== 'expression_statement') continue;
    const assignment = statement.firstNamedChild;
    if (assignment === null || assignment.type !== 'assignment') continue;
    const left = assignment.childForFieldName('left');
    if (left === null || left.type !== 'identifier') continue;
    const typeNode = assignment.childForFieldNameThrough('type', 'type');
    const right = assignment.childForFieldName('right');
    // annotated assignments are the fields of a dataclass / TypedDict / NamedTuple / pydantic model
    if (typeNode === null) continue;
    const type = typeFact(spec, typeNode);
    const wrapper = type?.expr.kind === 'ref' ? lastSegment(type.expr.name) : '';
    // a TypedDict's keys are required as its totality says, unless Required[…]/NotRequired[…] says otherwise;
    // elsewhere a field with a default may be left out when building the object (Optional[X] alone is required)
    // NotRequired/Required mark TypedDict keys, also in a subclass of one declared elsewhere in the file
    const typedDict = shape.typedDict || wrapper === 'NotRequired' || wrapper === 'Required';
    const optional = typedDict ? wrapper === 'NotRequired' || (!shape.total && wrapper !== 'Required') : right !== null && hasDefault(right);
    fields.push({ name: left.text, jsonName: null, type, optional, line: assignment.startRow + 1 });
  }
  // instance attributes set in __init__ come after the class-level annotations
  for (const statement of statements) {
    if (statement === null) continue;
    const definition = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    if (definition?.type === 'function_definition' && definition.childForFieldName('name')?.text === '__init__') {
      initAttributes(definition, fields);
    }
  }
}

/**
 * Enum members with their values: literals, auto() as the enum kind numbers or names it, and for
 * tuple values the element a custom __new__ stores as `_value_`. A value computed at run time is left unknown.
 */
function readEnum(statements: readonly (SyntaxNode | null)[], kind: string, mixin: boolean, variants: string[], details: TypeDetails): void {
  let valueElement: number | null = null;
  let customNew = mixin;
  let customAuto = false;
  for (const statement of statements) {
    const fn = statement?.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    if (fn?.type !== 'function_definition') continue;
    const name = fn.childForFieldName('name')?.text;
    if (name === '_generate_next_value_') customAuto = true;
    if (name === '__new__') {
      customNew = true;
      valueElement = newValueElement(fn);
    }
  }
  const members: VariantFact[] = [];
  const known = new Map<string, string | number | boolean | null>();
  const numbers: number[] = [];
  for (const statement of statements) {
    if (statement === null || statement.type !== 'expression_statement') continue;
    const assignment = statement.firstNamedChild;
    if (assignment === null || assignment.type !== 'assignment' || assignment.childForFieldName('type') !== null) continue;
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    if (left === null || left.type !== 'identifier' || right === null) continue;
    const name = left.text;
    // _sunder_ and __dunder__ names are enum settings, not members
    if (/^_.*_$/.test(name)) continue;
    variants.push(name);
    let value: string | number | boolean | null | undefined;
    const elements =
      right.type === 'expression_list' || right.type === 'tuple'
        ? right.namedChildren.filter((c): c is SyntaxNode => c !== null && c.type !== 'comment')
        : [right];
    if (right.type === 'call' && lastSegment(right.childForFieldName('function')?.text ?? '') === 'auto') {
      if (!customAuto && !customNew) {
        if (kind === 'StrEnum') value = name.toLowerCase();
        else if (kind === 'Flag' || kind === 'IntFlag') value = numbers.length === 0 ? 1 : 2 ** Math.floor(Math.log2(Math.max(...numbers)) + 1);
        else value = numbers.length === 0 ? 1 : numbers[numbers.length - 1]! + 1;
      }
    } else if (customNew) {
      // the element of the member's tuple that __new__ stores as _value_
      const element = valueElement === null ? undefined : elements[valueElement];
      value = element === undefined ? undefined : memberValue(element, known);
    } else if (elements.length === 1) value = memberValue(right, known);
    if (value !== undefined) known.set(name, value);
    if (typeof value === 'number') numbers.push(value);
    members.push(value === undefined ? { name, payload: 'unit', fields: [] } : { name, value, payload: 'unit', fields: [] });
  }
  details.members = members;
  // a Flag's value is any combination of its members' bits; an IntFlag's any integer
  if (kind === 'Flag' || kind === 'IntFlag') details.flags = kind === 'Flag' ? 'bits' : 'int';
  // what a value computed at run time is at least: an IntEnum's an int, a StrEnum's a str
  if (!mixin && (kind === 'IntEnum' || kind === 'IntFlag')) details.rest = { kind: 'primitive', name: 'integer' };
  if (!mixin && kind === 'StrEnum') details.rest = { kind: 'primitive', name: 'string' };
}

/** A member's value: a literal, or members combined with | & ^ (Flag members). */
function memberValue(node: SyntaxNode, members: ReadonlyMap<string, string | number | boolean | null>): string | number | boolean | null | undefined {
  if (node.type === 'identifier') return members.get(node.text);
  if (node.type === 'binary_operator') {
    const a = memberValue(node.childForFieldName('left')!, members);
    const b = memberValue(node.childForFieldName('right')!, members);
    if (typeof a !== 'number' || typeof b !== 'number') return undefined;
    switch (node.childForFieldName('operator')?.type) {
      case '|':
        return a | b;
      case '&':
        return a & b;
      case '^':
        return a ^ b;
      case '<<':
        return a << b;
      case '+':
        return a + b;
      default:
        return undefined;
    }
  }
  if (node.type === 'parenthesized_expression' && node.firstNamedChild) return memberValue(node.firstNamedChild, members);
  return pythonLiteral(node);
}

/**
 * Which element of a member's tuple a custom __new__ stores as `_value_`: `obj._value_ = value` with
 * `value` its first parameter (after cls) is element 0; `value = values[1]` with `*values` is element 1.
 * Null when the value is computed some other way.
 */
function newValueElement(fn: SyntaxNode): number | null {
  const params: Array<{ name: string; splat: boolean }> = [];
  for (const p of fn.childForFieldName('parameters')?.namedChildren ?? []) {
    if (p === null || p.type === 'comment') continue;
    if (p.type === 'identifier') params.push({ name: p.text, splat: false });
    else if (p.type === 'list_splat_pattern') params.push({ name: p.firstNamedChild?.text ?? '', splat: true });
    else params.push({ name: p.childForFieldName('name')?.text ?? p.firstNamedChild?.text ?? '', splat: false });
  }
  const positional = params.slice(1); // cls
  const locals = new Map<string, number>();
  const elementOf = (expr: SyntaxNode): number | null => {
    if (expr.type === 'identifier') {
      if (locals.has(expr.text)) return locals.get(expr.text)!;
      const i = positional.findIndex((p) => p.name === expr.text && !p.splat);
      return i === -1 || positional.slice(0, i).some((p) => p.splat) ? null : i;
    }
    if (expr.type === 'subscript') {
      const target = expr.childForFieldName('value');
      const index = expr.childForFieldName('subscript');
      const splat = positional.findIndex((p) => p.splat && p.name === target?.text);
      if (splat === -1 || index?.type !== 'integer') return null;
      return splat + Number(index.text);
    }
    return null;
  };
  for (const statement of fn.childForFieldName('body')?.namedChildren ?? []) {
    const assignment = statement?.type === 'expression_statement' ? statement.firstNamedChild : null;
    if (assignment?.type !== 'assignment') continue;
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    if (left === null || right === null) continue;
    if (left.type === 'identifier') {
      const e = elementOf(right);
      if (e === null) locals.delete(left.text);
      else locals.set(left.text, e);
      continue;
    }
    if (left.type === 'attribute' && left.childForFieldName('attribute')?.text === '_value_') return elementOf(right);
  }
  return null;
}

/** TypedDict('X', {'a': int}, total=False) and NamedTuple('X', [('a', int)]) / namedtuple('X', 'a b'). */
function readFunctionalClass(call: SyntaxNode, fields: FieldFact[], details: TypeDetails): void {
  const fn = lastSegment(call.childForFieldName('function')?.text ?? '');
  const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is SyntaxNode => a !== null && a.type !== 'comment');
  const spec2 = args[1];
  const line = call.startRow + 1;
  if (fn === 'TypedDict') {
    const total = !args.some(
      (a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'total' && a.childForFieldName('value')?.type === 'false',
    );
    for (const pair of spec2?.type === 'dictionary' ? spec2.namedChildren : []) {
      const key = pair?.childForFieldName('key');
      const value = pair?.childForFieldName('value');
      if (!key || !value || key.type !== 'string') continue;
      const type = typeFact(spec, value);
      const wrapper = type?.expr.kind === 'ref' ? lastSegment(type.expr.name) : '';
      fields.push({ name: stringContent(key), jsonName: null, type, optional: wrapper === 'NotRequired' || (!total && wrapper !== 'Required'), line });
    }
    return;
  }
  details.layout = 'tuple';
  if (fn === 'NamedTuple') {
    for (const item of spec2?.type === 'list' || spec2?.type === 'tuple' ? spec2.namedChildren : []) {
      const [key, value] = (item?.namedChildren ?? []).filter((c): c is SyntaxNode => c !== null);
      if (key?.type !== 'string' || !value) continue;
      fields.push({ name: stringContent(key), jsonName: null, type: typeFact(spec, value), optional: false, line });
    }
    return;
  }
  // namedtuple('X', 'a b') or namedtuple('X', ['a', 'b']): untyped fields
  if (spec2?.type === 'string') {
    for (const name of stringContent(spec2)
      .split(/[\s,]+/)
      .filter((n) => n !== ''))
      fields.push({ name, jsonName: null, type: null, optional: false, line });
  } else if (spec2?.type === 'list' || spec2?.type === 'tuple') {
    for (const c of spec2.namedChildren) if (c?.type === 'string') fields.push({ name: stringContent(c), jsonName: null, type: null, optional: false, line });
  } else if (spec2 !== undefined) {
    // fields computed at run time ('frame',) + Traceback._fields: items of unknown number and type
    details.rest = { kind: 'unknown', text: spec2.text };
  }
}

/** Heads of subscripts that make an expression a type (`X = Optional[int]`). */
const TYPE_HEADS = new Set([
  'Literal',
  'Union',
  'Optional',
  'List',
  'Dict',
  'Tuple',
  'Set',
  'FrozenSet',
  'Sequence',
  'Mapping',
  'Annotated',
  'list',
  'dict',
  'tuple',
  'Iterable',
  'Type',
  'type',
  'Callable',
  'MutableMapping',
  'MutableSequence',
  'DefaultDict',
  'OrderedDict',
]);
const TYPE_NAMES = new Set(['int', 'str', 'float', 'bool', 'bytes', 'None', 'list', 'dict', 'tuple', 'Any', 'object']);

/** Whether the right-hand side of a module-level assignment reads as a type (so the assignment is an alias). */
function looksLikeType(node: SyntaxNode, strong = false): boolean {
  switch (node.type) {
    case 'subscript':
      return TYPE_HEADS.has(lastSegment(node.childForFieldName('value')?.text ?? ''));
    case 'none':
      return true;
    case 'identifier':
    case 'attribute':
      return !strong || TYPE_NAMES.has(lastSegment(node.text));
    case 'string':
      return !strong;
    case 'binary_operator': {
      // `A | B`: a union when its leaves are types and at least one is clearly one (None, int, Optional[...])
      if (node.childForFieldName('operator')?.type !== '|') return false;
      const leaves: SyntaxNode[] = [];
      const collect = (n: SyntaxNode): void => {
        if (n.type === 'binary_operator' && n.childForFieldName('operator')?.type === '|') {
          collect(n.childForFieldName('left')!);
          collect(n.childForFieldName('right')!);
        } else leaves.push(n);
      };
      collect(node);
      return leaves.every((l) => looksLikeType(l)) && leaves.some((l) => looksLikeType(l, true));
    }
    default:
      return false;
  }
}

const CONSTANT_VALUES = new Set(['string', 'integer', 'float', 'true', 'false', 'tuple', 'list', 'dictionary', 'set', 'unary_operator', 'concatenated_string']);

/** unittest.TestCase's assertion methods. */
const UNITTEST_ASSERTIONS = [
  'assertEqual',
  'assertNotEqual',
  'assertTrue',
  'assertFalse',
  'assertIs',
  'assertIsNot',
  'assertIsNone',
  'assertIsNotNone',
  'assertIn',
  'assertNotIn',
  'assertIsInstance',
  'assertNotIsInstance',
  'assertRaises',
  'assertRaisesRegex',
  'assertWarns',
  'assertWarnsRegex',
  'assertLogs',
  'assertNoLogs',
  'assertAlmostEqual',
  'assertNotAlmostEqual',
  'assertGreater',
  'assertGreaterEqual',
  'assertLess',
  'assertLessEqual',
  'assertRegex',
  'assertNotRegex',
  'assertCountEqual',
  'assertMultiLineEqual',
  'assertSequenceEqual',
  'assertListEqual',
  'assertTupleEqual',
  'assertSetEqual',
  'assertDictEqual',
];

const ENUM_BASES = new Set(['Enum', 'IntEnum', 'StrEnum', 'Flag', 'IntFlag', 'ReprEnum']);

/** `_Enum`, `_IntEnum`: the standard library imports the enum bases under private names. */
function enumBaseName(name: string): string {
  return name.startsWith('_') && ENUM_BASES.has(name.slice(1)) ? name.slice(1) : name;
}

export const spec: LanguageSpec = {
  language: 'python',
  wasm: 'tree-sitter-python/tree-sitter-python.wasm',
  query,
  readParams,
  readBody,
  typeExpr,
  ownerOf(definition) {
    // kinds first (no node per step); a node only for the class whose name is read
    const up = definition.ancestorTypes(3);
    const decorated = up[0] === 'decorated_definition';
    if (up[decorated ? 1 : 0] !== 'block' || up[decorated ? 2 : 1] !== 'class_definition') return null;
    let cls = definition.parent!.parent!;
    if (decorated) cls = cls.parent!;
    return cls.childForFieldName('name')?.text ?? null;
  },
  bindingCategory(identifier) {
    // identifier < assignment < expression_statement < module | block < function_definition
    const up = identifier.ancestorTypes(4);
    if (up[1] !== 'expression_statement') return null;
    if (up[2] === 'module') {
      const right = identifier.parent!.childForFieldName('right');
      return right !== null && CONSTANT_VALUES.has(right.type) ? 'constant' : null;
    }
    return up[2] === 'block' && up[3] === 'function_definition' ? 'variable' : null;
  },
  declKind(kind, definition, alias) {
    if (kind === 'type_alias') {
      // a module-level `X = …` is a type alias when its value reads as a type (or is annotated TypeAlias)
      if (alias === null || alias === undefined) return kind;
      const annotation = alias.parent?.childForFieldName('type');
      if (alias.parent?.type === 'type_alias_statement') return kind;
      if (alias.type === 'call') {
        const fn = lastSegment(alias.childForFieldName('function')?.text ?? '');
        if (fn === 'NewType') return kind;
        return fn === 'TypedDict' || fn === 'NamedTuple' || fn === 'namedtuple' ? 'struct' : 'none';
      }
      if (annotation) return lastSegment(annotation.text) === 'TypeAlias' ? kind : 'none';
      return looksLikeType(alias) && alias.type !== 'identifier' && alias.type !== 'attribute' && alias.type !== 'string' ? kind : 'none';
    }
    const parent = definition.parent;
    let simpleEnum = false;
    if (parent?.type === 'decorated_definition') {
      for (const d of parent.namedChildren) {
        if (d?.type !== 'decorator') continue;
        const expr = d.firstNamedChild;
        const head = expr?.type === 'call' ? expr.childForFieldName('function') : expr;
        if (head && lastSegment(head.text) === 'dataclass') return 'dataclass';
        if (head && lastSegment(head.text) === '_simple_enum') simpleEnum = true;
      }
    }
    if (simpleEnum) return 'enum';
    const bases = definition.childForFieldName('superclasses');
    for (const base of bases?.namedChildren ?? []) {
      if (base && ENUM_BASES.has(enumBaseName(lastSegment(base.text)))) return 'enum';
    }
    return kind;
  },
  aliasType(alias) {
    // NewType('UserId', int) is its second argument; the others are types as written
    if (alias.type === 'call') {
      const target = (alias.childForFieldName('arguments')?.namedChildren ?? []).filter((a) => a !== null && a.type !== 'comment')[1];
      return target ? typeFact(spec, target) : null;
    }
    return typeFact(spec, alias);
  },
  visibility(name, _node, definition, isMethod) {
    const visibility = name.startsWith('__') && !name.endsWith('__') ? 'private' : name.startsWith('_') && !name.endsWith('__') ? 'protected' : 'public';
    const up = definition.ancestorTypes(2);
    // module-level aliases are matched at the module itself
    const topLevel = (up[0] === 'decorated_definition' ? up[1] : up[0]) === 'module' || definition.type === 'module';
    return { visibility, exported: !isMethod && topLevel && visibility === 'public' };
  },
  moduleName: (node) => node.text,
  isPlainString(node) {
    if (node.type === 'concatenated_string') return node.namedChildren.every((c) => c !== null && spec.isPlainString(c));
    if (node.type !== 'string') return false;
    return !node.hasNamedChildOfType('interpolation');
  },
  callRoles: {
    ...Object.fromEntries(UNITTEST_ASSERTIONS.map((name) => [`self.${name}`, 'test.assertion'])),
    'pytest.raises': 'test.assertion',
    'pytest.warns': 'test.assertion',
    'pytest.approx': 'test.assertion',
    'pytest.fail': 'test.assertion',
  },
  securityCalls: {
    eval: { rule: 'always', reason: 'eval runs arbitrary code' },
    exec: { rule: 'always', reason: 'exec runs arbitrary code' },
    'os.system': { rule: 'non_literal', reason: 'shell command built from non-literal input (command injection)', argument: 0 },
    'os.popen': { rule: 'non_literal', reason: 'shell command built from non-literal input (command injection)', argument: 0 },
    'subprocess.getoutput': { rule: 'non_literal', reason: 'runs a shell command built from non-literal input', argument: 0 },
    'subprocess.getstatusoutput': { rule: 'non_literal', reason: 'runs a shell command built from non-literal input', argument: 0 },
    'subprocess.run': { rule: 'shell_kwarg', reason: 'shell=True with a non-literal command (command injection)', argument: 0 },
    'subprocess.call': { rule: 'shell_kwarg', reason: 'shell=True with a non-literal command (command injection)', argument: 0 },
    'subprocess.Popen': { rule: 'shell_kwarg', reason: 'shell=True with a non-literal command (command injection)', argument: 0 },
    'subprocess.check_output': { rule: 'shell_kwarg', reason: 'shell=True with a non-literal command (command injection)', argument: 0 },
    'subprocess.check_call': { rule: 'shell_kwarg', reason: 'shell=True with a non-literal command (command injection)', argument: 0 },
  },
  isTestPath: (path) => /(^|\/)(test_[^/]*|[^/]*_test)\.pyi?$/.test(path) || /(^|\/)conftest\.py$/.test(path),
  skipName: (name) => (name.startsWith('__') && name.endsWith('__')) || name === '_',
  namingIdiom: {
    function: 'snake_case',
    type: 'PascalCase',
    constant: 'SCREAMING_SNAKE_CASE',
    variable: 'snake_case',
    field: 'snake_case',
    parameter: 'snake_case',
  },
  staticallyTyped: false,
};
