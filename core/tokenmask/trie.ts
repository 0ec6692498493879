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

/** Builds the trie of a vocabulary's normal tokens. */
export function buildTokenTrie(vocab: Vocabulary): TokenTrie {
  const { bytes, offsets, kinds } = vocab;
  // Keys of one UTF-16 code unit per byte sort natively in byte order. (Not TextDecoder('latin1'):
  // the WHATWG label means windows-1252, which reorders 0x80-0x9F, and runtimes differ on it.)
  const ids: number[] = [];
  const keys: string[] = [];
  for (let id = 0; id < vocab.size; id++) {
    if (kinds[id] !== NORMAL) continue;
    ids.push(id);
    keys.push(String.fromCharCode.apply(null, bytes.subarray(offsets[id]!, offsets[id + 1]!) as unknown as number[]));
  }
  const order = Array.from(ids.keys()).sort((x, y) => (keys[x]! < keys[y]! ? -1 : keys[x]! > keys[y]! ? 1 : ids[x]! - ids[y]!));

  let capacity = Math.max(16, bytes.length + 1);
  let byte = new Uint8Array(capacity);
  let depth = new Uint16Array(capacity);
  let subtreeSize = new Uint32Array(capacity);
  let token = new Int32Array(capacity).fill(-1);
  const extraTokens = new Map<number, number[]>();
  let count = 1; // the root
  let maxDepth = 0;
  // path[d] = node index at depth d on the current path.
  const path = new Int32Array(65536);
  let pathLength = 1; // the root
  let previous: Uint8Array = new Uint8Array(0);

  const closeTo = (length: number): void => {
    while (pathLength > length) {
      const node = path[--pathLength]!;
      subtreeSize[node] = count - node;
    }
  };

  for (const k of order) {
    const id = ids[k]!;
    const t = bytes.subarray(offsets[id]!, offsets[id + 1]!);
    let common = 0;
    const limit = Math.min(previous.length, t.length);
    while (common < limit && previous[common] === t[common]) common++;
    closeTo(common + 1);
    if (common === t.length && t.length === previous.length) {
      const node = path[pathLength - 1]!;
      let list = extraTokens.get(node);
      if (!list) extraTokens.set(node, (list = []));
      list.push(id);
      continue;
    }
    for (let d = common; d < t.length; d++) {
      if (count >= capacity) {
        capacity *= 2;
        byte = grow(byte, capacity);
        depth = grow(depth, capacity);
        subtreeSize = grow(subtreeSize, capacity);
        const nextToken = new Int32Array(capacity).fill(-1);
        nextToken.set(token);
        token = nextToken;
      }
      byte[count] = t[d]!;
      depth[count] = d + 1;
      path[pathLength++] = count;
      count++;
    }
    if (t.length > maxDepth) maxDepth = t.length;
    token[path[pathLength - 1]!] = id;
    previous = t;
  }
  closeTo(0);
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

function grow<T extends Uint8Array | Uint16Array | Uint32Array>(array: T, capacity: number): T {
  const next = new (array.constructor as new (n: number) => T)(capacity);
  next.set(array);
  return next;
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
