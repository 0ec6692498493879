// Constraints as DFAs (a regex, minus forbidden patterns) and per-state token masks with a cache.
import { complement, intersect, regexToDfa, step, type Dfa } from '../automata/index.ts';
import { maskClasses } from './equivalence.ts';
import { fillMask } from './mask-walk.ts';
import { buildTokenTrie, maskWords, type TokenTrie } from './trie.ts';
import { tokenBytes, type Vocabulary } from './vocabulary.ts';

export interface ConstraintOptions {
  /** Patterns that must not occur anywhere in the output (each is searched for, then excluded). */
  forbid?: readonly string[];
  flags?: string;
  maxStates?: number;
}

/** The DFA of strings that fully match `regex` and contain none of the forbidden patterns. */
export function constraintDfa(regex: string, options: ConstraintOptions = {}): Dfa {
  const budget = options.maxStates === undefined ? {} : { maxStates: options.maxStates };
  let dfa = regexToDfa(regex, { ...budget, ...(options.flags === undefined ? {} : { flags: options.flags }) });
  for (const pattern of options.forbid ?? []) {
    const occurs = regexToDfa(pattern, { ...budget, mode: 'search', ...(options.flags === undefined ? {} : { flags: options.flags }) });
    dfa = intersect(dfa, complement(occurs), budget);
  }
  return dfa;
}

const tries = new WeakMap<Vocabulary, TokenTrie>();

/** The token trie of a vocabulary, built once per vocabulary object. */
export function tokenTrie(vocab: Vocabulary): TokenTrie {
  let trie = tries.get(vocab);
  if (!trie) tries.set(vocab, (trie = buildTokenTrie(vocab)));
  return trie;
}

/**
 * Masks of one constraint over one vocabulary, computed on first use per DFA state and kept.
 * States that no token-length string tells apart (maskClasses) share one mask object.
 */
export class MaskCache {
  readonly dfa: Dfa;
  readonly trie: TokenTrie;
  readonly words: number;
  private readonly masks = new Map<number, Uint32Array>();
  private readonly byClass = new Map<number, Uint32Array>();
  private classes: Int32Array | null | undefined = undefined;

  constructor(vocab: Vocabulary, dfa: Dfa) {
    this.dfa = dfa;
    this.trie = tokenTrie(vocab);
    this.words = maskWords(vocab.size);
  }

  get vocabulary(): Vocabulary {
    return this.trie.vocabulary;
  }

  /** The mask of allowed tokens in a DFA state (shared: do not modify it). */
  mask(state: number): Uint32Array {
    let mask = this.masks.get(state);
    if (!mask) {
      if (this.classes === undefined) this.classes = this.dfa.stateCount > 1 ? maskClasses(this.dfa, this.trie.maxDepth) : null;
      const cls = this.classes && state >= 0 ? this.classes[state]! : -1;
      mask = cls >= 0 ? this.byClass.get(cls) : undefined;
      if (!mask) {
        mask = new Uint32Array(this.words);
        fillMask(this.trie, this.dfa, state, mask);
        if (cls >= 0) this.byClass.set(cls, mask);
      }
      this.masks.set(state, mask);
    }
    return mask;
  }

  /** Distinct mask objects held (each V/8 bytes). */
  get distinctMasks(): number {
    return new Set(this.masks.values()).size;
  }

  get cachedStates(): number {
    return this.masks.size;
  }

  /** The state after a normal token's bytes, or -1. */
  advance(state: number, tokenId: number): number {
    const bytes = tokenBytes(this.vocabulary, tokenId);
    let s = state;
    for (let i = 0; i < bytes.length && s >= 0; i++) s = step(this.dfa, s, bytes[i]!);
    return s;
  }
}

export function isAllowed(mask: Uint32Array, id: number): boolean {
  return ((mask[id >>> 5]! >>> (id & 31)) & 1) === 1;
}

export function countAllowed(mask: Uint32Array): number {
  let total = 0;
  for (let i = 0; i < mask.length; i++) {
    let v = mask[i]!;
    v = v - ((v >>> 1) & 0x55555555);
    v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
    total += (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
  }
  return total;
}

export interface TokenMask {
  /** The vocabulary's name ('o200k', 'cl100k', 'llama3' or a hand-made one). */
  vocabulary: string;
  /** Number of token ids the mask covers (bits); mask.length = ⌈size/32⌉. */
  size: number;
  /** Bit i of word i>>5 set = token i allowed (llguidance/XGrammar layout). */
  mask: Uint32Array;
}

/** The mask of the first decoding step under a regex constraint (see ConstraintOptions for forbidden patterns). */
export function maskForRegex(vocab: Vocabulary, regex: string, options: ConstraintOptions = {}): TokenMask {
  const dfa = constraintDfa(regex, options);
  const mask = new Uint32Array(maskWords(vocab.size));
  fillMask(tokenTrie(vocab), dfa, dfa.start, mask);
  return { vocabulary: vocab.name, size: vocab.size, mask };
}
