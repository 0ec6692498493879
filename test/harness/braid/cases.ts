// The accept/reject cases every grammar oracle (Python Lark, XGrammar) runs: the hand-written
// fixtures of test/core/braid, and the generated fixtures (fixtures/<lang>/small) run through Clew.
import { readFileSync } from 'node:fs';
import { compile } from '../../../core/braid/index.ts';
import type { ConstraintIR } from '../../../core/braid/index.ts';
import { Clew } from '../../../core/clew/index.ts';
import type { FunctionFact, Language } from '../../../core/model/facts.ts';
import { LANGUAGE_FIXTURES, constraint, typescriptFixture } from '../../core/braid/fixtures.ts';
import { repoPath, usePlatform } from '../../support/platform.ts';

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

/** Signatures of the fixture's own functions (from Clew's facts and origin lines), and mutants of them. */
export async function clewFixtureCases(): Promise<LanguageCases[]> {
  await usePlatform();
  const clew = await Clew.create();
  const out: LanguageCases[] = [];
  for (const language of ['typescript', 'python', 'rust', 'go', 'zig'] as const) {
    await clew.load(language);
    const path = `fixtures/${language}/small/entity_service_100.${EXTENSIONS[language]}`;
    const source = readFileSync(repoPath(path), 'utf8');
    const result = clew.extract(source, { language, file: path });
    result.dispose?.();
    const ir = compile(result.constraints, { language });
    const lines = source.split('\n');
    const cases: GrammarCase[] = [];
    for (const c of result.constraints) {
      const f = c.facts;
      if (f?.fact !== 'function' || c.origin_line === undefined) continue;
      const line = lines[c.origin_line - 1]!.trim();
      if (!SIGNATURE_START[language].test(line)) continue;
      const signature = line.replace(/\s*\{$/, '');
      cases.push({ start: 'signature', text: signature, accept: true, why: `own signature of ${f.name}` });
      cases.push({ start: 'signature', text: signature.replace(new RegExp(`\\b${f.name}\\(`), `${breakName(f.name)}(`), accept: false, why: `${f.name} renamed against the convention` });
      const typed = (f as FunctionFact).params.find((p) => p.type !== null && p.name !== 'self' && p.type.text !== '');
      const anyWord = ANY_SPELLING[language];
      if (typed && anyWord) {
        const sep = language === 'go' ? ' ' : ': ';
        const original = `${typed.name}${sep}${typed.type!.text}`;
        if (signature.includes(original)) cases.push({ start: 'signature', text: signature.replace(original, `${typed.name}${sep}${anyWord}`), accept: false, why: `${anyWord} where any is forbidden` });
        if (signature.includes(original)) cases.push({ start: 'signature', text: signature.replace(original, `${breakName(typed.name)}${sep}${typed.type!.text}`), accept: false, why: 'parameter renamed against the convention' });
      }
    }
    out.push({ language: `${language} (${path} via Clew)`, ir, cases });
  }
  return out;
}

/** Bounds on the parameter count (1..2) become part of the signature grammar. */
export function parameterBoundsCases(): LanguageCases {
  const fx = typescriptFixture();
  const ir = compile([...fx.constraints, constraint({ fact: 'bounds', target: 'parameters', min: 1, max: 2 }, { language: 'typescript', id: 'params-1-2', kind: 'operational' })]);
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
  const ir = compile([...fx.constraints, constraint({ fact: 'pattern', target: 'function_name', mode: 'require', regex: '^get[A-Z][A-Za-z0-9]*$' }, { language: 'typescript', id: 'getter-names' })]);
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
  return [...handWrittenCases(), parameterBoundsCases(), functionNamePatternCases(), ...(await clewFixtureCases())];
}
