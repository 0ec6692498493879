// valibot schemas for the constraint model: reads constraint JSON in the reference's
// shape (lenient where the original was) and writes it back out in that shape.
import * as v from 'valibot';
import {
  CONSTRAINT_KINDS,
  CONSTRAINT_SOURCES,
  ENFORCEMENTS,
  KIND_ENFORCEMENTS,
  PRIORITIES,
  SEVERITIES,
  type Constraint,
  type ConstraintSet,
  type Severity,
} from './constraint.ts';
import { LANGUAGES, NAMING_CATEGORIES, NAMING_CONVENTIONS, type Fact, type FieldFact, type TypeExpr } from './facts.ts';
import { constraintId } from './id.ts';

const nullable = <T extends v.GenericSchema>(schema: T) => v.nullable(schema);

const IntegerWidthSchema = v.object({ signed: v.boolean(), bits: nullable(v.pipe(v.number(), v.integer(), v.minValue(1))) });

export const TypeExprSchema: v.GenericSchema<TypeExpr> = v.lazy(() =>
  v.variant('kind', [
    v.object({
      kind: v.literal('primitive'),
      name: v.picklist(['string', 'integer', 'number', 'boolean', 'null', 'bytes', 'datetime', 'void']),
      int: v.optional(IntegerWidthSchema),
    }),
    v.object({ kind: v.literal('any') }),
    v.object({ kind: v.literal('array'), items: TypeExprSchema }),
    v.object({ kind: v.literal('map'), key: TypeExprSchema, value: TypeExprSchema }),
    v.object({ kind: v.literal('optional'), inner: TypeExprSchema }),
    v.object({ kind: v.literal('union'), members: v.array(TypeExprSchema) }),
    v.object({ kind: v.literal('tuple'), items: v.array(TypeExprSchema) }),
    v.object({ kind: v.literal('literal'), value: v.union([v.string(), v.number(), v.boolean()]) }),
    v.object({ kind: v.literal('ref'), name: v.string(), args: v.array(TypeExprSchema) }),
    v.object({ kind: v.literal('error_union'), error: nullable(TypeExprSchema), payload: TypeExprSchema }),
    v.object({ kind: v.literal('object'), fields: v.array(FieldFactSchema), rest: nullable(TypeExprSchema) }),
    v.object({ kind: v.literal('intersection'), members: v.array(TypeExprSchema) }),
    v.object({ kind: v.literal('indexed'), object: TypeExprSchema, index: TypeExprSchema }),
    v.object({ kind: v.literal('keyof'), of: TypeExprSchema }),
    v.object({ kind: v.literal('mapped'), param: v.string(), keys: TypeExprSchema, value: TypeExprSchema, optional: nullable(v.boolean()) }),
    v.object({ kind: v.literal('unknown'), text: v.string() }),
  ]),
);

const TypeFactSchema = v.object({ text: v.string(), expr: TypeExprSchema });

const FieldFactSchema: v.GenericSchema<FieldFact> = v.lazy(() =>
  v.object({
    name: v.string(),
    jsonName: nullable(v.string()),
    type: nullable(TypeFactSchema),
    optional: v.boolean(),
    line: v.number(),
    embedded: v.optional(v.boolean()),
    quoted: v.optional(v.boolean()),
  }),
);

const VariantFactSchema = v.object({
  name: v.string(),
  value: v.optional(v.union([v.string(), v.number(), v.boolean(), v.null()])),
  payload: v.picklist(['unit', 'tuple', 'struct']),
  fields: v.array(FieldFactSchema),
  untagged: v.optional(v.boolean()),
});

const ParamFactSchema = v.object({
  name: v.string(),
  type: nullable(TypeFactSchema),
  default: nullable(v.string()),
  optional: v.boolean(),
  variadic: v.boolean(),
  kind: v.optional(v.picklist(['positional_only', 'var_positional', 'keyword_only', 'var_keyword'])),
});

export const FactSchema: v.GenericSchema<Fact> = v.variant('fact', [
  v.object({
    fact: v.literal('function'),
    name: v.string(),
    params: v.array(ParamFactSchema),
    returnType: nullable(TypeFactSchema),
    async: v.boolean(),
    exported: v.boolean(),
    visibility: nullable(v.picklist(['public', 'private', 'protected', 'package'])),
    owner: nullable(v.string()),
    receiver: nullable(v.string()),
  }),
  v.object({
    fact: v.literal('type'),
    name: v.string(),
    declKind: v.picklist(['interface', 'class', 'type_alias', 'enum', 'struct', 'trait', 'dataclass', 'union']),
    fields: v.array(FieldFactSchema),
    variants: v.array(v.string()),
    aliasOf: nullable(TypeFactSchema),
    typeParams: v.array(v.string()),
    exported: v.boolean(),
    typeParamDefaults: v.optional(v.array(nullable(TypeExprSchema))),
    bases: v.optional(v.array(TypeExprSchema)),
    rest: v.optional(TypeExprSchema),
    members: v.optional(v.array(VariantFactSchema)),
    layout: v.optional(v.picklist(['tuple', 'transparent', 'unit'])),
    tagging: v.optional(v.object({ tag: nullable(v.string()), content: nullable(v.string()), untagged: v.boolean() })),
    flags: v.optional(v.picklist(['bits', 'int'])),
  }),
  v.object({ fact: v.literal('import'), module: v.string(), names: v.array(v.string()) }),
  v.object({
    fact: v.literal('naming'),
    category: v.picklist(NAMING_CATEGORIES),
    convention: v.picklist(NAMING_CONVENTIONS),
    share: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
    sample: v.pipe(v.number(), v.integer(), v.minValue(0)),
  }),
  v.object({
    fact: v.literal('pattern'),
    target: v.picklist(['identifier', 'function_name', 'type_name', 'code', 'output']),
    mode: v.picklist(['require', 'forbid']),
    regex: v.string(),
  }),
  v.object({ fact: v.literal('forbidden_call'), callee: v.string(), reason: v.string() }),
  v.object({ fact: v.literal('bounds'), target: v.string(), min: nullable(v.number()), max: nullable(v.number()) }),
  v.object({ fact: v.literal('any_policy'), allowed: v.boolean() }),
  v.object({ fact: v.literal('occurrence'), pattern: v.string(), text: v.string() }),
  v.object({ fact: v.literal('summary'), count: v.number(), total: v.number() }),
]);

/** "error" is the original's spelling on input; the model says "err". */
const SeverityInput = v.pipe(
  v.picklist([...SEVERITIES, 'error'] as const),
  v.transform((s): Severity => (s === 'error' ? 'err' : s)),
);

/** Priority by name or by its number 0..3. */
const PriorityInput = v.union([
  v.picklist(PRIORITIES),
  v.pipe(
    v.number(),
    v.integer(),
    v.minValue(0),
    v.maxValue(3),
    v.transform((n) => PRIORITIES[n]!),
  ),
]);

/** One constraint as JSON input: the reference's required fields plus optional ones with defaults. */
export const ConstraintInputSchema = v.pipe(
  v.looseObject({
    id: v.optional(v.pipe(v.string(), v.minLength(1, 'a non-empty string'))),
    name: v.pipe(v.string(), v.minLength(1, 'a non-empty string')),
    description: v.optional(v.string(), ''),
    kind: v.picklist(CONSTRAINT_KINDS),
    source: v.optional(v.picklist(CONSTRAINT_SOURCES), 'User_Defined'),
    enforcement: v.optional(v.picklist(ENFORCEMENTS)),
    priority: v.optional(PriorityInput, 'Medium'),
    confidence: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(1)), 1),
    frequency: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)), 1),
    severity: v.optional(SeverityInput, 'info'),
    origin_file: v.optional(v.string()),
    origin_line: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
    language: v.optional(v.picklist(LANGUAGES)),
    facts: v.optional(FactSchema),
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const { kind, enforcement } = dataset.value;
    const allowed = KIND_ENFORCEMENTS[kind];
    if (enforcement !== undefined && !allowed.includes(enforcement)) {
      addIssue({
        message: `enforcement '${enforcement}' is not valid for kind '${kind}'`,
        expected: allowed.map((e) => `"${e}"`).join(' | '),
        received: `"${enforcement}"`,
        path: [{ type: 'object', origin: 'value', input: dataset.value, key: 'enforcement', value: enforcement }],
      });
    }
  }),
  v.transform(
    (c): Constraint =>
      orderedConstraint({
        ...c,
        id: c.id ?? constraintId(c.name, c.description, c.kind),
        enforcement: c.enforcement ?? KIND_ENFORCEMENTS[c.kind][0]!,
      }),
  ),
);

export interface SchemaIssue {
  /** JSON path of the offending value, e.g. 'constraints[3].kind' ('' for the root). */
  path: string;
  /** What was expected there, e.g. '"syntactic" | "type_safety" | …'. */
  expected: string;
  received: string;
  message: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: SchemaIssue[] };

/** Renders a valibot path as JSON path text: constraints[3].facts.params[0].name */
function pathText(issue: v.BaseIssue<unknown>): string {
  let out = '';
  for (const item of issue.path ?? []) {
    const key = (item as { key: unknown }).key;
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

function toIssues(issues: readonly v.BaseIssue<unknown>[]): SchemaIssue[] {
  return issues.map((issue) => ({ path: pathText(issue), expected: issue.expected ?? '', received: issue.received, message: issue.message }));
}

const ConstraintListSchema = v.pipe(
  v.array(ConstraintInputSchema),
  v.transform((constraints): ConstraintSet => ({ name: 'constraints', constraints })),
);
const ConstraintSetObjectSchema = v.object({ name: v.optional(v.string(), 'constraints'), constraints: v.array(ConstraintInputSchema) });

/** Parses constraint-set JSON (an object with `constraints`, or a bare array) into the model. */
export function parseConstraintSet(json: unknown): ParseResult<ConstraintSet> {
  // Picking the schema by shape gives issues about the shape the user meant, not a union's two branches.
  const result = Array.isArray(json) ? v.safeParse(ConstraintListSchema, json) : v.safeParse(ConstraintSetObjectSchema, json);
  if (result.success) return { ok: true, value: result.output };
  return { ok: false, issues: toIssues(result.issues) };
}

/** Parses one constraint object. */
export function parseConstraint(json: unknown): ParseResult<Constraint> {
  const result = v.safeParse(ConstraintInputSchema, json);
  if (result.success) return { ok: true, value: result.output };
  return { ok: false, issues: toIssues(result.issues) };
}

/** One line per issue, for CLI messages. */
export function formatIssues(issues: SchemaIssue[]): string {
  return issues.map((i) => `${i.path === '' ? '(root)' : i.path}: ${i.message}`).join('\n');
}

/** A constraint as reference JSON: its fields in the reference's order, optional ones only when set. */
export function constraintToJson(c: Constraint): Record<string, unknown> {
  return orderedConstraint(c) as unknown as Record<string, unknown>;
}

/** A copy with the reference's field order and only the optional fields that are set (read and written alike). */
function orderedConstraint(c: Constraint): Constraint {
  const out: Constraint = {
    id: c.id,
    name: c.name,
    description: c.description,
    kind: c.kind,
    source: c.source,
    enforcement: c.enforcement,
    priority: c.priority,
    confidence: c.confidence,
    frequency: c.frequency,
    severity: c.severity,
  };
  if (c.origin_file !== undefined) out.origin_file = c.origin_file;
  if (c.origin_line !== undefined) out.origin_line = c.origin_line;
  if (c.language !== undefined) out.language = c.language;
  if (c.facts !== undefined) out.facts = c.facts;
  return out;
}

export function constraintSetToJson(set: ConstraintSet): { name: string; constraints: Record<string, unknown>[] } {
  return { name: set.name, constraints: set.constraints.map(constraintToJson) };
}
