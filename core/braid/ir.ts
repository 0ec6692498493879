// The ConstraintIR: the reference's field names (json_schema, grammar, regex_patterns,
// token_masks, priority, feasibility_score, is_feasible) plus conflicts and our extras.
import type { Language } from '../model/facts.ts';
import type { JsonSchema } from './json-schema.ts';
import type { SerializedDfa } from '../automata/serialize.ts';

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

/** A byte-level DFA in JSON (core/automata's serializeDfa form). */
export type { SerializedDfa };

/**
 * The reference's token fields, plus (only when compile was given a vocabulary) real masks over
 * that vocabulary's token ids. The masks come from the whole-output constraint: every `require`
 * regex on the code/output (none = any UTF-8 text), minus every `forbid` pattern on it (searched
 * anywhere). A mask is ⌈size/32⌉ little-endian uint32 words, bit (id & 31) of word (id >> 5) set
 * = token id allowed (the llguidance/XGrammar layout), base64-encoded.
 */
export interface TokenMasks {
  allowed_tokens?: number[];
  forbidden_tokens?: number[];
  min_tokens?: number;
  max_tokens?: number;
  /** The vocabulary the masks index ('o200k', 'cl100k', 'llama3' or a hand-made one's name). */
  vocabulary?: string;
  /** Token ids the masks cover (bits); EOS ids are allowed only where the constraint may end. */
  size?: number;
  /** The vocabulary's end-of-sequence ids. */
  eos?: number[];
  /** The whole-output regexes the masks enforce, all of them (an empty list: any text). */
  require?: string[];
  /** Patterns that must not occur anywhere in the output. */
  forbid?: string[];
  /** 'base64-u32le': how initial_mask and static_mask are encoded. */
  mask_encoding?: 'base64-u32le';
  /** The first decoding step's mask (the DFA's start state). */
  initial_mask?: string;
  /**
   * The union of every state's mask: the tokens some step of some valid output may use. This is
   * the only mask a server that applies one fixed mask at every step may use without excluding a
   * valid output. Absent when the DFA has more states than the compile's limit for it.
   */
  static_mask?: string;
  /** Allowed ids in initial_mask and static_mask. */
  initial_allowed?: number;
  static_allowed?: number;
  /** The automaton the masks come from; a per-step sampler recomputes masks from it. */
  dfa?: SerializedDfa;
}

/** A pattern or emitter input that was rejected, with the reason. */
export interface Rejection {
  constraint: string;
  reason: string;
  /** For a type that has no JSON Schema: its name. */
  type?: string;
}

/** A type whose JSON Schema accepts more than the type allows (an undeclared type, a computed enum value…). */
export interface Approximation {
  /** The constraint that declared the type. */
  constraint: string;
  /** The $defs entry: the declared type's name, or a generic instantiation's (Page_User). */
  type: string;
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
  /** Where a type's JSON Schema accepts more than the type: `compile --strict` fails on these. */
  approximated: Approximation[];
  /** One self-contained JSON Schema per declared type, by type name. */
  schemas: Record<string, JsonSchema>;
  lark?: string;
  ebnf?: string;
}
