// A constrained-decoding loop without a model: a chooser picks among the allowed tokens, the DFA advances, EOS stops.
import { isAllowed, type MaskCache } from './masks.ts';
import { tokenBytes, NORMAL, type Vocabulary } from './vocabulary.ts';
import { seededRandom } from '../random.ts';

export { seededRandom };

export interface ChoiceContext {
  step: number;
  state: number;
  vocabulary: Vocabulary;
}

/** Picks one allowed token id from a mask (stands in for a model's sampler). */
export interface TokenChooser {
  choose(mask: Uint32Array, context: ChoiceContext): number;
}

function popcount(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

const normalBits = new WeakMap<Vocabulary, Uint32Array>();

/** Bitmask of a vocabulary's normal (non-special, used) ids. */
function normalIds(vocabulary: Vocabulary): Uint32Array {
  let bits = normalBits.get(vocabulary);
  if (!bits) {
    bits = new Uint32Array((vocabulary.size + 31) >>> 5);
    for (let id = 0; id < vocabulary.size; id++) if (vocabulary.kinds[id] === NORMAL) bits[id >>> 5]! |= 1 << (id & 31);
    normalBits.set(vocabulary, bits);
  }
  return bits;
}

/**
 * Running counts of allowed normal tokens at every 256th word, per mask: masks from a MaskCache
 * are shared and never change, so counting once makes each later pick cost ~256 words at most.
 */
const BLOCK = 256;
const blockCounts = new WeakMap<Uint32Array, Int32Array>();

function countsOf(mask: Uint32Array, normal: Uint32Array): Int32Array {
  let counts = blockCounts.get(mask);
  if (!counts) {
    const blocks = Math.ceil(mask.length / BLOCK);
    counts = new Int32Array(blocks + 1);
    let n = 0;
    for (let w = 0; w < mask.length; w++) {
      if (w % BLOCK === 0) counts[w / BLOCK] = n;
      n += popcount(mask[w]! & normal[w]!);
    }
    counts[blocks] = n;
    blockCounts.set(mask, counts);
  }
  return counts;
}

/** The n-th (0-based) allowed normal id: find its block by the running counts, then its word by population counts. */
function nthNormal(mask: Uint32Array, normal: Uint32Array, counts: Int32Array, n: number): number {
  let block = 0;
  while (block + 1 < counts.length - 1 && counts[block + 1]! <= n) block++;
  n -= counts[block]!;
  for (let w = block * BLOCK; w < mask.length; w++) {
    let word = mask[w]! & normal[w]!;
    const count = popcount(word);
    if (n >= count) {
      n -= count;
      continue;
    }
    while (n-- > 0) word &= word - 1;
    return (w << 5) | (31 - Math.clz32(word & -word));
  }
  return -1;
}

/**
 * Uniform among the allowed normal tokens; where EOS is allowed it is taken with probability
 * `eosProbability` (default 0.3), and always when nothing else is allowed.
 */
export function seededRandomChooser(seed: number, options: { eosProbability?: number } = {}): TokenChooser {
  const random = seededRandom(seed);
  const eosProbability = options.eosProbability ?? 0.3;
  return {
    choose(mask, { vocabulary }) {
      const normal = normalIds(vocabulary);
      const eos = vocabulary.eos.find((id) => isAllowed(mask, id));
      const counts = countsOf(mask, normal);
      const allowed = counts[counts.length - 1]!;
      if (eos !== undefined && (allowed === 0 || random() < eosProbability)) return eos;
      if (allowed === 0) return -1;
      return nthNormal(mask, normal, counts, Math.floor(random() * allowed));
    },
  };
}

function lowestAllowed(mask: Uint32Array): number {
  for (let w = 0; w < mask.length; w++) if (mask[w] !== 0) return (w << 5) | (31 - Math.clz32(mask[w]! & -mask[w]!));
  return -1;
}

/** The first allowed id of a fixed preference list, else `fallback` (default: the lowest allowed id). */
export function preferenceChooser(preferred: readonly number[], fallback?: TokenChooser): TokenChooser {
  return {
    choose(mask, context) {
      for (const id of preferred) if (id < context.vocabulary.size && isAllowed(mask, id)) return id;
      if (fallback) return fallback.choose(mask, context);
      return lowestAllowed(mask);
    },
  };
}

/** The allowed id with the highest score (ties: lowest id); scores every allowed id, so slower. */
export function scoreChooser(score: (id: number, step: number) => number): TokenChooser {
  return {
    choose(mask, { step }) {
      let best = -1;
      let bestScore = -Infinity;
      for (let w = 0; w < mask.length; w++) {
        let word = mask[w]!;
        while (word !== 0) {
          const id = (w << 5) | (31 - Math.clz32(word & -word));
          word &= word - 1;
          const s = score(id, step);
          if (s > bestScore) (bestScore = s), (best = id);
        }
      }
      return best;
    },
  };
}

export interface DecodeResult {
  tokens: number[];
  /** The output bytes (normal tokens only). */
  bytes: Uint8Array;
  text: string;
  stoppedBy: 'eos' | 'max-tokens' | 'no-allowed-token';
  /** Whether the constraint accepts the output as it stands. */
  accepted: boolean;
}

/** Decodes up to `maxTokens` tokens, each allowed by the mask of the current state. */
export function constrainedDecode(cache: MaskCache, chooser: TokenChooser, options: { maxTokens: number }): DecodeResult {
  const vocab = cache.vocabulary;
  const tokens: number[] = [];
  const pieces: Uint8Array[] = [];
  let state = cache.dfa.start;
  let stoppedBy: DecodeResult['stoppedBy'] = 'max-tokens';
  for (let stepIndex = 0; stepIndex < options.maxTokens; stepIndex++) {
    const mask = cache.mask(state);
    const id = chooser.choose(mask, { step: stepIndex, state, vocabulary: vocab });
    if (id < 0) {
      stoppedBy = 'no-allowed-token';
      break;
    }
    if (!isAllowed(mask, id)) throw new Error(`chooser picked token ${id}, which the mask does not allow`);
    tokens.push(id);
    if (vocab.eos.includes(id)) {
      stoppedBy = 'eos';
      break;
    }
    if (vocab.kinds[id] !== NORMAL) throw new Error(`chooser picked special token ${id}, which is not EOS`);
    pieces.push(tokenBytes(vocab, id));
    state = cache.advance(state, id);
  }
  const total = pieces.reduce((n, p) => n + p.length, 0);
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const p of pieces) bytes.set(p, at), (at += p.length);
  return {
    tokens,
    bytes,
    text: new TextDecoder().decode(bytes),
    stoppedBy,
    accepted: state >= 0 && cache.dfa.accepting[state] === 1,
  };
}
