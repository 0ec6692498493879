// Decides whether a regex may be emitted: valid ECMAScript syntax, a regular language
// (no backreferences or lookaround), a DFA within the state budget, and no shape that
// makes a backtracking engine take exponential time (ambiguous iteration).
import { checkRegexSyntax, intersect, isEmpty, regexesOverlap, type Dfa } from '../automata/index.ts';
import { memoDfa } from './dfa-memo.ts';
import { intersectRanges, firstSet, nullable, charSet, normalizeRanges, parseRegexAst, printRegex, RegexParseError, type RegexNode } from './regex-ast.ts';

export const DEFAULT_PATTERN_STATE_BUDGET = 2_000;

export type SafetyVerdict = { ok: true; dfa: Dfa; ast: RegexNode } | { ok: false; reason: string };

export interface SafetyOptions {
  mode?: 'full' | 'search';
  maxStates?: number;
}

function dfaOf(source: string, maxStates: number): Dfa | null {
  try {
    return memoDfa(source, 'full', maxStates);
  } catch {
    return null;
  }
}

const overlapMemo = new Map<string, boolean>();

/** Languages of two sub-patterns overlap (decided on their DFAs; conservative `true` when unknown). */
function overlaps(a: RegexNode, b: RegexNode, maxStates: number): boolean {
  if (nullable(a) && nullable(b)) return true;
  // Non-empty strings in both would start with a shared character.
  if (intersectRanges(firstSet(a), firstSet(b)).length === 0) return false;
  const sa = printRegex(a);
  const sb = printRegex(b);
  // The product of the two NFAs answers exactly without subset construction or minimisation
  // (the DFAs of an iterated body and of its repetition were most of a cold compile's time).
  const key = `${maxStates}\u0000${sa}\u0000${sb}`;
  const known = overlapMemo.get(key);
  if (known !== undefined) return known;
  let direct: boolean | null = null;
  try {
    direct = regexesOverlap(sa, sb, { maxPairs: 10 * maxStates });
  } catch {
    direct = null;
  }
  if (direct !== null) {
    if (overlapMemo.size >= VERDICT_MEMO_LIMIT) overlapMemo.delete(overlapMemo.keys().next().value!);
    overlapMemo.set(key, direct);
    return direct;
  }
  const da = dfaOf(sa, maxStates);
  const db = dfaOf(sb, maxStates);
  if (da === null || db === null) return intersectRanges(firstSet(a), firstSet(b)).length > 0;
  try {
    return !isEmpty(intersect(da, db, { maxStates }));
  } catch {
    return true;
  }
}

function lengthRange(node: RegexNode): [number, number] {
  switch (node.t) {
    case 'empty':
    case 'anchor':
    case 'boundary':
      return [0, 0];
    case 'class':
      return [1, 1];
    case 'seq':
      return node.items.map(lengthRange).reduce(([a, b], [c, d]) => [a + c, b + d], [0, 0]);
    case 'alt': {
      const rs = node.options.map(lengthRange);
      return [Math.min(...rs.map((r) => r[0])), Math.max(...rs.map((r) => r[1]))];
    }
    case 'repeat': {
      const [lo, hi] = lengthRange(node.node);
      return [lo * node.min, node.max === 0 ? 0 : hi * node.max];
    }
  }
}

/**
 * Cheap proofs that one iteration of X never matches what several do (X ∩ XX+ = ∅), tried
 * before building automata: (a) every X is shorter than two Xs; (b) X has a mandatory
 * character class whose characters occur nowhere else in X, so each iteration holds exactly one;
 * (c) X = A·B (or B·A) with A and B non-nullable and no character in both: every X is one run of
 * A's characters then a non-empty run of others, while XX holds two such runs.
 */
function iterationClearlyUnambiguous(body: RegexNode): boolean {
  const [lo, hi] = lengthRange(body);
  if (lo > 0 && hi < 2 * lo) return true;
  const items = body.t === 'seq' ? body.items : [body];
  if (items.some((item, i) => item.t === 'class' && items.every((other, j) => j === i || intersectRanges(item.ranges, charSet(other)).length === 0)))
    return true;
  if (items.length >= 2) {
    for (const [edge, rest] of [
      [items[0]!, items.slice(1)],
      [items[items.length - 1]!, items.slice(0, -1)],
    ] as const) {
      if (nullable(edge) || rest.every(nullable)) continue;
      const restChars = rest.flatMap(charSet);
      if (intersectRanges(charSet(edge), normalizeRanges(restChars)).length === 0) return true;
    }
  }
  return false;
}

function containsRepeatOrAlt(node: RegexNode): boolean {
  switch (node.t) {
    case 'repeat':
      return node.max > 1 || containsRepeatOrAlt(node.node);
    case 'alt':
      return true;
    case 'seq':
      return node.items.some(containsRepeatOrAlt);
    default:
      return false;
  }
}

/**
 * The first exponential-backtracking hazard in the tree, or null. Under a repeat that can
 * iterate, (1) a string matched by one iteration must not also be matched by several
 * (X ∩ XX+ = ∅, e.g. (a+)+ or (\w+\s?)* fail, (_[a-z]+)* passes), and (2) the options of an
 * alternation must not overlap (e.g. (a|a)* or (\w|\d)+ fail, (a|ab)* passes).
 */
export function backtrackingHazard(node: RegexNode, maxStates = DEFAULT_PATTERN_STATE_BUDGET, underRepeat = false): string | null {
  switch (node.t) {
    case 'seq':
      for (const item of node.items) {
        const h = backtrackingHazard(item, maxStates, underRepeat);
        if (h) return h;
      }
      return null;
    case 'alt':
      if (underRepeat) {
        for (let i = 0; i < node.options.length; i++) {
          for (let j = i + 1; j < node.options.length; j++) {
            if (overlaps(node.options[i]!, node.options[j]!, maxStates)) {
              return `alternatives /${printRegex(node.options[i]!)}/ and /${printRegex(node.options[j]!)}/ overlap inside a repetition (exponential backtracking)`;
            }
          }
        }
      }
      for (const option of node.options) {
        const h = backtrackingHazard(option, maxStates, underRepeat);
        if (h) return h;
      }
      return null;
    case 'repeat': {
      const iterates = node.max > 1;
      if (iterates && containsRepeatOrAlt(node.node) && !iterationClearlyUnambiguous(node.node)) {
        const body = node.node;
        const once = body;
        const many: RegexNode = { t: 'seq', items: [body, { t: 'repeat', node: body, min: 1, max: Infinity, lazy: false }] };
        if (overlaps(once, many, maxStates)) {
          return `nested quantifier in /${printRegex(node)}/: one iteration of /${printRegex(body)}/ matches the same text as several (exponential backtracking)`;
        }
      }
      return backtrackingHazard(node.node, maxStates, underRepeat || iterates);
    }
    default:
      return null;
  }
}

// Verdicts are pure functions of (pattern, mode, budget); a bounded memo spares rebuilding
// the DFAs of patterns seen before (the signature regex of a language is the costly one).
const VERDICT_MEMO_LIMIT = 512;
const verdictMemo = new Map<string, SafetyVerdict>();

/** Checks a user or generated pattern; on success gives its DFA (in the requested mode) and tree. */
export function checkPatternSafety(source: string, options: SafetyOptions = {}): SafetyVerdict {
  const key = `${options.mode ?? 'full'}\u0000${options.maxStates ?? DEFAULT_PATTERN_STATE_BUDGET}\u0000${source}`;
  const known = verdictMemo.get(key);
  if (known !== undefined) return known;
  const verdict = checkPatternSafetyUncached(source, options);
  if (verdictMemo.size >= VERDICT_MEMO_LIMIT) verdictMemo.delete(verdictMemo.keys().next().value!);
  verdictMemo.set(key, verdict);
  return verdict;
}

function checkPatternSafetyUncached(source: string, options: SafetyOptions): SafetyVerdict {
  const maxStates = options.maxStates ?? DEFAULT_PATTERN_STATE_BUDGET;
  if (source.length === 0) return { ok: false, reason: 'empty pattern: it constrains nothing' };
  let ast: RegexNode;
  try {
    ast = parseRegexAst(source);
  } catch (error) {
    if (error instanceof RegexParseError) return { ok: false, reason: error.message };
    throw error;
  }
  let dfa: Dfa;
  try {
    dfa = memoDfa(source, options.mode ?? 'full', maxStates);
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'RegexSyntaxError' || name === 'UnsupportedRegexError' || name === 'StateBudgetError') return { ok: false, reason: (error as Error).message };
    throw error;
  }
  const hazard = backtrackingHazard(ast, maxStates);
  if (hazard !== null) return { ok: false, reason: `unsafe regex /${source}/: ${hazard}` };
  return { ok: true, dfa, ast };
}

/**
 * A regex Braid composed itself from checked parts (the signature regex of a code grammar).
 * `shape` is the same tree with each `opaque` part replaced by a superset of its language (the
 * type-name alternation by a run of its characters), so the shape does not depend on which names
 * a project declares.
 */
export interface ComposedPattern {
  source: string;
  /** The tree `source` was printed from, when the caller has it (spares a re-parse). */
  ast?: RegexNode;
  shape: RegexNode;
  opaque: RegexNode[];
}

export type ComposedVerdict = { ok: true } | { ok: false; reason: string };

/** Thompson-NFA positions of a tree (bounded repeats unrolled), the size a regex engine compiles. */
function positions(node: RegexNode): number {
  switch (node.t) {
    case 'empty':
    case 'anchor':
    case 'boundary':
      return 0;
    case 'class':
      return 1;
    case 'seq':
      return node.items.reduce((n, i) => n + positions(i), 0);
    case 'alt':
      return node.options.reduce((n, o) => n + positions(o), 0);
    case 'repeat':
      return positions(node.node) * (node.max === Infinity ? node.min + 1 : node.max);
  }
}

const hazardMemo = new Map<string, string | null>();

function memoHazard(node: RegexNode, maxStates: number, underRepeat: boolean): string | null {
  const key = `${maxStates}\u0000${underRepeat ? 1 : 0}\u0000${printRegex(node)}`;
  let known = hazardMemo.get(key);
  if (known === undefined) {
    known = backtrackingHazard(node, maxStates, underRepeat);
    if (hazardMemo.size >= VERDICT_MEMO_LIMIT) hazardMemo.delete(hazardMemo.keys().next().value!);
    hazardMemo.set(key, known);
  }
  return known;
}

/**
 * Checks a composed regex without building its DFA. Why that is enough:
 * - syntax and regularity are read from the emitted source by both parsers (no automaton needed);
 * - every backtracking condition is an emptiness, X ∩ XX+ = ∅ at a repeat or A ∩ B = ∅ between
 *   alternatives under a repeat, and emptiness survives shrinking the languages involved: a
 *   condition that holds on the shape holds on the pattern, whose sub-languages are subsets.
 *   The conditions inside an opaque part are checked on the part itself, as if under a repeat;
 * - the state budget stands for "an engine can compile it": the emitted regex goes to
 *   backtracking engines (Maze's validation) and never through Braid's product constructions, so
 *   it is bounded by its Thompson-NFA size (the automata library's own NFA limit,
 *   max(100 000, 10·maxStates)) instead of a subset construction that costs 30–300 ms per
 *   language and would have to be redone for every new set of type names.
 */
export function checkComposedPatternSafety(pattern: ComposedPattern, options: { maxStates?: number } = {}): ComposedVerdict {
  const maxStates = options.maxStates ?? DEFAULT_PATTERN_STATE_BUDGET;
  const { source } = pattern;
  if (source.length === 0) return { ok: false, reason: 'empty pattern: it constrains nothing' };
  let ast: RegexNode;
  try {
    checkRegexSyntax(source);
    ast = pattern.ast ?? parseRegexAst(source);
  } catch (error) {
    const name = (error as Error).name;
    if (error instanceof RegexParseError || name === 'RegexSyntaxError' || name === 'UnsupportedRegexError')
      return { ok: false, reason: (error as Error).message };
    throw error;
  }
  const limit = Math.max(100_000, 10 * maxStates);
  const size = positions(ast);
  if (size > limit) return { ok: false, reason: `regex /${source}/ has ${size} NFA positions, over the limit of ${limit}` };
  for (const part of pattern.opaque) {
    const hazard = memoHazard(part, maxStates, true);
    if (hazard !== null) return { ok: false, reason: `unsafe regex /${source}/: ${hazard}` };
  }
  // A hazard on the coarser shape may be spurious: then the pattern itself decides.
  const hazard = memoHazard(pattern.shape, maxStates, false) === null ? null : memoHazard(ast, maxStates, false);
  if (hazard !== null) return { ok: false, reason: `unsafe regex /${source}/: ${hazard}` };
  return { ok: true };
}
