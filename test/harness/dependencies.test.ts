// Dependencies earn their place: every package package.json declares is imported by the project's
// own code or used in a way listed below with its reason, and every package the code imports is
// declared (not merely installed as some other package's dependency).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { relative } from 'node:path';
import ts from 'typescript';
import { repoPath } from '../support/platform.ts';
import { moduleSpecifier, sourceFiles } from '../support/source-files.ts';

/** The project's code: the engine, runners, orchestrator, HTML report, CLI, scripts, tests, the command and the fixture generator. */
const CODE_FOLDERS = ['core', 'runners', 'orchestrator', 'report', 'cli', 'scripts', 'test', 'bin'];
const CODE_FILES = ['fixtures/generate.mjs'];

/** Packages used other than by an import, each with why and where (`file` must contain `text`). */
const NON_IMPORT_USES: Record<string, { reason: string; file: string; text: string; binary?: string }> = {
  bun: { reason: 'the Bun runtime: its binary runs the tests and the benchmarks', file: 'scripts/test.mjs', text: "bin('bun')", binary: 'bun' },
  deno: { reason: 'the Deno runtime: its binary runs the tests and the benchmarks', file: 'scripts/test.mjs', text: "bin('deno')", binary: 'deno' },
  '@biomejs/biome': { reason: 'the formatter and linter: npm test runs `biome check`', file: 'package.json', text: '"lint": "biome check', binary: 'biome' },
  tsx: {
    reason: 'Node loads it (--import tsx) to run the scripts and the CLI from their .ts sources in tests',
    file: 'test/harness/orchestrator/support.ts',
    text: "'--import', 'tsx'",
  },
  '@types/node': { reason: "Node's type declarations for tsc", file: 'tsconfig.json', text: '"types": ["node"]' },
  'tree-sitter-typescript': {
    reason: 'its .wasm grammar, loaded through the platform',
    file: 'core/clew/languages/typescript.ts',
    text: "'tree-sitter-typescript/tree-sitter-typescript.wasm'",
  },
  'tree-sitter-python': {
    reason: 'its .wasm grammar, loaded through the platform',
    file: 'core/clew/languages/python.ts',
    text: "'tree-sitter-python/tree-sitter-python.wasm'",
  },
  'tree-sitter-rust': {
    reason: 'its .wasm grammar, loaded through the platform',
    file: 'core/clew/languages/rust.ts',
    text: "'tree-sitter-rust/tree-sitter-rust.wasm'",
  },
  'tree-sitter-go': {
    reason: 'its .wasm grammar, loaded through the platform',
    file: 'core/clew/languages/go.ts',
    text: "'tree-sitter-go/tree-sitter-go.wasm'",
  },
  '@tree-sitter-grammars/tree-sitter-zig': {
    reason: 'its .wasm grammar, loaded through the platform',
    file: 'core/clew/languages/zig.ts',
    text: "'@tree-sitter-grammars/tree-sitter-zig/tree-sitter-zig.wasm'",
  },
};

/** The package a bare specifier names ('a/b/c' → 'a', '@s/a/b' → '@s/a'); null for relative paths and runtime modules. */
export function packageName(specifier: string): string | null {
  if (/^(\.|\/|[a-z]+:)/.test(specifier) || builtinModules.includes(specifier.split('/')[0]!)) return null;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** The packages one source text imports, in order of appearance (strings and comments do not count). */
export function packagesImported(fileName: string, text: string): string[] {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    const specifier = moduleSpecifier(node);
    const name = specifier === null ? null : packageName(specifier);
    if (name !== null) found.push(name);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

let scanned: Map<string, string[]> | null = null;

/** Every package the code files import, as package → files (scanned once per test file). */
function importedPackages(): Map<string, string[]> {
  if (scanned !== null) return scanned;
  const files = [...CODE_FOLDERS.flatMap((folder) => sourceFiles(repoPath(folder))), ...CODE_FILES.map(repoPath)];
  const byPackage = new Map<string, string[]>();
  for (const path of files) {
    for (const name of new Set(packagesImported(path, readFileSync(path, 'utf8'))))
      byPackage.set(name, [...(byPackage.get(name) ?? []), relative(repoPath(''), path)]);
  }
  scanned = byPackage;
  return byPackage;
}

const manifest = JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const declared = [...Object.keys(manifest.dependencies), ...Object.keys(manifest.devDependencies)].sort();

test('package names: scopes and subpaths, and no package for relative paths, node builtins and runtime modules', () => {
  assert.deepEqual(
    [
      'gpt-tokenizer/encoding/o200k_base',
      '@mlc-ai/web-xgrammar',
      'ajv/dist/2020.js',
      './x.ts',
      '../y.js',
      'node:fs',
      'fs',
      'child_process',
      'fs/promises',
      'bun:jsc',
      'npm:zx',
    ].map(packageName),
    ['gpt-tokenizer', '@mlc-ai/web-xgrammar', 'ajv', null, null, null, null, null, null, null, null],
  );
});

test('every declared dependency is imported by the code or has a listed non-import use', () => {
  const imported = importedPackages();
  const unused = declared.filter((name) => !imported.has(name) && !(name in NON_IMPORT_USES));
  assert.deepEqual(unused, [], 'declared in package.json but neither imported nor listed in NON_IMPORT_USES');
});

test('every listed non-import use is real, and needed: the package is declared, not imported, and used where the list says', () => {
  const imported = importedPackages();
  for (const [name, use] of Object.entries(NON_IMPORT_USES)) {
    assert.ok(declared.includes(name), `${name} is listed but not declared`);
    assert.equal(imported.get(name), undefined, `${name} is imported (by ${imported.get(name)}); drop it from NON_IMPORT_USES`);
    assert.ok(readFileSync(repoPath(use.file), 'utf8').includes(use.text), `${name}: ${use.file} no longer contains ${use.text}`);
    if (use.binary !== undefined) {
      const pkg = JSON.parse(readFileSync(repoPath(`node_modules/${name}/package.json`), 'utf8')) as { bin?: string | Record<string, string> };
      const bins = typeof pkg.bin === 'string' ? [name] : Object.keys(pkg.bin ?? {});
      assert.ok(bins.includes(use.binary), `${name} ships no ${use.binary} binary`);
    }
    if (use.text.includes('.wasm')) assert.ok(existsSync(repoPath(`node_modules/${use.text.slice(1, -1)}`)), `${name}: no ${use.text}`);
  }
});

test('every package the code imports is declared in package.json', () => {
  const undeclared = [...importedPackages()].filter(([name]) => !declared.includes(name)).map(([name, files]) => `${name} (${files.join(', ')})`);
  assert.deepEqual(undeclared, []);
});

test('the scan sees every form of import, and nothing in strings or comments', () => {
  const sample = [
    "import fc from 'fast-check';",
    "import type { Parser } from 'web-tree-sitter';",
    "export { x } from '@scope/pkg/sub';",
    "const m = await import('mitata');",
    "const r = require('lru-cache');",
    "const path = require.resolve('@mlc-ai/web-xgrammar');",
    "import { readFile } from 'node:fs';",
    "import './local.ts';",
    "const q = `import x from 'in-a-template'`; // import y from 'in-a-comment'",
    'const s = "require(\'in-a-string\')";',
  ].join('\n');
  assert.deepEqual(packagesImported('sample.ts', sample), ['fast-check', 'web-tree-sitter', '@scope/pkg', 'mitata', 'lru-cache', '@mlc-ai/web-xgrammar']);
  // and the folders are the right ones: the engine's own imports are found
  assert.ok(importedPackages().get('web-tree-sitter')!.includes('core/clew/index.ts'));
});
