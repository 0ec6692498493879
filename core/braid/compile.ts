// Braid's compile pipeline: order the constraints, detect and resolve conflicts, then run
// each emitter over the facts of the constraints still in force, reusing cached
// per-constraint artefacts when a cache is given (the incremental compiler's).
import type { Constraint } from '../model/constraint.ts';
import type { Language, TypeDeclFact } from '../model/facts.ts';
import { contentHash, hashString } from './hash.ts';
import type { ConstraintIR } from './ir.ts';
import { assembleSchemas, typeDeclToSchema, type JsonSchema, type SchemaContext } from './json-schema.ts';
import { orderConstraints, priorityValue } from './order.ts';
import { emptyTargets, findConflicts, patternLanguages } from './conflicts.ts';
import { resolveConflicts } from './resolution.ts';

export type ResolutionMode = 'policy' | 'none';

export interface CompileOptions {
  language?: Language;
  name?: string;
  /** 'policy' (default): conflicts are resolved by priority, severity, confidence, id. 'none': every conflict stays unresolved. */
  resolution?: ResolutionMode;
}

/** Where compile keeps artefacts between runs, and counts what it reused. */
export interface ArtefactStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

export interface CompileContext {
  store?: ArtefactStore;
  /** Called once per constraint with whether all its artefacts came from the store. */
  onConstraint?: (id: string, reused: boolean) => void;
}

/** Memoises content hashes for one compile run (objects are not mutated during it). */
export function hashMemo(): (c: Constraint) => string {
  const memo = new WeakMap<Constraint, string>();
  return (c) => {
    let h = memo.get(c);
    if (h === undefined) { h = contentHash(c); memo.set(c, h); }
    return h;
  };
}

export function compileWith(constraints: Constraint[], options: CompileOptions = {}, context: CompileContext = {}): ConstraintIR {
  const hashOf = hashMemo();
  const ordered = orderConstraints(constraints, hashOf);
  const { languages, rejected } = patternLanguages(ordered, context.store);
  const found = findConflicts(ordered, languages, context.store);
  const { conflicts, dropped, unresolved } = resolveConflicts(ordered, found, options.resolution ?? 'policy');
  const active = dropped.size === 0 ? ordered : ordered.filter((c) => !dropped.has(c.id));
  const activeLanguages = dropped.size === 0 ? languages : languages.filter((l) => !dropped.has(l.constraint.id));
  const empty = emptyTargets(activeLanguages);
  const isFeasible = unresolved === 0 && empty.length === 0;
  const totalWeight = ordered.reduce((sum, c) => sum + c.confidence, 0);
  const keptWeight = active.reduce((sum, c) => sum + c.confidence, 0);
  const feasibilityScore = !isFeasible ? 0 : totalWeight === 0 ? 1 : Math.round((keptWeight / totalWeight) * 1e4) / 1e4;
  const language = options.language ?? active.find((c) => c.language !== undefined)?.language ?? null;
  const reusedBy = new Map<string, boolean>();
  const note = (c: Constraint, reused: boolean): void => { reusedBy.set(c.id, (reusedBy.get(c.id) ?? true) && reused); };

  // JSON Schema: each declaration's schema depends only on itself and which names are declared.
  const decls: Array<{ c: Constraint; fact: TypeDeclFact }> = [];
  const declared = new Map<string, TypeDeclFact>();
  for (const c of active) if (c.facts?.fact === 'type' && !declared.has(c.facts.name)) { declared.set(c.facts.name, c.facts); decls.push({ c, fact: c.facts }); }
  const declaredKey = hashString([...declared.keys()].sort().join('\n'));
  const schemaCtx: SchemaContext = { declared };
  const defs = new Map<string, JsonSchema>();
  for (const { c, fact } of decls) {
    const key = `schema:${hashOf(c)}:${declaredKey}`;
    let schema = context.store?.get(key) as JsonSchema | null | undefined;
    note(c, schema !== undefined);
    if (schema === undefined) { schema = typeDeclToSchema(fact, schemaCtx); context.store?.set(key, schema); }
    if (schema !== null) defs.set(fact.name, schema);
  }
  const { schemas, combined } = assembleSchemas(defs);

  const ir: ConstraintIR = {
    name: options.name ?? 'constraints',
    language,
    regex_patterns: [],
    priority: active.reduce((max, c) => Math.max(max, priorityValue(c)), 0),
    feasibility_score: feasibilityScore,
    is_feasible: isFeasible,
    conflicts,
    order: ordered.map((c) => c.id),
    dropped: [...dropped].sort(),
    rejected: [...rejected, ...empty.map((target) => ({ constraint: '*', reason: `no ${target} can satisfy every required pattern while avoiding the forbidden ones` }))],
    schemas,
  };
  if (combined !== null) ir.json_schema = combined;
  if (context.onConstraint) for (const c of ordered) context.onConstraint(c.id, reusedBy.get(c.id) ?? true);
  return ir;
}

export function compile(constraints: Constraint[], options: CompileOptions = {}): ConstraintIR {
  return compileWith(constraints, options);
}
