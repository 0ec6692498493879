// The token trie in flat arrays, depth-first, and the mask walk that skips a whole subtree on a dead transition.
import type { Dfa } from '../automata/index.ts';
import { NORMAL, type Vocabulary } from './vocabulary.ts';

/**
 * Node 0 is the root (empty prefix). Nodes are in depth-first preorder with children in byte order,
 * so a node's subtree is the range [i, i + subtreeSize[i]); skipping it is one addition (the
 * layout of llguidance's toktrie).
 */
export interface TokenTrie {
  readonly vocabulary: Vocabulary;
  readonly nodeCount: number;
  /** The byte on the edge into the node (0 for the root). */
  readonly byte: Uint8Array;
  readonly depth: Uint16Array;
  readonly subtreeSize: Uint32Array;
  /** The first token id ending at the node, or -1. */
  readonly token: Int32Array;
  /** Further ids with the same bytes (several ids sharing one byte string), by node. */
  readonly extraTokens: ReadonlyMap<number, readonly number[]>;
  readonly maxDepth: number;
}

/**
 * Builds the trie of a vocabulary's normal tokens by a most-significant-byte-first radix sort:
 * each group of tokens sharing a prefix is split by its next byte, and every non-empty bucket, in
 * byte order, is the next child, so nodes come out in depth-first preorder. Linear in the total
 * token bytes (a comparison sort of 200k keys took most of the time).
 */
export function buildTokenTrie(vocab: Vocabulary): TokenTrie {
  const { bytes, offsets, kinds } = vocab;
  let n = 0;
  for (let id = 0; id < vocab.size; id++) if (kinds[id] === NORMAL) n++;
  const order = new Int32Array(n);
  const scratch = new Int32Array(n);
  let maxDepth = 0;
  n = 0;
  for (let id = 0; id < vocab.size; id++) {
    if (kinds[id] !== NORMAL) continue;
    order[n++] = id;
    maxDepth = Math.max(maxDepth, offsets[id + 1]! - offsets[id]!);
  }
  // Nodes never outnumber token bytes (plus the root).
  const capacity = bytes.length + 1;
  const byte = new Uint8Array(capacity);
  const depth = new Uint16Array(capacity);
  const subtreeSize = new Uint32Array(capacity);
  const token = new Int32Array(capacity).fill(-1);
  const extraTokens = new Map<number, number[]>();
  const counts = new Int32Array(257);
  let count = 1;

  const lengthOf = (id: number): number => offsets[id + 1]! - offsets[id]!;
  const byteAt = (id: number, d: number): number => bytes[offsets[id]! + d]!;

  function split(lo: number, hi: number, d: number, node: number): void {
    // Tokens that end here come first, lowest id first (so duplicates list in id order).
    let ended = lo;
    for (let i = lo; i < hi; i++) {
      const id = order[i]!;
      if (lengthOf(id) === d) (order[i] = order[ended]!), (order[ended++] = id);
    }
    if (ended === lo + 1) token[node] = order[lo]!;
    else if (ended > lo) {
      const here = Array.from(order.subarray(lo, ended)).sort((a, b) => a - b);
      token[node] = here[0]!;
      extraTokens.set(node, here.slice(1));
    }
    if (hi - ended > 24) {
      counts.fill(0);
      for (let i = ended; i < hi; i++) counts[byteAt(order[i]!, d) + 1]!++;
      for (let b = 0; b < 256; b++) counts[b + 1]! += counts[b]!;
      for (let i = ended; i < hi; i++) {
        const id = order[i]!;
        scratch[ended + counts[byteAt(id, d)]!++] = id;
      }
      order.set(scratch.subarray(ended, hi), ended);
    } else {
      // Small groups: insertion sort by the byte at d.
      for (let i = ended + 1; i < hi; i++) {
        const id = order[i]!;
        const key = byteAt(id, d);
        let j = i - 1;
        while (j >= ended && byteAt(order[j]!, d) > key) (order[j + 1] = order[j]!), j--;
        order[j + 1] = id;
      }
    }
    for (let start = ended; start < hi; ) {
      const b = byteAt(order[start]!, d);
      let stop = start + 1;
      while (stop < hi && byteAt(order[stop]!, d) === b) stop++;
      const child = count++;
      byte[child] = b;
      depth[child] = d + 1;
      split(start, stop, d + 1, child);
      start = stop;
    }
    subtreeSize[node] = count - node;
  }

  split(0, n, 0, 0);
  return {
    vocabulary: vocab,
    nodeCount: count,
    byte: byte.slice(0, count),
    depth: depth.slice(0, count),
    subtreeSize: subtreeSize.slice(0, count),
    token: token.slice(0, count),
    extraTokens,
    maxDepth,
  };
}

/** The number of words of a mask over `size` ids (bit i of word i>>5 = id i). */
export function maskWords(size: number): number {
  return (size + 31) >>> 5;
}

/**
 * The plain depth-first walk: sets in `mask` (zeroed) the bit of every normal token whose bytes,
 * walked from `state`, stay where an accepting state is still reachable, and the EOS bits when
 * `state` accepts. fillMask (mask-walk.ts) computes the same faster; this is its reference.
 */
export function fillMaskByWalk(trie: TokenTrie, dfa: Dfa, state: number, mask: Uint32Array): void {
  const { byte, depth, subtreeSize, token, nodeCount } = trie;
  const transitions = dfa.transitions;
  const live = dfa.live;
  if (state < 0 || !live[state]) return;
  const stateAt = new Int32Array(trie.maxDepth + 1);
  stateAt[0] = state;
  const extra = trie.extraTokens;
  let i = 1;
  while (i < nodeCount) {
    const d = depth[i]!;
    const next = transitions[stateAt[d - 1]! * 256 + byte[i]!]!;
    if (next < 0 || live[next] === 0) {
      i += subtreeSize[i]!;
      continue;
    }
    stateAt[d] = next;
    const id = token[i]!;
    if (id >= 0) {
      mask[id >>> 5]! |= 1 << (id & 31);
      if (extra.size > 0) {
        const more = extra.get(i);
        if (more) for (const other of more) mask[other >>> 5]! |= 1 << (other & 31);
      }
    }
    i++;
  }
  if (dfa.accepting[state]) for (const id of trie.vocabulary.eos) mask[id >>> 5]! |= 1 << (id & 31);
}
