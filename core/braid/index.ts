// Braid: compiles constraints into a ConstraintIR (JSON Schema, Lark, EBNF, regexes) with
// real conflict detection, a deterministic order and incremental recompilation.
export { compile, compileWith, type CompileOptions, type ResolutionMode } from './compile.ts';
export type { ConstraintIR, Conflict, RegexPattern, Grammar, GrammarRule, TokenMasks, SerializedDfa, Rejection, Approximation } from './ir.ts';
export { orderConstraints, CycleError } from './order.ts';
export { typeExprToSchema, typeDeclToSchema, type JsonSchema, type JsonSchemaOutput, type SchemaNote } from './json-schema.ts';
export { comparePolicy } from './resolution.ts';
export { checkPatternSafety, backtrackingHazard } from './regex-safety.ts';
import type { Constraint } from '../model/constraint.ts';
import type { Conflict } from './ir.ts';
import { findConflicts, patternLanguages } from './conflicts.ts';
import { orderConstraints as order } from './order.ts';
import { resolveConflicts } from './resolution.ts';

/** Every conflict among the constraints, resolved by the policy (see resolution.ts). */
export function detectConflicts(constraints: Constraint[], resolution: 'policy' | 'none' = 'policy'): Conflict[] {
  const ordered = order(constraints);
  const { languages } = patternLanguages(ordered);
  return resolveConflicts(ordered, findConflicts(ordered, languages), resolution).conflicts;
}
export { IncrementalCompiler, type IncrementalStats } from './incremental.ts';
export { stripLlguidanceOnly } from './lark.ts';
export { toRegexes, signatureRegex } from './regex.ts';
export { buildCodeGrammar, type CodeGrammarInput } from './code-grammar.ts';
export { codeGrammarInput } from './compile.ts';
export type { CodeGrammar } from './grammar-ast.ts';

import type { Language, TypeDeclFact } from '../model/facts.ts';
import type { CodeGrammar as Grammar_ } from './grammar-ast.ts';
import { buildCodeGrammar as build_ } from './code-grammar.ts';
import { buildSchemas as buildSchemas_, codeGrammarInput as input_ } from './compile.ts';
import { assembleSchemas as assemble_ } from './json-schema.ts';
import { toJsonSchema as jsonSchemaOf, type JsonSchema as Schema_, type JsonSchemaOutput as Output_ } from './json-schema.ts';
import { toLark as larkOf } from './lark.ts';
import { toEbnf as ebnfOf } from './ebnf.ts';

function isConstraintList(input: unknown): input is Constraint[] {
  return Array.isArray(input) && input.every((x) => typeof x === 'object' && x !== null && 'kind' in x && 'id' in x);
}

/**
 * JSON Schemas of type declarations, given as facts (of one language, when given) or as the constraints
 * that carry them (as compile builds them: with their language and the types that write their own JSON).
 */
export function toJsonSchema(input: readonly TypeDeclFact[] | Constraint[], language: Language | null = null): Output_ {
  if (!isConstraintList(input)) return jsonSchemaOf(input as readonly TypeDeclFact[], language);
  const { built } = buildSchemas_(input, language ?? input.find((c) => c.language !== undefined)?.language ?? null);
  return assemble_(built);
}

function grammarOf(input: Grammar_ | Constraint[], language: Language | undefined): Grammar_ {
  if (!isConstraintList(input)) return input;
  const lang = language ?? input.find((c) => c.language !== undefined)?.language;
  if (lang === undefined) throw new Error('a grammar needs a language: pass { language } or constraints that carry one');
  return build_(input_(lang, input));
}

/**
 * The Lark (llguidance) emitter on its own: from a code grammar, or from constraints (no conflict
 * resolution here; compile() resolves conflicts first). Constraints' type declarations are
 * embedded with %json unless `schemas` is given.
 */
export function toLark(input: Grammar_ | Constraint[], options: { language?: Language; schemas?: Record<string, Schema_> } = {}): string {
  const schemas = options.schemas ?? (isConstraintList(input) ? toJsonSchema(input).schemas : {});
  return larkOf(grammarOf(input, options.language), { schemas });
}

/** The EBNF (XGrammar/GBNF) emitter on its own, from a code grammar or from constraints. */
export function toEbnf(input: Grammar_ | Constraint[], options: { language?: Language } = {}): string {
  return ebnfOf(grammarOf(input, options.language));
}
