// Oracle: Clew's functions (parameter names, which are annotated, return annotation, async), classes
// with their fields (annotated class attributes, then self attributes set in __init__) and imports
// agree with Python's own `ast` module on files of the Python standard library on this machine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { Clew } from '../../../core/clew/index.ts';
import { usePlatform } from '../../support/platform.ts';
import { compareKeys, type Score } from './score.ts';

const PYTHON = '/usr/bin/python3';
const STDLIB = '/usr/lib/python3.11';
/** Twenty modules of different styles: classes, nested functions, decorators, async, relative-free imports, match. */
const MODULES = [
  'argparse', 'asyncio/base_events', 'asyncio/tasks', 'collections/__init__', 'dataclasses', 'enum', 'functools', 'inspect',
  'json/decoder', 'logging/__init__', 'pathlib', 'pprint', 'shutil', 'subprocess', 'tempfile', 'textwrap', 'threading',
  'typing', 'unittest/case', 'zipfile',
];

/** Keys from ast: functions (owner = the class they sit directly in), classes and imported modules, with lines. */
const ORACLE = String.raw`
import ast, json, sys
out = {}
for path in sys.argv[1:]:
    tree = ast.parse(open(path, encoding='utf-8').read(), path)
    keys = []
    def visit(node, cls):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                keys.append(f"function {cls or ''}.{child.name}@{child.lineno}")
                a = child.args
                params = a.posonlyargs + a.args + ([a.vararg] if a.vararg else []) + a.kwonlyargs + ([a.kwarg] if a.kwarg else [])
                # a method's untyped first self/cls is its receiver, not a parameter (as Clew reports it)
                if cls and params and params[0].arg in ('self', 'cls') and params[0].annotation is None:
                    params = params[1:]
                typed = ','.join(f"{p.arg}{':' if p.annotation is not None else ''}" for p in params)
                returns = ':' if child.returns is not None else ''
                is_async = ' async' if isinstance(child, ast.AsyncFunctionDef) else ''
                keys.append(f"params {cls or ''}.{child.name}@{child.lineno}({typed}){returns}{is_async}")
                visit(child, None)
            elif isinstance(child, ast.ClassDef):
                keys.append(f"class {child.name}@{child.lineno}")
                bases = [b.attr if isinstance(b, ast.Attribute) else getattr(b, 'id', '') for b in child.bases]
                if not any(b in ('Enum', 'IntEnum', 'StrEnum', 'Flag', 'IntFlag') for b in bases):
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

const THRESHOLD = 0.98;

test('Python: functions, classes and imports match the ast module on 20 standard-library files', { skip: !existsSync(PYTHON) && `${PYTHON} is not installed` }, async () => {
  await usePlatform();
  const clew = await Clew.create();
  await clew.load('python');
  const paths = MODULES.map((m) => `${STDLIB}/${m}.py`).filter((p) => existsSync(p));
  assert.ok(paths.length >= 18, `expected the standard library at ${STDLIB}`);
  const oracle = JSON.parse(execFileSync(PYTHON, ['-c', ORACLE, ...paths], { encoding: 'utf8', maxBuffer: 64 << 20 })) as Record<string, string[]>;
  const totals = new Map<string, Score>();
  const misses: string[] = [];
  for (const path of paths) {
    const result = clew.extract(readFileSync(path, 'utf8'), { language: 'python', file: path });
    result.dispose?.();
    const keys: string[] = [];
    for (const c of result.constraints) {
      const f = c.facts;
      if (f?.fact === 'function') {
        keys.push(`function ${f.owner ?? ''}.${f.name}@${c.origin_line}`);
        keys.push(`params ${f.owner ?? ''}.${f.name}@${c.origin_line}(${f.params.map((p) => `${p.name}${p.type ? ':' : ''}`).join(',')})${f.returnType ? ':' : ''}${f.async ? ' async' : ''}`);
      }
      else if (f?.fact === 'type' && (f.declKind === 'class' || f.declKind === 'dataclass' || f.declKind === 'enum')) {
        keys.push(`class ${f.name}@${c.origin_line}`);
        if (f.declKind !== 'enum') keys.push(`fields ${f.name}@${c.origin_line}(${f.fields.map((x) => x.name).join(',')})`);
      }
      else if (f?.fact === 'import') keys.push(`import ${f.module}@${c.origin_line}`);
    }
    const score = compareKeys(keys, oracle[path]!);
    for (const [kind, s] of score.byKind) {
      const t = totals.get(kind) ?? { found: 0, expected: 0, matched: 0 };
      totals.set(kind, { found: t.found + s.found, expected: t.expected + s.expected, matched: t.matched + s.matched });
    }
    for (const k of score.onlyFound.slice(0, 3)) misses.push(`extra   ${path}: ${k}`);
    for (const k of score.onlyExpected.slice(0, 3)) misses.push(`missing ${path}: ${k}`);
  }
  console.log(`Python oracle over ${paths.length} files:`);
  for (const [kind, t] of [...totals].sort()) {
    console.log(`  ${kind.padEnd(9)} precision ${(t.matched / t.found).toFixed(4)} recall ${(t.matched / t.expected).toFixed(4)} (${t.matched} matched, ${t.found} found, ${t.expected} expected)`);
  }
  if (misses.length > 0) console.log(misses.slice(0, 20).join('\n'));
  for (const [kind, t] of totals) {
    assert.ok(t.expected > 0, `${kind}: the oracle found none`);
    assert.ok(t.matched / t.found >= THRESHOLD, `${kind} precision ${t.matched}/${t.found}`);
    assert.ok(t.matched / t.expected >= THRESHOLD, `${kind} recall ${t.matched}/${t.expected}`);
  }
  assert.deepEqual([...totals.keys()].sort(), ['class', 'fields', 'function', 'import', 'params']);
});
