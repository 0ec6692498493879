// The platform boundary, checked on the syntax tree: nothing under core/ reaches a
// runtime directly. Strings (tree-sitter queries mention `require`) and comments don't count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import ts from 'typescript';
import { repoPath } from '../support/platform.ts';
import { moduleSpecifier, sourceFiles } from '../support/source-files.ts';

const RUNTIME_GLOBALS = new Set(['Deno', 'Bun', 'process', 'require']);
const RUNTIME_MODULE = /^(node|bun|deno):|^(fs|path|os|child_process|worker_threads|url|util|crypto|http|https|net|v8)(\/|$)/;

/** Every runtime-specific reference in one source text, as 'line: what'. */
export function runtimeReferences(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  // A file that declares its own binding of the name (`const { require } = …`) means that
  // binding, not the runtime's global; shadowing is checked per file, which is enough here.
  const declared = new Set<string>();
  const collect = (node: ts.Node): void => {
    if (
      (ts.isVariableDeclaration(node) || ts.isParameter(node) || ts.isBindingElement(node) || ts.isFunctionDeclaration(node) || ts.isImportSpecifier(node)) &&
      node.name &&
      ts.isIdentifier(node.name)
    )
      declared.add(node.name.text);
    ts.forEachChild(node, collect);
  };
  collect(source);
  const at = (node: ts.Node, what: string) => found.push(`${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}: ${what}`);
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && RUNTIME_GLOBALS.has(node.text) && !declared.has(node.text)) {
      const parent = node.parent;
      // A property name (`x.process`, `{ process: 1 }`) or a declaration of one's own is not the global.
      const isPropertyName =
        (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
        (ts.isPropertyAssignment(parent) && parent.name === node) ||
        ts.isPropertyDeclaration(parent) ||
        ts.isMethodDeclaration(parent) ||
        ts.isPropertySignature(parent);
      if (!isPropertyName) at(node, node.text);
    }
    // `globalThis.Deno` or `(globalThis as …).Bun` reaches the same global by another road.
    if (ts.isPropertyAccessExpression(node) && RUNTIME_GLOBALS.has(node.name.text)) {
      let target: ts.Expression = node.expression;
      while (ts.isParenthesizedExpression(target) || ts.isAsExpression(target) || ts.isTypeAssertionExpression(target)) target = target.expression;
      if (ts.isIdentifier(target) && (target.text === 'globalThis' || target.text === 'self')) at(node, `globalThis.${node.name.text}`);
    }
    const specifier = moduleSpecifier(node);
    if (specifier !== null && RUNTIME_MODULE.test(specifier)) at(node, `import '${specifier}'`);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

test('nothing under core/ references Deno, Bun, process, require or a node: module', () => {
  const offences = sourceFiles(repoPath('core')).flatMap((file) =>
    runtimeReferences(file, readFileSync(file, 'utf8')).map((hit) => `${relative(repoPath(''), file)}:${hit}`),
  );
  assert.deepEqual(offences, []);
});

test('the check finds each kind of runtime reference and ignores strings, comments and property names', () => {
  const sample = [
    "import { readFile } from 'node:fs';", // 1
    'const env = process.env.HOME;', // 2
    'const q = `(#eq? @f "require")`; // require(\'x\') in a comment', // 3
    'const fs = require("fs");', // 4
    'const o = { process: 1 }; o.process;', // 5
    "const m = await import('bun:jsc');", // 6
    'Deno.readFile("x");', // 7
    "export { x } from 'node:path';", // 8
    'const b = (globalThis as { Bun?: unknown }).Bun;', // 9
  ].join('\n');
  const shadowed = 'function f(require: (x: string) => void) { require("a"); }';
  assert.deepEqual(runtimeReferences('shadow.ts', shadowed), []);
  assert.deepEqual(runtimeReferences('sample.ts', sample), [
    "1: import 'node:fs'",
    '2: process',
    "4: import 'fs'",
    '4: require',
    "6: import 'bun:jsc'",
    '7: Deno',
    "8: import 'node:path'",
    '9: globalThis.Bun',
  ]);
});
