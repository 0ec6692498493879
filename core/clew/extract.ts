// The generic extractor: runs a language's compiled query over a tree (unit by unit, reusing the
// units an edit left alone) and turns the captures into facts and constraints. Per-language
// knowledge comes from the LanguageSpec.
//
// Capture roles (the capture naming the whole matched node decides what a match is):
//   @definition.function / @definition.method  sub-captures @name @parameters @return_type @async
//                                              @visibility @owner @receiver @type_parameters
//   @definition.<declKind>                     @name @body @alias @type_parameters @visibility
//   @import                                    @import.module @import.name @import.local
//   @export                                    @export.name: a later `export { name }` exports a declaration
//   @error.<pattern> @async.<pattern> @type_safety.<pattern>   occurrences, counted per pattern
//   @call                                      a call site: @callee.object + @callee.property (`fmt.Errorf`),
//                                              @callee.property alone (`eval`), @callee.method (`x.unwrap()`,
//                                              any receiver) or @callee.macro (`assert_eq!`). Arguments are read from
//                                              the call node only when a security rule may judge the call.
//                                              LanguageSpec.callRoles turns it into an occurrence or an
//                                              assertion; LanguageSpec.securityCalls judges it after imports.
//                                              One pattern per call shape, because every raw match crosses
//                                              the WASM boundary before predicates can filter it.
//   @security.secret                           @name @value
//   @security.<pattern>                        an occurrence that is a security finding (unsafe)
//   @test.assertion (@assert.method)           @test.marker (the file holds tests)
//   @naming.constant @naming.variable          the identifier itself
//   @naming.binding                            an identifier the LanguageSpec classifies (bindingCategory)
// Captures whose name starts with '_' only serve predicates.
import type { Node, Query, QueryCapture, QueryMatch, Tree } from 'web-tree-sitter';
import type { Constraint, ConstraintKind, ConstraintSource, Enforcement, Priority, Severity } from '../model/constraint.ts';
import type {
  Fact, FieldFact, FunctionFact, ImportFact, NamingCategory, ParamFact, TypeDeclFact, TypeExpr, TypeFact,
} from '../model/facts.ts';
import { NAMING_CATEGORIES } from '../model/facts.ts';
import { constraintId, fnv1a64 } from '../model/id.ts';
import { dominantConvention, stripUnderscores } from './naming.ts';
import { isSecretName } from './secrets.ts';
import { FILE_STRUCT, lookup, stringContent, trimText, typeFact, type LanguageSpec, type TypeDetails } from './spec.ts';

export interface ParseErrorInfo {
  /** 1-based line. */
  line: number;
  /** 1-based column, in UTF-16 code units (JavaScript string positions). */
  column: number;
  kind: 'ERROR' | 'MISSING';
  /** The erroneous text (trimmed), or for MISSING the node kind tree-sitter inserted. */
  text: string;
}

/** At most this many parse errors are listed: a binary-looking file can have one per byte. */
export const MAX_PARSE_ERRORS = 200;

const ROLE_PREFIXES = ['definition.', 'error.', 'async.', 'type_safety.', 'security.', 'test.', 'naming.'];

/** A compiled query with the role of each of its patterns worked out once. */
export interface CompiledQuery {
  query: Query;
  roles: string[];
}

export function compileRoles(query: Query): CompiledQuery {
  const roles: string[] = [];
  for (let p = 0; p < query.patternCount(); p++) {
    const quantifiers = query.captureQuantifiers[p]!;
    let role = '';
    for (let c = 0; c < query.captureNames.length; c++) {
      if (quantifiers[c] === 0) continue;
      const name = query.captureNames[c]!;
      if (name === 'import' || name === 'export' || name === 'call' || ROLE_PREFIXES.some((prefix) => name.startsWith(prefix))) {
        role = name;
        break;
      }
    }
    if (role === '') throw new Error(`query pattern ${p} has no role capture`);
    roles.push(role);
  }
  return { query, roles };
}

interface Occurrences {
  count: number;
  line: number;
  text: string;
}


const DEFINITION_DECL_KINDS = new Set(['interface', 'class', 'type_alias', 'enum', 'struct', 'trait', 'dataclass', 'union']);

/** Everything a constraint needs besides its fact and wording. */
interface Meta {
  kind: ConstraintKind;
  source: ConstraintSource;
  enforcement: Enforcement;
  priority: Priority;
  severity: Severity;
}

const META = {
  function: { kind: 'syntactic', source: 'AST_Pattern', enforcement: 'Syntactic', priority: 'Medium', severity: 'info' },
  type: { kind: 'type_safety', source: 'Type_System', enforcement: 'Structural', priority: 'High', severity: 'info' },
  import: { kind: 'architectural', source: 'AST_Pattern', enforcement: 'Structural', priority: 'Low', severity: 'hint' },
  naming: { kind: 'syntactic', source: 'AST_Pattern', enforcement: 'Syntactic', priority: 'Low', severity: 'hint' },
  error: { kind: 'semantic', source: 'Control_Flow', enforcement: 'Semantic', priority: 'Medium', severity: 'info' },
  async: { kind: 'semantic', source: 'Control_Flow', enforcement: 'Semantic', priority: 'Low', severity: 'info' },
  type_safety: { kind: 'type_safety', source: 'Type_System', enforcement: 'Semantic', priority: 'Medium', severity: 'warning' },
  security: { kind: 'security', source: 'AST_Pattern', enforcement: 'Security', priority: 'Critical', severity: 'err' },
  security_warning: { kind: 'security', source: 'AST_Pattern', enforcement: 'Security', priority: 'High', severity: 'warning' },
  test: { kind: 'semantic', source: 'Test_Mining', enforcement: 'Semantic', priority: 'Medium', severity: 'info' },
  summary_structure: { kind: 'syntactic', source: 'AST_Pattern', enforcement: 'Syntactic', priority: 'Low', severity: 'info' },
  summary_types: { kind: 'type_safety', source: 'Type_System', enforcement: 'Structural', priority: 'Medium', severity: 'info' },
  summary_semantic: { kind: 'semantic', source: 'Control_Flow', enforcement: 'Semantic', priority: 'Medium', severity: 'info' },
  summary_type_safety: { kind: 'type_safety', source: 'Type_System', enforcement: 'Semantic', priority: 'Medium', severity: 'warning' },
  summary_architecture: { kind: 'architectural', source: 'AST_Pattern', enforcement: 'Structural', priority: 'Low', severity: 'info' },
} satisfies Record<string, Meta>;

/** How each occurrence pattern reads in a description. */
const OCCURRENCE_WORDING: Record<string, string> = {
  try_catch: 'try/catch blocks', try_finally: 'try/finally blocks', throw: 'throw statements', promise_catch: 'promise .catch handlers',
  try_except: 'try/except blocks', raise: 'raise statements', with_context: 'with-statement resource handling',
  result_question: '? operators propagating errors', result_type: 'Result return types', match_result: 'match arms on Ok/Err',
  panic: 'panic! calls', bail: 'bail!/ensure! early error returns', error_context: 'errors converted or given context (context, map_err, ok_or)', err_nil_check: 'if err != nil checks', error_wrap: 'errors wrapped with fmt.Errorf %w', errors_package: 'errors.New/Is/As uses', defer: 'defer statements',
  zig_try: 'try expressions', zig_catch: 'catch expressions', errdefer: 'errdefer statements', error_union: 'error union types', error_set: 'error sets',
  await: 'await expressions', go_statement: 'goroutines started with go', channel: 'channel operations', async_with: 'async with / async for',
  any: "uses of the 'any' type", any_cast: "casts to 'any'", nullable: 'nullable types', optional_parameter: 'optional parameters',
  non_null_assertion: 'non-null assertions (!)', unwrap: 'unwrap()/expect() calls', optional: 'Optional types', type_ignore: 'type: ignore comments',
  orelse: 'orelse fallbacks for optionals', unsafe_block: 'unsafe blocks', unsafe_pointer: 'unsafe pointer uses',
};

export interface ExtractInput {
  spec: LanguageSpec;
  compiled: CompiledQuery;
  errorQuery: Query;
  tree: Tree;
  source: string;
  file: string | null;
  isTest: boolean;
  /** Units of the previous run over an older version of this tree (incremental extraction). */
  previousUnits?: UnitCache | null;
}

export interface ExtractOutput {
  constraints: Constraint[];
  parseErrors: ParseErrorInfo[];
  lineCount: number;
}

export function countLines(source: string): number {
  if (source.length === 0) return 0;
  let lines = 1;
  let at = source.indexOf('\n');
  while (at !== -1) {
    lines++;
    at = source.indexOf('\n', at + 1);
  }
  // a final newline ends the last line rather than starting a new one
  return source.charCodeAt(source.length - 1) === 10 ? lines - 1 : lines;
}

export function collectParseErrors(tree: Tree, errorQuery: Query): ParseErrorInfo[] {
  const root = tree.rootNode;
  if (!root.hasError) return [];
  const out: ParseErrorInfo[] = [];
  // Query matching runs inside WASM without JS recursion, so deep error trees are safe.
  for (const capture of errorQuery.captures(root)) {
    if (out.length >= MAX_PARSE_ERRORS) break;
    const node = capture.node;
    const missing = capture.name === 'missing';
    out.push({
      line: node.startPosition.row + 1,
      column: node.startPosition.column + 1,
      kind: missing ? 'MISSING' : 'ERROR',
      text: missing ? node.type : trimText(node.text, 40),
    });
  }
  return out;
}

function paramText(p: ParamFact): string {
  let s = (p.kind === 'var_positional' ? '*' : p.kind === 'var_keyword' ? '**' : p.variadic ? '...' : '') + p.name;
  if (p.optional && p.default === null) s += '?';
  if (p.type) s += `: ${p.type.text}`;
  if (p.default !== null) s += ` = ${trimText(p.default, 30)}`;
  return s;
}

/** A parameter list as written; Python's kinds keep their own markers: `a, /`, `*args`, `*, b`, `**kwargs`. */
function paramsText(params: ParamFact[]): string {
  let s = '';
  for (let i = 0; i < params.length; i++) {
    const p = params[i]!;
    const before = i > 0 ? params[i - 1]!.kind : undefined;
    if (i > 0) s += ', ';
    if (p.kind === 'keyword_only' && before !== 'keyword_only' && before !== 'var_positional') s += '*, ';
    s += paramText(p);
    if (p.kind === 'positional_only' && params[i + 1]?.kind !== 'positional_only') s += ', /';
  }
  return s;
}

function hasTypeKind(expr: TypeExpr, kind: TypeExpr['kind']): boolean {
  if (expr.kind === kind) return true;
  // most annotations are leaves (a primitive, a plain name): answer them without a stack array
  if (expr.kind === 'primitive' || expr.kind === 'literal' || expr.kind === 'any' || expr.kind === 'unknown' || (expr.kind === 'ref' && expr.args.length === 0)) return false;
  // iterative: types nest at most MAX_TYPE_DEPTH deep, but no recursion keeps it obviously safe
  const stack: TypeExpr[] = [expr];
  while (stack.length > 0) {
    const t = stack.pop()!;
    if (t.kind === kind) return true;
    switch (t.kind) {
      case 'array': stack.push(t.items); break;
      case 'map': stack.push(t.key, t.value); break;
      case 'optional': stack.push(t.inner); break;
      case 'union': stack.push(...t.members); break;
      case 'tuple': stack.push(...t.items); break;
      case 'ref': stack.push(...t.args); break;
      case 'error_union': stack.push(t.payload); if (t.error) stack.push(t.error); break;
      case 'intersection': stack.push(...t.members); break;
      case 'object': for (const f of t.fields) if (f.type) stack.push(f.type.expr); if (t.rest) stack.push(t.rest); break;
      case 'indexed': stack.push(t.object, t.index); break;
      case 'keyof': stack.push(t.of); break;
      case 'mapped': stack.push(t.keys, t.value); break;
      default: break;
    }
  }
  return false;
}

/**
 * What one match contributes, as plain data with absolute positions: records are cached per
 * syntax-tree unit and shifted when an incremental reparse moves a unit, so they hold no nodes.
 * `at` is the start of the match's root node, `pi` its pattern and `k2` the start of its last
 * capture: sorting by these gives document order whatever order the units were queried in.
 * `id` is the root node's id in the tree it was read from (stale once the record is reused).
 */
export type Rec = { at: number; pi: number; k2: number; id: number } & (
  | { r: 'function'; end: number; line: number; fact: FunctionFact; isMethod: boolean }
  | { r: 'type'; line: number; fact: TypeDeclFact }
  | { r: 'import'; line: number; written: string; module: string; name: string | null; local: string | null }
  | { r: 'export'; name: string }
  | { r: 'call'; line: number; object: string | null; property: string; args: ArgInfo }
  | { r: 'occurrence'; line: number; role: string; text: string }
  | { r: 'assertion'; line: number; method: string; text: string }
  | { r: 'secret'; line: number; name: string; text: string }
  | { r: 'security'; line: number; pattern: string; text: string }
  | { r: 'marker' }
  | { r: 'naming'; category: NamingCategory; name: string }
);

/** A call's arguments as the security rules need them. */
interface ArgInfo {
  positional: Array<{ literal: boolean; value: string | null }>;
  keywordTrue: string[];
}

/** The property names the security rules can ask about: only those calls need their arguments read. */
const securityProperties = new WeakMap<LanguageSpec, Set<string>>();
function securityPropertySet(spec: LanguageSpec): Set<string> {
  let set = securityProperties.get(spec);
  if (set === undefined) {
    set = new Set(Object.keys(spec.securityCalls).map((k) => k.slice(k.lastIndexOf('.') + 1)));
    securityProperties.set(spec, set);
  }
  return set;
}

function argInfo(spec: LanguageSpec, args: Node | null): ArgInfo {
  const info: ArgInfo = { positional: [], keywordTrue: [] };
  if (args === null) return info;
  for (const arg of args.namedChildren) {
    if (arg === null || arg.type === 'comment') continue;
    if (arg.type === 'keyword_argument') {
      const value = arg.childForFieldName('value');
      if (value !== null && value.type === 'true') info.keywordTrue.push(arg.childForFieldName('name')?.text ?? '');
      continue;
    }
    const literal = spec.isPlainString(arg);
    info.positional.push({ literal, value: literal ? stringContent(arg) : null });
  }
  return info;
}

/** Turns query matches into records (phase one: everything that needs the syntax tree). */
export function recordsFromMatches(spec: LanguageSpec, compiled: CompiledQuery, matches: QueryMatch[], out: Rec[]): void {
  const securityNames = securityPropertySet(spec);
  for (const match of matches) {
    const pi = match.patternIndex;
    const role = compiled.roles[pi]!;
    let main: Node | null = null;
    let nameNode: Node | null = null;
    let params: Node | null = null;
    let returnNode: Node | null = null;
    let asyncNode: Node | null = null;
    let visibilityNode: Node | null = null;
    let ownerNode: Node | null = null;
    let receiverNode: Node | null = null;
    let typeParamsNode: Node | null = null;
    let bodyNode: Node | null = null;
    let aliasNode: Node | null = null;
    let moduleNode: Node | null = null;
    let importName: Node | null = null;
    let importLocal: Node | null = null;
    let calleeObject: Node | null = null;
    let calleeProperty: Node | null = null;
    let calleeMethod: Node | null = null;
    let calleeMacro: Node | null = null;
    let valueNode: Node | null = null;
    let assertMethod: Node | null = null;
    let exportName: Node | null = null;
    const captures: QueryCapture[] = match.captures;
    let k2 = 0;
    for (let i = 0; i < captures.length; i++) {
      const capture = captures[i]!;
      const n = capture.name;
      k2 = capture.node.startIndex;
      if (n === role) { main ??= capture.node; continue; }
      switch (n) {
        case 'name': nameNode ??= capture.node; break;
        case 'parameters': params ??= capture.node; break;
        case 'return_type': returnNode ??= capture.node; break;
        case 'async': asyncNode ??= capture.node; break;
        case 'visibility': visibilityNode ??= capture.node; break;
        case 'owner': ownerNode ??= capture.node; break;
        case 'receiver': receiverNode ??= capture.node; break;
        case 'type_parameters': typeParamsNode ??= capture.node; break;
        case 'body': bodyNode ??= capture.node; break;
        case 'alias': aliasNode ??= capture.node; break;
        case 'import.module': moduleNode ??= capture.node; break;
        case 'import.name': importName ??= capture.node; break;
        case 'import.local': importLocal ??= capture.node; break;
        case 'callee.object': calleeObject ??= capture.node; break;
        case 'callee.property': calleeProperty ??= capture.node; break;
        case 'callee.method': calleeMethod ??= capture.node; break;
        case 'callee.macro': calleeMacro ??= capture.node; break;
        case 'value': valueNode ??= capture.node; break;
        case 'assert.method': assertMethod ??= capture.node; break;
        case 'export.name': exportName ??= capture.node; break;
        default: break;
      }
    }
    if (main === null) continue;
    const at = main.startIndex;
    const id = main.id;
    const line = main.startPosition.row + 1;

    if (role === 'definition.function' || role === 'definition.method') {
      if (nameNode === null) continue;
      const owner = ownerNode !== null ? ownerNode.text : spec.ownerOf ? spec.ownerOf(main) : null;
      if (owner === false) continue;
      const isMethod = role === 'definition.method' || owner !== null || receiverNode !== null;
      const paramFacts: ParamFact[] = [];
      const receiver = { text: receiverNode === null ? null : receiverNode.text };
      if (params !== null) spec.readParams(params, paramFacts, receiver, isMethod);
      const returnType = returnNode === null ? null : spec.returnType ? spec.returnType(returnNode) : typeFact(spec, returnNode);
      const name = nameNode.text;
      const { visibility, exported } = spec.visibility(name, visibilityNode, main, isMethod);
      const fact: FunctionFact = {
        fact: 'function', name, params: paramFacts, returnType, async: asyncNode !== null, exported, visibility, owner, receiver: receiver.text,
      };
      out.push({ r: 'function', at, pi, k2, id, end: main.endIndex, line, fact, isMethod });
      continue;
    }

    if (role.startsWith('definition.')) {
      const baseKind = role.slice('definition.'.length);
      // a Zig file is a struct: its name comes from the file's `const X = @This()` (readBody)
      if (nameNode === null && baseKind !== 'file') continue;
      // @definition.container: the LanguageSpec tells the kind from the node (Zig's `const X = struct {…}`)
      const declKind = (spec.declKind ? spec.declKind(baseKind, main, aliasNode) : baseKind) as TypeDeclFact['declKind'];
      if (!DEFINITION_DECL_KINDS.has(declKind)) continue;
      const fields: FieldFact[] = [];
      const variants: string[] = [];
      const details: TypeDetails = {};
      if (bodyNode !== null) spec.readBody(declKind, bodyNode, fields, variants, main, details);
      // `type T = { a: string }` declares fields just as an interface does
      else if (aliasNode !== null && aliasNode.type === 'object_type') spec.readBody('interface', aliasNode, fields, variants, main, details);
      // a declaration written as a call (Python's TypedDict('X', {...})): the call is its body
      else if (aliasNode !== null && declKind !== 'type_alias') spec.readBody(declKind, aliasNode, fields, variants, main, details);
      // no body at all (a Rust unit struct, a trait): the definition is read alone
      else if (aliasNode === null) spec.readBody(declKind, main, fields, variants, main, details);
      const aliasOf = aliasNode === null || declKind !== 'type_alias' ? null : spec.aliasType ? spec.aliasType(aliasNode) : typeFact(spec, aliasNode);
      const typeParams: string[] = [];
      let typeParamDefaults: Array<TypeExpr | null> | null = null;
      if (typeParamsNode !== null) {
        for (const tp of typeParamsNode.namedChildren) {
          const tpName = tp?.childForFieldName('name');
          if (!tpName) continue;
          typeParams.push(tpName.text);
          // TS `<T = string>`: the default applies where a use site gives no argument
          const fallback = tp!.childForFieldName('value')?.firstNamedChild ?? null;
          if (fallback !== null) (typeParamDefaults ??= typeParams.slice(0, -1).map(() => null)).push(spec.typeExpr(fallback, 0));
          else typeParamDefaults?.push(null);
        }
      }
      const name = details.name ?? nameNode?.text;
      if (name === undefined) continue;
      delete details.name;
      const exportedByBody = details.exported;
      delete details.exported;
      if (details.typeParams) { for (const p of details.typeParams) if (!typeParams.includes(p)) typeParams.push(p); delete details.typeParams; }
      // a match rooted at the whole module (Python's module-level aliases) is at its name's line
      const declLine = main.parent === null && nameNode !== null ? nameNode.startPosition.row + 1 : line;
      const { exported } = nameNode === null ? { exported: exportedByBody ?? true } : spec.visibility(name, visibilityNode, main, false);
      const fact: TypeDeclFact = { fact: 'type', name, declKind, fields, variants, aliasOf, typeParams, exported, ...details };
      if (typeParamDefaults !== null) fact.typeParamDefaults = typeParamDefaults;
      out.push({ r: 'type', at, pi, k2, id, line: declLine, fact });
      continue;
    }

    if (role === 'import') {
      if (moduleNode === null) continue;
      // the fact keeps the module as written; aliases resolve to the canonical name ('node:fs' → 'fs')
      const written = spec.moduleName ? spec.moduleName(moduleNode) : stringContent(moduleNode);
      const module = spec.canonicalModule ? spec.canonicalModule(written) : written;
      out.push({
        r: 'import', at, pi, k2, id, line, written, module,
        name: importName === null ? null : spec.importName ? spec.importName(importName) : importName.text, local: importLocal === null ? null : importLocal.text,
      });
      continue;
    }

    if (role === 'export') {
      if (exportName !== null) out.push({ r: 'export', at, pi, k2, id, name: exportName.text });
      continue;
    }

    if (role === 'call') {
      let callRole: string | undefined;
      let callee: string;
      if (calleeMacro !== null) {
        callee = calleeMacro.text;
        callRole = lookup(spec.callRoles, `${callee}!`);
      } else if (calleeMethod !== null) {
        callee = calleeMethod.text;
        callRole = lookup(spec.callRoles, `.${callee}`);
      } else if (calleeProperty !== null) {
        callee = calleeProperty.text;
        const object = calleeObject === null ? null : calleeObject.text;
        if (object !== null) callRole = lookup(spec.callRoles, `${object}.${callee}`) ?? lookup(spec.callRoles, `${object}.*`) ?? lookup(spec.callRoles, `.${callee}`);
        else callRole = lookup(spec.callRoles, callee);
        // arguments are read only for calls a security rule may judge: not capturing them saves a Node per call
        if (securityNames.has(callee)) out.push({ r: 'call', at, pi, k2, id, line, object, property: callee, args: argInfo(spec, main.childForFieldName('arguments')) });
      } else continue;
      if (callRole === undefined) continue;
      if (callRole === 'test.assertion') out.push({ r: 'assertion', at, pi, k2, id, line, method: callee, text: trimText(main.text, 100) });
      else out.push({ r: 'occurrence', at, pi, k2, id, line, role: callRole, text: trimText(main.text, 80) });
      continue;
    }

    if (role === 'security.secret') {
      if (nameNode === null || valueNode === null) continue;
      const name = nameNode.type === 'string' || nameNode.type.endsWith('string_literal') ? stringContent(nameNode) : nameNode.text;
      if (!spec.isPlainString(valueNode) || !isSecretName(name)) continue;
      if (stringContent(valueNode).length === 0) continue;
      out.push({ r: 'secret', at, pi, k2, id, line, name, text: trimText(main.text, 80) });
      continue;
    }

    if (role.startsWith('security.')) {
      out.push({ r: 'security', at, pi, k2, id, line, pattern: role.slice('security.'.length), text: trimText(main.text, 80) });
      continue;
    }

    if (role === 'test.marker') { out.push({ r: 'marker', at, pi, k2, id }); continue; }

    if (role === 'test.assertion') {
      out.push({ r: 'assertion', at, pi, k2, id, line, method: assertMethod === null ? 'assert' : assertMethod.text, text: trimText(main.text, 100) });
      continue;
    }

    if (role.startsWith('naming.')) {
      const category = role === 'naming.binding' ? (spec.bindingCategory?.(main) ?? null) : (role.slice('naming.'.length) as NamingCategory);
      if (category === null) continue;
      const name = main.text;
      if (!(spec.skipName?.(name, category) ?? false)) out.push({ r: 'naming', at, pi, k2, id, category, name });
      continue;
    }

    // error.*, async.*, type_safety.*: counted per pattern
    out.push({ r: 'occurrence', at, pi, k2, id, line, role, text: trimText(main.text, 80) });
  }
}

/** A record moved by an edit before it: same content, new positions. */
function shiftRecord(rec: Rec, dIndex: number, dRow: number): Rec {
  const moved = { ...rec, at: rec.at + dIndex, k2: rec.k2 + dIndex } as Rec;
  if ('line' in moved) (moved as { line: number }).line += dRow;
  if (moved.r === 'function') {
    moved.end += dIndex;
    // inline object types (`f(x: { a: string })`) carry their members' lines
    if (dRow !== 0 && (moved.fact.params.some((p) => p.type !== null && hasTypeKind(p.type.expr, 'object')) || (moved.fact.returnType !== null && hasTypeKind(moved.fact.returnType.expr, 'object')))) {
      const shiftType = (t: TypeFact | null) => (t === null ? null : { text: t.text, expr: shiftExprLines(t.expr, dRow) });
      moved.fact = { ...moved.fact, params: moved.fact.params.map((p) => ({ ...p, type: shiftType(p.type) })), returnType: shiftType(moved.fact.returnType) };
    }
  }
  if (moved.r === 'type' && dRow !== 0) moved.fact = shiftDeclarationLines(moved.fact, dRow);
  return moved;
}

/** Field lines moved by dRow, in fields and in every inline object type below them (line 0: a field no source line declares). */
function shiftFieldLines(fields: readonly FieldFact[], dRow: number): FieldFact[] {
  return fields.map((f) => ({ ...f, line: f.line === 0 ? 0 : f.line + dRow, type: f.type === null ? null : { text: f.type.text, expr: shiftExprLines(f.type.expr, dRow) } }));
}

function shiftExprLines(expr: TypeExpr, dRow: number): TypeExpr {
  switch (expr.kind) {
    case 'object': return { ...expr, fields: shiftFieldLines(expr.fields, dRow), rest: expr.rest && shiftExprLines(expr.rest, dRow) };
    case 'array': return { ...expr, items: shiftExprLines(expr.items, dRow) };
    case 'map': return { ...expr, key: shiftExprLines(expr.key, dRow), value: shiftExprLines(expr.value, dRow) };
    case 'optional': return { ...expr, inner: shiftExprLines(expr.inner, dRow) };
    case 'union': case 'intersection': return { ...expr, members: expr.members.map((m) => shiftExprLines(m, dRow)) };
    case 'tuple': return { ...expr, items: expr.items.map((m) => shiftExprLines(m, dRow)) };
    case 'ref': return expr.args.length === 0 ? expr : { ...expr, args: expr.args.map((m) => shiftExprLines(m, dRow)) };
    case 'error_union': return { ...expr, error: expr.error && shiftExprLines(expr.error, dRow), payload: shiftExprLines(expr.payload, dRow) };
    case 'indexed': return { ...expr, object: shiftExprLines(expr.object, dRow), index: shiftExprLines(expr.index, dRow) };
    case 'keyof': return { ...expr, of: shiftExprLines(expr.of, dRow) };
    case 'mapped': return { ...expr, keys: shiftExprLines(expr.keys, dRow), value: shiftExprLines(expr.value, dRow) };
    default: return expr;
  }
}

function shiftDeclarationLines(fact: TypeDeclFact, dRow: number): TypeDeclFact {
  const out: TypeDeclFact = { ...fact, fields: shiftFieldLines(fact.fields, dRow) };
  if (fact.aliasOf !== null) out.aliasOf = { text: fact.aliasOf.text, expr: shiftExprLines(fact.aliasOf.expr, dRow) };
  if (fact.members) out.members = fact.members.map((m) => ({ ...m, fields: shiftFieldLines(m.fields, dRow) }));
  if (fact.rest) out.rest = shiftExprLines(fact.rest, dRow);
  if (fact.bases) out.bases = fact.bases.map((b) => shiftExprLines(b, dRow));
  return out;
}

/** Subtrees at most this long (in UTF-16 units) are queried whole; longer ones are split into their children. */
export const UNIT_SIZE = 1500;
/** Splitting stops this deep, so pathological nesting is queried whole (inside WASM, no JS recursion). */
const MAX_SPLIT_DEPTH = 12;
/** Children this short go into the context fingerprint of their siblings' units. */
const CONTEXT_CHILD_SIZE = 200;

interface Unit {
  at: number;
  row: number;
  records: Rec[];
}

/** Records of a tree's units, kept with an extraction result so the next incremental run can reuse them. */
export type UnitCache = Map<string, Unit>;

/** How the last collectRecords run went: units reused from the cache, and query runs (for tests and tuning). */
export const lastUnitStats = { reused: 0, queried: 0, split: 0 };

/** A unit of the tree: a subtree queried whole, keyed by its kind, context and text. */
interface UnitNode {
  node: Node;
  key: string;
}

/**
 * Walks the tree's units in document order. A node longer than UNIT_SIZE is split: `onSplit` gets
 * the node (its own patterns run with maxStartDepth 0) and each named child is handled the same way.
 * Records read a few ancestors (a method's class name, an export wrapper, a decorator), so a unit's
 * key includes a fingerprint of every split ancestor's type and short children.
 */
function walkUnits(root: Node, onSplit: (node: Node) => void, onUnit: (unit: UnitNode) => void, keyed = true): void {
  // explicit stack: no JS recursion over the tree
  const stack: Array<{ node: Node; depth: number; context: string }> = [{ node: root, depth: 0, context: '' }];
  while (stack.length > 0) {
    const { node, depth, context } = stack.pop()!;
    const length = node.endIndex - node.startIndex;
    const children = length > UNIT_SIZE && depth < MAX_SPLIT_DEPTH ? node.namedChildren : null;
    if (children !== null && children.length > 0) {
      onSplit(node);
      if (!keyed) {
        for (let i = children.length - 1; i >= 0; i--) {
          const child = children[i];
          if (child) stack.push({ node: child, depth: depth + 1, context });
        }
        continue;
      }
      let fingerprint = `${context}|${node.type}`;
      for (const child of children) {
        // Comments are short siblings of everything and no record depends on them; attributes and
        // decorators (a struct's #[serde(...)]) are read by their neighbours whatever their length.
        if (child === null || child.type.includes('comment')) continue;
        if (child.endIndex - child.startIndex <= CONTEXT_CHILD_SIZE || child.type === 'attribute_item' || child.type === 'decorator') {
          fingerprint += `\u0000${child.text}`;
        }
      }
      const childContext = fnv1a64(fingerprint);
      for (let i = children.length - 1; i >= 0; i--) {
        const child = children[i];
        if (child) stack.push({ node: child, depth: depth + 1, context: childContext });
      }
      continue;
    }
    // A unit, keyed by content rather than node id: tree-sitter reuses few subtree pointers after an
    // edit (external-scanner tokens such as Rust doc comments stop reuse), and equal text in an equal
    // context gives equal records, only moved.
    onUnit({ node, key: keyed ? `${node.typeId}\u0000${context}\u0000${node.text}` : '' });
  }
}

const byPosition = (a: Rec, b: Rec) => a.at - b.at || a.pi - b.pi || a.k2 - b.k2;

/**
 * Queries the tree unit by unit (incremental extraction): a unit whose kind, text and context are
 * unchanged since the previous run takes its records from that run, shifted to its new position;
 * split nodes run only the patterns rooted at themselves.
 */
export function collectRecords(spec: LanguageSpec, compiled: CompiledQuery, root: Node, previous: UnitCache | null, next: UnitCache): Rec[] {
  const out: Rec[] = [];
  lastUnitStats.reused = 0;
  lastUnitStats.queried = 0;
  lastUnitStats.split = 0;
  walkUnits(root, (node) => {
    lastUnitStats.split++;
    recordsFromMatches(spec, compiled, compiled.query.matches(node, { maxStartDepth: 0 }), out);
  }, ({ node, key }) => {
    const at = node.startIndex;
    const row = node.startPosition.row;
    const cached = previous?.get(key);
    if (cached !== undefined) {
      const dIndex = at - cached.at;
      const dRow = row - cached.row;
      const records = dIndex === 0 && dRow === 0 ? cached.records : cached.records.map((r) => shiftRecord(r, dIndex, dRow));
      for (const r of records) out.push(r);
      lastUnitStats.reused++;
      next.set(key, dIndex === 0 && dRow === 0 ? cached : { at, row, records });
      return;
    }
    const records: Rec[] = [];
    lastUnitStats.queried++;
    recordsFromMatches(spec, compiled, compiled.query.matches(node), records);
    for (const r of records) out.push(r);
    next.set(key, { at, row, records });
  });
  out.sort(byPosition);
  return out;
}

/**
 * A full extraction queries the whole tree once: one query execution instead of one per unit and
 * split node, and no unit keys (they read every unit's text). A grammar whose files are mostly one
 * node that patterns are rooted at (LanguageSpec.queryInUnits) is still queried in units, unkeyed. Every match is rooted in a split node
 * or inside a unit, so these are the records collectRecords finds; unitsFromRecords splits them
 * into units when an incremental run first needs them.
 */
export function collectAllRecords(spec: LanguageSpec, compiled: CompiledQuery, root: Node): Rec[] {
  const out: Rec[] = [];
  lastUnitStats.reused = 0;
  lastUnitStats.queried = 0;
  lastUnitStats.split = 0;
  if (spec.queryInUnits) {
    walkUnits(root, (node) => {
      lastUnitStats.split++;
      recordsFromMatches(spec, compiled, compiled.query.matches(node, { maxStartDepth: 0 }), out);
    }, ({ node }) => {
      lastUnitStats.queried++;
      recordsFromMatches(spec, compiled, compiled.query.matches(node), out);
    }, false);
  } else {
    lastUnitStats.queried = 1;
    recordsFromMatches(spec, compiled, compiled.query.matches(root), out);
  }
  out.sort(byPosition);
  return out;
}

/**
 * The unit cache collectRecords would have built, from a full extraction's records and its tree
 * (records rooted at split nodes belong to no unit: they are queried again on every run), or null
 * when a record lies in no unit.
 */
export function unitsFromRecords(root: Node, records: readonly Rec[]): UnitCache | null {
  const splitIds = new Set<number>();
  const units: Array<{ key: string; id: number; at: number; end: number; row: number }> = [];
  walkUnits(root, (node) => splitIds.add(node.id), ({ node, key }) => {
    units.push({ key, id: node.id, at: node.startIndex, end: node.endIndex, row: node.startPosition.row });
  });
  const cache: UnitCache = new Map();
  const lists: Rec[][] = units.map(() => []);
  // units are disjoint and in document order: the unit holding a record starts at or before it
  // (an empty unit, a MISSING node, holds only records rooted at itself)
  const unitOf = (rec: Rec): number => {
    let lo = 0;
    let hi = units.length - 1;
    let last = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (units[mid]!.at <= rec.at) { last = mid; lo = mid + 1; } else hi = mid - 1;
    }
    for (let i = last; i >= 0; i--) {
      const unit = units[i]!;
      if (unit.at === unit.end ? unit.id === rec.id : rec.at < unit.end) return i;
      if (unit.at < units[last]!.at) break;
    }
    return -1;
  };
  for (const rec of records) {
    if (splitIds.has(rec.id)) continue;
    const u = unitOf(rec);
    // not expected (no pattern is rooted at an anonymous token); the caller then queries every unit afresh
    if (u === -1) return null;
    lists[u]!.push(rec);
  }
  for (let i = 0; i < units.length; i++) {
    const { key, at, row } = units[i]!;
    cache.set(key, { at, row, records: lists[i]! });
  }
  return cache;
}

/**
 * Runs the query over the tree and builds the constraints. With a previous run's units, only the
 * units an edit changed are queried; without, the whole tree is queried once and `units` is null
 * (unitsFromRecords builds them from `records` when needed).
 */
export function extractConstraints(input: ExtractInput): ExtractOutput & { units: UnitCache | null; records: Rec[] } {
  let units: UnitCache | null = null;
  let records: Rec[];
  if (input.previousUnits) {
    units = new Map();
    records = collectRecords(input.spec, input.compiled, input.tree.rootNode, input.previousUnits, units);
  } else {
    records = collectAllRecords(input.spec, input.compiled, input.tree.rootNode);
  }
  const constraints = buildConstraints(input.spec, records, input.file, input.isTest);
  return { constraints, parseErrors: collectParseErrors(input.tree, input.errorQuery), lineCount: countLines(input.source), units, records };
}

/** Phase two: constraints from the records alone, in a fixed order. */
export function buildConstraints(spec: LanguageSpec, records: Rec[], file: string | null, isTest: boolean): Constraint[] {
  const language = spec.language;
  const make = (meta: Meta, name: string, description: string, fact: Fact, line: number, confidence = 1, frequency = 1): Constraint => {
    const c: Constraint = {
      id: constraintId(name, description, meta.kind),
      name,
      description,
      kind: meta.kind,
      source: meta.source,
      enforcement: meta.enforcement,
      priority: meta.priority,
      confidence,
      frequency,
      severity: meta.severity,
    };
    if (file !== null) c.origin_file = file;
    c.origin_line = line;
    c.language = language;
    c.facts = fact;
    return c;
  };

  // First pass: what later records need from all of them (export clauses, imports' aliases, test markers).
  const exportedLater = new Set<string>();
  const aliases = new Map<string, string>();
  let testMarker = false;
  for (let ri = 0; ri < records.length; ri++) {
    const rec = records[ri]!;
    if (rec.r === 'export') exportedLater.add(rec.name);
    else if (rec.r === 'marker') testMarker = true;
    else if (rec.r === 'import') {
      if (rec.name !== null) aliases.set(rec.local ?? rec.name, rec.module);
      else if (rec.local !== null) aliases.set(rec.local, rec.module);
      else {
        const local = spec.defaultLocal?.(rec.module) ?? null;
        if (local !== null) aliases.set(local, rec.module);
      }
    }
  }

  const constraints: Constraint[] = [];
  const functions: FunctionFact[] = [];
  const functionRanges: Array<[number, number]> = [];
  const functionLines: number[] = [];
  const types: TypeDeclFact[] = [];
  const typeFacts: TypeFact[] = [];
  const imports = new Map<string, { fact: ImportFact; constraint: Constraint }>();
  const occurrences = new Map<string, Occurrences>();
  const errorPositions: number[] = [];
  const securityFindings: Constraint[] = [];
  const assertions: Constraint[] = [];
  const naming: Record<NamingCategory, string[]> = { function: [], type: [], constant: [], variable: [], field: [], parameter: [] };

  for (let ri = 0; ri < records.length; ri++) {
    const rec = records[ri]!;
    switch (rec.r) {
      case 'function': {
        let fact = rec.fact;
        const { name, owner } = fact;
        // `export { name }` clauses usually come after the declarations they export
        if (owner === null && !fact.exported && exportedLater.has(name)) fact = { ...fact, exported: true, visibility: 'public' };
        functions.push(fact);
        functionRanges.push([rec.at, rec.end]);
        functionLines.push(rec.line);
        const params = fact.params;
        for (let i = 0; i < params.length; i++) if (params[i]!.type) typeFacts.push(params[i]!.type!);
        if (fact.returnType) typeFacts.push(fact.returnType);
        if (!(spec.skipName?.(name, 'function') ?? false)) naming.function.push(name);
        for (let i = 0; i < params.length; i++) if (!(spec.skipName?.(params[i]!.name, 'parameter') ?? false)) naming.parameter.push(params[i]!.name);
        const qualified = owner === null ? name : `${owner}.${name}`;
        const signature = `${qualified}(${paramsText(fact.params)})${fact.returnType ? `: ${fact.returnType.text}` : ''}`;
        const description = `${fact.exported ? 'exported ' : ''}${fact.async ? 'async ' : ''}${rec.isMethod ? 'method' : 'function'} ${signature}`;
        constraints.push(make(META.function, `function:${qualified}`, description, fact, rec.line));
        break;
      }
      case 'type': {
        let fact = rec.fact;
        if (!fact.exported && exportedLater.has(fact.name)) fact = { ...fact, exported: true };
        // a Zig file's struct without `const X = @This()` is named after its file
        if (fact.name === FILE_STRUCT) fact = { ...fact, name: file === null ? 'Root' : file.slice(file.lastIndexOf('/') + 1).replace(/\.[^.]*$/, '') };
        const { name, declKind, fields, variants, aliasOf, typeParams } = fact;
        types.push(fact);
        for (let i = 0; i < fields.length; i++) if (fields[i]!.type) typeFacts.push(fields[i]!.type!);
        if (aliasOf) typeFacts.push(aliasOf);
        naming.type.push(name);
        for (let i = 0; i < fields.length; i++) naming.field.push(fields[i]!.name);
        const parts: string[] = [];
        if (fields.length > 0) parts.push(`fields ${fields.map((f) => `${f.name}${f.optional ? '?' : ''}${f.type ? `: ${f.type.text}` : ''}`).join(', ')}`);
        if (variants.length > 0) parts.push(`variants ${variants.join(', ')}`);
        if (aliasOf) parts.push(`= ${trimText(aliasOf.text, 60)}`);
        const description = `${fact.exported ? 'exported ' : ''}${declKind.replace('_', ' ')} ${name}${typeParams.length ? `<${typeParams.join(', ')}>` : ''}${parts.length ? ` with ${parts.join('; ')}` : ''}`;
        constraints.push(make(META.type, `type:${name}`, description, fact, rec.line));
        break;
      }
      case 'import': {
        const key = `${rec.at}\u0000${rec.module}`;
        let entry = imports.get(key);
        if (entry === undefined) {
          const fact: ImportFact = { fact: 'import', module: rec.written, names: [] };
          entry = { fact, constraint: make(META.import, `import:${rec.written}`, '', fact, rec.line) };
          imports.set(key, entry);
          constraints.push(entry.constraint);
        }
        if (rec.name !== null && !entry.fact.names.includes(rec.name)) entry.fact.names.push(rec.name);
        break;
      }
      case 'call': {
        const finding = judgeCall(spec, rec, aliases);
        if (finding !== null) {
          securityFindings.push(make(
            META.security, `forbid_call:${finding.callee}`, `${finding.callee} at line ${rec.line}: ${finding.reason}`,
            { fact: 'forbidden_call', callee: finding.callee, reason: finding.reason }, rec.line,
          ));
        }
        break;
      }
      case 'secret':
        securityFindings.push(make(
          META.security, `hardcoded_secret:${rec.name}`,
          `hard-coded secret: a string literal is assigned to '${rec.name}'; read it from configuration or the environment instead`,
          { fact: 'occurrence', pattern: 'hardcoded_secret', text: rec.text }, rec.line,
        ));
        break;
      case 'security':
        securityFindings.push(make(
          META.security_warning, `${rec.pattern}:${rec.line}`, `${lookup(OCCURRENCE_WORDING, rec.pattern) ?? rec.pattern}: ${trimText(rec.text, 60)}`,
          { fact: 'occurrence', pattern: rec.pattern, text: rec.text }, rec.line,
        ));
        break;
      case 'assertion':
        assertions.push(make(
          META.test, `test_assertion:${rec.method}`, `test asserts ${rec.text}`, { fact: 'occurrence', pattern: 'assertion', text: rec.text }, rec.line,
        ));
        break;
      case 'naming':
        naming[rec.category]?.push(rec.name);
        break;
      case 'occurrence': {
        // records are in document order, so the first seen is the earliest
        const entry = occurrences.get(rec.role);
        if (entry === undefined) occurrences.set(rec.role, { count: 1, line: rec.line, text: rec.text });
        else entry.count++;
        if (rec.role.startsWith('error.')) errorPositions.push(rec.at);
        break;
      }
      default:
        break;
    }
  }

  // Imports are complete now: describe them.
  for (const { fact, constraint } of imports.values()) {
    constraint.description = fact.names.length > 0 ? `imports ${fact.names.join(', ')} from ${fact.module}` : `imports ${fact.module}`;
    constraint.id = constraintId(constraint.name, constraint.description, constraint.kind);
  }
  for (let i = 0; i < securityFindings.length; i++) constraints.push(securityFindings[i]!);
  if (isTest || testMarker) for (let i = 0; i < assertions.length; i++) constraints.push(assertions[i]!);

  // Where the query has no pattern for the dynamic type (Python's Any, Go's any: plain names), the
  // normalised signatures and fields say it: one look per annotation instead of a match per type name.
  if (!occurrences.has('type_safety.any')) {
    let count = 0;
    let first: { line: number; text: string } | null = null;
    const note = (t: TypeFact | null, line: number) => {
      if (t === null || !hasTypeKind(t.expr, 'any')) return;
      count++;
      if (first === null || line < first.line) first = { line, text: t.text };
    };
    for (let i = 0; i < functions.length; i++) {
      const line = functionLines[i]!;
      const params = functions[i]!.params;
      for (let j = 0; j < params.length; j++) note(params[j]!.type, line);
      note(functions[i]!.returnType, line);
    }
    for (let i = 0; i < types.length; i++) {
      const fields = types[i]!.fields;
      for (let j = 0; j < fields.length; j++) note(fields[j]!.type, fields[j]!.line);
    }
    const found = first as { line: number; text: string } | null;
    if (found !== null) occurrences.set('type_safety.any', { count, line: found.line, text: trimText(found.text, 80) });
  }

  // One constraint per occurrence pattern, at its first occurrence, with its frequency.
  const patterns = [...occurrences.entries()].sort((a, b) => a[1].line - b[1].line || (a[0] < b[0] ? -1 : 1));
  for (let i = 0; i < patterns.length; i++) {
    const [role, occ] = patterns[i]!;
    const dot = role.indexOf('.');
    const family = role.slice(0, dot);
    const pattern = role.slice(dot + 1);
    const meta = family === 'error' ? META.error : family === 'async' ? META.async : META.type_safety;
    const prefix = family === 'error' ? 'error_handling' : family === 'async' ? 'async' : 'type_safety';
    constraints.push(make(
      meta, `${prefix}:${pattern}`, `${occ.count} ${lookup(OCCURRENCE_WORDING, pattern) ?? pattern}, first: ${occ.text}`,
      { fact: 'occurrence', pattern, text: occ.text }, occ.line, 1, occ.count,
    ));
  }

  for (let i = 0; i < NAMING_CATEGORIES.length; i++) {
    const category = NAMING_CATEGORIES[i]!;
    const names = naming[category].map(stripUnderscores).filter((n) => n.length > 0);
    const fact = dominantConvention(category, names, spec.namingIdiom[category]);
    if (fact === null) continue;
    constraints.push(make(
      META.naming, `naming:${category}`,
      `${category} names use ${fact.convention} (${Math.round(fact.share * 100)}% of ${fact.sample})`,
      fact, 1, fact.share,
    ));
  }

  constraints.push(...summaries(spec, make, functions, functionRanges, types, typeFacts, imports.size, occurrences, errorPositions));

  // Overloads and repeated patterns can produce equal ids; suffix them in order so ids stay unique and stable.
  const seen = new Map<string, number>();
  for (let i = 0; i < constraints.length; i++) {
    const c = constraints[i]!;
    const n = seen.get(c.id);
    if (n === undefined) seen.set(c.id, 1);
    else {
      seen.set(c.id, n + 1);
      c.id = `${c.id}-${n + 1}`;
    }
  }
  return constraints;
}

function judgeCall(spec: LanguageSpec, call: { object: string | null; property: string; args: ArgInfo }, aliases: Map<string, string>): { callee: string; reason: string } | null {
  let callee: string;
  if (call.object !== null) {
    const module = aliases.get(call.object);
    callee = `${module ?? call.object}.${call.property}`;
  } else {
    const module = aliases.get(call.property);
    callee = module === undefined ? call.property : `${module}.${call.property}`;
  }
  const rule = lookup(spec.securityCalls, callee);
  if (rule === undefined) return null;
  if (rule.rule === 'always') return { callee, reason: rule.reason };
  const args = call.args.positional;
  const keywordTrue = call.args.keywordTrue;
  const command = args[rule.argument ?? 0];
  const literal = command !== undefined && command.literal;
  switch (rule.rule) {
    case 'non_literal':
      return command !== undefined && !literal ? { callee, reason: rule.reason } : null;
    case 'shell_kwarg':
      return keywordTrue.includes('shell') && command !== undefined && !literal ? { callee, reason: rule.reason } : null;
    case 'shell_program': {
      if (command === undefined) return null;
      if (!literal) return { callee, reason: rule.reason };
      const program = command.value ?? '';
      const shell = /^(\/(usr\/)?bin\/)?(sh|bash|zsh|dash|ksh|cmd|cmd\.exe|powershell|pwsh)$/.test(program);
      const rest = args.slice((rule.argument ?? 0) + 1);
      return shell && rest.some((a) => !a.literal) ? { callee, reason: rule.reason } : null;
    }
    default:
      return null;
  }
}

type Make = (meta: Meta, name: string, description: string, fact: Fact, line: number, confidence?: number, frequency?: number) => Constraint;

const ratio = (count: number, total: number) => (total === 0 ? 1 : Math.round((count / total) * 1000) / 1000);

/** The reference's summary constraints, computed from the facts. */
function summaries(
  spec: LanguageSpec, make: Make, functions: FunctionFact[], functionRanges: Array<[number, number]>, types: TypeDeclFact[],
  typeFacts: TypeFact[], importCount: number, occurrences: Map<string, Occurrences>, errorPositions: number[],
): Constraint[] {
  const out: Constraint[] = [];
  const total = functions.length;
  if (total > 0) {
    const methods = countWhere(functions, (f) => f.owner !== null || f.receiver !== null);
    out.push(make(META.summary_structure, 'function_structure', `${total} functions (${methods} methods, ${total - methods} free functions)`,
      { fact: 'summary', count: total, total }, 1));
    const typed = countWhere(functions, (f) => (spec.staticallyTyped || f.returnType !== null || (spec.implicitReturn?.(f.name) ?? false))
      && f.params.every((p) => p.type !== null || spec.staticallyTyped));
    out.push(make(META.summary_types, 'typed_functions', `${typed} of ${total} functions have typed parameters and return types`,
      { fact: 'summary', count: typed, total }, 1, ratio(typed, total)));
    const asyncCount = countWhere(functions, (f) => f.async);
    if (asyncCount > 0) {
      out.push(make(META.summary_semantic, 'async_functions', `${asyncCount} of ${total} functions are async`,
        { fact: 'summary', count: asyncCount, total }, 1, ratio(asyncCount, total)));
    }
  }
  if (errorPositions.length > 0) {
    const withHandling = functionsContaining(functionRanges, errorPositions);
    out.push(make(META.summary_semantic, 'error_handling',
      `${errorPositions.length} error-handling constructs; ${withHandling} of ${total} functions handle or propagate errors`,
      { fact: 'summary', count: withHandling, total }, 1, 1, errorPositions.length));
  }
  if (types.length > 0) {
    const byKind = new Map<string, number>();
    for (const t of types) byKind.set(t.declKind, (byKind.get(t.declKind) ?? 0) + 1);
    const kinds = [...byKind.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([k, n]) => `${n} ${k}`).join(', ');
    out.push(make(META.summary_types, 'type_definitions', `${types.length} type definitions (${kinds})`,
      { fact: 'summary', count: types.length, total: types.length }, 1));
  }
  const declarations = countWhere(functions, (f) => f.owner === null && f.receiver === null) + types.length;
  const exported = countWhere(functions, (f) => f.owner === null && f.receiver === null && f.exported) + countWhere(types, (t) => t.exported);
  if (importCount > 0 || exported > 0) {
    out.push(make(META.summary_architecture, 'modularity', `${importCount} imports; ${exported} of ${declarations} top-level declarations exported`,
      { fact: 'summary', count: exported, total: declarations }, 1));
  }
  const anyUses = (occurrences.get('type_safety.any')?.count ?? 0) + (occurrences.get('type_safety.any_cast')?.count ?? 0);
  if (typeFacts.length > 0 && anyUses === 0) {
    out.push(make(META.summary_type_safety, 'avoid_any_type', `no dynamic 'any' type in ${typeFacts.length} type annotations`,
      { fact: 'any_policy', allowed: false }, 1, typeFacts.length >= 10 ? 0.9 : 0.7));
  }
  const nullable = countWhere(typeFacts, (t) => hasTypeKind(t.expr, 'optional'));
  if (nullable > 0) {
    out.push(make(META.summary_type_safety, 'null_safety', `${nullable} of ${typeFacts.length} type annotations are nullable/optional`,
      { fact: 'summary', count: nullable, total: typeFacts.length }, 1, 1));
  }
  const unions = countWhere(typeFacts, (t) => hasTypeKind(t.expr, 'union'));
  if (unions > 0) {
    out.push(make(META.summary_types, 'union_types', `${unions} of ${typeFacts.length} type annotations use union types`,
      { fact: 'summary', count: unions, total: typeFacts.length }, 1, 1));
  }
  return out;
}

/** How many functions contain at least one of the positions (innermost function wins). */
function functionsContaining(ranges: Array<[number, number]>, positions: number[]): number {
  const hit = new Set<number>();
  for (const pos of positions) {
    let best = -1;
    for (let i = 0; i < ranges.length; i++) {
      const [start, end] = ranges[i]!;
      if (start <= pos && pos < end && (best === -1 || start >= ranges[best]![0])) best = i;
    }
    if (best !== -1) hit.add(best);
  }
  return hit.size;
}

/** How many items satisfy the test (a filter's length without the filtered array). */
function countWhere<T>(items: readonly T[], test: (item: T) => boolean): number {
  let n = 0;
  for (let i = 0; i < items.length; i++) if (test(items[i]!)) n++;
  return n;
}
