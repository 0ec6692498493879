// Oracle: Clew's functions (parameter names, annotations, optionality, return annotation, async),
// classes and interfaces with their fields (incl. constructor parameter properties) and imports
// agree with the TypeScript compiler's AST
// on real TypeScript shipped in node_modules (ajv, hash-wasm and gpt-tokenizer sources, TypeScript's lib .d.ts files).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { Clew } from '../../../core/clew/index.ts';
import { repoPath, usePlatform } from '../../support/platform.ts';
import { compareKeys, type Score } from './score.ts';

function tsSources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

const SOURCES = [
  ...tsSources(repoPath('node_modules/ajv/lib')),
  ...tsSources(repoPath('node_modules/hash-wasm/lib')),
  ...tsSources(repoPath('node_modules/gpt-tokenizer/src')),
  ...['lib.es5.d.ts', 'lib.es2015.collection.d.ts', 'lib.es2015.promise.d.ts', 'lib.decorators.d.ts', 'lib.dom.d.ts']
    .map((f) => repoPath(`node_modules/typescript/lib/${f}`)),
];

/** What the compiler says the file declares, as `kind owner.name@line` keys. */
function oracleKeys(path: string, text: string): string[] {
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const keys: string[] = [];
  const line = (node: ts.Node) => file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
  const nameText = (name: ts.PropertyName | ts.BindingName) => name.getText(file);
  /** Parameter names, ':' when annotated, '?' when optional or defaulted; `this` declares a type, not a parameter. */
  const params = (key: string, fn: ts.SignatureDeclaration) => {
    const list = fn.parameters;
    const isAsync = ts.getCombinedModifierFlags(fn as ts.Declaration) & ts.ModifierFlags.Async ? ' async' : '';
    const rendered = list
      .filter((p) => !(ts.isIdentifier(p.name) && p.name.text === 'this'))
      .map((p) => `${p.dotDotDotToken ? '...' : ''}${nameText(p.name)}${p.type ? ':' : ''}${p.questionToken || p.initializer ? '?' : ''}`);
    keys.push(`params ${key}(${rendered.join(',')})${fn.type ? ':' : ''}${isAsync}`);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionDeclaration(node) && node.name) {
      keys.push(`function .${node.name.text}@${line(node)}`);
      params(`.${node.name.text}@${line(node)}`, node);
    }
    else if (ts.isClassDeclaration(node) && node.name) {
      keys.push(`class ${node.name.text}@${line(node)}`);
      // fields: property declarations and constructor parameter properties, in source order
      const fields: string[] = [];
      for (const member of node.members) {
        if (ts.isPropertyDeclaration(member)) fields.push(`${ts.isStringLiteral(member.name) ? member.name.text : nameText(member.name)}${member.questionToken ? '?' : ''}${member.type ? ':' : ''}`);
        if (ts.isConstructorDeclaration(member)) {
          for (const p of member.parameters) {
            if (ts.getCombinedModifierFlags(p) & ts.ModifierFlags.ParameterPropertyModifier && ts.isIdentifier(p.name)) fields.push(`${p.name.text}${p.questionToken ? '?' : ''}${p.type ? ':' : ''}`);
          }
        }
      }
      keys.push(`fields ${node.name.text}@${line(node)}(${fields.join(',')})`);
      for (const member of node.members) {
        if ((ts.isMethodDeclaration(member) || ts.isGetAccessorDeclaration(member) || ts.isSetAccessorDeclaration(member)) && member.name) {
          keys.push(`function ${node.name.text}.${nameText(member.name)}@${line(member)}`);
          params(`${node.name.text}.${nameText(member.name)}@${line(member)}`, member);
        } else if (ts.isConstructorDeclaration(member)) {
          keys.push(`function ${node.name.text}.constructor@${line(member)}`);
          params(`${node.name.text}.constructor@${line(member)}`, member);
        }
      }
    } else if (ts.isInterfaceDeclaration(node)) {
      keys.push(`interface ${node.name.text}@${line(node)}`);
      const props = node.members.filter(ts.isPropertySignature)
        .map((m) => `${ts.isStringLiteral(m.name) ? m.name.text : nameText(m.name)}${m.questionToken ? '?' : ''}${m.type ? ':' : ''}`);
      keys.push(`fields ${node.name.text}@${line(node)}(${props.join(',')})`);
      for (const member of node.members) {
        // accessor signatures (`get x(): T;`) are methods as much as class accessors are
        if (ts.isMethodSignature(member) || ts.isGetAccessorDeclaration(member) || ts.isSetAccessorDeclaration(member)) {
          keys.push(`function ${node.name.text}.${nameText(member.name)}@${line(member)}`);
          params(`${node.name.text}.${nameText(member.name)}@${line(member)}`, member);
        }
      }
    } else if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      keys.push(`import ${node.moduleSpecifier.text}@${line(node)}`);
    } else if (ts.isVariableStatement(node) && (node.declarationList.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)) !== 0) {
      for (const decl of node.declarationList.declarations) {
        const init = decl.initializer;
        if (ts.isIdentifier(decl.name) && init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) {
          keys.push(`function .${decl.name.text}@${line(node)}`);
          params(`.${decl.name.text}@${line(node)}`, init);
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return keys;
}

function clewKeys(clew: Clew, path: string, text: string): string[] {
  const result = clew.extract(text, { language: 'typescript', file: path });
  result.dispose?.();
  const keys: string[] = [];
  for (const c of result.constraints) {
    const f = c.facts;
    if (f?.fact === 'function') {
      keys.push(`function ${f.owner ?? ''}.${f.name}@${c.origin_line}`);
      const rendered = f.params.map((p) => `${p.variadic ? '...' : ''}${p.name}${p.type ? ':' : ''}${p.optional ? '?' : ''}`);
      keys.push(`params ${f.owner ?? ''}.${f.name}@${c.origin_line}(${rendered.join(',')})${f.returnType ? ':' : ''}${f.async ? ' async' : ''}`);
    }
    else if (f?.fact === 'type' && (f.declKind === 'class' || f.declKind === 'interface')) {
      keys.push(`${f.declKind} ${f.name}@${c.origin_line}`);
      keys.push(`fields ${f.name}@${c.origin_line}(${f.fields.map((x) => `${x.name}${x.optional ? '?' : ''}${x.type ? ':' : ''}`).join(',')})`);
    }
    else if (f?.fact === 'import') keys.push(`import ${f.module}@${c.origin_line}`);
  }
  return keys;
}

// Both sides see the same syntax, so disagreement means a missing or wrong query pattern; the
// threshold leaves room only for a handful of constructs the two parse differently (reported below).
const THRESHOLD = 0.98;

test('TypeScript: functions, classes, interfaces and imports match the TypeScript compiler', async () => {
  await usePlatform();
  const clew = await Clew.create();
  await clew.load('typescript');
  const totals = new Map<string, Score>();
  const misses: string[] = [];
  for (const path of SOURCES) {
    const text = readFileSync(path, 'utf8');
    const score = compareKeys(clewKeys(clew, path, text), oracleKeys(path, text));
    for (const [kind, s] of score.byKind) {
      const t = totals.get(kind) ?? { found: 0, expected: 0, matched: 0 };
      totals.set(kind, { found: t.found + s.found, expected: t.expected + s.expected, matched: t.matched + s.matched });
    }
    for (const k of score.onlyFound.slice(0, 3)) misses.push(`extra   ${path.slice(path.indexOf('node_modules'))}: ${k}`);
    for (const k of score.onlyExpected.slice(0, 3)) misses.push(`missing ${path.slice(path.indexOf('node_modules'))}: ${k}`);
  }
  console.log(`TypeScript oracle over ${SOURCES.length} files:`);
  for (const [kind, t] of [...totals].sort()) {
    console.log(`  ${kind.padEnd(9)} precision ${(t.matched / t.found).toFixed(4)} recall ${(t.matched / t.expected).toFixed(4)} (${t.matched} matched, ${t.found} found, ${t.expected} expected)`);
  }
  if (misses.length > 0) console.log(misses.slice(0, 20).join('\n'));
  for (const [kind, t] of totals) {
    assert.ok(t.expected > 0, `${kind}: the oracle found none`);
    assert.ok(t.matched / t.found >= THRESHOLD, `${kind} precision ${t.matched}/${t.found}`);
    assert.ok(t.matched / t.expected >= THRESHOLD, `${kind} recall ${t.matched}/${t.expected}`);
  }
  assert.deepEqual([...totals.keys()].sort(), ['class', 'fields', 'function', 'import', 'interface', 'params']);
});
