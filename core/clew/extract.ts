// The generic extractor: runs a language's compiled query once over a tree and turns the
// captures into facts and constraints. Per-language knowledge comes from the LanguageSpec.
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
//                                              any receiver) or @callee.macro (`assert_eq!`), and @arguments.
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
import type { Node, Query, QueryCapture, Tree } from 'web-tree-sitter';
import type { Constraint, ConstraintKind, ConstraintSource, Enforcement, Priority, Severity } from '../model/constraint.ts';
import type {
  Fact, FieldFact, FunctionFact, ImportFact, Language, NamingCategory, ParamFact, TypeDeclFact, TypeExpr, TypeFact,
} from '../model/facts.ts';
import { NAMING_CATEGORIES } from '../model/facts.ts';
import { constraintId } from '../model/id.ts';
import { dominantConvention, stripUnderscores } from './naming.ts';
import { isSecretName } from './secrets.ts';
import { stringContent, trimText, typeFact, type LanguageSpec, type Visibility } from './spec.ts';

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

interface PendingCall {
  node: Node;
  object: string | null;
  property: string;
  args: Node | null;
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
  let s = (p.variadic ? '...' : '') + p.name;
  if (p.optional && p.default === null) s += '?';
  if (p.type) s += `: ${p.type.text}`;
  if (p.default !== null) s += ` = ${trimText(p.default, 30)}`;
  return s;
}

function hasTypeKind(expr: TypeExpr, kind: TypeExpr['kind']): boolean {
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
      default: break;
    }
  }
  return false;
}

/** Runs the query over the tree and builds the constraints. */
export function extractConstraints(input: ExtractInput): ExtractOutput {
  const { spec, compiled, tree, source, file } = input;
  const language = spec.language;
  const root = tree.rootNode;
  const matches = compiled.query.matches(root);

  const constraints: Constraint[] = [];
  const functions: FunctionFact[] = [];
  const functionRanges: Array<[number, number]> = [];
  const functionLines: number[] = [];
  const types: TypeDeclFact[] = [];
  const typeFacts: TypeFact[] = [];
  const importsByStatement = new Map<string, { fact: ImportFact; constraint: Constraint }>();
  const aliases = new Map<string, string>();
  const occurrences = new Map<string, Occurrences>();
  const errorPositions: number[] = [];
  const calls: PendingCall[] = [];
  const securityFindings: Array<{ at: number; constraint: Constraint }> = [];
  const assertions: Array<{ at: number; constraint: Constraint }> = [];
  let testMarker = false;
  const exportedLater = new Set<string>();
  const declarations: Array<{ fact: FunctionFact | TypeDeclFact; constraint: Constraint }> = [];
  const naming: Record<NamingCategory, string[]> = { function: [], type: [], constant: [], variable: [], field: [], parameter: [] };

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

  const recordOccurrence = (role: string, node: Node, line: number) => {
    const entry = occurrences.get(role);
    if (entry === undefined) occurrences.set(role, { count: 1, line, text: trimText(node.text, 80) });
    else {
      entry.count++;
      // matches come in document order per pattern, not across patterns: keep the earliest
      if (line < entry.line) { entry.line = line; entry.text = trimText(node.text, 80); }
    }
    if (role.startsWith('error.')) errorPositions.push(node.startIndex);
  };
  const addAssertion = (method: string, node: Node, line: number) => {
    const text = trimText(node.text, 100);
    assertions.push({ at: node.startIndex, constraint: make(
      META.test, `test_assertion:${method}`, `test asserts ${text}`, { fact: 'occurrence', pattern: 'assertion', text }, line,
    ) });
  };

  for (const match of matches) {
    const role = compiled.roles[match.patternIndex]!;
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
    let argsNode: Node | null = null;
    let valueNode: Node | null = null;
    let assertMethod: Node | null = null;
    let exportName: Node | null = null;
    const captures: QueryCapture[] = match.captures;
    for (let i = 0; i < captures.length; i++) {
      const capture = captures[i]!;
      const n = capture.name;
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
        case 'arguments': argsNode ??= capture.node; break;
        case 'value': valueNode ??= capture.node; break;
        case 'assert.method': assertMethod ??= capture.node; break;
        case 'export.name': exportName ??= capture.node; break;
        default: break;
      }
    }
    if (main === null) continue;
    const line = main.startPosition.row + 1;

    if (role === 'definition.function' || role === 'definition.method') {
      if (nameNode === null) continue;
      const ownerText = ownerNode !== null ? ownerNode.text : spec.ownerOf ? spec.ownerOf(main) : null;
      if (ownerText === false) continue;
      const isMethod = role === 'definition.method' || ownerText !== null || receiverNode !== null;
      const paramFacts: ParamFact[] = [];
      const receiver = { text: receiverNode === null ? null : receiverNode.text };
      if (params !== null) spec.readParams(params, paramFacts, receiver, isMethod);
      const returnType = returnNode === null ? null : spec.returnType ? spec.returnType(returnNode) : typeFact(spec, returnNode);
      const name = nameNode.text;
      const owner = ownerText;
      const { visibility, exported } = spec.visibility(name, visibilityNode, main, isMethod);
      const fact: FunctionFact = {
        fact: 'function', name, params: paramFacts, returnType, async: asyncNode !== null, exported, visibility, owner, receiver: receiver.text,
      };
      functions.push(fact);
      functionRanges.push([main.startIndex, main.endIndex]);
      functionLines.push(line);
      for (const p of paramFacts) if (p.type) typeFacts.push(p.type);
      if (returnType) typeFacts.push(returnType);
      if (!(spec.skipName?.(name, 'function') ?? false)) naming.function.push(name);
      for (const p of paramFacts) if (!(spec.skipName?.(p.name, 'parameter') ?? false)) naming.parameter.push(p.name);
      const qualified = owner === null ? name : `${owner}.${name}`;
      const what = isMethod ? 'method' : 'function';
      const signature = `${qualified}(${paramFacts.map(paramText).join(', ')})${returnType ? `: ${returnType.text}` : ''}`;
      const description = `${exported ? 'exported ' : ''}${fact.async ? 'async ' : ''}${what} ${signature}`;
      const constraint = make(META.function, `function:${qualified}`, description, fact, line);
      constraints.push(constraint);
      if (owner === null && !exported) declarations.push({ fact, constraint });
      continue;
    }

    if (role.startsWith('definition.')) {
      const baseKind = role.slice('definition.'.length);
      if (nameNode === null || !DEFINITION_DECL_KINDS.has(baseKind)) continue;
      const declKind = (spec.declKind ? spec.declKind(baseKind, main) : baseKind) as TypeDeclFact['declKind'];
      const fields: FieldFact[] = [];
      const variants: string[] = [];
      if (bodyNode !== null) spec.readBody(declKind, bodyNode, fields, variants, main);
      // `type T = { a: string }` declares fields just as an interface does
      else if (aliasNode !== null && aliasNode.type === 'object_type') spec.readBody('interface', aliasNode, fields, variants, main);
      const aliasOf = aliasNode === null ? null : typeFact(spec, aliasNode);
      const typeParams: string[] = [];
      if (typeParamsNode !== null) {
        for (const tp of typeParamsNode.namedChildren) {
          const tpName = tp?.childForFieldName('name');
          if (tpName) typeParams.push(tpName.text);
        }
      }
      const name = nameNode.text;
      const { exported } = spec.visibility(name, visibilityNode, main, false);
      const fact: TypeDeclFact = { fact: 'type', name, declKind, fields, variants, aliasOf, typeParams, exported };
      types.push(fact);
      for (const f of fields) if (f.type) typeFacts.push(f.type);
      if (aliasOf) typeFacts.push(aliasOf);
      naming.type.push(name);
      for (const f of fields) naming.field.push(f.name);
      const parts: string[] = [];
      if (fields.length > 0) parts.push(`fields ${fields.map((f) => `${f.name}${f.optional ? '?' : ''}${f.type ? `: ${f.type.text}` : ''}`).join(', ')}`);
      if (variants.length > 0) parts.push(`variants ${variants.join(', ')}`);
      if (aliasOf) parts.push(`= ${trimText(aliasOf.text, 60)}`);
      const description = `${exported ? 'exported ' : ''}${declKind.replace('_', ' ')} ${name}${typeParams.length ? `<${typeParams.join(', ')}>` : ''}${parts.length ? ` with ${parts.join('; ')}` : ''}`;
      const constraint = make(META.type, `type:${name}`, description, fact, line);
      constraints.push(constraint);
      if (!exported) declarations.push({ fact, constraint });
      continue;
    }

    if (role === 'import') {
      if (moduleNode === null) continue;
      // the fact keeps the module as written; aliases resolve to the canonical name ('node:fs' → 'fs')
      const written = spec.moduleName ? spec.moduleName(moduleNode) : stringContent(moduleNode);
      const module = spec.canonicalModule ? spec.canonicalModule(written) : written;
      const key = `${main.startIndex}\u0000${module}`;
      let entry = importsByStatement.get(key);
      if (entry === undefined) {
        const fact: ImportFact = { fact: 'import', module: written, names: [] };
        const constraint = make(META.import, `import:${written}`, '', fact, line);
        entry = { fact, constraint };
        importsByStatement.set(key, entry);
        constraints.push(constraint);
        const local = spec.defaultLocal?.(module) ?? null;
        if (local !== null && importName === null) aliases.set(local, module);
      }
      if (importName !== null) {
        const imported = importName.text;
        if (!entry.fact.names.includes(imported)) entry.fact.names.push(imported);
        const local = importLocal === null ? imported : importLocal.text;
        aliases.set(local, module);
      } else if (importLocal !== null) {
        aliases.set(importLocal.text, module);
      }
      continue;
    }

    if (role === 'export') {
      if (exportName !== null) exportedLater.add(exportName.text);
      continue;
    }

    if (role === 'call') {
      let callRole: string | undefined;
      let callee: string;
      if (calleeMacro !== null) {
        callee = calleeMacro.text;
        callRole = spec.callRoles[`${callee}!`];
      } else if (calleeMethod !== null) {
        callee = calleeMethod.text;
        callRole = spec.callRoles[`.${callee}`];
      } else if (calleeProperty !== null) {
        callee = calleeProperty.text;
        if (calleeObject !== null) {
          const object = calleeObject.text;
          callRole = spec.callRoles[`${object}.${callee}`] ?? spec.callRoles[`${object}.*`] ?? spec.callRoles[`.${callee}`];
        } else callRole = spec.callRoles[callee];
        calls.push({ node: main, object: calleeObject === null ? null : calleeObject.text, property: callee, args: argsNode });
      } else continue;
      if (callRole === undefined) continue;
      if (callRole === 'test.assertion') addAssertion(callee, main, line);
      else recordOccurrence(callRole, main, line);
      continue;
    }

    if (role === 'security.secret') {
      if (nameNode === null || valueNode === null) continue;
      const name = nameNode.type === 'string' || nameNode.type.endsWith('string_literal') ? stringContent(nameNode) : nameNode.text;
      if (!spec.isPlainString(valueNode) || !isSecretName(name)) continue;
      const value = stringContent(valueNode);
      if (value.length === 0) continue;
      securityFindings.push({ at: main.startIndex, constraint: make(
        META.security, `hardcoded_secret:${name}`,
        `hard-coded secret: a string literal is assigned to '${name}'; read it from configuration or the environment instead`,
        { fact: 'occurrence', pattern: 'hardcoded_secret', text: trimText(main.text, 80) }, line,
      ) });
      continue;
    }

    if (role.startsWith('security.')) {
      const pattern = role.slice('security.'.length);
      securityFindings.push({ at: main.startIndex, constraint: make(
        META.security_warning, `${pattern}:${line}`, `${OCCURRENCE_WORDING[pattern] ?? pattern}: ${trimText(main.text, 60)}`,
        { fact: 'occurrence', pattern, text: trimText(main.text, 80) }, line,
      ) });
      continue;
    }

    if (role === 'test.marker') { testMarker = true; continue; }

    if (role === 'test.assertion') {
      addAssertion(assertMethod === null ? 'assert' : assertMethod.text, main, line);
      continue;
    }

    if (role.startsWith('naming.')) {
      const category = role === 'naming.binding' ? (spec.bindingCategory?.(main) ?? null) : (role.slice('naming.'.length) as NamingCategory);
      if (category === null) continue;
      const name = main.text;
      if (!(spec.skipName?.(name, category) ?? false)) naming[category]?.push(name);
      continue;
    }

    // error.*, async.*, type_safety.*: counted per pattern
    recordOccurrence(role, main, line);
  }

  // `export { name }` clauses usually come after the declarations they export.
  for (const { fact, constraint } of declarations) {
    if (!exportedLater.has(fact.name)) continue;
    fact.exported = true;
    if (fact.fact === 'function') fact.visibility = 'public';
    constraint.description = `exported ${constraint.description}`;
    constraint.id = constraintId(constraint.name, constraint.description, constraint.kind);
  }

  // Imports are complete now: describe them and resolve call sites through their aliases.
  for (const { fact, constraint } of importsByStatement.values()) {
    constraint.description = fact.names.length > 0 ? `imports ${fact.names.join(', ')} from ${fact.module}` : `imports ${fact.module}`;
    constraint.id = constraintId(constraint.name, constraint.description, constraint.kind);
  }
  for (const call of calls) {
    const finding = judgeCall(spec, call, aliases);
    if (finding === null) continue;
    const line = call.node.startPosition.row + 1;
    securityFindings.push({ at: call.node.startIndex, constraint: make(
      META.security, `forbid_call:${finding.callee}`, `${finding.callee} at line ${line}: ${finding.reason}`,
      { fact: 'forbidden_call', callee: finding.callee, reason: finding.reason }, line,
    ) });
  }
  securityFindings.sort((a, b) => a.at - b.at);
  for (const finding of securityFindings) constraints.push(finding.constraint);
  if (input.isTest || testMarker) {
    assertions.sort((a, b) => a.at - b.at);
    for (const a of assertions) constraints.push(a.constraint);
  }

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
      for (const p of functions[i]!.params) note(p.type, line);
      note(functions[i]!.returnType, line);
    }
    for (const t of types) for (const f of t.fields) note(f.type, f.line);
    if (first !== null) occurrences.set('type_safety.any', { count, line: (first as { line: number }).line, text: trimText((first as { text: string }).text, 80) });
  }

  // One constraint per occurrence pattern, at its first occurrence, with its frequency.
  const patterns = [...occurrences.entries()].sort((a, b) => a[1].line - b[1].line || (a[0] < b[0] ? -1 : 1));
  for (const [role, occ] of patterns) {
    const dot = role.indexOf('.');
    const family = role.slice(0, dot);
    const pattern = role.slice(dot + 1);
    const meta = family === 'error' ? META.error : family === 'async' ? META.async : META.type_safety;
    const prefix = family === 'error' ? 'error_handling' : family === 'async' ? 'async' : 'type_safety';
    constraints.push(make(
      meta, `${prefix}:${pattern}`, `${occ.count} ${OCCURRENCE_WORDING[pattern] ?? pattern}, first: ${occ.text}`,
      { fact: 'occurrence', pattern, text: occ.text }, occ.line, 1, occ.count,
    ));
  }

  for (const category of NAMING_CATEGORIES) {
    const names = naming[category].map(stripUnderscores).filter((n) => n.length > 0);
    const fact = dominantConvention(category, names, spec.namingIdiom[category]);
    if (fact === null) continue;
    constraints.push(make(
      META.naming, `naming:${category}`,
      `${category} names use ${fact.convention} (${Math.round(fact.share * 100)}% of ${fact.sample})`,
      fact, 1, fact.share,
    ));
  }

  constraints.push(...summaries(spec, make, functions, functionRanges, types, typeFacts, importsByStatement.size, occurrences, errorPositions));

  // Overloads and repeated patterns can produce equal ids; suffix them in order so ids stay unique and stable.
  const seen = new Map<string, number>();
  for (const c of constraints) {
    const n = seen.get(c.id);
    if (n === undefined) seen.set(c.id, 1);
    else {
      seen.set(c.id, n + 1);
      c.id = `${c.id}-${n + 1}`;
    }
  }

  return { constraints, parseErrors: collectParseErrors(tree, input.errorQuery), lineCount: countLines(source) };
}

function judgeCall(spec: LanguageSpec, call: PendingCall, aliases: Map<string, string>): { callee: string; reason: string } | null {
  let callee: string;
  if (call.object !== null) {
    const module = aliases.get(call.object);
    callee = `${module ?? call.object}.${call.property}`;
  } else {
    const module = aliases.get(call.property);
    callee = module === undefined ? call.property : `${module}.${call.property}`;
  }
  const rule = spec.securityCalls[callee];
  if (rule === undefined) return null;
  if (rule.rule === 'always') return { callee, reason: rule.reason };
  const args: Node[] = [];
  const keywordTrue: string[] = [];
  if (call.args !== null) {
    for (const arg of call.args.namedChildren) {
      if (arg === null || arg.type === 'comment') continue;
      if (arg.type === 'keyword_argument') {
        const value = arg.childForFieldName('value');
        if (value !== null && value.type === 'true') keywordTrue.push(arg.childForFieldName('name')?.text ?? '');
        continue;
      }
      args.push(arg);
    }
  }
  const command = args[rule.argument ?? 0];
  const literal = command !== undefined && spec.isPlainString(command);
  switch (rule.rule) {
    case 'non_literal':
      return command !== undefined && !literal ? { callee, reason: rule.reason } : null;
    case 'shell_kwarg':
      return keywordTrue.includes('shell') && command !== undefined && !literal ? { callee, reason: rule.reason } : null;
    case 'shell_program': {
      if (command === undefined) return null;
      if (!literal) return { callee, reason: rule.reason };
      const program = stringContent(command);
      const shell = /^(\/(usr\/)?bin\/)?(sh|bash|zsh|dash|ksh|cmd|cmd\.exe|powershell|pwsh)$/.test(program);
      const rest = args.slice((rule.argument ?? 0) + 1);
      return shell && rest.some((a) => !spec.isPlainString(a)) ? { callee, reason: rule.reason } : null;
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
    const methods = functions.filter((f) => f.owner !== null || f.receiver !== null).length;
    out.push(make(META.summary_structure, 'function_structure', `${total} functions (${methods} methods, ${total - methods} free functions)`,
      { fact: 'summary', count: total, total }, 1));
    const typed = functions.filter((f) => (spec.staticallyTyped || f.returnType !== null || (spec.implicitReturn?.(f.name) ?? false))
      && f.params.every((p) => p.type !== null || spec.staticallyTyped)).length;
    out.push(make(META.summary_types, 'typed_functions', `${typed} of ${total} functions have typed parameters and return types`,
      { fact: 'summary', count: typed, total }, 1, ratio(typed, total)));
    const asyncCount = functions.filter((f) => f.async).length;
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
  const declarations = functions.filter((f) => f.owner === null && f.receiver === null).length + types.length;
  const exported = functions.filter((f) => f.owner === null && f.receiver === null && f.exported).length + types.filter((t) => t.exported).length;
  if (importCount > 0 || exported > 0) {
    out.push(make(META.summary_architecture, 'modularity', `${importCount} imports; ${exported} of ${declarations} top-level declarations exported`,
      { fact: 'summary', count: exported, total: declarations }, 1));
  }
  const anyUses = (occurrences.get('type_safety.any')?.count ?? 0) + (occurrences.get('type_safety.any_cast')?.count ?? 0);
  if (typeFacts.length > 0 && anyUses === 0) {
    out.push(make(META.summary_type_safety, 'avoid_any_type', `no dynamic 'any' type in ${typeFacts.length} type annotations`,
      { fact: 'any_policy', allowed: false }, 1, typeFacts.length >= 10 ? 0.9 : 0.7));
  }
  const nullable = typeFacts.filter((t) => hasTypeKind(t.expr, 'optional')).length;
  if (nullable > 0) {
    out.push(make(META.summary_type_safety, 'null_safety', `${nullable} of ${typeFacts.length} type annotations are nullable/optional`,
      { fact: 'summary', count: nullable, total: typeFacts.length }, 1, 1));
  }
  const unions = typeFacts.filter((t) => hasTypeKind(t.expr, 'union')).length;
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
