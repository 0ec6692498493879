// Naming conventions: which of the four conventions an identifier fits, and which one
// dominates a category of identifiers.
import { NAMING_CONVENTIONS, type NamingCategory, type NamingConvention, type NamingFact } from '../model/facts.ts';

const CONVENTION_PATTERNS: Record<NamingConvention, RegExp> = {
  camelCase: /^[a-z][a-zA-Z0-9]*$/,
  PascalCase: /^[A-Z][a-zA-Z0-9]*$/,
  snake_case: /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/,
  SCREAMING_SNAKE_CASE: /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/,
};

/** Leading/trailing underscores mark privacy (Python `_x`, `__x`) or avoid keywords (`type_`), not a convention. */
export function stripUnderscores(name: string): string {
  let start = 0;
  let end = name.length;
  while (start < end && name.charCodeAt(start) === 95) start++;
  while (end > start && name.charCodeAt(end - 1) === 95) end--;
  return name.slice(start, end);
}

/** Conventions an identifier fits; a one-word lower-case name fits both camelCase and snake_case. */
export function conventionsOf(name: string): NamingConvention[] {
  const core = stripUnderscores(name);
  if (core === '') return [];
  return NAMING_CONVENTIONS.filter((c) => CONVENTION_PATTERNS[c].test(core));
}

/** At least this many identifiers before a category's convention is reported. */
export const MIN_NAMING_SAMPLE = 3;

/**
 * The dominant convention of a category: the one most identifiers fit; ties go to the one
 * more identifiers fit exclusively (so `getUser, id, name` is camelCase, not snake_case),
 * then to the language's idiom for the category (one-word names fit several), then to NAMING_CONVENTIONS order. Null when the sample is too small or nothing fits.
 */
export function dominantConvention(category: NamingCategory, names: readonly string[], idiom: NamingConvention | null = null): NamingFact | null {
  const unique = [...new Set(names)];
  if (unique.length < MIN_NAMING_SAMPLE) return null;
  const fits = new Map<NamingConvention, number>();
  const exclusive = new Map<NamingConvention, number>();
  for (const name of unique) {
    const found = conventionsOf(name);
    for (const c of found) fits.set(c, (fits.get(c) ?? 0) + 1);
    if (found.length === 1) exclusive.set(found[0]!, (exclusive.get(found[0]!) ?? 0) + 1);
  }
  let best: NamingConvention | null = null;
  for (const c of NAMING_CONVENTIONS) {
    const count = fits.get(c) ?? 0;
    if (count === 0) continue;
    if (best === null) { best = c; continue; }
    const bestCount = fits.get(best)!;
    const ex = exclusive.get(c) ?? 0;
    const bestEx = exclusive.get(best) ?? 0;
    if (count > bestCount || (count === bestCount && (ex > bestEx || (ex === bestEx && c === idiom)))) best = c;
  }
  if (best === null) return null;
  const share = Math.round((fits.get(best)! / unique.length) * 1000) / 1000;
  return { fact: 'naming', category, convention: best, share, sample: unique.length };
}
