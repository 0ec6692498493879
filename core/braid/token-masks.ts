// Braid's IR meets a vocabulary: the whole-output constraint's DFA and its masks over the vocabulary's
// token ids, in the IR's JSON forms (a mask as base64 of little-endian uint32 words, the DFA as byte ranges).
// Braid depends on core/tokenmask here, never the other way round.
import type { RegexPattern, TokenMasks } from './ir.ts';
import { complement, intersect, regexToDfa, serializeDfa, type Dfa } from '../automata/index.ts';
import { MaskCache, countAllowed, encodeMask, type Vocabulary } from '../tokenmask/index.ts';

/** Only these targets constrain the generated text as a whole (Maze's wholeOutputRegexes uses the same). */
const WHOLE_OUTPUT_TARGETS = new Set(['code', 'output']);

/** Above this many DFA states the static mask (one mask per state, ORed) is not computed. */
export const DEFAULT_STATIC_MASK_STATE_LIMIT = 512;

export interface VocabularyMaskOptions {
  /** State budget of each automaton construction (core/automata's default when absent). */
  maxStates?: number;
  /** Skip the static mask when the DFA has more states than this. */
  staticMaskStateLimit?: number;
  /** Leave the serialised DFA out of the IR. */
  includeDfa?: boolean;
}

/** The IR's whole-output patterns: require patterns are intersected, forbid patterns searched for and excluded. */
export function wholeOutputPatterns(patterns: readonly RegexPattern[]): { require: RegexPattern[]; forbid: RegexPattern[] } {
  const onOutput = patterns.filter((p) => WHOLE_OUTPUT_TARGETS.has(p.target));
  return { require: onOutput.filter((p) => p.mode === 'require'), forbid: onOutput.filter((p) => p.mode === 'forbid') };
}

/** Any UTF-8 text: what the output is when no whole-output regex requires more. */
const ANY_TEXT = '[\\s\\S]*';

/** The DFA of outputs that match every require pattern and contain no forbid pattern. Throws StateBudgetError and regex errors. */
export function wholeOutputDfa(patterns: readonly RegexPattern[], options: { maxStates?: number } = {}): Dfa {
  const budget = options.maxStates === undefined ? {} : { maxStates: options.maxStates };
  const { require, forbid } = wholeOutputPatterns(patterns);
  let dfa = require.length === 0 ? regexToDfa(ANY_TEXT, budget) : regexToDfa(require[0]!.pattern, { ...budget, flags: require[0]!.flags });
  for (const p of require.slice(1)) dfa = intersect(dfa, regexToDfa(p.pattern, { ...budget, flags: p.flags }), budget);
  for (const p of forbid) dfa = intersect(dfa, complement(regexToDfa(p.pattern, { ...budget, flags: p.flags, mode: 'search' })), budget);
  return dfa;
}

/**
 * The vocabulary fields of the IR's token_masks for these patterns (see TokenMasks in braid/ir.ts).
 * Synchronous; costs a DFA construction, one mask for the start state and, within the state limit,
 * one per state for the static mask. Throws what wholeOutputDfa throws.
 */
export function vocabularyTokenMasks(vocab: Vocabulary, patterns: readonly RegexPattern[], options: VocabularyMaskOptions = {}): TokenMasks {
  const { require, forbid } = wholeOutputPatterns(patterns);
  const dfa = wholeOutputDfa(patterns, options);
  const cache = new MaskCache(vocab, dfa);
  const initial = cache.mask(dfa.start);
  const out: TokenMasks = {
    vocabulary: vocab.name,
    size: vocab.size,
    eos: [...vocab.eos],
    require: require.map((p) => p.pattern),
    forbid: forbid.map((p) => p.pattern),
    mask_encoding: 'base64-u32le',
    initial_mask: encodeMask(initial),
    initial_allowed: countAllowed(initial),
  };
  if (dfa.stateCount <= (options.staticMaskStateLimit ?? DEFAULT_STATIC_MASK_STATE_LIMIT)) {
    const union = staticMask(cache);
    out.static_mask = encodeMask(union);
    out.static_allowed = countAllowed(union);
  }
  if (options.includeDfa !== false) out.dfa = serializeDfa(dfa);
  return out;
}

/** The OR of every state's mask. The DFA is trimmed (every state reachable and live), so each state is one some output passes through. */
export function staticMask(cache: MaskCache): Uint32Array {
  const union = new Uint32Array(cache.words);
  for (let state = 0; state < cache.dfa.stateCount; state++) {
    const mask = cache.mask(state);
    for (let w = 0; w < union.length; w++) union[w]! |= mask[w]!;
  }
  return union;
}
