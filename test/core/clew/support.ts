// Shared set-up for Clew's tests: one Clew with every grammar loaded, and fact look-ups.
import { Clew } from '../../../core/clew/index.ts';
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
