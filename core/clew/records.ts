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
import type { Node, Query, QueryCapture, QueryMatch } from 'web-tree-sitter';
import type { FieldFact, FunctionFact, NamingCategory, ParamFact, TypeDeclFact, TypeExpr } from '../model/facts.ts';
import { isSecretName } from './secrets.ts';
import { lookup, stringContent, trimText, typeFact, type LanguageSpec, type TypeDetails } from './spec.ts';

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
  | { kind: 'occurrence'; line: number; role: string; text: string }
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
export function recordsFromMatches(spec: LanguageSpec, compiled: CompiledQuery, matches: QueryMatch[], out: MatchRecord[]): void {
  const securityNames = securityPropertySet(spec);
  for (const match of matches) {
    const patternIndex = match.patternIndex;
    const role = compiled.roles[patternIndex]!;
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
    let lastCapture = 0;
    for (let i = 0; i < captures.length; i++) {
      const capture = captures[i]!;
      const n = capture.name;
      lastCapture = capture.node.startIndex;
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
    const start = main.startIndex;
    const rootId = main.id;
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
      out.push({ kind: 'function', start, patternIndex, lastCapture, rootId, end: main.endIndex, line, fact, isMethod });
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
      if (details.typeParams) { for (const p of details.typeParams) if (!typeParams.includes(p)) typeParams.push(p); delete details.typeParams; }
      // a match rooted at the whole module (Python's module-level aliases) is at its name's line
      const declLine = main.parent === null && nameNode !== null ? nameNode.startPosition.row + 1 : line;
      const { exported } = nameNode === null ? { exported: true } : spec.visibility(name, visibilityNode, main, false);
      const fact: TypeDeclFact = { fact: 'type', name, declKind, fields, variants, aliasOf, typeParams, exported, ...details };
      if (typeParamDefaults !== null) fact.typeParamDefaults = typeParamDefaults;
      out.push({ kind: 'type', start, patternIndex, lastCapture, rootId, line: declLine, fact });
      continue;
    }

    if (role === 'import') {
      if (moduleNode === null) continue;
      // the fact keeps the module as written; aliases resolve to the canonical name ('node:fs' → 'fs')
      const written = spec.moduleName ? spec.moduleName(moduleNode) : stringContent(moduleNode);
      const module = spec.canonicalModule ? spec.canonicalModule(written) : written;
      out.push({
        kind: 'import', start, patternIndex, lastCapture, rootId, line, written, module,
        name: importName === null ? null : spec.importName ? spec.importName(importName) : importName.text, local: importLocal === null ? null : importLocal.text,
      });
      continue;
    }

    if (role === 'export') {
      if (exportName !== null) out.push({ kind: 'export', start, patternIndex, lastCapture, rootId, name: exportName.text });
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
        if (securityNames.has(callee)) out.push({ kind: 'call', start, patternIndex, lastCapture, rootId, line, object, property: callee, args: argInfo(spec, main.childForFieldName('arguments')) });
      } else continue;
      if (callRole === undefined) continue;
      if (callRole === 'test.assertion') out.push({ kind: 'assertion', start, patternIndex, lastCapture, rootId, line, method: callee, text: trimText(main.text, 100) });
      else out.push({ kind: 'occurrence', start, patternIndex, lastCapture, rootId, line, role: callRole, text: trimText(main.text, 80) });
      continue;
    }

    if (role === 'security.secret') {
      if (nameNode === null || valueNode === null) continue;
      const name = nameNode.type === 'string' || nameNode.type.endsWith('string_literal') ? stringContent(nameNode) : nameNode.text;
      if (!spec.isPlainString(valueNode) || !isSecretName(name)) continue;
      if (stringContent(valueNode).length === 0) continue;
      out.push({ kind: 'secret', start, patternIndex, lastCapture, rootId, line, name, text: trimText(main.text, 80) });
      continue;
    }

    if (role.startsWith('security.')) {
      out.push({ kind: 'security', start, patternIndex, lastCapture, rootId, line, pattern: role.slice('security.'.length), text: trimText(main.text, 80) });
      continue;
    }

    if (role === 'test.marker') { out.push({ kind: 'marker', start, patternIndex, lastCapture, rootId }); continue; }

    if (role === 'test.assertion') {
      out.push({ kind: 'assertion', start, patternIndex, lastCapture, rootId, line, method: assertMethod === null ? 'assert' : assertMethod.text, text: trimText(main.text, 100) });
      continue;
    }

    if (role.startsWith('naming.')) {
      const category = role === 'naming.binding' ? (spec.bindingCategory?.(main) ?? null) : (role.slice('naming.'.length) as NamingCategory);
      if (category === null) continue;
      const name = main.text;
      if (!(spec.skipName?.(name, category) ?? false)) out.push({ kind: 'naming', start, patternIndex, lastCapture, rootId, category, name });
      continue;
    }

    // error.*, async.*, type_safety.*: counted per pattern
    out.push({ kind: 'occurrence', start, patternIndex, lastCapture, rootId, line, role, text: trimText(main.text, 80) });
  }
}
