// Oracle: Clew's functions (parameter names and kinds (positional-only, *args, keyword-only, **kwargs), which are annotated, return annotation, async, and the
// normalised TypeExpr of every annotation, from an independent normaliser over ast), classes
// with their fields (annotated class attributes, then self attributes set in __init__) and imports
// agree with Python's own `ast` module on files of the Python standard library on this machine
// (Debian's /usr/bin/python3 and its /usr/lib/python3.11; the test fails when they are missing).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { Clew } from '../../../core/clew/index.ts';
import type { ParamKind } from '../../../core/model/facts.ts';
import { usePlatform } from '../../support/platform.ts';
import { PYTHON, requireTool } from '../../support/tools.ts';
import { compareKeys, Tally, type KnownDisagreement } from './score.ts';

const STDLIB = '/usr/lib/python3.11';
/** Twenty modules of different styles: classes, nested functions, decorators, async, relative-free imports, match. */
const MODULES = [
  'argparse',
  'asyncio/base_events',
  'asyncio/tasks',
  'collections/__init__',
  'dataclasses',
  'enum',
  'functools',
  'inspect',
  'json/decoder',
  'logging/__init__',
  'pathlib',
  'tomllib/_parser',
  'shutil',
  'subprocess',
  'tempfile',
  'importlib/metadata/__init__',
  'threading',
  'typing',
  'unittest/case',
  'zipfile',
];

/** Keys from ast: functions (owner = the class they sit directly in), classes and imported modules, with lines. */
const ORACLE = `
import ast, json, sys
PRIM = {'str': 'string', 'int': 'integer', 'float': 'number', 'complex': 'number', 'bool': 'boolean', 'bytes': 'bytes',
        'bytearray': 'bytes', 'None': 'null', 'NoneType': 'null', 'datetime': 'datetime'}
ARRAYS = {'list', 'List', 'Sequence', 'MutableSequence', 'Iterable', 'Iterator', 'set', 'Set', 'frozenset', 'FrozenSet', 'AbstractSet', 'Collection'}
MAPS = {'dict', 'Dict', 'Mapping', 'MutableMapping', 'DefaultDict', 'defaultdict', 'OrderedDict'}
def named(n):
    last = n.split('.')[-1]
    if last in PRIM: return {'kind': 'primitive', 'name': PRIM[last]}
    if last in ('Any', 'object'): return {'kind': 'any'}
    return {'kind': 'ref', 'name': n, 'args': []}
def union(members):
    flat = []
    for m in members: flat.extend(m['members'] if m['kind'] == 'union' else [m])
    rest = [m for m in flat if m != {'kind': 'primitive', 'name': 'null'}]
    inner = rest[0] if len(rest) == 1 else {'kind': 'primitive', 'name': 'null'} if not rest else {'kind': 'union', 'members': rest}
    if len(rest) == len(flat) or not rest: return inner
    return inner if inner['kind'] == 'optional' else {'kind': 'optional', 'inner': inner}
def norm(src, t, depth=0):
    unknown = {'kind': 'unknown', 'text': ast.get_source_segment(src, t)}
    if depth > 40: return unknown
    if isinstance(t, ast.Constant) and t.value is None: return {'kind': 'primitive', 'name': 'null'}
    if isinstance(t, ast.Constant) and isinstance(t.value, str): return {'kind': 'ref', 'name': t.value, 'args': []}
    if isinstance(t, (ast.Name, ast.Attribute)): return named(ast.get_source_segment(src, t))
    if isinstance(t, ast.BinOp) and isinstance(t.op, ast.BitOr): return union([norm(src, t.left, depth + 1), norm(src, t.right, depth + 1)])
    if isinstance(t, ast.List): return {'kind': 'tuple', 'items': [norm(src, e, depth + 1) for e in t.elts]}
    if isinstance(t, ast.Subscript) and isinstance(t.value, (ast.Name, ast.Attribute)):
        head = ast.get_source_segment(src, t.value)
        name = head.split('.')[-1]
        elts = t.slice.elts if isinstance(t.slice, ast.Tuple) else [t.slice]
        args = [norm(src, e, depth + 1) for e in elts]
        if name == 'Optional' and len(args) == 1: return union([args[0], {'kind': 'primitive', 'name': 'null'}])
        if name == 'Union': return union(args)
        if name in ARRAYS and len(args) == 1: return {'kind': 'array', 'items': args[0]}
        if name in MAPS and len(args) == 2: return {'kind': 'map', 'key': args[0], 'value': args[1]}
        if name in ('tuple', 'Tuple') and args:
            if len(elts) == 2 and isinstance(elts[1], ast.Constant) and elts[1].value is Ellipsis: return {'kind': 'array', 'items': args[0]}
            return {'kind': 'tuple', 'items': args}
        if name == 'Literal':
            values = [{'kind': 'literal', 'value': e.value} for e in elts if isinstance(e, ast.Constant) and isinstance(e.value, (str, int, float, bool)) and e.value is not None]
            if values: return values[0] if len(values) == 1 else {'kind': 'union', 'members': values}
        return {'kind': 'ref', 'name': head, 'args': args}
    return unknown
dump = lambda x: json.dumps(x, separators=(',', ':'), ensure_ascii=False)
out = {}
for path in sys.argv[1:]:
    src = open(path, encoding='utf-8').read()
    tree = ast.parse(src, path)
    keys = []
    def visit(node, cls):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                keys.append(f"function {cls or ''}.{child.name}@{child.lineno}")
                a = child.args
                # each parameter with the mark of its kind: / positional-only, * *args, ! keyword-only, ** **kwargs
                marked = [('/', p) for p in a.posonlyargs] + [('', p) for p in a.args] + ([('*', a.vararg)] if a.vararg else []) + [('!', p) for p in a.kwonlyargs] + ([('**', a.kwarg)] if a.kwarg else [])
                # a method's untyped first self/cls is its receiver, not a parameter (as Clew reports it)
                if cls and marked and marked[0][1].arg in ('self', 'cls') and marked[0][1].annotation is None:
                    marked = marked[1:]
                params = [p for _, p in marked]
                typed = ','.join(f"{mark}{p.arg}{':' if p.annotation is not None else ''}" for mark, p in marked)
                returns = ':' if child.returns is not None else ''
                is_async = ' async' if isinstance(child, ast.AsyncFunctionDef) else ''
                keys.append(f"params {cls or ''}.{child.name}@{child.lineno}({typed}){returns}{is_async}")
                for i, p in enumerate(params):
                    if p.annotation is not None: keys.append(f"types {cls or ''}.{child.name}@{child.lineno}#{i} {dump(norm(src, p.annotation))}")
                if child.returns is not None: keys.append(f"types {cls or ''}.{child.name}@{child.lineno}#return {dump(norm(src, child.returns))}")
                visit(child, None)
            elif isinstance(child, ast.ClassDef):
                keys.append(f"class {child.name}@{child.lineno}")
                bases = [b.attr if isinstance(b, ast.Attribute) else getattr(b, 'id', '') for b in child.bases]
                # enums: an enum base, or the standard library's @_simple_enum(...) decorator on a plain class
                simple_enum = any(isinstance(d, ast.Call) and getattr(d.func, 'id', getattr(d.func, 'attr', '')) == '_simple_enum' for d in child.decorator_list)
                if not simple_enum and not any(b in ('Enum', 'IntEnum', 'StrEnum', 'Flag', 'IntFlag', 'ReprEnum') for b in bases):
                    # fields: annotated class attributes, then attributes __init__ sets on self
                    fields = []
                    for st in child.body:
                        if isinstance(st, ast.AnnAssign) and isinstance(st.target, ast.Name):
                            fields.append(st.target.id)
                    for st in child.body:
                        if isinstance(st, ast.FunctionDef) and st.name == '__init__':
                            for s2 in st.body:
                                target = s2.targets[0] if isinstance(s2, ast.Assign) else s2.target if isinstance(s2, ast.AnnAssign) else None
                                if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == 'self' and target.attr not in fields:
                                    fields.append(target.attr)
                    keys.append(f"fields {child.name}@{child.lineno}({','.join(fields)})")
                visit(child, child.name)
            else:
                if isinstance(child, ast.Import):
                    for alias in child.names:
                        keys.append(f"import {alias.name}@{child.lineno}")
                elif isinstance(child, ast.ImportFrom):
                    keys.append(f"import {'.' * child.level}{child.module or ''}@{child.lineno}")
                visit(child, None)
    visit(tree, None)
    out[path] = keys
print(json.dumps(out))
`;

/** The mark the oracle's keys give each kind of parameter (an ordinary one has none). */
const KIND_MARK: Record<ParamKind, string> = { positional_only: '/', var_positional: '*', keyword_only: '!', var_keyword: '**' };

/** Disagreements understood and accepted (none today: Clew and ast agree on every key). */
const KNOWN: KnownDisagreement[] = [];

test('Python: functions, classes and imports match the ast module on 20 standard-library files', async () => {
  requireTool(PYTHON, 'python3');
  const paths = MODULES.map((m) => `${STDLIB}/${m}.py`);
  const absent = paths.filter((p) => !existsSync(p));
  assert.deepEqual(absent, [], `the Python 3.11 standard library is expected at ${STDLIB} (Debian's libpython3.11-stdlib)`);
  await usePlatform();
  const clew = await Clew.create();
  await clew.load('python');
  const oracle = JSON.parse(execFileSync(PYTHON, ['-c', ORACLE, ...paths], { encoding: 'utf8', maxBuffer: 64 << 20 })) as Record<string, string[]>;
  const tally = new Tally();
  for (const path of paths) {
    const result = clew.extract(readFileSync(path, 'utf8'), { language: 'python', file: path });
    result.dispose?.();
    const keys: string[] = [];
    for (const c of result.constraints) {
      const f = c.facts;
      if (f?.fact === 'function') {
        keys.push(`function ${f.owner ?? ''}.${f.name}@${c.origin_line}`);
        const key = `${f.owner ?? ''}.${f.name}@${c.origin_line}`;
        keys.push(
          `params ${key}(${f.params.map((p) => `${p.kind ? KIND_MARK[p.kind] : ''}${p.name}${p.type ? ':' : ''}`).join(',')})${f.returnType ? ':' : ''}${f.async ? ' async' : ''}`,
        );
        f.params.forEach((p, i) => {
          if (p.type) keys.push(`types ${key}#${i} ${JSON.stringify(p.type.expr)}`);
        });
        if (f.returnType) keys.push(`types ${key}#return ${JSON.stringify(f.returnType.expr)}`);
      } else if (f?.fact === 'type' && (f.declKind === 'class' || f.declKind === 'dataclass' || f.declKind === 'enum')) {
        keys.push(`class ${f.name}@${c.origin_line}`);
        if (f.declKind !== 'enum') keys.push(`fields ${f.name}@${c.origin_line}(${f.fields.map((x) => x.name).join(',')})`);
      } else if (f?.fact === 'import') keys.push(`import ${f.module}@${c.origin_line}`);
    }
    tally.add('stdlib', path.slice(STDLIB.length + 1), compareKeys(keys, oracle[path]!));
  }
  tally.check(`Python oracle over ${paths.length} files:`, { stdlib: { kinds: ['class', 'fields', 'function', 'import', 'params', 'types'] } }, KNOWN);
});
