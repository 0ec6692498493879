// Reading the repository's own sources as syntax: the files under a folder, and the module a node imports.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

/** Every .ts/.mts/.js/.mjs/.cjs file under a folder, recursively, sorted. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? sourceFiles(path) : /\.(ts|mts|js|mjs|cjs)$/.test(name) ? [path] : [];
    });
}

/**
 * The module specifier a node names, or null: `import … from 'x'`, `export … from 'x'`, `import('x')`,
 * `require('x')` and `require.resolve('x')` (string literals only).
 */
export function moduleSpecifier(node: ts.Node): string | null {
  if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier))
    return node.moduleSpecifier.text;
  if (!ts.isCallExpression(node) || node.arguments.length === 0 || !ts.isStringLiteralLike(node.arguments[0]!)) return null;
  const callee = node.expression;
  const isImport = callee.kind === ts.SyntaxKind.ImportKeyword;
  const isRequire = ts.isIdentifier(callee) && callee.text === 'require';
  const isResolve =
    ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'require' && callee.name.text === 'resolve';
  return isImport || isRequire || isResolve ? node.arguments[0].text : null;
}
