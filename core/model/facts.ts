// Structured facts that Clew extracts and Braid compiles: the contract between them.
// A constraint carries at most one fact in its `facts` field; Braid never reads
// descriptions to learn what a constraint means.

export const LANGUAGES = ['typescript', 'python', 'rust', 'zig', 'go'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A type as written in the source, normalised by Clew so Braid need not parse five type syntaxes. */
export type TypeExpr =
  | { kind: 'primitive'; name: 'string' | 'integer' | 'number' | 'boolean' | 'null' | 'bytes' | 'datetime' | 'void' }
  | { kind: 'any' } // any / unknown / Any / interface{} / anytype
  | { kind: 'array'; items: TypeExpr }
  | { kind: 'map'; key: TypeExpr; value: TypeExpr }
  | { kind: 'optional'; inner: TypeExpr } // T | null, Optional[T], Option<T>, ?T, *T in Go
  | { kind: 'union'; members: TypeExpr[] }
  | { kind: 'tuple'; items: TypeExpr[] }
  | { kind: 'literal'; value: string | number | boolean }
  | { kind: 'ref'; name: string; args: TypeExpr[] } // a named type: Entity, Promise<T>, Result<T, E>
  | { kind: 'error_union'; error: TypeExpr | null; payload: TypeExpr } // Zig !T / E!T
  | { kind: 'unknown'; text: string }; // Clew could not normalise it

export interface TypeFact {
  /** Exactly as in the source, e.g. 'Promise<Entity | null>'. */
  text: string;
  expr: TypeExpr;
}

export interface ParamFact {
  name: string;
  type: TypeFact | null;
  default: string | null;
  optional: boolean;
  variadic: boolean;
}

export interface FunctionFact {
  fact: 'function';
  name: string;
  params: ParamFact[];
  returnType: TypeFact | null;
  async: boolean;
  exported: boolean;
  visibility: 'public' | 'private' | 'protected' | 'package' | null;
  /** The class, impl type or Go receiver type of a method; null for a free function. */
  owner: string | null;
  /** Go receiver text or Rust/Zig self parameter, as written. */
  receiver: string | null;
}

export interface FieldFact {
  name: string;
  /** Property name in JSON when the source says so (Go `json:"…"` tags, serde rename). */
  jsonName: string | null;
  type: TypeFact | null;
  optional: boolean;
  line: number;
}

export type TypeDeclKind =
  | 'interface' | 'class' | 'type_alias' | 'enum' | 'struct' | 'trait' | 'dataclass' | 'union';

export interface TypeDeclFact {
  fact: 'type';
  name: string;
  declKind: TypeDeclKind;
  fields: FieldFact[];
  /** Enum members or tagged-union variant names. */
  variants: string[];
  /** For a type alias: the aliased type. */
  aliasOf: TypeFact | null;
  typeParams: string[];
  exported: boolean;
}

export interface ImportFact {
  fact: 'import';
  module: string;
  names: string[];
}

export const NAMING_CATEGORIES = ['function', 'type', 'constant', 'variable', 'field', 'parameter'] as const;
export type NamingCategory = (typeof NAMING_CATEGORIES)[number];
export const NAMING_CONVENTIONS = ['camelCase', 'PascalCase', 'snake_case', 'SCREAMING_SNAKE_CASE'] as const;
export type NamingConvention = (typeof NAMING_CONVENTIONS)[number];

export interface NamingFact {
  fact: 'naming';
  category: NamingCategory;
  convention: NamingConvention;
  /** Share of the category's identifiers that follow the convention, 0..1. */
  share: number;
  /** How many identifiers of the category were seen. */
  sample: number;
}

/** A regular-language constraint on some part of the code. */
export interface PatternFact {
  fact: 'pattern';
  /** What the pattern applies to. */
  target: 'identifier' | 'function_name' | 'type_name' | 'code' | 'output';
  mode: 'require' | 'forbid';
  /** ECMAScript-compatible regex source, without delimiters. For 'forbid' on 'code' it is searched anywhere. */
  regex: string;
}

/** A call that must not appear (eval, exec with non-literal args, os.system…). */
export interface ForbiddenCallFact {
  fact: 'forbidden_call';
  /** Callee as written, e.g. 'eval', 'child_process.exec', 'os.system', 'subprocess.run'. */
  callee: string;
  reason: string;
}

/** Numeric bounds on something countable (parameters, line length, a value). */
export interface BoundsFact {
  fact: 'bounds';
  target: string;
  min: number | null;
  max: number | null;
}

/** Whether the dynamic "any" type is allowed. */
export interface AnyPolicyFact {
  fact: 'any_policy';
  allowed: boolean;
}

/** A found occurrence (error handling, unsafe block, secret, assertion, async use…). */
export interface OccurrenceFact {
  fact: 'occurrence';
  /** e.g. 'try_catch', 'throw', 'result_question', 'err_nil_check', 'errdefer', 'unsafe_block', 'hardcoded_secret', 'assertion', 'await', 'unwrap', 'any_type', 'nullable'. */
  pattern: string;
  /** The node text (trimmed to a reasonable length). */
  text: string;
}

/** A summary over the file, e.g. "N of M functions have return types". */
export interface SummaryFact {
  fact: 'summary';
  count: number;
  total: number;
}

export type Fact =
  | FunctionFact | TypeDeclFact | ImportFact | NamingFact | PatternFact
  | ForbiddenCallFact | BoundsFact | AnyPolicyFact | OccurrenceFact | SummaryFact;
