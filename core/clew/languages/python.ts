// Python's table for Clew: parameter and class-body readers, typing-module normalisation.
import type { Node } from 'web-tree-sitter';
import type { FieldFact, ParamFact, TypeExpr } from '../../model/facts.ts';
import query from '../queries/python.scm.ts';
import { lookup, MAX_TYPE_DEPTH, refType, stringContent, typeFact, unionOf, unknownType, type LanguageSpec } from '../spec.ts';

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
const ARRAYS = new Set(['list', 'List', 'Sequence', 'MutableSequence', 'Iterable', 'Iterator', 'set', 'Set', 'frozenset', 'FrozenSet', 'AbstractSet', 'Collection']);
const MAPS = new Set(['dict', 'Dict', 'Mapping', 'MutableMapping', 'DefaultDict', 'defaultdict', 'OrderedDict']);

/** `typing.Optional` and `t.Optional` mean Optional. */
function lastSegment(text: string): string {
  const dot = text.lastIndexOf('.');
  return dot === -1 ? text : text.slice(dot + 1);
}

function typeExpr(node: Node, depth: number): TypeExpr {
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
      const name = lastSegment(node.text);
      return lookup(NAMED, name) ?? refType(node.text);
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
        const params = node.namedChildren[1];
        if (params) for (const a of params.namedChildren) if (a !== null) args.push(typeExpr(a, depth + 1));
      }
      const name = lastSegment(head.text);
      if (name === 'Optional' && args.length === 1) return unionOf([args[0]!, { kind: 'primitive', name: 'null' }]);
      if (name === 'Union') return unionOf(args);
      if (ARRAYS.has(name) && args.length === 1) return { kind: 'array', items: args[0]! };
      if (MAPS.has(name) && args.length === 2) return { kind: 'map', key: args[0]!, value: args[1]! };
      if ((name === 'tuple' || name === 'Tuple') && args.length > 0) {
        // tuple[int, ...] is a homogeneous sequence
        const last = node.type === 'generic_type' ? node.namedChildren[1]?.lastNamedChild : null;
        if (args.length === 2 && last?.type === 'type' && last.firstNamedChild?.type === 'ellipsis') return { kind: 'array', items: args[0]! };
        return { kind: 'tuple', items: args };
      }
      if (name === 'Literal') {
        const values: TypeExpr[] = [];
        const params = node.type === 'generic_type' ? node.namedChildren[1] : null;
        for (const a of params?.namedChildren ?? []) {
          const v = a?.firstNamedChild;
          if (v?.type === 'string') values.push({ kind: 'literal', value: stringContent(v) });
          else if (v?.type === 'integer' || v?.type === 'float') values.push({ kind: 'literal', value: Number(v.text) });
          else if (v?.type === 'true' || v?.type === 'false') values.push({ kind: 'literal', value: v.type === 'true' });
        }
        if (values.length > 0) return values.length === 1 ? values[0]! : { kind: 'union', members: values };
      }
      return refType(head.text, args);
    }
    case 'list': // Callable[[int], str] argument lists
      return { kind: 'tuple', items: node.namedChildren.map((c) => typeExpr(c!, depth + 1)) };
    default:
      return unknownType(node);
  }
}

function readParams(list: Node, out: ParamFact[], receiver: { text: string | null }, isMethod: boolean): void {
  let first = true;
  for (const param of list.namedChildren) {
    if (param === null) continue;
    let name: string | null = null;
    let typeNode: Node | null = null;
    let value: Node | null = null;
    let variadic = false;
    switch (param.type) {
      case 'identifier':
        name = param.text;
        break;
      case 'typed_parameter': {
        const inner = param.firstNamedChild;
        if (inner === null) break;
        variadic = inner.type === 'list_splat_pattern' || inner.type === 'dictionary_splat_pattern';
        name = variadic ? (inner.firstNamedChild?.text ?? inner.text) : inner.text;
        typeNode = param.childForFieldName('type');
        break;
      }
      case 'default_parameter':
      case 'typed_default_parameter':
        name = param.childForFieldName('name')?.text ?? null;
        typeNode = param.childForFieldName('type');
        value = param.childForFieldName('value');
        break;
      case 'list_splat_pattern':
      case 'dictionary_splat_pattern':
        name = param.firstNamedChild?.text ?? null;
        variadic = true;
        break;
      default:
        break; // `*` and `/` separators
    }
    if (name === null) continue;
    // the first parameter of a method is the receiver (self / cls), not an argument
    if (first && isMethod && (name === 'self' || name === 'cls') && typeNode === null) {
      receiver.text = name;
      first = false;
      continue;
    }
    first = false;
    out.push({ name, type: typeFact(spec, typeNode), default: value === null ? null : value.text, optional: value !== null, variadic });
  }
}

/** `self.x = …` in __init__ declares an instance attribute; its type is the annotation or the parameter it copies. */
function initAttributes(init: Node, fields: FieldFact[]): void {
  const paramTypes = new Map<string, Node>();
  for (const param of init.childForFieldName('parameters')?.namedChildren ?? []) {
    if (param === null) continue;
    const typeNode = param.childForFieldName('type');
    const nameNode = param.type === 'typed_parameter' ? param.firstNamedChild : param.childForFieldName('name');
    if (typeNode !== null && nameNode !== null) paramTypes.set(nameNode.text, typeNode);
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
    const typeNode = assignment.childForFieldName('type') ?? (right?.type === 'identifier' ? (paramTypes.get(right.text) ?? null) : null);
    const type = typeFact(spec, typeNode);
    fields.push({ name, jsonName: null, type, optional: type !== null && type.expr.kind === 'optional', line: assignment.startPosition.row + 1 });
  }
}

function readBody(declKind: string, body: Node, fields: FieldFact[], variants: string[]): void {
  for (const statement of body.namedChildren) {
    if (statement === null || statement.type !== 'expression_statement') continue;
    const assignment = statement.firstNamedChild;
    if (assignment === null || assignment.type !== 'assignment') continue;
    const left = assignment.childForFieldName('left');
    if (left === null || left.type !== 'identifier') continue;
    const typeNode = assignment.childForFieldName('type');
    const right = assignment.childForFieldName('right');
    if (declKind === 'enum') {
      variants.push(left.text);
      continue;
    }
    // ClassVar-free annotated assignments are the fields of a dataclass / TypedDict / pydantic model
    if (typeNode === null) continue;
    const type = typeFact(spec, typeNode);
    fields.push({
      name: left.text,
      jsonName: null,
      type,
      optional: right !== null || (type !== null && type.expr.kind === 'optional'),
      line: assignment.startPosition.row + 1,
    });
  }
  // instance attributes set in __init__ come after the class-level annotations
  for (const statement of body.namedChildren) {
    if (statement === null) continue;
    const definition = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    if (definition?.type === 'function_definition' && definition.childForFieldName('name')?.text === '__init__' && declKind !== 'enum') {
      initAttributes(definition, fields);
      continue;
    }
  }
}

const CONSTANT_VALUES = new Set(['string', 'integer', 'float', 'true', 'false', 'tuple', 'list', 'dictionary', 'set', 'unary_operator', 'concatenated_string']);

/** unittest.TestCase's assertion methods. */
const UNITTEST_ASSERTIONS = [
  'assertEqual', 'assertNotEqual', 'assertTrue', 'assertFalse', 'assertIs', 'assertIsNot', 'assertIsNone', 'assertIsNotNone',
  'assertIn', 'assertNotIn', 'assertIsInstance', 'assertNotIsInstance', 'assertRaises', 'assertRaisesRegex', 'assertWarns',
  'assertWarnsRegex', 'assertLogs', 'assertNoLogs', 'assertAlmostEqual', 'assertNotAlmostEqual', 'assertGreater',
  'assertGreaterEqual', 'assertLess', 'assertLessEqual', 'assertRegex', 'assertNotRegex', 'assertCountEqual',
  'assertMultiLineEqual', 'assertSequenceEqual', 'assertListEqual', 'assertTupleEqual', 'assertSetEqual', 'assertDictEqual',
];

const ENUM_BASES = new Set(['Enum', 'IntEnum', 'StrEnum', 'Flag', 'IntFlag']);

export const spec: LanguageSpec = {
  language: 'python',
  wasm: 'tree-sitter-python/tree-sitter-python.wasm',
  query,
  readParams,
  readBody,
  typeExpr,
  ownerOf(definition) {
    let up = definition.parent;
    if (up?.type === 'decorated_definition') up = up.parent;
    if (up?.type !== 'block') return null;
    const cls = up.parent;
    return cls?.type === 'class_definition' ? (cls.childForFieldName('name')?.text ?? null) : null;
  },
  bindingCategory(identifier) {
    const assignment = identifier.parent;
    const statement = assignment?.parent;
    if (assignment == null || statement == null || statement.type !== 'expression_statement') return null;
    const container = statement.parent;
    if (container?.type === 'module') {
      const right = assignment.childForFieldName('right');
      return right !== null && CONSTANT_VALUES.has(right.type) ? 'constant' : null;
    }
    return container?.type === 'block' && container.parent?.type === 'function_definition' ? 'variable' : null;
  },
  declKind(kind, definition) {
    const parent = definition.parent;
    if (parent?.type === 'decorated_definition') {
      for (const d of parent.namedChildren) {
        if (d?.type !== 'decorator') continue;
        const expr = d.firstNamedChild;
        const head = expr?.type === 'call' ? expr.childForFieldName('function') : expr;
        if (head && lastSegment(head.text) === 'dataclass') return 'dataclass';
      }
    }
    const bases = definition.childForFieldName('superclasses');
    for (const base of bases?.namedChildren ?? []) {
      if (base && ENUM_BASES.has(lastSegment(base.text))) return 'enum';
    }
    return kind;
  },
  visibility(name, _node, definition, isMethod) {
    const visibility = name.startsWith('__') && !name.endsWith('__') ? 'private' : name.startsWith('_') && !name.endsWith('__') ? 'protected' : 'public';
    let up = definition.parent;
    if (up?.type === 'decorated_definition') up = up.parent;
    const topLevel = up?.type === 'module';
    return { visibility, exported: !isMethod && topLevel && visibility === 'public' };
  },
  moduleName: (node) => node.text,
  isPlainString(node) {
    if (node.type === 'concatenated_string') return node.namedChildren.every((c) => c !== null && spec.isPlainString(c));
    if (node.type !== 'string') return false;
    return !node.namedChildren.some((c) => c !== null && c.type === 'interpolation');
  },
  callRoles: {
    ...Object.fromEntries(UNITTEST_ASSERTIONS.map((name) => [`self.${name}`, 'test.assertion'])),
    'pytest.raises': 'test.assertion', 'pytest.warns': 'test.assertion', 'pytest.approx': 'test.assertion', 'pytest.fail': 'test.assertion',
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
  namingIdiom: { function: 'snake_case', type: 'PascalCase', constant: 'SCREAMING_SNAKE_CASE', variable: 'snake_case', field: 'snake_case', parameter: 'snake_case' },
  staticallyTyped: false,
};
