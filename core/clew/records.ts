// Phase one of extraction: query matches into records, plain data with absolute positions that
// hold no syntax-tree nodes (so units can cache them and incremental runs can shift them).
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
import { type Language, Query } from 'web-tree-sitter';
import type { FieldFact, FunctionFact, NamingCategory, ParamFact, TypeDeclFact, TypeExpr } from '../model/facts.ts';
import { runnable, type MatchWords, type RunnableQuery, type TextPredicate } from './matches.ts';
import { isSecretName } from './secrets.ts';
import { lookup, stringContent, trimText, typeFact, type LanguageSpec, type TypeDetails } from './spec.ts';
import type { SyntaxNode, SyntaxTree } from './syntax.ts';
import { CAPTURE_WORDS } from './wasm.ts';

const ROLE_PREFIXES = ['definition.', 'error.', 'async.', 'type_safety.', 'security.', 'test.', 'naming.'];

/** The sub-captures a record reads, each in its own slot (slot 0 is the role capture: the matched node). */
const SLOTS = [
  'name',
  'parameters',
  'return_type',
  'async',
  'visibility',
  'owner',
  'receiver',
  'type_parameters',
  'body',
  'alias',
  'import.module',
  'import.name',
  'import.local',
  'callee.object',
  'callee.property',
  'callee.method',
  'callee.macro',
  'value',
  'assert.method',
  'export.name',
] as const;
type Slot = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14 | 15 | 16 | 17 | 18 | 19 | 20;
const slot = (name: (typeof SLOTS)[number]) => (SLOTS.indexOf(name) + 1) as Slot;
const MAIN = 0;
const NAME = slot('name');
const PARAMETERS = slot('parameters');
const RETURN_TYPE = slot('return_type');
const ASYNC = slot('async');
const VISIBILITY = slot('visibility');
const OWNER = slot('owner');
const RECEIVER = slot('receiver');
const TYPE_PARAMETERS = slot('type_parameters');
const BODY = slot('body');
const ALIAS = slot('alias');
const IMPORT_MODULE = slot('import.module');
const IMPORT_NAME = slot('import.name');
const IMPORT_LOCAL = slot('import.local');
const CALLEE_OBJECT = slot('callee.object');
const CALLEE_PROPERTY = slot('callee.property');
const CALLEE_METHOD = slot('callee.method');
const CALLEE_MACRO = slot('callee.macro');
const VALUE = slot('value');
const ASSERT_METHOD = slot('assert.method');
const EXPORT_NAME = slot('export.name');

/** A compiled query with the role of each of its patterns and the slot of each capture worked out once. */
export interface CompiledQuery extends RunnableQuery {
  roles: string[];
  /** Per pattern, its role after the first dot ('naming.function' → 'function'; '' without a dot), sliced once. */
  roleSuffixes: string[];
  /** Per pattern, the index of its role capture. */
  roleCapture: Int32Array;
  /** Per capture index, its slot (0: none of them). */
  slotOf: Uint8Array;
}

/**
 * Compiles a language's query source (tree-sitter's Query, and the patterns matcher.ts runs), its
 * call patterns filtered by the spec's tables (callFilter); with no spec, the query as written (the
 * tests comparing its matches with tree-sitter's own query cursor).
 */
export function compileQuery(language: Language, source: string, spec: LanguageSpec | null): CompiledQuery {
  const query = new Query(language, source);
  const roles: string[] = [];
  const roleCapture = new Int32Array(query.patternCount());
  for (let p = 0; p < query.patternCount(); p++) {
    const quantifiers = query.captureQuantifiers[p]!;
    let role = '';
    for (let c = 0; c < query.captureNames.length; c++) {
      if (quantifiers[c] === 0) continue;
      const name = query.captureNames[c]!;
      if (name === 'import' || name === 'export' || name === 'call' || ROLE_PREFIXES.some((prefix) => name.startsWith(prefix))) {
        role = name;
        roleCapture[p] = c;
        break;
      }
    }
    if (role === '') throw new Error(`query pattern ${p} has no role capture`);
    roles.push(role);
  }
  const slotOf = Uint8Array.from(query.captureNames, (name) => SLOTS.indexOf(name as (typeof SLOTS)[number]) + 1);
  const roleSuffixes = roles.map((role) => (role.includes('.') ? role.slice(role.indexOf('.') + 1) : ''));
  const run = runnable(query, source, language);
  const predicates = run.predicates.map((list, p) => {
    const filter = spec !== null && roles[p] === 'call' ? callFilter(spec, query.captureQuantifiers[p]!, slotOf) : null;
    return filter === null ? list : [...(list ?? []), filter];
  });
  return { ...run, predicates, roles, roleSuffixes, roleCapture, slotOf };
}

/**
 * The callee texts that can make a call pattern's match a record, as an #any-of? on that capture,
 * or null when its callee alone does not decide. Most calls are in no table (308 of the Zig 1000-line
 * fixture's 894 matches, 262 of Rust's 753): the filter drops them where the match is written
 * out (matches.ts), before anything reads them. recordsFromMatches reads a call's macro, else its
 * method, else its property, and the filter follows the same order, so it keeps exactly the calls a
 * role or a security rule could name:
 * - a macro `m!`: the keys `m!`;
 * - a method `.m`: the keys `.m`;
 * - a property called on a captured object: the objects some key starts with (up to any dot),
 *   when no key is a method (`.m` would match any object) and no security rule names a property;
 * - a property called alone: every key, and the properties the security rules name.
 */
function callFilter(spec: LanguageSpec, quantifiers: readonly number[], slotOf: Uint8Array): TextPredicate | null {
  // tree-sitter's quantifiers: 0 absent, 1 optional, 2 zero or more, 3 one, 4 one or more. Only a
  // capture there exactly once is filtered: records read the first of several, an #any-of? all of them
  const captureOf = (s: Slot) => slotOf.findIndex((slot, c) => slot === s && quantifiers[c] !== 0);
  const required = (c: number) => c !== -1 && quantifiers[c] === 3;
  const keys = Object.keys(spec.callRoles);
  const { macros, methods } = callRoleIndex(spec);
  const filter = (capture: number, values: Iterable<string>): TextPredicate => ({
    op: 'any-of',
    capture,
    positive: true,
    all: true,
    values: [...new Set(values)],
  });
  const macro = captureOf(CALLEE_MACRO);
  if (macro !== -1) return required(macro) ? filter(macro, macros.keys()) : null;
  const method = captureOf(CALLEE_METHOD);
  if (method !== -1) return required(method) ? filter(method, methods.keys()) : null;
  const property = captureOf(CALLEE_PROPERTY);
  if (!required(property)) return null;
  const object = captureOf(CALLEE_OBJECT);
  const security = securityPropertySet(spec);
  if (object === -1) return filter(property, [...keys, ...security]);
  if (!required(object) || security.size > 0 || methods.size > 0) return null;
  return filter(
    object,
    keys.flatMap((k) => [...k].flatMap((ch, i) => (ch === '.' ? [k.slice(0, i)] : []))),
  );
}

const DEFINITION_DECL_KINDS = new Set(['interface', 'class', 'type_alias', 'enum', 'struct', 'trait', 'dataclass', 'union']);

/**
 * What one match contributes, as plain data with absolute positions: records are cached per
 * syntax-tree unit and shifted when an incremental reparse moves a unit, so they hold no nodes.
 * `start` is the start of the match's root node, `patternIndex` its pattern and `lastCapture` the start of
 * its last capture: sorting by these gives document order whatever order the units were queried in.
 * `rootId` is the root node's id in the tree it was read from (stale once the record is reused).
 */
export type MatchRecord = { start: number; patternIndex: number; lastCapture: number; rootId: number } & (
  | { kind: 'function'; end: number; line: number; fact: FunctionFact; isMethod: boolean }
  | { kind: 'type'; line: number; fact: TypeDeclFact }
  | { kind: 'import'; line: number; written: string; module: string; name: string | null; local: string | null }
  | { kind: 'export'; name: string }
  | { kind: 'call'; line: number; object: string | null; property: string; args: ArgInfo }
  /**
   * Counted per role, and only the first of each role is quoted: the record keeps the length of its
   * text from `start` (which an edit's shift keeps valid), and constraints.ts slices the one it quotes.
   */
  | { kind: 'occurrence'; line: number; role: string; length: number }
  | { kind: 'assertion'; line: number; method: string; text: string }
  | { kind: 'secret'; line: number; name: string; text: string }
  | { kind: 'security'; line: number; pattern: string; text: string }
  | { kind: 'marker' }
  | { kind: 'naming'; category: NamingCategory; name: string }
);

/** A call's arguments as the security rules need them. */
export interface ArgInfo {
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

/**
 * spec.callRoles split by how a call is looked up, so that a call no role names costs map look-ups
 * by its own texts instead of three keys built per call (`obj.prop`, `obj.*`, `.prop`): most calls
 * are in no table (Zig's 1000-line fixture has 308 calls and no role among them).
 */
interface CallRoleIndex {
  /** `bail!` by `bail`. */
  macros: Map<string, string>;
  /** `.unwrap` by `unwrap`. */
  methods: Map<string, string>;
  /** `errors.New` and `assert.*` by their object (before the last dot), then by `New` or `*`. */
  byObject: Map<string, Map<string, string>>;
  /** Every key as written: a call with no object is looked up by its name. */
  plain: Map<string, string>;
}
const callRoleIndexes = new WeakMap<LanguageSpec, CallRoleIndex>();
function callRoleIndex(spec: LanguageSpec): CallRoleIndex {
  let index = callRoleIndexes.get(spec);
  if (index !== undefined) return index;
  index = { macros: new Map(), methods: new Map(), byObject: new Map(), plain: new Map() };
  for (const [key, role] of Object.entries(spec.callRoles)) {
    index.plain.set(key, role);
    if (key.endsWith('!')) index.macros.set(key.slice(0, -1), role);
    if (key.startsWith('.')) index.methods.set(key.slice(1), role);
    const dot = key.lastIndexOf('.');
    if (dot === -1) continue;
    const object = key.slice(0, dot);
    let properties = index.byObject.get(object);
    if (properties === undefined) index.byObject.set(object, (properties = new Map()));
    properties.set(key.slice(dot + 1), role);
  }
  callRoleIndexes.set(spec, index);
  return index;
}

/**
 * The role of a call `object.property(…)`: the key `object.property`, else `object.*`, else
 * `.property`, as looked up in spec.callRoles (a property with a dot in it is looked up by those keys).
 */
export function propertyCallRole(spec: LanguageSpec, object: string, property: string): string | undefined {
  if (property.includes('.'))
    return lookup(spec.callRoles, `${object}.${property}`) ?? lookup(spec.callRoles, `${object}.*`) ?? lookup(spec.callRoles, `.${property}`);
  const index = callRoleIndex(spec);
  const properties = index.byObject.get(object);
  return properties?.get(property) ?? properties?.get('*') ?? index.methods.get(property);
}

function argInfo(spec: LanguageSpec, args: SyntaxNode | null): ArgInfo {
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

/** Where each slot's capture starts in the match words (-1: not captured), reused across matches. */
const slotAt = new Int32Array(SLOTS.length + 1);

/**
 * A slot's capture as a node, made only when a record reads more than its text (null when not
 * captured). Module functions rather than closures: Zig's records are read unit by unit, and two
 * closures per call showed in its allocation.
 */
function slotNode(tree: SyntaxTree, words: Int32Array, s: Slot): SyntaxNode | null {
  return slotAt[s] === -1 ? null : tree.nodeAt(words, slotAt[s]!);
}

/** A slot's capture's text (null when not captured). */
function slotText(tree: SyntaxTree, words: Int32Array, s: Slot): string | null {
  return slotAt[s] === -1 ? null : tree.textAt(words, slotAt[s]!);
}

/** Turns a run's matches into records (phase one: everything that needs the syntax tree). */
export function recordsFromMatches(spec: LanguageSpec, compiled: CompiledQuery, tree: SyntaxTree, matches: MatchWords, out: MatchRecord[]): void {
  const securityNames = securityPropertySet(spec);
  const callRoles = callRoleIndex(spec);
  const { words, count } = matches;
  const { roles, roleSuffixes, roleCapture, slotOf } = compiled;
  let next = 0;
  for (let m = 0; m < count; m++) {
    const at = next;
    const patternIndex = words[at]!;
    const captureCount = words[at + 1]!;
    next = at + 2 + captureCount * CAPTURE_WORDS;
    const role = roles[patternIndex]!;
    const roleIndex = roleCapture[patternIndex]!;
    slotAt.fill(-1);
    let lastCapture = 0;
    for (let c = at + 2; c < next; c += CAPTURE_WORDS) {
      const captureIndex = words[c]!;
      lastCapture = words[c + 2]!; // the capture's start index
      if (captureIndex === roleIndex) {
        if (slotAt[MAIN] === -1) slotAt[MAIN] = c + 1;
        continue;
      }
      const s = slotOf[captureIndex]!;
      if (s !== MAIN && slotAt[s] === -1) slotAt[s] = c + 1;
    }
    if (slotAt[MAIN] === -1) continue;
    const mainAt = slotAt[MAIN]!;
    const rootId = words[mainAt]!;
    const start = words[mainAt + 1]!;
    const line = words[mainAt + 2]! + 1;

    if (role === 'definition.function' || role === 'definition.method') {
      const name = slotText(tree, words, NAME);
      if (name === null) continue;
      const main = slotNode(tree, words, MAIN)!;
      const ownerText = slotText(tree, words, OWNER);
      const owner = ownerText !== null ? ownerText : spec.ownerOf ? spec.ownerOf(main) : null;
      if (owner === false) continue;
      const isMethod = role === 'definition.method' || owner !== null || slotAt[RECEIVER] !== -1;
      const paramFacts: ParamFact[] = [];
      const receiver = { text: slotText(tree, words, RECEIVER) };
      const params = slotNode(tree, words, PARAMETERS);
      if (params !== null) spec.readParams(params, paramFacts, receiver, isMethod);
      const returnNode = slotNode(tree, words, RETURN_TYPE);
      const returnType = returnNode === null ? null : spec.returnType ? spec.returnType(returnNode) : typeFact(spec, returnNode);
      const { visibility, exported } = spec.visibility(name, slotNode(tree, words, VISIBILITY), main, isMethod);
      const fact: FunctionFact = {
        fact: 'function',
        name,
        params: paramFacts,
        returnType,
        async: slotAt[ASYNC] !== -1,
        exported,
        visibility,
        owner,
        receiver: receiver.text,
      };
      out.push({ kind: 'function', start, patternIndex, lastCapture, rootId, end: main.endIndex, line, fact, isMethod });
      continue;
    }

    if (role.startsWith('definition.')) {
      const baseKind = roleSuffixes[patternIndex]!;
      const nameNode = slotNode(tree, words, NAME);
      // a Zig file is a struct: its name comes from the file's `const X = @This()` (readBody)
      if (nameNode === null && baseKind !== 'file') continue;
      const main = slotNode(tree, words, MAIN)!;
      const aliasNode = slotNode(tree, words, ALIAS);
      const bodyNode = slotNode(tree, words, BODY);
      const typeParamsNode = slotNode(tree, words, TYPE_PARAMETERS);
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
      if (details.typeParams) {
        for (const p of details.typeParams) if (!typeParams.includes(p)) typeParams.push(p);
        delete details.typeParams;
      }
      // a match rooted at the whole module (Python's module-level aliases) is at its name's line
      const declLine = nameNode !== null && main.ancestorTypes(1)[0] === null ? nameNode.startRow + 1 : line;
      const { exported } = nameNode === null ? { exported: exportedByBody ?? true } : spec.visibility(name, slotNode(tree, words, VISIBILITY), main, false);
      const fact: TypeDeclFact = { fact: 'type', name, declKind, fields, variants, aliasOf, typeParams, exported, ...details };
      if (typeParamDefaults !== null) fact.typeParamDefaults = typeParamDefaults;
      out.push({ kind: 'type', start, patternIndex, lastCapture, rootId, line: declLine, fact });
      continue;
    }

    if (role === 'import') {
      const moduleNode = slotNode(tree, words, IMPORT_MODULE);
      if (moduleNode === null) continue;
      // the fact keeps the module as written; aliases resolve to the canonical name ('node:fs' → 'fs')
      const written = spec.moduleName ? spec.moduleName(moduleNode) : stringContent(moduleNode);
      const module = spec.canonicalModule ? spec.canonicalModule(written) : written;
      out.push({
        kind: 'import',
        start,
        patternIndex,
        lastCapture,
        rootId,
        line,
        written,
        module,
        name: slotAt[IMPORT_NAME] === -1 ? null : spec.importName ? spec.importName(slotNode(tree, words, IMPORT_NAME)!) : slotText(tree, words, IMPORT_NAME),
        local: slotText(tree, words, IMPORT_LOCAL),
      });
      continue;
    }

    if (role === 'export') {
      const exported = slotText(tree, words, EXPORT_NAME);
      if (exported !== null) out.push({ kind: 'export', start, patternIndex, lastCapture, rootId, name: exported });
      continue;
    }

    if (role === 'call') {
      let callRole: string | undefined;
      let callee: string;
      if (slotAt[CALLEE_MACRO] !== -1) {
        callee = slotText(tree, words, CALLEE_MACRO)!;
        callRole = callRoles.macros.get(callee);
      } else if (slotAt[CALLEE_METHOD] !== -1) {
        callee = slotText(tree, words, CALLEE_METHOD)!;
        callRole = callRoles.methods.get(callee);
      } else if (slotAt[CALLEE_PROPERTY] !== -1) {
        callee = slotText(tree, words, CALLEE_PROPERTY)!;
        const object = slotText(tree, words, CALLEE_OBJECT);
        callRole = object !== null ? propertyCallRole(spec, object, callee) : callRoles.plain.get(callee);
        // arguments are read only for calls a security rule may judge: not capturing them saves a capture per call
        if (securityNames.has(callee))
          out.push({
            kind: 'call',
            start,
            patternIndex,
            lastCapture,
            rootId,
            line,
            object,
            property: callee,
            args: argInfo(spec, slotNode(tree, words, MAIN)!.childForFieldName('arguments')),
          });
      } else continue;
      if (callRole === undefined) continue;
      if (callRole === 'test.assertion')
        out.push({ kind: 'assertion', start, patternIndex, lastCapture, rootId, line, method: callee, text: trimText(slotText(tree, words, MAIN)!, 100) });
      else out.push({ kind: 'occurrence', start, patternIndex, lastCapture, rootId, line, role: callRole, length: tree.endAt(words, mainAt) - start });
      continue;
    }

    if (role === 'security.secret') {
      const nameNode = slotNode(tree, words, NAME);
      const valueNode = slotNode(tree, words, VALUE);
      if (nameNode === null || valueNode === null) continue;
      const name = nameNode.type === 'string' || nameNode.type.endsWith('string_literal') ? stringContent(nameNode) : nameNode.text;
      if (!spec.isPlainString(valueNode) || !isSecretName(name)) continue;
      if (stringContent(valueNode).length === 0) continue;
      out.push({ kind: 'secret', start, patternIndex, lastCapture, rootId, line, name, text: trimText(slotText(tree, words, MAIN)!, 80) });
      continue;
    }

    if (role.startsWith('security.')) {
      out.push({
        kind: 'security',
        start,
        patternIndex,
        lastCapture,
        rootId,
        line,
        pattern: roleSuffixes[patternIndex]!,
        text: trimText(slotText(tree, words, MAIN)!, 80),
      });
      continue;
    }

    if (role === 'test.marker') {
      out.push({ kind: 'marker', start, patternIndex, lastCapture, rootId });
      continue;
    }

    if (role === 'test.assertion') {
      out.push({
        kind: 'assertion',
        start,
        patternIndex,
        lastCapture,
        rootId,
        line,
        method: slotText(tree, words, ASSERT_METHOD) ?? 'assert',
        text: trimText(slotText(tree, words, MAIN)!, 100),
      });
      continue;
    }

    if (role.startsWith('naming.')) {
      const category =
        role === 'naming.binding' ? (spec.bindingCategory?.(slotNode(tree, words, MAIN)!) ?? null) : (roleSuffixes[patternIndex] as NamingCategory);
      if (category === null) continue;
      const name = slotText(tree, words, MAIN)!;
      if (!(spec.skipName?.(name, category) ?? false)) out.push({ kind: 'naming', start, patternIndex, lastCapture, rootId, category, name });
      continue;
    }

    // error.*, async.*, type_safety.*: counted per pattern
    out.push({ kind: 'occurrence', start, patternIndex, lastCapture, rootId, line, role, length: tree.endAt(words, mainAt) - start });
  }
}
