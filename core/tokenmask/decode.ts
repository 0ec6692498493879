// A constrained-decoding loop without a model: a chooser picks among the allowed tokens, the DFA advances, EOS stops.
import { countAllowed, isAllowed, type MaskCache } from './masks.ts';
import { tokenBytes, NORMAL, type Vocabulary } from './vocabulary.ts';

export interface ChoiceContext {
  step: number;
  state: number;
  vocabulary: Vocabulary;
}

/** Picks one allowed token id from a mask (stands in for a model's sampler). */
export interface TokenChooser {
  choose(mask: Uint32Array, context: ChoiceContext): number;
}

/** mulberry32: a small seeded PRNG, so samples are reproducible on every runtime. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The index of the n-th (0-based) set bit among the ids the predicate keeps. */
function nthAllowed(mask: Uint32Array, n: number, keep: (id: number) => boolean): number {
  for (let w = 0; w < mask.length; w++) {
    let word = mask[w]!;
    while (word !== 0) {
      const bit = 31 - Math.clz32(word & -word);
      const id = (w << 5) | bit;
      word &= word - 1;
      if (keep(id) && n-- === 0) return id;
    }
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
      const eos = vocabulary.eos.find((id) => isAllowed(mask, id));
      const allowedEos = vocabulary.eos.filter((id) => isAllowed(mask, id)).length;
      const normal = countAllowed(mask) - allowedEos - countSpecialAllowed(mask, vocabulary);
      if (eos !== undefined && (normal === 0 || random() < eosProbability)) return eos;
      if (normal === 0) return -1;
      return nthAllowed(mask, Math.floor(random() * normal), (id) => vocabulary.kinds[id] === NORMAL);
    },
  };
}

function countSpecialAllowed(mask: Uint32Array, vocabulary: Vocabulary): number {
  let n = 0;
  for (const id of vocabulary.specialTokens.values()) if (isAllowed(mask, id) && !vocabulary.eos.includes(id)) n++;
  return n;
}

/** The first allowed id of a fixed preference list, else `fallback` (default: the lowest allowed id). */
export function preferenceChooser(preferred: readonly number[], fallback?: TokenChooser): TokenChooser {
  return {
    choose(mask, context) {
      for (const id of preferred) if (id < context.vocabulary.size && isAllowed(mask, id)) return id;
      if (fallback) return fallback.choose(mask, context);
      return nthAllowed(mask, 0, () => true);
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
