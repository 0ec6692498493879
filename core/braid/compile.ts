// Braid's compile pipeline: order the constraints, detect and resolve conflicts, then run
// each emitter over the facts of the constraints still in force, reusing cached
// per-constraint artefacts when a cache is given (the incremental compiler's).
import type { Constraint } from '../model/constraint.ts';
import type { Language } from '../model/facts.ts';
import { contentHash, hashString } from './hash.ts';
import type { ConstraintIR } from './ir.ts';
import { assembleSchemas, CUSTOM_SERIALIZERS, declarationsByName, SchemaBuilder, type DeclarationSchema } from './json-schema.ts';
import { orderConstraints, priorityValue } from './order.ts';
import { emptyTargets, findConflicts, patternLanguages } from './conflicts.ts';
import { resolveConflicts } from './resolution.ts';
import { anyWords, buildCodeGrammar, type CodeGrammarInput, type NamePattern } from './code-grammar.ts';
import { checkPatternSafety } from './regex-safety.ts';
import type { CodeGrammar } from './grammar-ast.ts';
import { larkExpression, larkJsonRules, toLark } from './lark.ts';
import { toEbnf } from './ebnf.ts';
import { calleeWord, factRegexes, signatureRegex } from './regex.ts';
import { printRegex } from './regex-ast.ts';
import { collectRefNames, declarationTypes, referencedTypeNames } from './type-refs.ts';
import type { Grammar, RegexPattern, Rejection, TokenMasks } from './ir.ts';
import type { SchemaNote } from './json-schema.ts';
import type { TypeDeclFact } from '../model/facts.ts';
import { vocabularyTokenMasks } from './token-masks.ts';
import type { Vocabulary } from '../tokenmask/vocabulary.ts';

export type ResolutionMode = 'policy' | 'none';

export interface CompileOptions {
  language?: Language;
  name?: string;
  /** 'policy' (default): conflicts are resolved by priority, severity, confidence, id. 'none': every conflict stays unresolved. */
  resolution?: ResolutionMode;
  /**
   * A loaded vocabulary (core/tokenmask's loadVocabulary): token_masks then also carries masks over
   * its token ids and the DFA they come from. Without it compile computes no mask.
   */
  vocabulary?: Vocabulary;
}

/** Where compile keeps artefacts between runs, and counts what it reused. */
export interface ArtefactStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

export interface CompileContext {
  store?: ArtefactStore;
  /** Cache key of a constraint (defaults to a per-run memo of hashMemo). */
  keyOf?: (c: Constraint) => string;
  /** Called once per constraint with whether all its artefacts came from the store. */
  onConstraint?: (id: string, reused: boolean) => void;
}

/**
 * Memoises cache keys for one compile run (objects are not mutated during it). Keys hash the
 * native JSON text: equal constraints written with another key order only miss the cache,
 * which costs time, never correctness. (The order's tie-break uses the canonical hash.)
 */
export function hashMemo(): (c: Constraint) => string {
  const memo = new WeakMap<Constraint, string>();
  return (c) => {
    let h = memo.get(c);
    if (h === undefined) {
      h = hashString(JSON.stringify(c));
      memo.set(c, h);
    }
    return h;
  };
}

export function compileWith(constraints: Constraint[], options: CompileOptions = {}, context: CompileContext = {}): ConstraintIR {
  const hashOf = context.keyOf ?? hashMemo();
  const ordered = orderConstraints(constraints);
  const { languages, rejected } = patternLanguages(ordered, context.store);
  const found = findConflicts(ordered, languages, context.store);
  const { conflicts, dropped, unresolved } = resolveConflicts(ordered, found, options.resolution ?? 'policy');
  const active = dropped.size === 0 ? ordered : ordered.filter((c) => !dropped.has(c.id));
  const activeLanguages = dropped.size === 0 ? languages : languages.filter((l) => !dropped.has(l.constraint.id));
  const empty = emptyTargets(activeLanguages, context.store);
  const isFeasible = unresolved === 0 && empty.length === 0;
  const totalWeight = ordered.reduce((sum, c) => sum + c.confidence, 0);
  const keptWeight = active.reduce((sum, c) => sum + c.confidence, 0);
  const feasibilityScore = !isFeasible ? 0 : totalWeight === 0 ? 1 : Math.round((keptWeight / totalWeight) * 1e4) / 1e4;
  const language = options.language ?? active.find((c) => c.language !== undefined)?.language ?? null;
  const reusedBy = new Map<string, boolean>();
  const note = (c: Constraint, reused: boolean): void => {
    reusedBy.set(c.id, (reusedBy.get(c.id) ?? true) && reused);
  };

  // JSON Schema: a declaration's schema depends on itself, the declarations it reaches (bases,
  // field types, generic bodies) and which names are declared; cached on exactly that.
  const { built, notes: schemaNotes } = buildSchemas(active, language, hashOf, context.store, note);
  const { schemas, combined } = assembleSchemas(built);

  // Regexes from facts: each constraint's own, cached by content hash.
  const regexPatterns: RegexPattern[] = [];
  const regexRejected: Rejection[] = [];
  for (const c of active) {
    const f = c.facts?.fact;
    if (f !== 'naming' && f !== 'pattern' && f !== 'forbidden_call') continue;
    const key = context.store ? `regex:${regexKey(c)}` : '';
    let out = context.store?.get(key) as ReturnType<typeof factRegexes> | undefined;
    note(c, out !== undefined);
    if (out === undefined) {
      out = factRegexes([{ ...c, id: '' }]);
      context.store?.set(key, out);
    }
    for (const p of out.patterns) {
      const same = regexPatterns.find((q) => q.pattern === p.pattern && q.target === p.target && q.mode === p.mode);
      if (same) same.sources.push(c.id);
      else regexPatterns.push({ ...p, sources: [c.id] });
    }
    for (const r of out.rejected) if (!rejected.some((x) => x.constraint === c.id)) regexRejected.push({ ...r, constraint: c.id });
  }

  // The code grammar (Lark, EBNF, signature regex) depends on a digest of the facts; cached on it.
  let grammarArtefacts: GrammarArtefacts | null = null;
  if (language !== null) {
    const input = codeGrammarInput(language, active);
    const key = `grammar:${contentHash(input)}`;
    grammarArtefacts = (context.store?.get(key) as GrammarArtefacts | undefined) ?? grammarMemo.get(key) ?? null;
    if (grammarArtefacts === null) {
      grammarArtefacts = grammarArtefactsFor(input);
      if (grammarMemo.size >= GRAMMAR_MEMO_LIMIT) grammarMemo.delete(grammarMemo.keys().next().value!);
      grammarMemo.set(key, grammarArtefacts);
    }
    context.store?.set(key, grammarArtefacts);
    for (const regex of grammarArtefacts.unintersected) {
      for (const c of active) {
        const f = c.facts;
        if (f?.fact !== 'pattern' || (f.target !== 'function_name' && f.target !== 'identifier') || f.regex !== regex) continue;
        const terminal = f.target === 'identifier' ? 'FUNC_NAME or PARAM_NAME' : 'FUNC_NAME';
        regexRejected.push({
          constraint: c.id,
          reason: `${f.target === 'identifier' ? 'identifier' : 'function-name'} pattern /${regex}/ (${f.mode}) is not intersected into the code grammar's ${terminal}: a regex for it needs automaton-to-regex conversion; the IR's regex and the validation still enforce it`,
        });
      }
    }
    if ('pattern' in grammarArtefacts.signature)
      regexPatterns.push({
        pattern: grammarArtefacts.signature.pattern,
        flags: '',
        target: 'signature',
        mode: 'require',
        sources: active.filter((c) => c.facts?.fact === 'naming' || c.facts?.fact === 'any_policy').map((c) => c.id),
      });
    else regexRejected.push({ constraint: '*', reason: `signature regex not emitted: ${grammarArtefacts.signature.reason}` });
  }

  const ir: ConstraintIR = {
    name: options.name ?? 'constraints',
    language,
    regex_patterns: regexPatterns,
    priority: active.reduce((max, c) => Math.max(max, priorityValue(c)), 0),
    feasibility_score: feasibilityScore,
    is_feasible: isFeasible,
    conflicts,
    order: ordered.map((c) => c.id),
    dropped: [...dropped].sort(),
    rejected: [
      ...rejected,
      ...regexRejected,
      ...duplicateIds(ordered),
      ...empty.map((target) => ({ constraint: '*', reason: `no ${target} can satisfy every required pattern while avoiding the forbidden ones` })),
      ...schemaNotes.filter((n) => n.kind === 'rejected').map(({ constraint, type, reason }) => ({ constraint, type, reason: `type ${type}: ${reason}` })),
    ],
    approximated: schemaNotes.filter((n) => n.kind === 'approximated').map(({ constraint, type, reason }) => ({ constraint, type, reason })),
    schemas,
  };
  if (grammarArtefacts !== null) {
    ir.grammar = grammarArtefacts.grammar;
    ir.lark = grammarArtefacts.lark + larkJsonRules(schemas);
    ir.ebnf = grammarArtefacts.ebnf;
  }
  const masks = tokenMasks(active);
  if (options.vocabulary !== undefined) {
    try {
      ir.token_masks = { ...masks, ...vocabularyTokenMasks(options.vocabulary, regexPatterns) };
    } catch (error) {
      if (masks !== null) ir.token_masks = masks;
      ir.rejected.push({ constraint: '*', reason: `token masks over ${options.vocabulary.name} not computed: ${(error as Error).message}` });
    }
  } else if (masks !== null) ir.token_masks = masks;
  if (combined !== null) ir.json_schema = combined;
  if (context.onConstraint) for (const c of ordered) context.onConstraint(c.id, reusedBy.get(c.id) ?? true);
  return ir;
}

export function compile(constraints: Constraint[], options: CompileOptions = {}): ConstraintIR {
  return compileWith(constraints, options);
}

/**
 * One schema per declared name (TypeScript's merged interfaces included), from the store when the
 * declaration, everything it reaches and the declared names are unchanged. Notes name the
 * constraint that declared the type.
 */
export function buildSchemas(
  active: readonly Constraint[],
  language: Language | null,
  hashOf: (c: Constraint) => string = hashMemo(),
  store?: ArtefactStore,
  note: (c: Constraint, reused: boolean) => void = () => {},
): { built: DeclarationSchema[]; notes: Array<SchemaNote & { constraint: string }> } {
  const typeConstraints = new Map<string, Constraint[]>();
  for (const c of active) if (c.facts?.fact === 'type') typeConstraints.set(c.facts.name, [...(typeConstraints.get(c.facts.name) ?? []), c]);
  // a type with a method that writes its JSON (MarshalJSON, toJSON, serde's serialize) has a representation its fields do not say
  const customSerialized = new Map<Language | null, Map<string, string>>();
  for (const c of active) {
    const f = c.facts;
    const lang = c.language ?? language;
    if (f?.fact !== 'function' || f.owner === null || lang === null || !(CUSTOM_SERIALIZERS[lang] ?? []).includes(f.name)) continue;
    if (!customSerialized.has(lang)) customSerialized.set(lang, new Map());
    customSerialized.get(lang)!.set(f.owner.replace(/<.*$/, ''), f.name);
  }
  const declared = declarationsByName([...typeConstraints.values()].flatMap((cs) => cs.map((c) => c.facts as TypeDeclFact)));
  const builders = new Map<Language | null, SchemaBuilder>();
  const builderFor = (lang: Language | null): SchemaBuilder => {
    let b = builders.get(lang);
    if (b === undefined) {
      b = new SchemaBuilder({ declared, language: lang, customSerialized: customSerialized.get(lang) });
      builders.set(lang, b);
    }
    return b;
  };
  // cache keys only where there is a cache (hashing every type constraint is most of the work otherwise)
  const declaredKey = store ? hashString([...declared.keys()].sort().join('\n')) : '';
  const contentKey = new Map<string, string>();
  if (store) for (const [name, cs] of typeConstraints) contentKey.set(name, cs.map(hashOf).join(','));
  const built: DeclarationSchema[] = [];
  const notes: Array<SchemaNote & { constraint: string }> = [];
  for (const [name, decl] of declared) {
    const cs = typeConstraints.get(name)!;
    const first = cs[0]!;
    const lang = first.language ?? language;
    const key = store
      ? `schema:${declaredKey}:${lang}:${[...(customSerialized.get(lang) ?? [])].sort().join(',')}:${hashString(
          reachableDeclarations(name, declared)
            .map((n) => `${n}=${contentKey.get(n)}`)
            .join('\n'),
        )}`
      : '';
    let out = store?.get(key) as DeclarationSchema | undefined;
    for (const c of cs) note(c, out !== undefined);
    if (out === undefined) {
      out = builderFor(lang).declaration(decl);
      store?.set(key, out);
    }
    built.push(out);
    for (const n of out.notes) notes.push({ ...n, constraint: first.id });
  }
  return { built, notes };
}

/** The declared names a declaration's schema can depend on (itself included), following every type it mentions. */
function reachableDeclarations(name: string, declared: ReadonlyMap<string, TypeDeclFact>): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const stack = [name];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    const decl = declared.get(n);
    if (decl === undefined) continue;
    out.push(n);
    const refs = new Set<string>();
    for (const t of declarationTypes(decl)) collectRefNames(t, refs);
    for (const r of refs) {
      // the emitter also finds `NS.User`, `crate::User`, `Status.Active` by their last or first segment
      for (const candidate of [r, ...r.split(/::|\./)]) if (declared.has(candidate)) stack.push(candidate);
    }
  }
  return out.sort();
}

// Grammar artefacts are a pure function of the grammar input and the schemas; like the DFA
// memo, a small process-wide memo spares rebuilding them for inputs seen before.
const GRAMMAR_MEMO_LIMIT = 64;
const grammarMemo = new Map<string, GrammarArtefacts>();

interface GrammarArtefacts {
  grammar: Grammar;
  lark: string;
  ebnf: string;
  /** Name patterns the grammar could not take in (buildCodeGrammar's unintersected). */
  unintersected: string[];
  signature: { pattern: string } | { reason: string };
}

/** Ids used by more than one constraint: conflicts between such constraints cannot name them apart. */
function duplicateIds(constraints: readonly Constraint[]): Rejection[] {
  const counts = new Map<string, number>();
  for (const c of constraints) counts.set(c.id, (counts.get(c.id) ?? 0) + 1);
  return [...counts]
    .filter(([, n]) => n > 1)
    .map(([id, n]) => ({ constraint: id, reason: `id '${id}' is used by ${n} constraints; give each constraint its own id` }));
}

/** What a naming, pattern or forbidden-call constraint's regexes depend on (its fact, not its id). */
function regexKey(c: Constraint): string {
  const f = c.facts;
  if (f?.fact === 'naming') return `naming\u0000${f.category}\u0000${f.convention}`;
  if (f?.fact === 'pattern') return `pattern\u0000${f.target}\u0000${f.mode}\u0000${f.regex}`;
  if (f?.fact === 'forbidden_call') return `call\u0000${f.callee}`;
  return '';
}

function grammarArtefactsFor(input: CodeGrammarInput): GrammarArtefacts {
  const code: CodeGrammar = buildCodeGrammar(input);
  return {
    grammar: {
      rules: [
        ...code.rules.map(([name, expr]) => ({ name, expression: larkExpression(expr) })),
        ...code.terminals.map(([name, regex]) => ({ name, expression: `/${printRegex(regex)}/` })),
      ],
      start_symbol: code.start,
    },
    lark: toLark(code),
    ebnf: toEbnf(code),
    signature: signatureRegex(code, input.language),
    unintersected: code.unintersected ?? [],
  };
}

/** What the code grammar needs from the facts in force, in a canonical (sorted) form. */
export function codeGrammarInput(language: Language, active: readonly Constraint[]): CodeGrammarInput {
  const scoped = active.filter((c) => c.language === undefined || c.language === language);
  let functionNaming: CodeGrammarInput['functionNaming'] = null;
  let parameterNaming: CodeGrammarInput['parameterNaming'] = null;
  let anyAllowed = true;
  let minParams: number | null = null;
  let maxParams: number | null = null;
  const typeNames = new Set<string>();
  const packages = new Set<string>();
  const forbiddenWords = new Set<string>();
  const functionNamePatterns = new Map<string, NamePattern>();
  const identifierPatterns = new Map<string, NamePattern>();
  // Imported names not capitalised, and every name written as a type in a signature or declaration.
  const importedLower = new Set<string>();
  const referenced = new Set<string>();
  for (const c of scoped) {
    const f = c.facts;
    if (f === undefined) continue;
    for (const n of referencedTypeNames(f)) referenced.add(n);
    switch (f.fact) {
      case 'naming':
        if (f.category === 'function') functionNaming ??= f.convention;
        if (f.category === 'parameter') parameterNaming ??= f.convention;
        break;
      case 'any_policy':
        if (!f.allowed) anyAllowed = false;
        break;
      case 'type':
        typeNames.add(f.name);
        for (const p of f.typeParams) typeNames.add(p);
        break;
      case 'import': {
        // An imported name is a type name when capitalised (the type and class convention of all five
        // languages: Optional, HashMap, Allocator) or written as a type in this file; otherwise it is a
        // function, decorator, constant or module (dataclasses' asdict, field, dataclass; json's scanner).
        for (const n of f.names) {
          if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(n)) continue;
          if (/^_*[A-Z]/.test(n)) typeNames.add(n);
          else importedLower.add(n);
        }
        const last = f.module
          .split(/[/.:]+/)
          .filter((s) => s !== '')
          .pop();
        if ((language === 'go' || language === 'zig') && last && /^[A-Za-z_][A-Za-z0-9_]*$/.test(last)) packages.add(last);
        break;
      }
      case 'function':
        if (f.owner !== null && /^[A-Za-z_][A-Za-z0-9_]*$/.test(f.owner)) typeNames.add(f.owner);
        for (const p of f.params) if (p.type) collectRefNames(p.type.expr, typeNames);
        if (f.returnType) collectRefNames(f.returnType.expr, typeNames);
        break;
      case 'forbidden_call':
        forbiddenWords.add(calleeWord(f.callee));
        break;
      case 'pattern':
        if ((f.target === 'function_name' || f.target === 'identifier') && checkPatternSafety(f.regex, { mode: f.mode === 'forbid' ? 'search' : 'full' }).ok) {
          (f.target === 'identifier' ? identifierPatterns : functionNamePatterns).set(`${f.mode}\u0000${f.regex}`, { regex: f.regex, mode: f.mode });
        }
        break;
      case 'bounds':
        if (PARAMETER_TARGETS.has(f.target)) {
          if (f.min !== null && Number.isInteger(f.min)) minParams = Math.max(minParams ?? 0, f.min);
          if (f.max !== null && Number.isInteger(f.max)) maxParams = Math.min(maxParams ?? Infinity, f.max);
        }
        break;
      default:
        break;
    }
  }
  for (const n of importedLower) if (referenced.has(n)) typeNames.add(n);
  if (language === 'zig') packages.add('std');
  if (!anyAllowed) for (const w of anyWords(language)) typeNames.delete(w);
  if (!anyAllowed) for (const w of ['any', 'unknown', 'Any', 'interface{}', 'anytype', 'anyopaque', 'object']) typeNames.delete(w);
  return {
    language,
    functionNaming,
    parameterNaming,
    typeNames: [...typeNames].filter((n) => n.length > 0).sort(),
    packages: [...packages].sort(),
    anyAllowed,
    forbiddenWords: [...forbiddenWords].sort(),
    // sorted, so the grammar (and its cache key) does not depend on the constraints' order
    ...(functionNamePatterns.size > 0 ? { functionNamePatterns: [...functionNamePatterns.keys()].sort().map((k) => functionNamePatterns.get(k)!) } : {}),
    ...(identifierPatterns.size > 0 ? { identifierPatterns: [...identifierPatterns.keys()].sort().map((k) => identifierPatterns.get(k)!) } : {}),
    // Contradictory bounds left in force (resolution 'none') constrain nothing here; feasibility reports them.
    ...(minParams !== null && (maxParams === null || minParams <= maxParams) ? { minParams } : {}),
    ...(maxParams !== null && maxParams >= 0 && (minParams === null || minParams <= maxParams) ? { maxParams } : {}),
  };
}

/** Bounds targets that mean "how many parameters a function takes". */
const PARAMETER_TARGETS = new Set(['parameters', 'params', 'parameter_count', 'param_count']);

/** Token-count bounds (a bounds fact on 'tokens') become the IR's token_masks limits. */
function tokenMasks(active: readonly Constraint[]): TokenMasks | null {
  let min: number | null = null;
  let max: number | null = null;
  for (const c of active) {
    const f = c.facts;
    if (f?.fact !== 'bounds' || (f.target !== 'tokens' && f.target !== 'output_tokens')) continue;
    if (f.min !== null) min = min === null ? f.min : Math.max(min, f.min);
    if (f.max !== null) max = max === null ? f.max : Math.min(max, f.max);
  }
  if (min === null && max === null) return null;
  return { ...(min !== null ? { min_tokens: min } : {}), ...(max !== null ? { max_tokens: max } : {}) };
}
