// Decides whether a regex may be emitted: valid ECMAScript syntax, a regular language
// (no backreferences or lookaround), a DFA within the state budget, and no shape that
// makes a backtracking engine take exponential time (ambiguous iteration).
import { intersect, isEmpty, type Dfa } from '../automata/index.ts';
import { memoDfa } from './dfa-memo.ts';
import { intersectRanges, firstSet, nullable, charSet, parseRegexAst, printRegex, RegexParseError, type RegexNode } from './regex-ast.ts';

export const DEFAULT_PATTERN_STATE_BUDGET = 2_000;

export type SafetyVerdict =
  | { ok: true; dfa: Dfa; ast: RegexNode }
  | { ok: false; reason: string };

export interface SafetyOptions {
  mode?: 'full' | 'search';
  maxStates?: number;
}

function dfaOf(source: string, maxStates: number): Dfa | null {
  try { return memoDfa(source, 'full', maxStates); } catch { return null; }
}

/** Languages of two sub-patterns overlap (decided on their DFAs; conservative `true` when unknown). */
function overlaps(a: RegexNode, b: RegexNode, maxStates: number): boolean {
  if (nullable(a) && nullable(b)) return true;
  // Non-empty strings in both would start with a shared character.
  if (intersectRanges(firstSet(a), firstSet(b)).length === 0) return false;
  const da = dfaOf(printRegex(a), maxStates);
  const db = dfaOf(printRegex(b), maxStates);
  if (da === null || db === null) return intersectRanges(firstSet(a), firstSet(b)).length > 0;
  try { return !isEmpty(intersect(da, db, { maxStates })); } catch { return true; }
}

function lengthRange(node: RegexNode): [number, number] {
  switch (node.t) {
    case 'empty': case 'anchor': case 'boundary': return [0, 0];
    case 'class': return [1, 1];
    case 'seq': return node.items.map(lengthRange).reduce(([a, b], [c, d]) => [a + c, b + d], [0, 0]);
    case 'alt': { const rs = node.options.map(lengthRange); return [Math.min(...rs.map((r) => r[0])), Math.max(...rs.map((r) => r[1]))]; }
    case 'repeat': { const [lo, hi] = lengthRange(node.node); return [lo * node.min, node.max === 0 ? 0 : hi * node.max]; }
  }
}

/**
 * Cheap proofs that one iteration of X never matches what several do (X ∩ XX+ = ∅), tried
 * before building automata: (a) every X is shorter than two Xs; (b) X has a mandatory
 * character class whose characters occur nowhere else in X, so each iteration holds exactly one.
 */
function iterationClearlyUnambiguous(body: RegexNode): boolean {
  const [lo, hi] = lengthRange(body);
  if (lo > 0 && hi < 2 * lo) return true;
  const items = body.t === 'seq' ? body.items : [body];
  return items.some((item, i) => item.t === 'class' && items.every((other, j) => j === i || intersectRanges(item.ranges, charSet(other)).length === 0));
}

function containsRepeatOrAlt(node: RegexNode): boolean {
  switch (node.t) {
    case 'repeat': return node.max > 1 || containsRepeatOrAlt(node.node);
    case 'alt': return true;
    case 'seq': return node.items.some(containsRepeatOrAlt);
    default: return false;
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
      for (const item of node.items) { const h = backtrackingHazard(item, maxStates, underRepeat); if (h) return h; }
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
      for (const option of node.options) { const h = backtrackingHazard(option, maxStates, underRepeat); if (h) return h; }
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
