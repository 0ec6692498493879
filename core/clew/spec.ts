// What Clew knows about one language beyond its query: a small table of readers that
// turn captured nodes (parameter lists, field lists, type nodes) into facts.
import type { SyntaxNode } from './syntax.ts';
import type { FieldFact, Language, NamingCategory, NamingConvention, ParamFact, TypeDeclFact, TypeExpr, TypeFact } from '../model/facts.ts';

/** What a declaration's reader adds beyond fields and variant names (see TypeDeclFact). */
export type TypeDetails = Partial<Pick<TypeDeclFact, 'members' | 'bases' | 'layout' | 'tagging' | 'rest' | 'flags'>> & {
  /** The declaration's name when the source gives it only there (a Zig file's `const Self = @This()`). */
  name?: string;
  /** Whether the declaration is exported, when only its body tells (a Zig file struct named by a `pub` const or not). */
  exported?: boolean;
  /** Type parameters the body declares (Python's Generic[T] base). */
  typeParams?: string[];
};

export type Visibility = 'public' | 'private' | 'protected' | 'package' | null;

/** How a call site is judged by the security rules. */
export type CallRule =
  /** Always forbidden (eval, new Function). */
  | 'always'
  /** Forbidden when the command argument is not a plain string literal. */
  | 'non_literal'
  /** Forbidden when a `shell=True` keyword is passed and the command is not a literal (Python subprocess). */
  | 'shell_kwarg'
  /** Forbidden when the program is a shell with a non-literal argument, or the program itself is not a literal (Go exec.Command). */
  | 'shell_program';

export interface SecurityCall {
  rule: CallRule;
  reason: string;
  /** Which argument is the command (0-based). */
  argument?: number;
}

export interface LanguageSpec {
  language: Language;
  /** Package file of the grammar, for platform().resolvePackageFile. */
  wasm: string;
  /** Tree-sitter query source with the conventional capture names. */
  query: string;
  /** Reads a parameter list node into params (a receiver/self parameter goes to `receiver`). */
  readParams(list: SyntaxNode, out: ParamFact[], receiver: { text: string | null }, isMethod: boolean): void;
  /** Reads a type declaration's body into fields, variant names and the details its serialization needs. */
  readBody(declKind: string, body: SyntaxNode, fields: FieldFact[], variants: string[], decl: SyntaxNode, details: TypeDetails): void;
  /** Normalises a type node. */
  typeExpr(node: SyntaxNode, depth: number): TypeExpr;
  /**
   * The class, impl or container a function is defined in, read from its parents (patterns rooted at
   * the container would keep query states alive over its whole body). False: not a definition Clew
   * reports (a method of an object literal or a class expression).
   */
  ownerOf?(definition: SyntaxNode): string | null | false;
  /** Whether a binding (@naming.binding) names a constant, a variable, or neither, from its parents. */
  bindingCategory?(identifier: SyntaxNode): 'constant' | 'variable' | null;
  /** Returns type from the captured return-type node (Go's result lists need care). */
  returnType?(node: SyntaxNode): TypeFact | null;
  /** Visibility and export status of a definition. */
  visibility(name: string, visibilityNode: SyntaxNode | null, definition: SyntaxNode, isMethod: boolean): { visibility: Visibility; exported: boolean };
  /**
   * Reclassifies a type declaration (e.g. a Python class with @dataclass), given its alias node when it has one;
   * a kind that is no declaration kind ('none') drops the match (a Python assignment that is no type alias).
   */
  declKind?(declKind: string, definition: SyntaxNode, alias?: SyntaxNode | null): string;
  /** The aliased type, when the alias node is not itself a type (Python's NewType('X', int)). */
  aliasType?(alias: SyntaxNode): TypeFact | null;
  /** The module an import brings in, from the captured module node. */
  moduleName?(node: SyntaxNode): string;
  /** The name an import brings, from the captured name node (default: its text). */
  importName?(node: SyntaxNode): string;
  /** Local name an import binds when the source gives none (Go: last path segment). */
  defaultLocal?(module: string): string | null;
  /** Whether the node is a string literal with no interpolation. */
  isPlainString(node: SyntaxNode): boolean;
  /**
   * What a call means, keyed by callee: 'fmt.Errorf' (object.property), 'assert.*' (any property of an
   * object), '.unwrap' (a method on any receiver), 'panic!' (a macro), 'eval' (a bare call). Values are
   * roles: 'error.<pattern>', 'type_safety.<pattern>', 'async.<pattern>' or 'test.assertion'.
   */
  callRoles: Record<string, string>;
  /** Security rules keyed by resolved callee ('eval', 'child_process.exec', 'os.system'). */
  securityCalls: Record<string, SecurityCall>;
  /** Module specifiers that mean the same module (e.g. 'node:child_process' → 'child_process'). */
  canonicalModule?(module: string): string;
  /** Is this path a test file by the language's convention. */
  isTestPath(path: string): boolean;
  /** Names that are not subject to naming conventions (constructors, dunder methods, `_`). */
  skipName?(name: string, category: string): boolean;
  /** The language's idiomatic convention per category: breaks ties when names are one word (`id`, `data`). */
  namingIdiom: Record<NamingCategory, NamingConvention>;
  /** Functions that cannot declare a return type (TypeScript constructors). */
  implicitReturn?(name: string): boolean;
  /** Whether types are required on every parameter and return (Go, Rust, Zig): typed_functions is then trivial. */
  staticallyTyped: boolean;
}

/**
 * A table look-up that ignores Object.prototype: source text decides the key, and a name such as
 * `constructor` or `toString` must not find a function there.
 */
export function lookup<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** Depth past which a type is left unnormalised: bounded work on pathological input. */
export const MAX_TYPE_DEPTH = 40;

export function typeFact(spec: LanguageSpec, node: SyntaxNode | null): TypeFact | null {
  if (node === null) return null;
  return { text: node.text, expr: spec.typeExpr(node, 0) };
}

export function unknownType(node: SyntaxNode): TypeExpr {
  return { kind: 'unknown', text: node.text };
}

/** The name a Zig file's struct gets from its file when no `const X = @This()` names it (constraints.ts). */
export const FILE_STRUCT = '@file';

/** A fixed-size integer type (u8, int32, usize with bits null). */
export function integerType(signed: boolean, bits: number | null): TypeExpr {
  return { kind: 'primitive', name: 'integer', int: { signed, bits } };
}

/** The arguments of every reference written without any, shared (frozen: nothing adds to a fact's arguments). */
const NO_ARGS = Object.freeze([]) as unknown as TypeExpr[];

export function refType(name: string, args: TypeExpr[] = NO_ARGS): TypeExpr {
  return { kind: 'ref', name, args };
}

/** Builds `optional`/`union` from union members, pulling null out the way T | null means Optional[T]. */
export function unionOf(members: TypeExpr[]): TypeExpr {
  // flattened and null dropped in one pass (no intermediate arrays)
  const nonNull: TypeExpr[] = [];
  let hadNull = false;
  for (let i = 0; i < members.length; i++) {
    const m = members[i]!;
    if (m.kind === 'union') {
      for (let j = 0; j < m.members.length; j++) {
        const n = m.members[j]!;
        if (n.kind === 'primitive' && n.name === 'null') hadNull = true;
        else nonNull.push(n);
      }
    } else if (m.kind === 'primitive' && m.name === 'null') hadNull = true;
    else nonNull.push(m);
  }
  const inner: TypeExpr = nonNull.length === 1 ? nonNull[0]! : nonNull.length === 0 ? { kind: 'primitive', name: 'null' } : { kind: 'union', members: nonNull };
  if (!hadNull || nonNull.length === 0) return inner;
  return inner.kind === 'optional' ? inner : { kind: 'optional', inner };
}

/** Text of a string literal node without its quotes (the first string-content child). */
export function stringContent(node: SyntaxNode): string {
  const text = node.text;
  if (text.length >= 2) {
    const q = text[0];
    if ((q === '"' || q === "'" || q === '`') && text[text.length - 1] === q) return text.slice(1, -1);
  }
  return text;
}

export function trimText(text: string, max = 80): string {
  // indexOf and one slice instead of split's array
  const newline = text.indexOf('\n');
  const firstLine = (newline === -1 ? text : text.slice(0, newline)).trim();
  const clipped = firstLine.length > max ? `${firstLine.slice(0, max - 1)}…` : firstLine;
  return newline !== -1 && clipped === firstLine ? `${clipped} …` : clipped;
}

const typeStack: TypeExpr[] = [];

/** Whether a type expression is or contains a node of the kind. */
export function hasTypeKind(expr: TypeExpr, kind: TypeExpr['kind']): boolean {
  if (expr.kind === kind) return true;
  // most annotations are leaves (a primitive, a plain name): answer them without a stack array
  if (expr.kind === 'primitive' || expr.kind === 'literal' || expr.kind === 'any' || expr.kind === 'unknown' || (expr.kind === 'ref' && expr.args.length === 0))
    return false;
  // iterative: types nest at most MAX_TYPE_DEPTH deep, but no recursion keeps it obviously safe;
  // one stack for every call (it runs for every annotation of every extraction), emptied on return
  const stack = typeStack;
  stack.push(expr);
  while (stack.length > 0) {
    const t = stack.pop()!;
    if (t.kind === kind) {
      stack.length = 0;
      return true;
    }
    switch (t.kind) {
      case 'array':
        stack.push(t.items);
        break;
      case 'map':
        stack.push(t.key, t.value);
        break;
      case 'optional':
        stack.push(t.inner);
        break;
      case 'union':
        stack.push(...t.members);
        break;
      case 'tuple':
        stack.push(...t.items);
        break;
      case 'ref':
        stack.push(...t.args);
        break;
      case 'error_union':
        stack.push(t.payload);
        if (t.error) stack.push(t.error);
        break;
      case 'intersection':
        stack.push(...t.members);
        break;
      case 'object':
        for (const f of t.fields) if (f.type) stack.push(f.type.expr);
        if (t.rest) stack.push(t.rest);
        break;
      case 'indexed':
        stack.push(t.object, t.index);
        break;
      case 'keyof':
        stack.push(t.of);
        break;
      case 'mapped':
        stack.push(t.keys, t.value);
        break;
      default:
        break;
    }
  }
  return false;
}
