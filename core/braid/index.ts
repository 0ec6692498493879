// Braid: compiles constraints into a ConstraintIR (JSON Schema, Lark, EBNF, regexes) with
// real conflict detection, a deterministic order and incremental recompilation.
export { compile, compileWith, type CompileOptions, type ResolutionMode } from './compile.ts';
export type { ConstraintIR, Conflict, RegexPattern, Grammar, GrammarRule, TokenMasks, Rejection } from './ir.ts';
export { orderConstraints, CycleError } from './order.ts';
export { toJsonSchema, typeExprToSchema, typeDeclToSchema, type JsonSchema, type JsonSchemaOutput } from './json-schema.ts';
