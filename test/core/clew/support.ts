// Shared set-up for Clew's tests: one Clew with every grammar loaded, and fact look-ups.
import { Language, Parser } from 'web-tree-sitter';
import { Clew } from '../../../core/clew/index.ts';
import { compileQuery, type CompiledQuery } from '../../../core/clew/records.ts';
import type { LanguageSpec } from '../../../core/clew/spec.ts';
import { platform } from '../../../core/platform.ts';
import type { Constraint } from '../../../core/model/constraint.ts';
import { LANGUAGES, type Fact } from '../../../core/model/facts.ts';
import { usePlatform } from '../../support/platform.ts';

let ready: Promise<Clew> | null = null;

export function loadedClew(): Promise<Clew> {
  ready ??= (async () => {
    await usePlatform();
    const clew = await Clew.create();
    for (const language of LANGUAGES) await clew.load(language);
    return clew;
  })();
  return ready;
}

export function named(constraints: Constraint[], name: string): Constraint {
  const found = constraints.find((c) => c.name === name);
  if (found === undefined) throw new Error(`no constraint named ${name}; have: ${constraints.map((c) => c.name).join(', ')}`);
  return found;
}

export function factOf<K extends Fact['fact']>(constraints: Constraint[], name: string, kind: K): Extract<Fact, { fact: K }> {
  const fact = named(constraints, name).facts;
  if (fact?.fact !== kind) throw new Error(`${name} has fact ${fact?.fact}, expected ${kind}`);
  return fact as Extract<Fact, { fact: K }>;
}

export interface LoadedGrammar {
  language: Language;
  parser: Parser;
  compiled: CompiledQuery;
}

/**
 * A language's grammar, a parser and its query compiled as written (without the spec's call filters,
 * so that its matches are tree-sitter's), loaded apart from Clew's (after Clew has bound web-tree-sitter).
 */
export async function loadGrammar(spec: LanguageSpec): Promise<LoadedGrammar> {
  await loadedClew();
  const p = platform();
  const language = await Language.load(await p.readFile(p.resolvePackageFile(spec.wasm)));
  const parser = new Parser();
  parser.setLanguage(language);
  return { language, parser, compiled: compileQuery(language, spec.query, null) };
}
