// Which DFA states must have equal token masks: those no token-length string tells apart.
import type { Dfa } from '../automata/index.ts';

/**
 * A mask depends only on which byte strings up to the longest token keep the state live, and on
 * whether the state accepts (EOS). A minimal DFA still has states that differ only beyond that
 * length: a counter such as [^"]{0,200} has 200 states, but all those with more than `depth`
 * steps left share one mask. Partition refinement for `depth` rounds (Moore's algorithm cut
 * short) finds them; returns a class per state, equal classes = equal masks, or null when the
 * refinement could exceed `budget` elementary steps (large DFAs: then masks are simply not shared).
 */
export function maskClasses(dfa: Dfa, depth: number, budget = 1_000_000): Int32Array | null {
  const n = dfa.stateCount;
  const { transitions, live, accepting } = dfa;
  // Every round costs at least n·2 steps; give up before doing any work when even that is too much.
  if (n * 2 * Math.min(depth, n + 1) > budget) return null;
  // Bytes every state treats alike form one symbol: group the columns of the transition table by a
  // hash, checked against the group's first byte so a collision never merges different columns.
  const representatives: number[] = [];
  const byHash = new Map<number, number[]>();
  for (let b = 0; b < 256; b++) {
    let h1 = 0x811c9dc5;
    let h2 = 0x01000193;
    for (let s = 0; s < n; s++) {
      const t = transitions[s * 256 + b]!;
      h1 = Math.imul(h1 ^ t, 0x01000193);
      h2 = Math.imul(h2 ^ (t + s), 0x85ebca6b) ^ (h2 >>> 15);
    }
    const key = (h1 >>> 0) * 2097152 + (h2 >>> 11);
    let group = byHash.get(key);
    if (!group) byHash.set(key, (group = []));
    let known = false;
    for (const other of group) {
      let same = true;
      for (let s = 0; s < n && same; s++) same = transitions[s * 256 + b] === transitions[s * 256 + other];
      if (same) known = true;
    }
    if (!known) group.push(b), representatives.push(b);
  }
  const k = representatives.length;
  if (n * (k + 1) * Math.min(depth, n + 1) > budget) return null;

  // Round 0: live or not. Round r: states agree on liveness after every string of length <= r.
  // Block 0 is dead (a missing transition or a non-live state); live states have blocks 1..blocks.
  let block = new Int32Array(n);
  for (let s = 0; s < n; s++) block[s] = live[s] ? 1 : 0;
  let blocks = block.includes(1) ? 1 : 0;
  let spent = 0;
  const targetBlock = (s: number, b: number, of: Int32Array): number => {
    const t = transitions[s * 256 + b]!;
    return t < 0 || !live[t] ? 0 : of[t]!;
  };
  for (let round = 1; round <= depth; round++) {
    spent += n * (k + 1);
    if (spent > budget) return null;
    // A state's signature is its block and its targets' blocks; hashed into 53 bits, checked against
    // the block's first state on a hit, so a hash collision never merges different signatures.
    const byHash = new Map<number, number[]>();
    const firstState: number[] = [0];
    const next = new Int32Array(n);
    for (let s = 0; s < n; s++) {
      if (block[s] === 0) continue;
      let h1 = Math.imul(block[s]!, 0x9e3779b1);
      let h2 = Math.imul(block[s]! ^ 0x5bd1e995, 0x85ebca6b);
      for (const b of representatives) {
        const tb = targetBlock(s, b, block);
        h1 = Math.imul(h1 ^ tb, 0x01000193) + 0x7f4a7c15;
        h2 = Math.imul((h2 >>> 13) ^ h2 ^ tb, 0xc2b2ae35);
      }
      const key = (h1 >>> 0) * 2097152 + (h2 >>> 11);
      let candidates = byHash.get(key);
      if (!candidates) byHash.set(key, (candidates = []));
      let found = 0;
      for (const candidate of candidates) {
        const other = firstState[candidate]!;
        if (block[other] !== block[s]) continue;
        let same = true;
        for (const b of representatives) if (targetBlock(other, b, block) !== targetBlock(s, b, block)) same = false;
        if (same) {
          found = candidate;
          break;
        }
      }
      if (found === 0) {
        found = firstState.length;
        firstState.push(s);
        candidates.push(found);
      }
      next[s] = found;
    }
    const newBlocks = firstState.length - 1;
    const stable = newBlocks === blocks;
    block = next;
    blocks = newBlocks;
    if (stable) break;
  }
  const classes = new Int32Array(n);
  for (let s = 0; s < n; s++) classes[s] = block[s]! * 2 + (accepting[s] ? 1 : 0);
  return classes;
}
