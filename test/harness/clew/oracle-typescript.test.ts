// Oracle: Clew's functions (parameter names, annotations, optionality, return annotation, async),
// classes and interfaces with their fields (instance properties and constructor parameter properties;
// a property is optional with `?` or `| undefined`, which JSON.stringify leaves out), the normalised
// TypeExpr of every parameter, return and interface field (inline object, mapped, intersection,
// indexed-access and keyof types included), and imports agree with the TypeScript compiler's AST
// on real TypeScript shipped in node_modules, in three groups checked apart: package sources (ajv,
// hash-wasm and gpt-tokenizer), package declaration files (lru-cache's and ajv's .d.ts) and
// TypeScript's own lib .d.ts files; and which top-level functions, classes and interfaces are exported
// (an `export` modifier, `export declare` included, or a later `export { … }`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { Clew } from '../../../core/clew/index.ts';
import { repoPath, usePlatform } from '../../support/platform.ts';
import { compareKeys, Tally, type GroupExpectations, type KnownDisagreement } from './score.ts';

type Expr = Record<string, unknown>;

/**
 * The compiler's view of a type, normalised the way facts.ts defines TypeExpr (written here again,
 * from the TypeScript AST, so the comparison does not share code with Clew).
 */
function normalise(file: ts.SourceFile, t: ts.TypeNode, depth = 0): Expr {
  const unknown = (): Expr => ({ kind: 'unknown', text: t.getText(file) });
  if (depth > 40) return unknown();
  const k = ts.SyntaxKind;
  switch (t.kind) {
    case k.StringKeyword:
      return { kind: 'primitive', name: 'string' };
    case k.NumberKeyword:
      return { kind: 'primitive', name: 'number' };
    case k.BigIntKeyword:
      return { kind: 'primitive', name: 'integer' };
    case k.BooleanKeyword:
      return { kind: 'primitive', name: 'boolean' };
    case k.UndefinedKeyword:
      return { kind: 'primitive', name: 'null' };
    case k.VoidKeyword:
    case k.NeverKeyword:
      return { kind: 'primitive', name: 'void' };
    case k.AnyKeyword:
    case k.UnknownKeyword:
      return { kind: 'any' };
    default:
      break;
  }
  if (ts.isParenthesizedTypeNode(t)) return normalise(file, t.type, depth + 1);
  if (ts.isTypeOperatorNode(t) && t.operator === k.ReadonlyKeyword) return normalise(file, t.type, depth + 1);
  if (ts.isArrayTypeNode(t)) return { kind: 'array', items: normalise(file, t.elementType, depth + 1) };
  if (ts.isTupleTypeNode(t)) return { kind: 'tuple', items: t.elements.map((e) => normalise(file, e, depth + 1)) };
  if (ts.isUnionTypeNode(t)) {
    const flat = t.types.flatMap((m) => {
      const e = normalise(file, m, depth + 1);
      return e.kind === 'union' ? (e.members as Expr[]) : [e];
    });
    const isNull = (e: Expr) => e.kind === 'primitive' && e.name === 'null';
    const rest = flat.filter((e) => !isNull(e));
    const inner: Expr = rest.length === 1 ? rest[0]! : rest.length === 0 ? { kind: 'primitive', name: 'null' } : { kind: 'union', members: rest };
    if (rest.length === flat.length || rest.length === 0) return inner;
    return inner.kind === 'optional' ? inner : { kind: 'optional', inner };
  }
  if (ts.isLiteralTypeNode(t)) {
    const lit = t.literal;
    if (lit.kind === k.NullKeyword) return { kind: 'primitive', name: 'null' };
    if (ts.isStringLiteral(lit)) return { kind: 'literal', value: lit.text };
    if (ts.isNumericLiteral(lit)) return { kind: 'literal', value: Number(lit.getText(file)) };
    if (lit.kind === k.TrueKeyword || lit.kind === k.FalseKeyword) return { kind: 'literal', value: lit.kind === k.TrueKeyword };
    return unknown();
  }
  if (ts.isTypeLiteralNode(t)) {
    // an inline object type: its property signatures as fields, its index signature's value as `rest`
    const fields = t.members.filter(ts.isPropertySignature).map((m) => field(file, m, depth));
    const index = t.members.filter(ts.isIndexSignatureDeclaration).pop();
    return { kind: 'object', fields, rest: index ? propertyExpr(file, index.type, depth).expr : null };
  }
  if (ts.isMappedTypeNode(t)) {
    const q = t.questionToken;
    const optional = q === undefined ? null : q.kind !== k.MinusToken;
    const param = t.typeParameter;
    if (!param.constraint || !t.type) return unknown();
    return { kind: 'mapped', param: param.name.text, keys: normalise(file, param.constraint, depth + 1), value: normalise(file, t.type, depth + 1), optional };
  }
  if (ts.isIntersectionTypeNode(t)) {
    return {
      kind: 'intersection',
      members: t.types.flatMap((m) => {
        const e = normalise(file, m, depth + 1);
        return ts.isIntersectionTypeNode(m) ? (e.members as Expr[]) : [e];
      }),
    };
  }
  if (ts.isIndexedAccessTypeNode(t))
    return { kind: 'indexed', object: normalise(file, t.objectType, depth + 1), index: normalise(file, t.indexType, depth + 1) };
  if (ts.isTypeOperatorNode(t) && t.operator === k.KeyOfKeyword) return { kind: 'keyof', of: normalise(file, t.type, depth + 1) };
  if (ts.isTypeReferenceNode(t)) {
    const name = t.typeName.getText(file);
    const args = (t.typeArguments ?? []).map((a) => normalise(file, a, depth + 1));
    if (args.length === 0 && name === 'Date') return { kind: 'primitive', name: 'datetime' };
    if (args.length === 0 && ['Uint8Array', 'Buffer', 'ArrayBuffer'].includes(name)) return { kind: 'primitive', name: 'bytes' };
    if (['Array', 'ReadonlyArray', 'Set', 'ReadonlySet'].includes(name) && args.length === 1) return { kind: 'array', items: args[0] };
    if (['Record', 'Map', 'ReadonlyMap'].includes(name) && args.length === 2) return { kind: 'map', key: args[0], value: args[1] };
    return { kind: 'ref', name, args };
  }
  return unknown();
}

const isUndefined = (t: ts.TypeNode) =>
  t.kind === ts.SyntaxKind.UndefinedKeyword || (ts.isLiteralTypeNode(t) && t.literal.kind === ts.SyntaxKind.UndefinedKeyword);

/** A union's members, nested unions flattened. */
function unionMembers(t: ts.TypeNode): ts.TypeNode[] {
  return ts.isUnionTypeNode(t) ? t.types.flatMap(unionMembers) : [t];
}

/**
 * A property's type as facts.ts defines it: JSON.stringify leaves a property that is undefined out, so
 * `x: T | undefined` is an optional property of type T (text kept as written).
 */
function propertyExpr(file: ts.SourceFile, t: ts.TypeNode, depth: number): { expr: Expr; undefinable: boolean } {
  const members = unionMembers(t);
  const defined = members.filter((m) => !isUndefined(m));
  if (!ts.isUnionTypeNode(t) || defined.length === members.length || defined.length === 0) return { expr: normalise(file, t, depth + 1), undefinable: false };
  const synthetic = defined.map((m) => normalise(file, m, depth + 1));
  // the same pulling-out of null as for any union
  const isNull = (e: Expr) => e.kind === 'primitive' && e.name === 'null';
  const flat = synthetic.flatMap((e) => (e.kind === 'union' ? (e.members as Expr[]) : [e]));
  const rest = flat.filter((e) => !isNull(e));
  const inner: Expr = rest.length === 1 ? rest[0]! : rest.length === 0 ? { kind: 'primitive', name: 'null' } : { kind: 'union', members: rest };
  const expr = rest.length === flat.length || rest.length === 0 ? inner : inner.kind === 'optional' ? inner : { kind: 'optional', inner };
  return { expr, undefinable: true };
}

/** A property signature as Clew's FieldFact. */
function field(file: ts.SourceFile, m: ts.PropertySignature, depth: number): Expr {
  const name = ts.isStringLiteral(m.name) ? m.name.text : m.name.getText(file);
  const line = file.getLineAndCharacterOfPosition(m.getStart(file)).line + 1;
  if (!m.type) return { name, jsonName: null, type: null, optional: m.questionToken !== undefined, line };
  const { expr, undefinable } = propertyExpr(file, m.type, depth);
  return { name, jsonName: null, type: { text: m.type.getText(file), expr }, optional: m.questionToken !== undefined || undefinable, line };
}

function tsSources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** The files of each group; the two are checked apart so the many lib.d.ts keys cannot hide a package file's. */
const GROUPS: Record<string, string[]> = {
  'package sources': [
    ...tsSources(repoPath('node_modules/ajv/lib')),
    ...tsSources(repoPath('node_modules/hash-wasm/lib')),
    ...tsSources(repoPath('node_modules/gpt-tokenizer/src')),
  ],
  // declaration files as packages ship them (`export declare class …`): lru-cache's and ajv's
  'package .d.ts': [
    ...['index.d.ts', 'diagnostics-channel.d.ts', 'perf.d.ts'].map((f) => repoPath(`node_modules/lru-cache/dist/esm/${f}`)),
    ...['core.d.ts', 'ajv.d.ts', 'types/index.d.ts', 'compile/index.d.ts', 'compile/codegen/index.d.ts', 'compile/validate/index.d.ts'].map((f) =>
      repoPath(`node_modules/ajv/dist/${f}`),
    ),
  ],
  'lib.d.ts': ['lib.es5.d.ts', 'lib.es2015.collection.d.ts', 'lib.es2015.promise.d.ts', 'lib.decorators.d.ts', 'lib.dom.d.ts'].map((f) =>
    repoPath(`node_modules/typescript/lib/${f}`),
  ),
};

/** How many files each group holds with the locked package versions (a folder that moves is caught here). */
const FILE_COUNTS: Record<string, number> = { 'package sources': 386, 'package .d.ts': 9, 'lib.d.ts': 5 };

/** Lib files declare no classes and import nothing; what they export is what their ambient namespaces (Intl, WebAssembly…) hold. */
const EXPECTATIONS: GroupExpectations = {
  'package sources': { kinds: ['class', 'exported', 'fields', 'function', 'import', 'interface', 'params', 'types'] },
  'package .d.ts': { kinds: ['class', 'exported', 'fields', 'function', 'import', 'interface', 'params', 'types'] },
  'lib.d.ts': { kinds: ['exported', 'fields', 'function', 'interface', 'params', 'types'] },
};

/** Disagreements understood and accepted (none today: Clew and the compiler agree on every key). */
const KNOWN: KnownDisagreement[] = [];

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
    const typed = list.filter((p) => !(ts.isIdentifier(p.name) && p.name.text === 'this'));
    typed.forEach((p, i) => {
      if (p.type) keys.push(`types ${key}#${i} ${JSON.stringify(normalise(file, p.type))}`);
    });
    // type predicates (x is T) and assertion signatures are boolean/void by definition, not by the compiler's node
    if (fn.type && !ts.isTypePredicateNode(fn.type)) keys.push(`types ${key}#return ${JSON.stringify(normalise(file, fn.type))}`);
  };
  // exported: an `export` modifier (with or without `declare`), or a top-level name an `export { … }` clause lists
  const exportedNames = new Set(
    file.statements.flatMap((s) =>
      ts.isExportDeclaration(s) && !s.moduleSpecifier && s.exportClause && ts.isNamedExports(s.exportClause)
        ? s.exportClause.elements.map((e) => (e.propertyName ?? e.name).text)
        : [],
    ),
  );
  // in the body of an ambient namespace or module without `export { … }`, `export =` or `export default`,
  // every declaration is exported (the binder's export context)
  const exportContext = (at: ts.Node) =>
    ts.isModuleBlock(at.parent) &&
    (ts.getCombinedModifierFlags(at.parent.parent) & ts.ModifierFlags.Ambient) !== 0 &&
    !at.parent.statements.some((s) => ts.isExportDeclaration(s) || ts.isExportAssignment(s));
  const exported = (node: ts.Declaration, name: string, at: ts.Node) => {
    const topLevel = at.parent === file;
    if ((ts.getCombinedModifierFlags(node) & ts.ModifierFlags.Export) !== 0 || (topLevel && exportedNames.has(name)) || exportContext(at))
      keys.push(`exported .${name}@${line(at)}`);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionDeclaration(node) && node.name) {
      keys.push(`function .${node.name.text}@${line(node)}`);
      exported(node, node.name.text, node);
      params(`.${node.name.text}@${line(node)}`, node);
    } else if (ts.isClassDeclaration(node) && node.name) {
      keys.push(`class ${node.name.text}@${line(node)}`);
      exported(node, node.name.text, node);
      // fields: property declarations and constructor parameter properties, in source order
      const fields: string[] = [];
      for (const member of node.members) {
        // instance properties: statics are not part of a value; `| undefined` makes a property optional
        if (ts.isPropertyDeclaration(member) && !(ts.getCombinedModifierFlags(member) & ts.ModifierFlags.Static)) {
          const undefinable = member.type !== undefined && propertyExpr(file, member.type, 0).undefinable;
          fields.push(
            `${ts.isStringLiteral(member.name) ? member.name.text : nameText(member.name)}${member.questionToken || undefinable ? '?' : ''}${member.type ? ':' : ''}`,
          );
        }
        if (ts.isConstructorDeclaration(member)) {
          for (const p of member.parameters) {
            if (ts.getCombinedModifierFlags(p) & ts.ModifierFlags.ParameterPropertyModifier && ts.isIdentifier(p.name))
              fields.push(`${p.name.text}${p.questionToken ? '?' : ''}${p.type ? ':' : ''}`);
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
      exported(node, node.name.text, node);
      const props = node.members.filter(ts.isPropertySignature);
      keys.push(
        `fields ${node.name.text}@${line(node)}(${props
          .map((m) => {
            const f = field(file, m, 0);
            return `${f.name}${f.optional ? '?' : ''}${m.type ? ':' : ''}`;
          })
          .join(',')})`,
      );
      props.forEach((m, i) => {
        if (m.type) keys.push(`types ${node.name.text}@${line(node)}.${i} ${JSON.stringify(propertyExpr(file, m.type, 0).expr)}`);
      });
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
          exported(decl, decl.name.text, node);
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
      if (f.owner === null && f.exported) keys.push(`exported .${f.name}@${c.origin_line}`);
      const rendered = f.params.map((p) => `${p.variadic ? '...' : ''}${p.name}${p.type ? ':' : ''}${p.optional ? '?' : ''}`);
      const key = `${f.owner ?? ''}.${f.name}@${c.origin_line}`;
      keys.push(`params ${key}(${rendered.join(',')})${f.returnType ? ':' : ''}${f.async ? ' async' : ''}`);
      f.params.forEach((p, i) => {
        if (p.type) keys.push(`types ${key}#${i} ${JSON.stringify(p.type.expr)}`);
      });
      // a type predicate's text has no ': T' form to compare; Clew reads it as boolean/void
      // (only a predicate at the top: an object type may hold a method whose predicate is nested)
      if (f.returnType && !/^(asserts\s+)?[\w$]+\s+is\s|^asserts\s/.test(f.returnType.text))
        keys.push(`types ${key}#return ${JSON.stringify(f.returnType.expr)}`);
    } else if (f?.fact === 'type' && (f.declKind === 'class' || f.declKind === 'interface')) {
      keys.push(`${f.declKind} ${f.name}@${c.origin_line}`);
      if (f.exported) keys.push(`exported .${f.name}@${c.origin_line}`);
      keys.push(`fields ${f.name}@${c.origin_line}(${f.fields.map((x) => `${x.name}${x.optional ? '?' : ''}${x.type ? ':' : ''}`).join(',')})`);
      if (f.declKind === 'interface')
        f.fields.forEach((x, i) => {
          if (x.type) keys.push(`types ${f.name}@${c.origin_line}.${i} ${JSON.stringify(x.type.expr)}`);
        });
    } else if (f?.fact === 'import') keys.push(`import ${f.module}@${c.origin_line}`);
  }
  return keys;
}

// Both sides see the same syntax, so a disagreement means a missing or wrong query pattern: every
// one must be listed in KNOWN with its reason.
test('TypeScript: functions, classes, interfaces and imports match the TypeScript compiler, package sources and lib.d.ts apart', async () => {
  await usePlatform();
  const clew = await Clew.create();
  await clew.load('typescript');
  const tally = new Tally();
  for (const [group, paths] of Object.entries(GROUPS)) {
    assert.equal(paths.length, FILE_COUNTS[group], `${group}: ${paths.length} files (is node_modules installed from the lockfile?)`);
    for (const path of paths) {
      const text = readFileSync(path, 'utf8');
      tally.add(group, path.slice(path.indexOf('node_modules')), compareKeys(clewKeys(clew, path, text), oracleKeys(path, text)));
    }
  }
  tally.check(`TypeScript oracle over ${Object.values(GROUPS).flat().length} files:`, EXPECTATIONS, KNOWN);
});
