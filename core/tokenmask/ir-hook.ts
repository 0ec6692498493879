// Braid's IR meets the vocabulary: the whole-output constraint's DFA, its masks over a vocabulary's
// token ids, and their JSON forms (a mask as base64 of little-endian uint32 words, the DFA as byte ranges).
import type { RegexPattern, SerializedDfa, TokenMasks } from '../braid/ir.ts';
import { complement, createDfa, intersect, regexToDfa, type Dfa } from '../automata/index.ts';
import { MaskCache, countAllowed } from './masks.ts';
import { maskWords } from './trie.ts';
import type { Vocabulary } from './vocabulary.ts';

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

/** A mask as base64 of its words in little-endian order (the same bytes on every platform). */
export function encodeMask(mask: Uint32Array): string {
  const bytes = new Uint8Array(mask.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < mask.length; i++) view.setUint32(i * 4, mask[i]!, true);
  let binary = '';
  // btoa takes a binary string; built in chunks so a 200k-token mask (25 KB) needs no huge argument list.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Decodes encodeMask's text for a vocabulary of `size` ids; throws on a wrong length or bits past `size`. */
export function decodeMask(text: string, size: number): Uint32Array {
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    throw new Error('token mask: not base64 text');
  }
  const words = maskWords(size);
  if (binary.length !== words * 4) throw new Error(`token mask: ${binary.length} bytes, expected ${words * 4} for ${size} token ids`);
  const mask = new Uint32Array(words);
  for (let i = 0; i < words; i++) {
    const at = i * 4;
    mask[i] = (binary.charCodeAt(at) | (binary.charCodeAt(at + 1) << 8) | (binary.charCodeAt(at + 2) << 16) | (binary.charCodeAt(at + 3) << 24)) >>> 0;
  }
  if (size % 32 !== 0 && mask[words - 1]! >>> (size % 32) !== 0) throw new Error(`token mask: bits set past token id ${size - 1}`);
  return mask;
}

/** The ids whose bit is set (allowed) or clear (banned) in a mask over `size` ids, ascending. */
export function maskIds(mask: Uint32Array, size: number, which: 'allowed' | 'banned' = 'allowed'): number[] {
  const ids: number[] = [];
  const want = which === 'allowed' ? 1 : 0;
  for (let id = 0; id < size; id++) if (((mask[id >>> 5]! >>> (id & 31)) & 1) === want) ids.push(id);
  return ids;
}

/** A DFA as byte ranges per state (see SerializedDfa). */
export function serializeDfa(dfa: Dfa): SerializedDfa {
  const transitions: number[][] = [];
  const accepting: number[] = [];
  for (let s = 0; s < dfa.stateCount; s++) {
    if (dfa.accepting[s]) accepting.push(s);
    const ranges: number[] = [];
    const row = s * 256;
    for (let b = 0; b < 256; ) {
      const target = dfa.transitions[row + b]!;
      let end = b;
      while (end + 1 < 256 && dfa.transitions[row + end + 1] === target) end++;
      if (target >= 0) ranges.push(b, end, target);
      b = end + 1;
    }
    transitions.push(ranges);
  }
  return { states: dfa.stateCount, start: dfa.start, accepting, transitions };
}

/** Reads serializeDfa's form back; throws naming the first malformed entry. */
export function deserializeDfa(json: SerializedDfa): Dfa {
  const n = json.states;
  if (!Number.isInteger(n) || n < 1) throw new Error(`dfa.states: expected a positive integer, got ${JSON.stringify(n)}`);
  const isState = (x: unknown): x is number => Number.isInteger(x) && (x as number) >= 0 && (x as number) < n;
  if (!isState(json.start)) throw new Error(`dfa.start: not a state (0..${n - 1})`);
  if (!Array.isArray(json.transitions) || json.transitions.length !== n) throw new Error(`dfa.transitions: expected ${n} rows`);
  const transitions = new Int32Array(n * 256).fill(-1);
  for (let s = 0; s < n; s++) {
    const ranges = json.transitions[s]!;
    if (!Array.isArray(ranges) || ranges.length % 3 !== 0) throw new Error(`dfa.transitions[${s}]: expected [lo, hi, target] triples`);
    for (let i = 0; i < ranges.length; i += 3) {
      const [lo, hi, target] = [ranges[i], ranges[i + 1], ranges[i + 2]];
      if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo! < 0 || hi! > 255 || lo! > hi! || !isState(target)) {
        throw new Error(`dfa.transitions[${s}][${i / 3}]: bad range ${JSON.stringify([lo, hi, target])}`);
      }
      transitions.fill(target, s * 256 + lo!, s * 256 + hi! + 1);
    }
  }
  const accepting = new Uint8Array(n);
  for (const s of json.accepting) {
    if (!isState(s)) throw new Error(`dfa.accepting: ${JSON.stringify(s)} is not a state`);
    accepting[s] = 1;
  }
  return createDfa(n, json.start, transitions, accepting);
}
