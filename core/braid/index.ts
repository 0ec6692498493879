// Braid: compiles constraints into a ConstraintIR (JSON Schema, Lark, EBNF, regexes) with
// real conflict detection, a deterministic order and incremental recompilation.
export { compile, compileWith, type CompileOptions, type ResolutionMode } from './compile.ts';
export type { ConstraintIR, Conflict, RegexPattern, Grammar, GrammarRule, TokenMasks, Rejection } from './ir.ts';
export { orderConstraints, CycleError } from './order.ts';
export { toJsonSchema, typeExprToSchema, typeDeclToSchema, type JsonSchema, type JsonSchemaOutput } from './json-schema.ts';
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
export { toLark, stripLlguidanceOnly } from './lark.ts';
export { toEbnf } from './ebnf.ts';
export { toRegexes, signatureRegex } from './regex.ts';
export { buildCodeGrammar, type CodeGrammarInput } from './code-grammar.ts';
export { codeGrammarInput } from './compile.ts';
export type { CodeGrammar } from './grammar-ast.ts';
