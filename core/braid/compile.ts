// Braid's compile pipeline: order the constraints, detect and resolve conflicts, then run
// each emitter over the facts of the constraints still in force, reusing cached
// per-constraint artefacts when a cache is given (the incremental compiler's).
import type { Constraint } from '../model/constraint.ts';
import type { Language, TypeDeclFact } from '../model/facts.ts';
import { contentHash, hashString } from './hash.ts';
import type { ConstraintIR, Conflict } from './ir.ts';
import { assembleSchemas, typeDeclToSchema, type JsonSchema, type SchemaContext } from './json-schema.ts';
import { orderConstraints, priorityValue } from './order.ts';

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
  const conflicts: Conflict[] = [];
  const dropped = new Set<string>();
  const active = ordered.filter((c) => !dropped.has(c.id));
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
    feasibility_score: 1,
    is_feasible: true,
    conflicts,
    order: ordered.map((c) => c.id),
    dropped: [...dropped].sort(),
    rejected: [],
    schemas,
  };
  if (combined !== null) ir.json_schema = combined;
  if (context.onConstraint) for (const c of ordered) context.onConstraint(c.id, reusedBy.get(c.id) ?? true);
  return ir;
}

export function compile(constraints: Constraint[], options: CompileOptions = {}): ConstraintIR {
  return compileWith(constraints, options);
}
