// Structured facts that Clew extracts and Braid compiles: the contract between them.
// A constraint carries at most one fact in its `facts` field; Braid never reads
// descriptions to learn what a constraint means.

export const LANGUAGES = ['typescript', 'python', 'rust', 'zig', 'go'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * The file extensions of each language's sources, the one place they are listed (Clew's
 * languageFromPath, the CLI's messages, the fixtures' file names all read it). The first is the
 * language's own (a fixture's extension).
 */
export const LANGUAGE_EXTENSIONS: Readonly<Record<Language, readonly string[]>> = {
  typescript: ['.ts', '.tsx', '.mts', '.cts'],
  python: ['.py', '.pyi'],
  rust: ['.rs'],
  zig: ['.zig'],
  go: ['.go'],
};

/** Every known source extension, for messages: ".ts .tsx … .go". */
export const SOURCE_EXTENSIONS_TEXT = LANGUAGES.flatMap((l) => LANGUAGE_EXTENSIONS[l]).join(' ');

/** A fixed-size integer type (u8, int32, i64, usize…): Braid bounds the JSON number by it. */
export interface IntegerWidth {
  signed: boolean;
  /** Bits of the type; null for a platform-sized one (usize, Go's uint). */
  bits: number | null;
}

/** A type as written in the source, normalised by Clew so Braid need not parse five type syntaxes. */
export type TypeExpr =
  | { kind: 'primitive'; name: 'string' | 'integer' | 'number' | 'boolean' | 'null' | 'bytes' | 'datetime' | 'void'; int?: IntegerWidth }
  | { kind: 'any' } // any / unknown / Any / interface{} / anytype
  | { kind: 'array'; items: TypeExpr }
  | { kind: 'map'; key: TypeExpr; value: TypeExpr }
  | { kind: 'optional'; inner: TypeExpr } // T | null, Optional[T], Option<T>, ?T, *T in Go
  | { kind: 'union'; members: TypeExpr[] }
  | { kind: 'tuple'; items: TypeExpr[] }
  | { kind: 'literal'; value: string | number | boolean }
  | { kind: 'ref'; name: string; args: TypeExpr[] } // a named type: Entity, Promise<T>, Result<T, E>
  | { kind: 'error_union'; error: TypeExpr | null; payload: TypeExpr } // Zig !T / E!T
  /** An object type written inline: TS `{ a: T; [k: string]: U }`, a Go anonymous struct. `rest`: the index signature's value type. */
  | { kind: 'object'; fields: FieldFact[]; rest: TypeExpr | null }
  | { kind: 'intersection'; members: TypeExpr[] } // TS A & B
  | { kind: 'indexed'; object: TypeExpr; index: TypeExpr } // TS T["kind"], T[number]
  | { kind: 'keyof'; of: TypeExpr } // TS keyof T
  /** TS `{ [P in Keys]?: Value }`; optional: true (`?`, `+?`), false (`-?`) or null (as the keys' source says). */
  | { kind: 'mapped'; param: string; keys: TypeExpr; value: TypeExpr; optional: boolean | null }
  | { kind: 'unknown'; text: string }; // Clew could not normalise it

export interface TypeFact {
  /** Exactly as in the source, e.g. 'Promise<Entity | null>'. */
  text: string;
  expr: TypeExpr;
}

/**
 * How an argument binds to a parameter where the language has more than one way (Python): before `/`
 * ('positional_only'), `*args` ('var_positional'), after `*` or `*args` ('keyword_only'), `**kwargs`
 * ('var_keyword'). Absent: an ordinary parameter, by position (or by name where the language allows it).
 */
export type ParamKind = 'positional_only' | 'var_positional' | 'keyword_only' | 'var_keyword';

export interface ParamFact {
  name: string;
  type: TypeFact | null;
  default: string | null;
  optional: boolean;
  /** Takes any number of arguments: a TS/Go rest parameter, Python `*args` and `**kwargs` (told apart by `kind`). */
  variadic: boolean;
  kind?: ParamKind;
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
  /** The property may be absent from the JSON the program writes or reads (TS `?` or `| undefined`, Go omitempty, a default value…). */
  optional: boolean;
  line: number;
  /** The field's own members are written in its place (a Go embedded struct, serde `flatten`). */
  embedded?: boolean;
  /** A number or bool written as a JSON string (Go's `json:",string"`). */
  quoted?: boolean;
}

/** An enum member or a tagged-union variant, as its language's serializer writes it. */
export interface VariantFact {
  name: string;
  /** What a unit member serializes to (an enum member's value, a serde-renamed or Zig tag name); absent when not known statically. */
  value?: string | number | boolean | null;
  /** 'unit': no payload; 'tuple': positional fields named 0, 1… (one field: a newtype); 'struct': named fields. */
  payload: 'unit' | 'tuple' | 'struct';
  fields: FieldFact[];
  /** Rust `#[serde(untagged)]` on the variant: written without its tag. */
  untagged?: boolean;
}

/** How a Rust enum's variants are tagged (serde's representations); absent on a TypeDeclFact: externally tagged. */
export interface VariantTagging {
  /** `#[serde(tag = "…")]`: internally (alone) or adjacently (with content) tagged. */
  tag: string | null;
  content: string | null;
  untagged: boolean;
}

export type TypeDeclKind = 'interface' | 'class' | 'type_alias' | 'enum' | 'struct' | 'trait' | 'dataclass' | 'union';

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
  /** Per type parameter, its default (TS `T = string`), used where a use site gives no argument; null when none. */
  typeParamDefaults?: Array<TypeExpr | null>;
  /** Types whose members this one inherits: TS `extends`, Python base classes (data bases only). */
  bases?: TypeExpr[];
  /**
   * What is not listed: the value type of other properties (a TS index signature `[key: string]: T`), of
   * further tuple items (a NamedTuple whose fields are computed), or of enum values computed at run time (an IntEnum's int).
   */
  rest?: TypeExpr;
  /** Enum members and variants with their serialized values and payloads (`variants` keeps the names). */
  members?: VariantFact[];
  /**
   * How a struct is written when not as an object of its fields: 'tuple' as an array in field order (Rust tuple
   * structs, Python NamedTuple), 'transparent' as its single field (Rust newtypes, serde transparent), 'unit' as null.
   */
  layout?: 'tuple' | 'transparent' | 'unit';
  /** Rust enums: serde's representation (absent: externally tagged). */
  tagging?: VariantTagging;
  /** Python Flag ('bits': any combination of the members' bits is a value) and IntFlag ('int': any integer is). */
  flags?: 'bits' | 'int';
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

/**
 * Each convention as a regex over an identifier's core: the name without the leading and trailing
 * underscores that mark privacy (Python `_x`, `__x`) or dodge a keyword (`type_`). Clew classifies
 * cores with these; Braid's naming regexes admit those underscores around them, so a name Clew
 * counted for a convention is one the constraint lets through. Written so that each is unambiguous
 * for a backtracking engine (the repeated group starts with '_', which the group body never matches).
 */
export const NAMING_CORE_REGEX: Readonly<Record<NamingConvention, string>> = {
  camelCase: '[a-z][a-zA-Z0-9]*',
  PascalCase: '[A-Z][a-zA-Z0-9]*',
  snake_case: '[a-z][a-z0-9]*(?:_[a-z0-9]+)*',
  SCREAMING_SNAKE_CASE: '[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*',
};

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
  | FunctionFact
  | TypeDeclFact
  | ImportFact
  | NamingFact
  | PatternFact
  | ForbiddenCallFact
  | BoundsFact
  | AnyPolicyFact
  | OccurrenceFact
  | SummaryFact;
