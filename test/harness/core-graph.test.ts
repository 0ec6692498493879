// The shape of core/: which package may import which (docs/architecture.md draws it), checked on
// the syntax tree of every file. The allowed edges form a DAG, and no module imports itself back
// through others (type-only imports count: they tie the packages' designs together just the same).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import ts from 'typescript';
import { repoPath } from '../support/platform.ts';
import { moduleSpecifier, sourceFiles } from '../support/source-files.ts';

/** Each package of core/ (a folder, or a top-level file) and the packages it may import. */
export const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  model: [],
  automata: [],
  platform: [],
  random: [],
  record: [],
  catalogue: ['model'],
  'worker-protocol': [],
  tokenmask: ['automata', 'platform', 'random'],
  clew: ['model', 'platform'],
  braid: ['automata', 'model', 'tokenmask'],
  maze: ['braid', 'clew', 'model', 'tokenmask'],
  report: ['catalogue', 'random', 'record'],
  bench: ['catalogue', 'braid', 'clew', 'maze', 'model', 'platform', 'random', 'record', 'report', 'tokenmask', 'automata'],
};

/** The package of a path relative to core/: its first folder, or a top-level file's name. */
export function packageOf(path: string): string {
  return path.includes('/') ? path.slice(0, path.indexOf('/')) : path.replace(/\.[cm]?[jt]s$/, '');
}

/** Relative imports of each file (paths relative to the root, normalised), from its syntax tree. */
export function importsOf(files: ReadonlyMap<string, string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [file, text] of files) {
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const targets: string[] = [];
    const visit = (node: ts.Node): void => {
      const specifier = moduleSpecifier(node);
      if (specifier?.startsWith('.')) targets.push(normalize(join(dirname(file), specifier)));
      ts.forEachChild(node, visit);
    };
    visit(source);
    out.set(file, targets);
  }
  return out;
}

/** Imports that cross into a package the importer may not use, as 'file -> target'. Leaving the root counts too. */
export function forbiddenImports(imports: ReadonlyMap<string, readonly string[]>, allowed: Readonly<Record<string, readonly string[]>>): string[] {
  const found: string[] = [];
  for (const [file, targets] of imports) {
    const from = packageOf(file);
    for (const target of targets) {
      const to = target.startsWith('..') ? '(outside core/)' : packageOf(target);
      if (to !== from && !(allowed[from] ?? []).includes(to)) found.push(`${file} -> ${target}`);
    }
  }
  return found.sort();
}

/** The cycles a depth-first search meets in a directed graph, each as its nodes with the first repeated at the end. */
export function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const found: string[][] = [];
  const done = new Set<string>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const visit = (node: string): void => {
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (onStack.has(next)) found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!done.has(next)) visit(next);
    }
    stack.pop();
    onStack.delete(node);
    done.add(node);
  };
  for (const node of [...graph.keys()].sort()) if (!done.has(node)) visit(node);
  return found;
}

function coreSources(): Map<string, string> {
  const root = repoPath('core');
  return new Map(sourceFiles(root).map((path) => [relative(root, path), readFileSync(path, 'utf8')]));
}

test('every import inside core/ follows the allowed package edges, and every package is listed', () => {
  const imports = importsOf(coreSources());
  assert.deepEqual(forbiddenImports(imports, ALLOWED), []);
  const packages = [...new Set([...imports.keys()].map(packageOf))].sort();
  assert.deepEqual(packages, Object.keys(ALLOWED).sort());
});

test('the allowed package edges form a DAG, and no module of core/ imports itself back', () => {
  assert.deepEqual(cycles(new Map(Object.entries(ALLOWED))), []);
  assert.deepEqual(cycles(importsOf(coreSources())), []);
});

test('the checks find a forbidden edge, an import leaving core/ and a cycle', () => {
  const files = new Map([
    ['tokenmask/masks.ts', "import type { TokenMasks } from '../braid/ir.ts';\nexport const a = 1;"],
    ['braid/ir.ts', "import { a } from '../tokenmask/masks.ts';\nexport const x = () => import('./compile.ts');"],
    ['braid/compile.ts', "export { x } from './ir.ts';\nimport '../../scripts/x.mjs';"],
  ]);
  const imports = importsOf(files);
  assert.deepEqual(imports.get('braid/ir.ts'), ['tokenmask/masks.ts', 'braid/compile.ts']);
  assert.deepEqual(forbiddenImports(imports, ALLOWED), ['braid/compile.ts -> ../scripts/x.mjs', 'tokenmask/masks.ts -> braid/ir.ts']);
  assert.deepEqual(cycles(imports), [
    ['braid/ir.ts', 'tokenmask/masks.ts', 'braid/ir.ts'],
    ['braid/compile.ts', 'braid/ir.ts', 'braid/compile.ts'],
  ]);
});

/** The edges of the first mermaid graph in a markdown text, as `from -> to`. */
export function mermaidEdges(markdown: string): string[] {
  const block = /```mermaid\n([\s\S]*?)```/.exec(markdown);
  if (block === null) return [];
  return [...block[1]!.matchAll(/^\s*([\w-]+)\s*-->\s*([\w-]+)\s*$/gm)].map((m) => `${m[1]} -> ${m[2]}`).sort();
}

test('docs/architecture.md draws exactly the allowed package edges', () => {
  const drawn = mermaidEdges(readFileSync(repoPath('docs/architecture.md'), 'utf8'));
  const allowed = Object.entries(ALLOWED)
    .flatMap(([from, tos]) => tos.map((to) => `${from} -> ${to}`))
    .sort();
  assert.deepEqual(drawn, allowed);
  assert.deepEqual(mermaidEdges('text\n```mermaid\ngraph TD\n  a --> b\n  a-->c\n```\n'), ['a -> b', 'a -> c']);
});
