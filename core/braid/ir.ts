// The ConstraintIR: the reference's field names (json_schema, grammar, regex_patterns,
// token_masks, priority, feasibility_score, is_feasible) plus conflicts and our extras.
import type { Language } from '../model/facts.ts';
import type { JsonSchema } from './json-schema.ts';

export interface Conflict {
  a: string;
  b: string;
  /** 'naming' | 'pattern' | 'required_patterns_disjoint' | 'type' | 'bounds' | 'any_policy'. */
  kind: string;
  reason: string;
  /** The winning constraint's id under the resolution policy; null when unresolved. */
  resolvedInFavourOf: string | null;
}

export interface RegexPattern {
  pattern: string;
  flags: string;
  /** What the pattern constrains: 'function_name', 'parameter', 'signature', 'identifier', 'code'… */
  target: string;
  /** 'require': the target must match fully; 'forbid': the target must not contain a match. */
  mode: 'require' | 'forbid';
  /** Ids of the constraints the pattern comes from. */
  sources: string[];
}

export interface GrammarRule {
  name: string;
  /** The right-hand side in the Lark dialect's notation. */
  expression: string;
}

export interface Grammar {
  rules: GrammarRule[];
  start_symbol: string;
}

export interface TokenMasks {
  allowed_tokens?: number[];
  forbidden_tokens?: number[];
  min_tokens?: number;
  max_tokens?: number;
}

/** A pattern or emitter input that was rejected, with the reason. */
export interface Rejection {
  constraint: string;
  reason: string;
}

export interface ConstraintIR {
  name: string;
  language: Language | null;
  json_schema?: JsonSchema;
  grammar?: Grammar;
  regex_patterns: RegexPattern[];
  token_masks?: TokenMasks;
  /** Highest priority among the constraints in force (Low = 0 … Critical = 3). */
  priority: number;
  feasibility_score: number;
  is_feasible: boolean;
  conflicts: Conflict[];
  /** Constraint ids in the deterministic dependency order. */
  order: string[];
  /** Ids dropped because they lost a conflict. */
  dropped: string[];
  rejected: Rejection[];
  /** One self-contained JSON Schema per declared type, by type name. */
  schemas: Record<string, JsonSchema>;
  lark?: string;
  ebnf?: string;
}
