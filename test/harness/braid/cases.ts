// The accept/reject cases every grammar oracle (Python Lark, XGrammar) runs: the hand-written
// fixtures of test/core/braid, the generated fixtures (fixtures/<lang>/small) run through Clew, and
// real code nobody here wrote (node_modules, Python's and Go's standard libraries, Debian's Rust
// crates) run through Clew.
import { readFileSync } from 'node:fs';
import { compile } from '../../../core/braid/index.ts';
import type { ConstraintIR } from '../../../core/braid/index.ts';
import { Clew } from '../../../core/clew/index.ts';
import type { FunctionFact, Language } from '../../../core/model/facts.ts';
import { LANGUAGE_FIXTURES, constraint, typescriptFixture } from '../../core/braid/fixtures.ts';
import { repoPath, usePlatform } from '../../support/platform.ts';
import { requireFiles } from '../../support/tools.ts';

export interface GrammarCase {
  start: 'start' | 'signature';
  text: string;
  accept: boolean;
  why: string;
}

export interface LanguageCases {
  language: string;
  ir: ConstraintIR;
  cases: GrammarCase[];
}

export function handWrittenCases(): LanguageCases[] {
  return LANGUAGE_FIXTURES.map((make) => {
    const fx = make();
    const ir = compile(fx.constraints);
    const cases: GrammarCase[] = [
      ...fx.ownSignatures.map((text) => ({ start: 'signature' as const, text, accept: true, why: 'own signature' })),
      ...fx.badSignatures.map(([text, why]) => ({ start: 'signature' as const, text, accept: false, why })),
      ...fx.goodFunctions.map((text) => ({ start: 'start' as const, text, accept: true, why: 'function obeying every constraint' })),
      { start: 'start', text: fx.goodFunctions.join('\n\n'), accept: true, why: 'several functions' },
      ...fx.badFunctions.map(([text, why]) => ({ start: 'start' as const, text, accept: false, why })),
    ];
    return { language: `${fx.language} (hand-written)`, ir, cases };
  });
}

const EXTENSIONS: Record<Language, string> = { typescript: 'ts', python: 'py', rust: 'rs', go: 'go', zig: 'zig' };
const ANY_SPELLING: Partial<Record<Language, string>> = { typescript: 'any', python: 'Any', go: 'any', zig: 'anytype' };
/** How a signature line starts in each language (interface methods and multi-line headers are skipped). */
const SIGNATURE_START: Record<Language, RegExp> = {
  typescript: /^(?:(?:export|async|public|private|protected|static)\s+)*(?:function\s+)?\w+\(.*\)(?::.*)?\s*\{$/,
  python: /^(?:async\s+)?def\s.*:$/,
  rust: /^(?:pub\s+)?(?:async\s+)?fn\s.*\{$/,
  go: /^func\s.*\{$/,
  zig: /^(?:pub\s+)?fn\s.*\{$/,
};

/** A name breaking the convention: a leading capital breaks camel/snake case; a leading small letter breaks PascalCase. */
function breakName(name: string): string {
  return /^[A-Z]/.test(name) ? name[0]!.toLowerCase() + name.slice(1) : `X${name}`;
}

/** A `.d.ts` declaration on one line: checked as the function signature it declares (without `declare` and `;`). */
const DECLARATION = /^export declare function \w+\(.*\)(?::.*)?;$/;

/**
 * Cases from one source file through Clew: the signature of each function Clew reports whose
 * header is one line, accepted unless `rejects` holds it (with why the grammar rejects it), and, for each accepted one, mutants the constraints forbid: the name against the function
 * convention, a typed parameter's type as `any` where any is forbidden, the parameter's name against
 * the parameter convention. A mutant is made only when the source's constraints hold the fact it breaks.
 */
async function clewSourceCases(clew: Clew, language: Language, path: string, label: string, rejects: Record<string, string> = {}): Promise<LanguageCases> {
  await clew.load(language);
  const source = readFileSync(path, 'utf8');
  const result = clew.extract(source, { language, file: path });
  result.dispose?.();
  const ir = compile(result.constraints, { language });
  const facts = result.constraints.flatMap((c) => (c.facts ? [c.facts] : []));
  const convention = (category: string) => facts.some((f) => f.fact === 'naming' && f.category === category);
  const anyForbidden = facts.some((f) => f.fact === 'any_policy' && !f.allowed);
  const lines = source.split('\n');
  const cases: GrammarCase[] = [];
  for (const c of result.constraints) {
    const f = c.facts;
    if (f?.fact !== 'function' || c.origin_line === undefined) continue;
    const line = lines[c.origin_line - 1]!.trim();
    const declaration = path.endsWith('.d.ts');
    if (declaration ? !DECLARATION.test(line) : !SIGNATURE_START[language].test(line)) continue;
    const signature = declaration ? line.replace(/^export declare /, 'export ').replace(/;$/, '') : line.replace(/\s*\{$/, '');
    if (Object.hasOwn(rejects, signature)) {
      cases.push({ start: 'signature', text: signature, accept: false, why: `own signature of ${f.name}, rejected: ${rejects[signature]}` });
      continue;
    }
    cases.push({ start: 'signature', text: signature, accept: true, why: `own signature of ${f.name}` });
    if (convention('function'))
      cases.push({
        start: 'signature',
        text: signature.replace(new RegExp(`\\b${f.name}\\(`), `${breakName(f.name)}(`),
        accept: false,
        why: `${f.name} renamed against the convention`,
      });
    const typed = (f as FunctionFact).params.find((p) => p.type !== null && p.name !== 'self' && p.type.text !== '');
    const anyWord = ANY_SPELLING[language];
    if (typed === undefined) continue;
    const sep = language === 'go' ? ' ' : ': ';
    const original = `${typed.name}${sep}${typed.type!.text}`;
    if (!signature.includes(original)) continue;
    if (anyWord && anyForbidden)
      cases.push({
        start: 'signature',
        text: signature.replace(original, `${typed.name}${sep}${anyWord}`),
        accept: false,
        why: `${anyWord} where any is forbidden`,
      });
    if (convention('parameter'))
      cases.push({
        start: 'signature',
        text: signature.replace(original, `${breakName(typed.name)}${sep}${typed.type!.text}`),
        accept: false,
        why: 'parameter renamed against the convention',
      });
  }
  return { language: label, ir, cases };
}

/** Signatures of the fixture's own functions (from Clew's facts and origin lines), and mutants of them. */
export async function clewFixtureCases(): Promise<LanguageCases[]> {
  await usePlatform();
  const clew = await Clew.create();
  const out: LanguageCases[] = [];
  for (const language of ['typescript', 'python', 'rust', 'go', 'zig'] as const) {
    const path = `fixtures/${language}/small/entity_service_100.${EXTENSIONS[language]}`;
    out.push(await clewSourceCases(clew, language, repoPath(path), `${language} (${path} via Clew)`));
  }
  return out;
}

/**
 * Real code nobody here wrote: package sources and declarations in node_modules, Python's standard
 * library, Go's, and Rust crates Debian packages. `signatures`: how many one-line signatures Clew
 * reports there (counted by hand); `rejects`: the own signatures the grammar rejects, each with why
 * (checked by hand). Every other own signature must be accepted.
 */
const UNEXPORTED = 'unexported: breaks the PascalCase function convention most of the file follows';
const KEYWORD_ONLY = 'the keyword-only marker (*) is outside the grammar';

export const REAL_SOURCES: Array<{ language: Language; path: string; signatures: number; rejects: Record<string, string> }> = [
  {
    language: 'typescript',
    path: 'node_modules/hash-wasm/lib/util.ts',
    signatures: 8,
    rejects: {
      'export function encodeBase64(data: Uint8Array, pad = true): string':
        'an unannotated parameter with a default (pad = true): TypeScript parameters need a type here',
    },
  },
  {
    language: 'typescript',
    path: 'node_modules/ajv/dist/compile/util.d.ts',
    signatures: 11,
    rejects: {
      'export function schemaHasRulesButRef(schema: AnySchema, RULES: ValidationRules): boolean':
        'parameter RULES breaks the camelCase parameter convention (84% of the parameters)',
      'export function schemaRefOrVal({ topSchemaRef, schemaPath }: SchemaObjCxt, schema: unknown, keyword: string, $data?: string | false): Code | number | boolean':
        'a destructuring parameter ({ topSchemaRef, schemaPath }) is outside the grammar',
      'export function checkStrictMode(it: SchemaCxt, msg: string, mode?: boolean | "log"): void':
        'a string literal type ("log") is outside the grammar\'s type language',
    },
  },
  {
    language: 'python',
    path: '/usr/lib/python3.11/tomllib/_parser.py',
    signatures: 28,
    rejects: {
      'def load(fp: BinaryIO, /, *, parse_float: ParseFloat = float) -> dict[str, Any]:':
        'the positional-only and keyword-only markers (/, *) are outside the grammar',
      'def parse_multiline_str(src: str, pos: Pos, *, literal: bool) -> tuple[Pos, str]:': KEYWORD_ONLY,
      'def parse_basic_str(src: str, pos: Pos, *, multiline: bool) -> tuple[Pos, str]:': KEYWORD_ONLY,
    },
  },
  // is_, _get_nodeinfo and _find_cycle: underscores around a snake_case name, accepted (Braid's names admit the privacy and keyword underscores Clew strips)
  { language: 'python', path: '/usr/lib/python3.11/graphlib.py', signatures: 11, rejects: {} },
  {
    language: 'go',
    path: '/usr/lib/go-1.19/src/strings/builder.go',
    signatures: 10,
    rejects: {
      'func noescape(p unsafe.Pointer) unsafe.Pointer': UNEXPORTED,
      'func (b *Builder) copyCheck()': UNEXPORTED,
      'func (b *Builder) grow(n int)': UNEXPORTED,
    },
  },
  {
    language: 'go',
    path: '/usr/lib/go-1.19/src/container/list/list.go',
    signatures: 21,
    rejects: {
      'func (l *List) lazyInit()': UNEXPORTED,
      'func (l *List) insert(e, at *Element) *Element': UNEXPORTED,
      'func (l *List) insertValue(v any, at *Element) *Element': UNEXPORTED,
      'func (l *List) remove(e *Element)': UNEXPORTED,
      'func (l *List) move(e, at *Element)': UNEXPORTED,
    },
  },
  { language: 'rust', path: '/usr/share/cargo/registry/scopeguard-1.1.0/src/lib.rs', signatures: 14, rejects: {} },
  {
    language: 'rust',
    path: '/usr/share/cargo/registry/humantime-2.1.0/src/duration.rs',
    signatures: 17,
    rejects: {
      "fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result":
        "a path type with a lifetime argument (fmt::Formatter<'_>) is outside the grammar's type language",
    },
  },
];

export async function realCodeCases(): Promise<LanguageCases[]> {
  requireFiles(
    REAL_SOURCES.filter((s) => s.path.startsWith('/')).map((s) => s.path),
    'libpython3.11-stdlib, golang-1.19-src and the librust-*-dev packages .ci/run lists',
  );
  await usePlatform();
  const clew = await Clew.create();
  const out: LanguageCases[] = [];
  for (const { language, path, rejects } of REAL_SOURCES) {
    out.push(await clewSourceCases(clew, language, path.startsWith('/') ? path : repoPath(path), `${language} (${path}, real code via Clew)`, rejects));
  }
  return out;
}

/** Bounds on the parameter count (1..2) become part of the signature grammar. */
export function parameterBoundsCases(): LanguageCases {
  const fx = typescriptFixture();
  const ir = compile([
    ...fx.constraints,
    constraint({ fact: 'bounds', target: 'parameters', min: 1, max: 2 }, { language: 'typescript', id: 'params-1-2', kind: 'operational' }),
  ]);
  const sig = (params: string) => `async operation1(${params}): Promise<Entity>`;
  return {
    language: 'typescript (1..2 parameters)',
    ir,
    cases: [
      { start: 'signature', text: sig('id: number'), accept: true, why: 'one parameter' },
      { start: 'signature', text: sig('id: number, data: string'), accept: true, why: 'two parameters' },
      { start: 'signature', text: sig('id: number, data: string,'), accept: true, why: 'two parameters, trailing comma' },
      { start: 'signature', text: sig(''), accept: false, why: 'no parameter (min 1)' },
      { start: 'signature', text: sig('id: number, data: string, extra: string'), accept: false, why: 'three parameters (max 2)' },
    ],
  };
}

/**
 * A user's function-name pattern inside the camelCase convention (`get[A-Z]…`): the grammar's
 * FUNC_NAME becomes the pattern, so names the convention allows but the pattern does not are
 * rejected too (the 'parameters' marker keeps it out of the own-signature count check).
 */
export function functionNamePatternCases(): LanguageCases {
  const fx = typescriptFixture();
  const ir = compile([
    ...fx.constraints,
    constraint({ fact: 'pattern', target: 'function_name', mode: 'require', regex: '^get[A-Z][A-Za-z0-9]*$' }, { language: 'typescript', id: 'getter-names' }),
  ]);
  const sig = (name: string) => `async ${name}(id: number, data: string): Promise<Entity>`;
  return {
    language: 'typescript (function-name pattern, parameters as the fixture)',
    ir,
    cases: [
      { start: 'signature', text: sig('getEntity'), accept: true, why: 'name matches get[A-Z]…' },
      { start: 'signature', text: sig('getEntityById2'), accept: true, why: 'name matches get[A-Z]…' },
      { start: 'signature', text: sig('operation1'), accept: false, why: 'camelCase but not get[A-Z]…' },
      { start: 'signature', text: sig('getentity'), accept: false, why: 'camelCase but not get[A-Z]…' },
      { start: 'signature', text: sig('GetEntity'), accept: false, why: 'not camelCase, not get[A-Z]…' },
      { start: 'start', text: `${sig('getEntity')} {\n  return this.db.find(id);\n}`, accept: true, why: 'function named by the pattern' },
      { start: 'start', text: `${sig('fetchEntity')} {\n  return this.db.find(id);\n}`, accept: false, why: 'function not named by the pattern' },
    ],
  };
}

export async function languageCases(): Promise<LanguageCases[]> {
  return [...handWrittenCases(), parameterBoundsCases(), functionNamePatternCases(), ...(await clewFixtureCases()), ...(await realCodeCases())];
}
