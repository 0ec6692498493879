// TypeScript oracle for Braid's JSON Schemas: real declaration files from node_modules (the Chrome
// DevTools protocol in @types/node, tsserver's protocol and enums in typescript's lib, XGrammar's
// structural tags, ajv, lru-cache, valibot, web-tree-sitter) go through Clew and Braid; values of
// their data types are generated from the TypeScript compiler's own view of each type, mutated,
// and judged by the compiler: every value becomes an object literal in
// `const v: T = <literal>;` (an enum value written as its member, `Status.Active`), and a value is
// valid when the program type-checks without an error at that declaration (the compiler's
// assignability with excess-property checks, as for any literal the program could hold). A
// verdict is right when ajv with the emitted schema agrees.
//
// The types judged are those JSON.stringify writes faithfully (strings, numbers, booleans, null,
// literals, enums, arrays, tuples and objects of those; no functions, Dates, Maps, bigint), whose
// declarations and every declaration they reach lie in the same file (Clew reads one file), with
// names declared once in that file (Clew keys types by name). How many were left out, and why, is printed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import ts from 'typescript';
import type { ConstraintIR } from '../../../core/braid/index.ts';
import { repoPath } from '../../support/platform.ts';
import { assertServersTakeSchemas, compiledFile, mutants, SchemaJudge, seeded, VerdictTally, type Json } from './verdicts.ts';

const FILES = [
  'node_modules/@types/node/inspector.generated.d.ts',
  'node_modules/typescript/lib/typescript.d.ts',
  'node_modules/@mlc-ai/web-xgrammar/lib/structural_tag.d.ts',
  'node_modules/ajv/dist/types/index.d.ts',
  'node_modules/ajv/dist/types/json-schema.d.ts',
  'node_modules/lru-cache/dist/esm/index.d.ts',
  'node_modules/valibot/dist/index.d.mts',
  'node_modules/web-tree-sitter/web-tree-sitter.d.ts',
  'node_modules/esbuild/lib/main.d.ts',
  'node_modules/gpt-tokenizer/esm/models.d.ts',
  ...['os', 'dns', 'url', 'v8', 'tls', 'perf_hooks', 'module', 'test', 'child_process', 'worker_threads', 'process', 'http2', 'util'].map(
    (m) => `node_modules/@types/node/${m}.d.ts`,
  ),
].map(repoPath);
/** Types judged per file at most (taken evenly from the sorted names), instances per type, mutants per instance. */
const TYPES_PER_FILE = 45;
const INSTANCES = 2;
const MUTANTS = 4;
const ORACLE_FILE = repoPath('__schema_oracle__.ts');
/** Library names whose meaning the compiler and Braid both know (not declared in the file). */
/** Features few types use: every eligible type with one is judged. */
const RARE_FEATURES = new Set([
  'intersection',
  'indexed access / keyof',
  'tuple',
  'generic instantiation',
  'mapped type',
  'type parameter default',
  'utility type',
  'index signature',
]);
const LIB_NAMES = new Set(['Array', 'ReadonlyArray', 'Record', 'Partial', 'Required', 'Readonly', 'Pick', 'Omit', 'NonNullable', 'Exclude', 'Extract']);

interface Picked {
  file: string;
  name: string;
  symbol: ts.Symbol;
  type: ts.Type;
  features: string[];
}

const OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  types: ['node'],
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
};

function program(oracleText: string | null, old?: ts.Program): ts.Program {
  const host = ts.createCompilerHost(OPTIONS);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, onError, create) =>
    name === ORACLE_FILE && oracleText !== null ? ts.createSourceFile(name, oracleText, version, true) : read(name, version, onError, create);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => (name === ORACLE_FILE ? oracleText !== null : fileExists(name));
  return ts.createProgram({ rootNames: oracleText === null ? FILES : [...FILES, ORACLE_FILE], options: OPTIONS, host, oldProgram: old });
}

/** Whether JSON.stringify writes values of the type faithfully (and the generator can make them). */
function isData(checker: ts.TypeChecker, type: ts.Type, seen = new Set<ts.Type>()): boolean {
  if (seen.has(type)) return true;
  seen.add(type);
  const f = type.flags;
  if (
    f &
    (ts.TypeFlags.String |
      ts.TypeFlags.Number |
      ts.TypeFlags.Boolean |
      ts.TypeFlags.StringLiteral |
      ts.TypeFlags.NumberLiteral |
      ts.TypeFlags.BooleanLiteral |
      ts.TypeFlags.Null |
      ts.TypeFlags.EnumLiteral |
      ts.TypeFlags.Enum |
      ts.TypeFlags.Any |
      ts.TypeFlags.Unknown)
  )
    return true;
  if (f & ts.TypeFlags.Undefined) return true; // only inside unions (`| undefined`), judged as absence
  if (type.isUnion()) return type.types.every((t) => isData(checker, t, seen)) && type.types.some((t) => !(t.flags & ts.TypeFlags.Undefined));
  if (type.isIntersection()) return type.types.every((t) => isData(checker, t, seen) && (t.flags & ts.TypeFlags.Object) !== 0);
  if (!(f & ts.TypeFlags.Object)) return false;
  if (checker.isArrayType(type) || checker.isTupleType(type)) return checker.getTypeArguments(type as ts.TypeReference).every((t) => isData(checker, t, seen));
  if (type.getCallSignatures().length > 0 || type.getConstructSignatures().length > 0) return false;
  const symbol = type.getSymbol();
  if (symbol && symbol.flags & ts.SymbolFlags.Class) return false;
  if (symbol && ['Date', 'Map', 'Set', 'Promise', 'RegExp', 'Function', 'Object', 'Uint8Array', 'ArrayBuffer', 'Error'].includes(symbol.name)) return false;
  const props = checker.getPropertiesOfType(type);
  if (props.length === 0 && checker.getIndexInfosOfType(type).length === 0) return false; // `{}`, `object`
  for (const p of props) {
    if (p.flags & (ts.SymbolFlags.Method | ts.SymbolFlags.GetAccessor)) return false;
    if (!isData(checker, checker.getTypeOfSymbol(p), seen)) return false;
  }
  for (const info of checker.getIndexInfosOfType(type)) {
    if (!(info.keyType.flags & ts.TypeFlags.String) || !isData(checker, info.type, seen)) return false;
  }
  return true;
}

/** The declarations a declaration's syntax reaches by name, and whether each lies in the file (or is a library name). */
function reach(checker: ts.TypeChecker, start: ts.Declaration, file: ts.SourceFile): { inFile: boolean; declarations: ts.Declaration[]; names: Set<string> } {
  const declarations: ts.Declaration[] = [];
  const names = new Set<string>();
  const seen = new Set<ts.Declaration>();
  let inFile = true;
  const visitDecl = (d: ts.Declaration): void => {
    if (seen.has(d)) return;
    seen.add(d);
    declarations.push(d);
    visit(d);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isTypeReferenceNode(node) || ts.isExpressionWithTypeArguments(node)) {
      const target = ts.isTypeReferenceNode(node) ? node.typeName : node.expression;
      let symbol = checker.getSymbolAtLocation(target);
      if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
      const decls = symbol?.declarations ?? [];
      if (symbol && symbol.flags & ts.SymbolFlags.TypeParameter) {
        /* bound at the use site */
      } else if (symbol && decls.every((d) => d.getSourceFile() === file)) {
        names.add(symbol.name);
        for (const d of decls) {
          if (ts.isEnumMember(d)) {
            if (d.parent) visitDecl(d.parent);
          } else visitDecl(d);
        }
      } else if (!(symbol && LIB_NAMES.has(symbol.name))) inFile = false;
    }
    ts.forEachChild(node, visit);
  };
  visitDecl(start);
  return { inFile, declarations, names };
}

/** Which features a type's declarations use (for the per-feature shares). */
function featuresOf(checker: ts.TypeChecker, declarations: readonly ts.Declaration[]): string[] {
  const out = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isInterfaceDeclaration(node) && node.heritageClauses?.length) out.add('inheritance (extends)');
    if (ts.isEnumDeclaration(node)) out.add(node.members.some((m) => m.initializer && ts.isStringLiteral(m.initializer)) ? 'enum (string)' : 'enum (numeric)');
    if (ts.isIndexSignatureDeclaration(node)) out.add('index signature');
    if (ts.isMappedTypeNode(node)) out.add('mapped type');
    if (ts.isIntersectionTypeNode(node)) out.add('intersection');
    if (ts.isIndexedAccessTypeNode(node) || (ts.isTypeOperatorNode(node) && node.operator === ts.SyntaxKind.KeyOfKeyword)) out.add('indexed access / keyof');
    if (ts.isTupleTypeNode(node)) out.add('tuple');
    if (ts.isArrayTypeNode(node)) out.add('array');
    if (ts.isTypeLiteralNode(node)) out.add('inline object');
    if ((ts.isPropertySignature(node) || ts.isPropertyDeclaration(node)) && node.questionToken) out.add('optional property');
    if (ts.isUnionTypeNode(node)) {
      if (node.types.some((t) => t.kind === ts.SyntaxKind.UndefinedKeyword || (ts.isLiteralTypeNode(t) && t.literal.kind === ts.SyntaxKind.UndefinedKeyword)))
        out.add('| undefined');
      if (node.types.every((t) => ts.isLiteralTypeNode(t))) out.add('literal union');
      else out.add('union');
    }
    if (ts.isTypeReferenceNode(node)) {
      const name = node.typeName.getText();
      if (LIB_NAMES.has(name) && name !== 'Array' && name !== 'ReadonlyArray') out.add('utility type');
      else if (node.typeArguments?.length) out.add('generic instantiation');
      const symbol = checker.getSymbolAtLocation(node.typeName);
      if (symbol && symbol.flags & ts.SymbolFlags.EnumMember) out.add('enum member type');
    }
    if ((ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) && node.typeParameters?.some((p) => p.default)) out.add('type parameter default');
    ts.forEachChild(node, visit);
  };
  for (const d of declarations) visit(d);
  if (out.size === 0) out.add('plain');
  return [...out].sort();
}

function nonUndefined(type: ts.Type): ts.Type[] {
  return (type.isUnion() ? type.types : [type]).filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)));
}

/** A value of the type as JSON.stringify would write it, from the compiler's view of the type. */
function generate(checker: ts.TypeChecker, type: ts.Type, random: () => number, depth = 0): Json {
  const choose = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const f = type.flags;
  if (type.isUnion()) {
    const members = nonUndefined(type);
    // booleans are `true | false` unions; keep recursion shallow by preferring leaves deep down
    const shallow = depth > 3 ? members.filter((m) => !(m.flags & ts.TypeFlags.Object)) : [];
    return generate(checker, choose(shallow.length > 0 ? shallow : members), random, depth);
  }
  if (type.isStringLiteral() || type.isNumberLiteral()) return type.value as string | number;
  if (f & ts.TypeFlags.BooleanLiteral) return checker.typeToString(type) === 'true';
  if (f & ts.TypeFlags.String) return choose(['alpha', 'x-1', '']);
  if (f & ts.TypeFlags.Number) return choose([0, 7, -2.5, 123456]);
  if (f & ts.TypeFlags.Boolean) return random() < 0.5;
  if (f & ts.TypeFlags.Null) return null;
  if (f & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return choose([1, 'any', [true]]);
  if (checker.isTupleType(type)) {
    const target = (type as ts.TypeReference).target as ts.TupleType;
    const args = checker.getTypeArguments(type as ts.TypeReference);
    const out: Json[] = [];
    args.forEach((t, i) => {
      const flag = target.elementFlags[i]!;
      if (flag & ts.ElementFlags.Required || (flag & ts.ElementFlags.Optional && random() < 0.5)) out.push(generate(checker, t, random, depth + 1));
      else if (flag & ts.ElementFlags.Variable && depth < 3 && random() < 0.5)
        out.push(generate(checker, checker.getTypeArguments(t as ts.TypeReference)[0] ?? t, random, depth + 1));
    });
    return out;
  }
  if (checker.isArrayType(type)) {
    const element = checker.getTypeArguments(type as ts.TypeReference)[0]!;
    const n = depth > 3 ? 0 : Math.floor(random() * 3);
    return Array.from({ length: n }, () => generate(checker, element, random, depth + 1));
  }
  const out: { [key: string]: Json } = {};
  for (const p of checker.getPropertiesOfType(type)) {
    const optional =
      (p.flags & ts.SymbolFlags.Optional) !== 0 ||
      nonUndefined(checker.getTypeOfSymbol(p)).length < (checker.getTypeOfSymbol(p).isUnion() ? (checker.getTypeOfSymbol(p) as ts.UnionType).types.length : 1);
    if (optional && (depth > 3 || random() < 0.4)) continue;
    out[p.name] = generate(checker, checker.getTypeOfSymbol(p), random, depth + 1);
  }
  for (const info of checker.getIndexInfosOfType(type)) if (depth < 3 && random() < 0.6) out.extraKey = generate(checker, info.type, random, depth + 1);
  return out;
}

/**
 * The text that names an entity from the oracle file: through a namespace import of its module, or
 * globally; null when the file does not export it (a module's local declaration).
 */
function entityText(checker: ts.TypeChecker, symbol: ts.Symbol, imports: Map<string, string>): string | null {
  const parts: string[] = [];
  const importOf = (fileName: string): string => {
    const specifier = fileName.replace(/\.d\.ts$/, '.js').replace(/\.d\.mts$/, '.mjs');
    if (!imports.has(specifier)) imports.set(specifier, `M${imports.size}`);
    return imports.get(specifier)!;
  };
  let s: ts.Symbol | undefined = symbol;
  while (s) {
    const decl = s.declarations?.[0];
    if (decl && ts.isSourceFile(decl)) {
      parts.unshift(importOf(decl.fileName));
      break;
    }
    if (decl && ts.isModuleDeclaration(decl) && ts.isStringLiteral(decl.name)) {
      if (!imports.has(decl.name.text)) imports.set(decl.name.text, `M${imports.size}`);
      parts.unshift(imports.get(decl.name.text)!);
      break;
    }
    const parent: ts.Symbol | undefined = (s as { parent?: ts.Symbol }).parent;
    const file = decl?.getSourceFile();
    if (parent === undefined && file !== undefined && ts.isExternalModule(file)) {
      // `declare namespace ts { … } export = ts`: the module import is the namespace itself
      const exported = checker.getSymbolAtLocation(file)?.exports?.get(ts.InternalSymbolName.ExportEquals);
      const target = exported && exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      if (target !== s) return null;
      parts.unshift(importOf(file.fileName));
      break;
    }
    // a global declaration of a script file; anything else without a parent is local to its module
    if (parent === undefined && !(decl?.parent && ts.isSourceFile(decl.parent))) return null;
    parts.unshift(s.name);
    s = parent;
  }
  return parts.join('.');
}

/** A JSON value as a TypeScript literal for the declared type: enum values as their members. */
function literalText(checker: ts.TypeChecker, value: Json, type: ts.Type | undefined, imports: Map<string, string>): string {
  const members = type === undefined ? [] : nonUndefined(type).flatMap((t) => (t.isUnion() ? t.types : [t]));
  if (typeof value === 'string' || typeof value === 'number') {
    const member = members.find((t) => t.flags & ts.TypeFlags.EnumLiteral && (t as ts.LiteralType).value === value && t.symbol);
    if (member) return entityText(checker, member.symbol, imports) ?? JSON.stringify(value);
    return typeof value === 'number' && value < 0 ? `(${value})` : JSON.stringify(value);
  }
  if (value === null || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) {
    const arrayLike = members.find((t) => checker.isArrayType(t) || checker.isTupleType(t));
    const args = arrayLike ? checker.getTypeArguments(arrayLike as ts.TypeReference) : [];
    const tuple = arrayLike !== undefined && checker.isTupleType(arrayLike);
    return `[${value.map((v, i) => literalText(checker, v, tuple ? args[Math.min(i, args.length - 1)] : args[0], imports)).join(', ')}]`;
  }
  const entries = Object.entries(value).map(([k, v]) => {
    let propType: ts.Type | undefined;
    for (const m of members) {
      const p = checker.getPropertyOfType(m, k);
      propType = p ? checker.getTypeOfSymbol(p) : checker.getIndexInfosOfType(m)[0]?.type;
      if (propType) break;
    }
    return `${JSON.stringify(k)}: ${literalText(checker, v, propType, imports)}`;
  });
  return `{ ${entries.join(', ')} }`;
}

function pickTypes(prog: ts.Program, skipped: Map<string, number>): Picked[] {
  const checker = prog.getTypeChecker();
  const picked: Picked[] = [];
  const skip = (why: string) => skipped.set(why, (skipped.get(why) ?? 0) + 1);
  for (const path of FILES) {
    const file = prog.getSourceFile(path)!;
    assert.ok(file, path);
    const byName = new Map<string, Set<ts.Symbol>>();
    const candidates: Array<{ name: string; symbol: ts.Symbol; decl: ts.Declaration }> = [];
    const visit = (node: ts.Node): void => {
      if ((ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node) || ts.isEnumDeclaration(node) || ts.isClassDeclaration(node)) && node.name) {
        const symbol = checker.getSymbolAtLocation(node.name);
        if (symbol) {
          byName.set(node.name.text, (byName.get(node.name.text) ?? new Set()).add(symbol));
          if (!ts.isClassDeclaration(node) && symbol.declarations?.[0] === node) candidates.push({ name: node.name.text, symbol, decl: node });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
    const eligible: Picked[] = [];
    for (const { name, symbol, decl } of candidates.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const params = (decl as ts.InterfaceDeclaration).typeParameters;
      if (params?.some((p) => !p.default)) {
        skip('generic without defaults (judged where instantiated)');
        continue;
      }
      const type = checker.getDeclaredTypeOfSymbol(symbol);
      if (!isData(checker, type)) {
        skip('not plain data (functions, classes, Dates, Maps…)');
        continue;
      }
      const reached = reach(checker, decl, file);
      if (!reached.inFile) {
        skip('reaches a type declared in another file');
        continue;
      }
      if ([...reached.names, name].some((n) => (byName.get(n)?.size ?? 0) > 1)) {
        skip('a name it reaches is declared more than once in the file');
        continue;
      }
      if (entityText(checker, symbol, new Map()) === null) {
        skip('not exported from its module');
        continue;
      }
      eligible.push({ file: path, name, symbol, type, features: featuresOf(checker, reached.declarations) });
    }
    // every type using a rarely seen feature, then an even spread of the rest (sorted by name)
    const rare = eligible.filter((e) => e.features.some((f) => RARE_FEATURES.has(f)));
    const rest = eligible.filter((e) => !rare.includes(e));
    const step = Math.max(1, rest.length / Math.max(1, TYPES_PER_FILE - rare.length));
    picked.push(...rare.slice(0, TYPES_PER_FILE));
    for (let i = 0; i < rest.length && picked.filter((p) => p.file === path).length < TYPES_PER_FILE; i += step) picked.push(rest[Math.floor(i)]!);
  }
  return picked;
}

test('TypeScript: the emitted JSON Schemas accept exactly the values the compiler accepts for real declaration files', async () => {
  const base = program(null);
  const checker = base.getTypeChecker();
  const skipped = new Map<string, number>();
  const picked = pickTypes(base, skipped);

  const irs = new Map<string, ConstraintIR>();
  for (const path of FILES) irs.set(path, await compiledFile('typescript', path));

  // every value becomes `const vN: T = literal;` in one oracle file, checked in one program
  const random = seeded(14);
  const imports = new Map<string, string>();
  const cases: Array<{ picked: Picked; value: Json; how: string; statement: string }> = [];
  for (const p of picked) {
    const typeText = entityText(checker, p.symbol, imports)!;
    for (let i = 0; i < INSTANCES; i++) {
      const instance = generate(checker, p.type, random);
      const values = [{ value: instance, how: 'instance' }, ...mutants(instance, random, MUTANTS)];
      for (const { value, how } of values) {
        cases.push({ picked: p, value, how, statement: `const v${cases.length}: ${typeText} = ${literalText(checker, value, p.type, imports)};` });
      }
    }
  }
  const header = [...imports].map(([specifier, alias]) => `import * as ${alias} from ${JSON.stringify(specifier)};`);
  const text = `${header.join('\n')}\n${cases.map((c) => c.statement).join('\n')}\n`;
  const checked = program(text, base);
  const oracleFile = checked.getSourceFile(ORACLE_FILE)!;
  const lineOf = (pos: number) => oracleFile.getLineAndCharacterOfPosition(pos).line;
  const invalidLines = new Set<number>();
  for (const d of checked.getSemanticDiagnostics(oracleFile)) if (d.start !== undefined) invalidLines.add(lineOf(d.start));
  // a name the oracle file cannot resolve would make values invalid for the wrong reason
  const unresolved = checked.getSemanticDiagnostics(oracleFile).filter((d) => [2304, 2307, 2503, 2694, 2305].includes(d.code));
  assert.deepEqual(
    unresolved.slice(0, 5).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' ')),
    [],
    'every name in the oracle file resolves',
  );
  if (process.env.ORACLE_DEBUG)
    for (const d of checked
      .getSemanticDiagnostics(oracleFile)
      .filter((d) => /CheckJs|CombinedCodeFix|ActionInvalidate|BinaryOperator|CloseExternal|ApplicableRef/.test(text.split('\n')[lineOf(d.start!)]!))
      .slice(0, 12))
      console.log(
        lineOf(d.start!),
        text.split('\n')[lineOf(d.start!)]!.slice(0, 200),
        '\n   ',
        ts.flattenDiagnosticMessageText(d.messageText, ' ').slice(0, 300),
      );
  const syntactic = checked.getSyntacticDiagnostics(oracleFile);
  assert.deepEqual(
    syntactic.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
    [],
    'the oracle file parses',
  );
  // the imports type-check: a broken import would make every value invalid
  for (let line = 0; line < header.length; line++) assert.ok(!invalidLines.has(line), `import on line ${line + 1} resolves`);

  const judge = new SchemaJudge();
  const tally = new VerdictTally();
  cases.forEach((c, i) => {
    const ir = irs.get(c.picked.file)!;
    const schema = ir.schemas[c.picked.name];
    assert.ok(schema, `${c.picked.name} has a schema`);
    tally.add({
      language: 'typescript',
      type: c.picked.name,
      features: c.picked.features,
      value: c.value,
      how: c.how,
      expected: !invalidLines.has(header.length + i),
      got: judge.accepts(schema, c.value),
    });
  });
  console.log(`TypeScript: ${picked.length} types from ${FILES.length} files; left out: ${[...skipped].map(([why, n]) => `${n} ${why}`).join('; ')}`);
  tally.report(`TypeScript schemas: ${tally.verdicts.length} values judged by the TypeScript compiler`, 0.95);

  for (const ir of irs.values()) await assertServersTakeSchemas(ir);
});
