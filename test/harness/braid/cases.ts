// The accept/reject cases every grammar oracle (Python Lark, XGrammar) runs, per language fixture.
import { compile } from '../../../core/braid/index.ts';
import type { ConstraintIR } from '../../../core/braid/index.ts';
import { LANGUAGE_FIXTURES } from '../../core/braid/fixtures.ts';

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

export function languageCases(): LanguageCases[] {
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
    return { language: fx.language, ir, cases };
  });
}
