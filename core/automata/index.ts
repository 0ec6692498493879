// Public API of the byte-level automata library: regex to minimal DFA, and the language operations.
//
// Semantics (decided here, documented for Braid and users):
// - Patterns are ECMAScript regex source, read with Unicode-mode (u flag) meaning whether or not
//   'u' is given: literals, \u{…} and \uXXXX (surrogate pairs combined) are code points; classes and
//   `.` match whole code points, lowered to UTF-8 byte sequences. `.` is any code point except
//   \n \r U+2028 U+2029 (the s flag makes it any code point). Surrogates have no UTF-8 encoding and
//   never match.
// - ^ and $ are assertions at the very start/end of the text, allowed anywhere in the pattern
//   (so `a^b` is empty). \b and \B are supported everywhere: the DFA tracks whether the previous
//   byte was an ASCII word byte and checks the next byte (their language is regular).
// - Flags: i (Unicode simple case folding, from the runtime's tables), s, and g/u/d (ignored).
//   m, y and v raise UnsupportedRegexError. Lookaround and backreferences raise UnsupportedRegexError.
// - mode 'full' (default): the whole text matches. mode 'search': the pattern occurs somewhere in
//   the text, like RegExp.prototype.test; the text around it is any bytes.
// - Budgets: `maxStates` (default 10 000) bounds the unminimised DFA of the subset and product
//   constructions; the NFA is bounded by max(100 000, 10·maxStates) states.
import { parseFlags, parseRegex } from './regex-parser.ts';
import { buildNfa } from './nfa.ts';
import { DEFAULT_MAX_STATES, determinize, type Dfa } from './dfa.ts';

export { RegexSyntaxError, UnsupportedRegexError, StateBudgetError } from './errors.ts';
export { regexesOverlap } from './overlap.ts';
export { type SerializedDfa, serializeDfa, deserializeDfa } from './serialize.ts';
export {
  type Dfa,
  DEFAULT_MAX_STATES,
  createDfa,
  minimize,
  intersect,
  union,
  complement,
  isEmpty,
  isSubset,
  counterexample,
  equivalent,
  matches,
  shortestMember,
  step,
  canReachAccept,
} from './dfa.ts';

export interface RegexToDfaOptions {
  maxStates?: number;
  mode?: 'full' | 'search';
  flags?: string;
}

/**
 * Reads a pattern as `regexToDfa` would, without building any automaton: throws RegexSyntaxError
 * or UnsupportedRegexError exactly when `regexToDfa` would for those reasons.
 */
export function checkRegexSyntax(source: string, flags = ''): void {
  parseRegex(source, parseFlags(source, flags));
}

/** The minimal byte-level DFA of an ECMAScript regex (see the semantics above). */
export function regexToDfa(source: string, options: RegexToDfaOptions = {}): Dfa {
  const maxStates = options.maxStates ?? DEFAULT_MAX_STATES;
  const mode = options.mode ?? 'full';
  const flags = parseFlags(source, options.flags ?? '');
  const tree = parseRegex(source, flags);
  const what = `regex /${source}/${options.flags ?? ''}${mode === 'search' ? ' (search mode)' : ''}`;
  const nfa = buildNfa(tree, mode, Math.max(100_000, 10 * maxStates), what);
  return determinize(nfa, maxStates, what);
}
