// The prompt text sent with a request: the intent, the language, and what the model can act on,
// derived from the constraints' facts (structured output enforces the formal part; the text tells
// the model the rest). Declarations come in the language's own syntax (types with their fields,
// the signatures it may call), then the naming rules, then what is forbidden. Statistics about the
// source (summaries, occurrences such as "8 Optional types") describe the file, not the code to
// write, so they stay out. Every list is bounded and says how much it left out.
import type { Constraint } from '../../model/constraint.ts';
import { PRIORITIES } from '../../model/constraint.ts';
import type { FieldFact, FunctionFact, ImportFact, Language, NamingCategory, ParamFact, TypeDeclFact } from '../../model/facts.ts';

export interface Prompt {
  /** System message for chat APIs. */
  system: string;
  /** User message for chat APIs. */
  user: string;
  /** The single text for completion APIs (system, then user). */
  completion: string;
}

/** Bounds on what the prompt spells out; past each, a line says "… and N more". */
export const PROMPT_LIMITS = {
  /** Constraints without facts (written by hand in a constraint set), stated by their description. */
  described: 20,
  /** Declared types. */
  types: 16,
  /** Fields shown per type. */
  fields: 12,
  /** Methods shown per type. */
  methods: 10,
  /** Free functions. */
  functions: 16,
  /** Import lines. */
  imports: 12,
  /** Forbidden calls and patterns. */
  rules: 16,
  /** Characters of declarations; a type or function that would pass it is left out (and counted). */
  declarationChars: 6000,
  /** Characters of one written type or default value. */
  typeText: 80,
} as const;

const LANGUAGE_NAMES: Record<string, string> = { typescript: 'TypeScript', python: 'Python', rust: 'Rust', go: 'Go', zig: 'Zig' };

/** How the dynamic type is spelt, for the any-policy line. */
const ANY_SPELLINGS: Record<Language, string> = {
  typescript: '`any` (use a declared type or `unknown` narrowed by checks)',
  python: '`Any` or unannotated `object`',
  rust: '`dyn Any`',
  go: '`any` or `interface{}`',
  zig: '`anytype` or `anyopaque`',
};

const NAMING_WORDS: Record<NamingCategory, string> = {
  function: 'functions',
  type: 'types',
  constant: 'constants',
  variable: 'variables',
  field: 'fields',
  parameter: 'parameters',
};

function clip(text: string, max: number = PROMPT_LIMITS.typeText): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length <= max ? one : `${one.slice(0, max - 1)}…`;
}

function more(shown: number, total: number, what: string): string | null {
  return total > shown ? `… and ${total - shown} more ${what}` : null;
}

function typeOf(p: { type: { text: string } | null }): string | null {
  return p.type === null ? null : clip(p.type.text);
}

/** Writes declarations in one language's syntax. */
interface Syntax {
  comment: string;
  /** The type's first line(s), its fields, and how to close it when methods follow. */
  type(t: TypeDeclFact, fields: string[], hasMethods: boolean): { open: string[]; close: string | null };
  field(f: FieldFact): string;
  /** A function; `method` when listed inside its owner. */
  fn(f: FunctionFact, method: boolean): string;
  import(i: ImportFact): string | null;
}

function typeParams(t: TypeDeclFact, open: string, close: string): string {
  return t.typeParams.length > 0 ? `${open}${t.typeParams.join(', ')}${close}` : '';
}

function pyParams(params: readonly ParamFact[], receiver: string | null): string {
  const parts: string[] = receiver ? [receiver] : [];
  params.forEach((p, i) => {
    const before = i > 0 ? params[i - 1]!.kind : undefined;
    if (p.kind === 'keyword_only' && before !== 'keyword_only' && before !== 'var_positional') parts.push('*');
    const star = p.kind === 'var_positional' ? '*' : p.kind === 'var_keyword' ? '**' : '';
    const type = typeOf(p);
    parts.push(`${star}${p.name}${type ? `: ${type}` : ''}${p.default !== null ? ` = ${clip(p.default, 30)}` : ''}`);
    if (p.kind === 'positional_only' && params[i + 1]?.kind !== 'positional_only') parts.push('/');
  });
  return parts.join(', ');
}

const SYNTAX: Record<Language, Syntax> = {
  typescript: {
    comment: '//',
    type(t, fields, hasMethods) {
      const ex = t.exported ? 'export ' : '';
      const name = `${t.name}${typeParams(t, '<', '>')}`;
      if (t.declKind === 'type_alias' && t.aliasOf) return { open: [`${ex}type ${name} = ${clip(t.aliasOf.text, 160)};`], close: null };
      if (t.declKind === 'enum') return { open: [`${ex}enum ${name} { ${t.variants.join(', ')} }`], close: null };
      const keyword = t.declKind === 'class' ? 'class' : 'interface';
      const body = fields.length > 0 ? ` ${fields.join(' ')}` : '';
      return hasMethods ? { open: [`${ex}${keyword} ${name} {${body}`], close: '}' } : { open: [`${ex}${keyword} ${name} {${body} }`], close: null };
    },
    field: (f) => `${f.name}${f.optional ? '?' : ''}: ${typeOf(f) ?? 'unknown'};`,
    fn(f, method) {
      const params = f.params
        .map((p) => `${p.variadic ? '...' : ''}${p.name}${(p.optional || p.default !== null) && !p.variadic ? '?' : ''}${typeOf(p) ? `: ${typeOf(p)}` : ''}`)
        .join(', ');
      const ret = f.returnType && f.name !== 'constructor' ? `: ${clip(f.returnType.text)}` : '';
      const head = method ? `  ${f.async ? 'async ' : ''}` : `${f.exported ? 'export ' : ''}${f.async ? 'async ' : ''}function `;
      return `${head}${f.name}(${params})${ret};`;
    },
    import: (i) => (i.names.length > 0 ? `import { ${i.names.join(', ')} } from '${i.module}';` : `import '${i.module}';`),
  },
  python: {
    comment: '#',
    type(t, fields, hasMethods) {
      const generic = typeParams(t, '[', ']');
      if (t.declKind === 'type_alias' && t.aliasOf) return { open: [`${t.name} = ${clip(t.aliasOf.text, 160)}`], close: null };
      if (t.declKind === 'enum') return { open: [`class ${t.name}(Enum): ${t.variants.map((v) => `${v} = ...`).join('; ')}`], close: null };
      const head = `${t.declKind === 'dataclass' ? '@dataclass\n' : ''}class ${t.name}${generic}:`;
      return { open: fields.length > 0 ? [head, `    ${fields.join('; ')}`] : [hasMethods ? head : `${head} ...`], close: null };
    },
    field: (f) => `${f.name}: ${typeOf(f) ?? 'object'}${f.optional ? ' = ...' : ''}`,
    fn(f, method) {
      const ret = f.returnType ? ` -> ${clip(f.returnType.text)}` : '';
      return `${method ? '    ' : ''}${f.async ? 'async ' : ''}def ${f.name}(${pyParams(f.params, method ? f.receiver : null)})${ret}: ...`;
    },
    import(i) {
      if (i.names.length === 0) return `import ${i.module}`;
      return `from ${i.module} import ${i.names.join(', ')}`;
    },
  },
  rust: {
    comment: '//',
    type(t, fields, hasMethods) {
      const ex = t.exported ? 'pub ' : '';
      const name = `${t.name}${typeParams(t, '<', '>')}`;
      const impl = hasMethods ? { open: [`impl ${name} {`], close: '}' } : { open: [], close: null };
      if (t.declKind === 'type_alias' && t.aliasOf) return { open: [`${ex}type ${name} = ${clip(t.aliasOf.text, 160)};`], close: null };
      if (t.declKind === 'trait') return { open: [`${ex}trait ${name} {`], close: '}' };
      const decl =
        t.declKind === 'enum' || t.declKind === 'union'
          ? `${ex}enum ${name} { ${t.variants.join(', ')} }`
          : fields.length > 0
            ? `${ex}struct ${name} { ${fields.join(', ')} }`
            : `${ex}struct ${name};`;
      return { open: [decl, ...impl.open], close: impl.close };
    },
    field: (f) => `${f.name}: ${typeOf(f) ?? '_'}`,
    fn(f, method) {
      const params = [...(f.receiver ? [f.receiver] : []), ...f.params.map((p) => `${p.name}: ${typeOf(p) ?? '_'}`)].join(', ');
      const ret = f.returnType ? ` -> ${clip(f.returnType.text)}` : '';
      return `${method ? '    ' : ''}${f.exported || f.visibility === 'public' ? 'pub ' : ''}${f.async ? 'async ' : ''}fn ${f.name}(${params})${ret};`;
    },
    import: (i) =>
      i.names.length === 0 ? `use ${i.module};` : i.names.length === 1 ? `use ${i.module}::${i.names[0]};` : `use ${i.module}::{${i.names.join(', ')}};`,
  },
  go: {
    comment: '//',
    type(t, fields, _hasMethods) {
      const name = `${t.name}${t.typeParams.length > 0 ? `[${t.typeParams.join(', ')} any]` : ''}`;
      if (t.declKind === 'type_alias' && t.aliasOf) return { open: [`type ${name} ${clip(t.aliasOf.text, 160)}`], close: null };
      if (t.declKind === 'interface') return { open: [`type ${name} interface {`], close: '}' };
      if (t.declKind === 'enum') return { open: [`type ${name} // values: ${t.variants.join(', ')}`], close: null };
      return { open: [`type ${name} struct { ${fields.join('; ')} }`], close: null };
    },
    field: (f) => (f.embedded ? (typeOf(f) ?? f.name) : `${f.name} ${typeOf(f) ?? 'any'}`),
    fn(f, method) {
      const params = f.params
        .map((p) => {
          const type = typeOf(p) ?? '';
          return `${p.name} ${p.variadic && !type.startsWith('...') ? '...' : ''}${type}`.trim();
        })
        .join(', ');
      const ret = f.returnType ? ` ${clip(f.returnType.text)}` : '';
      // An interface's methods are listed inside it; methods with a receiver are top-level funcs.
      if (method && f.receiver === null) return `  ${f.name}(${params})${ret}`;
      const receiver = f.receiver ? `${f.receiver.startsWith('(') ? f.receiver : `(${f.receiver})`} ` : '';
      return `func ${receiver}${f.name}(${params})${ret}`;
    },
    import: (i) => `import "${i.module}"`,
  },
  zig: {
    comment: '//',
    type(t, fields, hasMethods) {
      const ex = t.exported ? 'pub ' : '';
      if (t.declKind === 'type_alias' && t.aliasOf) return { open: [`${ex}const ${t.name} = ${clip(t.aliasOf.text, 160)};`], close: null };
      if (t.declKind === 'enum') return { open: [`${ex}const ${t.name} = enum { ${t.variants.join(', ')} };`], close: null };
      const keyword = t.declKind === 'union' ? 'union(enum)' : 'struct';
      const body = fields.length > 0 ? ` ${fields.join(', ')}` : '';
      return hasMethods
        ? { open: [`${ex}const ${t.name} = ${keyword} {${body},`], close: '};' }
        : { open: [`${ex}const ${t.name} = ${keyword} {${body} };`], close: null };
    },
    field: (f) => `${f.name}: ${typeOf(f) ?? 'anytype'}`,
    fn(f, method) {
      const params = [...(f.receiver ? [f.receiver] : []), ...f.params.map((p) => `${p.name}: ${typeOf(p) ?? 'anytype'}`)].join(', ');
      return `${method ? '    ' : ''}${f.exported || f.visibility === 'public' ? 'pub ' : ''}fn ${f.name}(${params}) ${f.returnType ? clip(f.returnType.text) : 'void'}`;
    },
    import(i) {
      const name = i.names.length === 1 ? i.names[0] : i.names.length === 0 ? /([A-Za-z_][A-Za-z0-9_]*)(?:\.zig)?$/.exec(i.module)?.[1] : undefined;
      return name !== undefined ? `const ${name} = @import("${i.module}");` : `@import("${i.module}"): ${i.names.join(', ')}`;
    },
  },
};

function factsOf<K extends string>(constraints: readonly Constraint[], kind: K): Array<Extract<NonNullable<Constraint['facts']>, { fact: K }>> {
  const out: Array<Extract<NonNullable<Constraint['facts']>, { fact: K }>> = [];
  for (const c of constraints) if (c.facts?.fact === kind) out.push(c.facts as Extract<NonNullable<Constraint['facts']>, { fact: K }>);
  return out;
}

/** The declarations block: types with fields and methods, then free functions, within the character budget. */
function declarations(language: Language, constraints: readonly Constraint[]): string[] {
  const syntax = SYNTAX[language];
  const types = factsOf(constraints, 'type');
  const functions = factsOf(constraints, 'function');
  const typeNames = new Set(types.map((t) => t.name));
  const methods = new Map<string, FunctionFact[]>();
  const free: FunctionFact[] = [];
  for (const f of functions) {
    if (f.owner !== null && typeNames.has(f.owner)) methods.set(f.owner, [...(methods.get(f.owner) ?? []), f]);
    else free.push(f);
  }
  const blocks: string[][] = [];
  for (const t of types.slice(0, PROMPT_LIMITS.types)) {
    const own = methods.get(t.name) ?? [];
    const shownFields = t.fields.slice(0, PROMPT_LIMITS.fields).map((f) => syntax.field(f));
    const fields = shownFields.length < t.fields.length ? [...shownFields, more(shownFields.length, t.fields.length, 'fields')!] : shownFields;
    const { open, close } = syntax.type(t, fields, own.length > 0);
    const body = own.slice(0, PROMPT_LIMITS.methods).map((f) => syntax.fn(f, true));
    const rest = more(body.length, own.length, 'methods');
    if (rest) body.push(`${language === 'python' ? '    ' : '  '}${syntax.comment} ${rest}`);
    blocks.push([...open, ...body, ...(close ? [close] : [])]);
  }
  const typesLeft = types.length - Math.min(types.length, PROMPT_LIMITS.types);
  for (const f of free.slice(0, PROMPT_LIMITS.functions)) {
    // A method of a type declared elsewhere: its owner names where it belongs.
    blocks.push([`${f.owner !== null && f.receiver === null && language !== 'go' ? `${syntax.comment} ${f.owner}: ` : ''}${syntax.fn(f, false)}`]);
  }
  const functionsLeft = free.length - Math.min(free.length, PROMPT_LIMITS.functions);
  const out: string[] = [];
  let chars = 0;
  let cut = 0;
  for (const block of blocks) {
    const size = block.reduce((n, line) => n + line.length + 1, 0);
    if (chars + size > PROMPT_LIMITS.declarationChars) {
      cut++;
      continue;
    }
    chars += size;
    out.push(...block);
  }
  const left = typesLeft + functionsLeft + cut;
  if (left > 0) out.push(`${syntax.comment} … and ${left} more declarations`);
  return out;
}

function imports(language: Language, constraints: readonly Constraint[]): string[] {
  const all = factsOf(constraints, 'import')
    .map((i) => SYNTAX[language].import(i))
    .filter((l): l is string => l !== null);
  const unique = [...new Set(all)];
  const shown = unique.slice(0, PROMPT_LIMITS.imports);
  const rest = more(shown.length, unique.length, 'imports');
  return rest ? [...shown, `${SYNTAX[language].comment} ${rest}`] : shown;
}

function naming(constraints: readonly Constraint[]): string | null {
  const seen = new Map<NamingCategory, string>();
  for (const n of factsOf(constraints, 'naming')) if (!seen.has(n.category)) seen.set(n.category, n.convention);
  if (seen.size === 0) return null;
  return `Naming: ${[...seen].map(([category, convention]) => `${NAMING_WORDS[category]} ${convention}`).join(', ')}.`;
}

function rules(language: Language, constraints: readonly Constraint[]): string[] {
  const forbidden: string[] = [];
  const calls = new Map<string, string>();
  for (const f of factsOf(constraints, 'forbidden_call')) if (!calls.has(f.callee)) calls.set(f.callee, f.reason);
  for (const [callee, reason] of calls) forbidden.push(`${callee}()${reason ? ` (${clip(reason, 60)})` : ''}`);
  if (factsOf(constraints, 'any_policy').some((a) => !a.allowed)) forbidden.push(`the dynamic type ${ANY_SPELLINGS[language]}`);
  const out: string[] = [];
  if (forbidden.length > 0) {
    const shown = forbidden.slice(0, PROMPT_LIMITS.rules);
    out.push(`Do not use: ${shown.join('; ')}${forbidden.length > shown.length ? `; … and ${forbidden.length - shown.length} more` : ''}.`);
  }
  const patterns = factsOf(constraints, 'pattern');
  for (const p of patterns.slice(0, PROMPT_LIMITS.rules)) {
    const what =
      p.target === 'function_name'
        ? 'Function names'
        : p.target === 'type_name'
          ? 'Type names'
          : p.target === 'identifier'
            ? 'Identifiers'
            : p.target === 'output'
              ? 'The output'
              : 'The code';
    out.push(`${what} must ${p.mode === 'forbid' ? 'not match' : 'match'} /${clip(p.regex, 120)}/.`);
  }
  if (patterns.length > PROMPT_LIMITS.rules) out.push(`… and ${patterns.length - PROMPT_LIMITS.rules} more patterns.`);
  for (const b of factsOf(constraints, 'bounds')) {
    const range =
      b.min !== null && b.max !== null ? `between ${b.min} and ${b.max}` : b.max !== null ? `at most ${b.max}` : b.min !== null ? `at least ${b.min}` : null;
    if (range) out.push(`${b.target.replace(/_/g, ' ')}: ${range}.`);
  }
  return out;
}

export function buildPrompt(intent: string, language: string, constraints: readonly Constraint[]): Prompt {
  const known = Object.hasOwn(SYNTAX, language) ? (language as Language) : null;
  const scoped = known === null ? constraints : constraints.filter((c) => c.language === undefined || c.language === known);
  // Constraints without facts (hand-written in a constraint set) are stated by their description.
  const described = scoped
    .filter((c) => c.facts === undefined && (c.severity === 'err' || c.severity === 'warning'))
    .map((c, index) => ({ c, index, rank: PRIORITIES.indexOf(c.priority) }))
    .sort((a, b) => b.rank - a.rank || a.index - b.index);
  const describedShown = described.slice(0, PROMPT_LIMITS.described).map(({ c }) => `- ${c.description || c.name}`);
  const describedRest = more(describedShown.length, described.length, 'constraints');
  const sections: string[] = [`You write ${LANGUAGE_NAMES[language] ?? language} code. Answer with the code only, no explanations and no Markdown fences.`];
  if (known !== null) {
    const decls = declarations(known, scoped);
    const imported = imports(known, scoped);
    if (imported.length > 0 || decls.length > 0) {
      sections.push(['Use these declarations of the code base as they are:', ...imported, ...decls].join('\n'));
    }
    const rulesText = [naming(scoped), ...rules(known, scoped)].filter((l): l is string => l !== null);
    if (rulesText.length > 0) sections.push(rulesText.join('\n'));
  }
  if (describedShown.length > 0)
    sections.push(['The code must follow these constraints:', ...describedShown, ...(describedRest ? [`- ${describedRest}`] : [])].join('\n'));
  const system = sections.join('\n\n');
  const user = intent;
  return { system, user, completion: `${system}\n\nTask: ${intent}\n\n` };
}
