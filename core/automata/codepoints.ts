// Sets of Unicode code points as sorted inclusive ranges, and the classes regexes name (\d \w \s, \p{…}, case folding).

/** Sorted, disjoint, non-adjacent inclusive ranges, flattened: [lo0, hi0, lo1, hi1, …]. */
export type CodePointSet = number[];

export const MAX_CODE_POINT = 0x10ffff;

/** Sorts and merges arbitrary ranges into a canonical set. */
export function normalize(ranges: number[]): CodePointSet {
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < ranges.length; i += 2) pairs.push([ranges[i]!, ranges[i + 1]!]);
  pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: number[] = [];
  for (const [lo, hi] of pairs) {
    const last = out.length - 1;
    if (last > 0 && lo <= out[last]! + 1) out[last] = Math.max(out[last]!, hi);
    else out.push(lo, hi);
  }
  return out;
}

export function union(a: CodePointSet, b: CodePointSet): CodePointSet {
  return normalize([...a, ...b]);
}

export function negate(set: CodePointSet): CodePointSet {
  const out: number[] = [];
  let next = 0;
  for (let i = 0; i < set.length; i += 2) {
    if (set[i]! > next) out.push(next, set[i]! - 1);
    next = set[i + 1]! + 1;
  }
  if (next <= MAX_CODE_POINT) out.push(next, MAX_CODE_POINT);
  return out;
}

export function contains(set: CodePointSet, cp: number): boolean {
  let lo = 0;
  let hi = set.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cp < set[2 * mid]!) hi = mid - 1;
    else if (cp > set[2 * mid + 1]!) lo = mid + 1;
    else return true;
  }
  return false;
}

export const DIGIT: CodePointSet = [0x30, 0x39];
export const WORD: CodePointSet = [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a];
/** ECMAScript WhiteSpace and LineTerminator (what \s matches). */
export const SPACE: CodePointSet = normalize([
  0x09, 0x0d, 0x20, 0x20, 0xa0, 0xa0, 0x1680, 0x1680, 0x2000, 0x200a, 0x2028, 0x2029, 0x202f, 0x202f, 0x205f, 0x205f, 0x3000, 0x3000, 0xfeff, 0xfeff,
]);
/** What `.` matches without the s flag: every code point except the line terminators. */
export const NOT_LINE_TERMINATOR: CodePointSet = negate([0x0a, 0x0a, 0x0d, 0x0d, 0x2028, 0x2029]);
export const ANY: CodePointSet = [0, MAX_CODE_POINT];

/** Byte-level word test used by \b: \w is ASCII-only in ECMAScript (without the i+u corner cases). */
export function isWordByte(byte: number): boolean {
  return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || byte === 0x5f || (byte >= 0x61 && byte <= 0x7a);
}

let caseClasses: number[][] | null = null;

/** Simple case folding of one code point, from the runtime's own Unicode tables. */
function simpleFold(cp: number): number {
  const s = String.fromCodePoint(cp);
  const upper = s.toUpperCase();
  if ([...upper].length !== 1) return cp;
  const lower = upper.toLowerCase();
  return [...lower].length === 1 ? lower.codePointAt(0)! : cp;
}

/** Groups of code points that are equal under case folding (only groups of two or more). */
function caseEquivalenceClasses(): number[][] {
  if (caseClasses) return caseClasses;
  const byFold = new Map<number, number[]>();
  // Every cased code point lies below U+1F000; scanning beyond that finds nothing.
  for (let cp = 0; cp < 0x1f000; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const fold = simpleFold(cp);
    // A code point that folds to itself joins a group only when another folds to it.
    if (fold === cp) continue;
    let group = byFold.get(fold);
    if (!group) byFold.set(fold, (group = [fold]));
    if (!group.includes(cp)) group.push(cp);
  }
  caseClasses = [...byFold.values()].filter((g) => g.length > 1);
  return caseClasses;
}

/** The set closed under case folding: what a class matches with the i flag. */
export function caseInsensitive(set: CodePointSet): CodePointSet {
  const extra: number[] = [];
  for (const group of caseEquivalenceClasses()) {
    if (group.some((cp) => contains(set, cp))) for (const cp of group) extra.push(cp, cp);
  }
  return extra.length === 0 ? set : normalize([...set, ...extra]);
}

const propertyCache = new Map<string, CodePointSet>();

/**
 * The code points of a Unicode property escape (\p{L}, \p{Script=Greek}, …), read from the
 * runtime's own RegExp tables, so no Unicode data is bundled. Returns null for an unknown property.
 */
export function unicodeProperty(name: string): CodePointSet | null {
  const cached = propertyCache.get(name);
  if (cached) return cached;
  let test: RegExp;
  try {
    test = new RegExp(`^\\p{${name}}$`, 'u');
  } catch {
    return null;
  }
  const ranges: number[] = [];
  let start = -1;
  for (let cp = 0; cp <= MAX_CODE_POINT + 1; cp++) {
    const inside = cp <= MAX_CODE_POINT && !(cp >= 0xd800 && cp <= 0xdfff) && test.test(String.fromCodePoint(cp));
    if (inside && start < 0) start = cp;
    else if (!inside && start >= 0) {
      ranges.push(start, cp - 1);
      start = -1;
    }
  }
  const set = normalize(ranges);
  propertyCache.set(name, set);
  return set;
}
