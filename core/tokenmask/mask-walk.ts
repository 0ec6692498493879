// Computing one mask: the depth-first trie walk, accelerated where the DFA treats a whole byte class alike.
//
// Why: in most states the DFA sends a large class of bytes L (identifier characters, string-body
// characters) to one state, and from there again to one state (a self-loop, or a counter). Every
// token whose bytes after the first all lie in L then ends in a state known without walking it:
// the state after k more bytes of L. A tail index per L (kept per trie, filled per first byte on
// first use) groups tokens by first byte and tail length, and lists the "exit" nodes where a
// token first leaves L; only the subtrees below exits are walked. A state whose class stays live
// for every tail length takes all of the class's tokens with one word-wise OR of a bitmask.
import type { Dfa } from '../automata/index.ts';
import type { TokenTrie } from './trie.ts';

/** The tokens under one root child (first byte), relative to a byte class L. */
interface FirstByteGroups {
  /** Groups by tail length (bytes after the first, all in L): ids[idStart[g] .. idStart[g+1]) have tailLength[g]. */
  tailLength: Int32Array;
  idStart: Int32Array;
  ids: Int32Array;
  /** Exit nodes: bytes after the first in L up to the parent, the node's own byte not in L. */
  exits: Int32Array;
}

/** Tokens of a trie grouped by how their bytes after the first relate to a byte class L; filled per first byte on demand. */
interface TailIndex {
  inClass: Uint8Array;
  byFirstByte: Array<FirstByteGroups | undefined>;
  /** Bitmask of every token whose bytes all lie in L (built on first use). */
  allInClass: Uint32Array | null;
}

const NO_GROUPS: FirstByteGroups = { tailLength: new Int32Array(0), idStart: new Int32Array(1), ids: new Int32Array(0), exits: new Int32Array(0) };

/** How a DFA state's tokens are found: through a tail index with the states after 0, 1, 2 … tail bytes. */
interface StatePlan {
  index: TailIndex | null;
  /** after[k] = state after the first byte and k bytes of L (-1 dead); beyond its length: `constantTail` or dead. */
  after: Int32Array;
  constantTail: boolean;
  /** Whether every byte of L loops on the state itself. */
  selfLoop: boolean;
  /** Whether every tail length up to the longest token stays live (then allInClass can be ORed in). */
  allLive: boolean;
  classBytes: Uint8Array;
}

interface DfaTables {
  /** transitions with non-live targets as -1, pre-multiplied by 256 (row offsets). */
  rowOf: Int32Array;
  plans: Map<number, StatePlan>;
}

const tailIndexes = new WeakMap<TokenTrie, Map<string, TailIndex>>();
const dfaTables = new WeakMap<Dfa, DfaTables>();

function tablesFor(dfa: Dfa): DfaTables {
  let tables = dfaTables.get(dfa);
  if (!tables) {
    const rowOf = new Int32Array(dfa.transitions.length);
    for (let i = 0; i < rowOf.length; i++) {
      const t = dfa.transitions[i]!;
      rowOf[i] = t >= 0 && dfa.live[t] ? t * 256 : -1;
    }
    tables = { rowOf, plans: new Map() };
    dfaTables.set(dfa, tables);
  }
  return tables;
}

/** Scratch buffers for index builds, per trie (builds are synchronous, so one set suffices). */
const scratchOf = new WeakMap<TokenTrie, { lengths: Int32Array; ids: Int32Array; exits: number[]; counts: Int32Array }>();

/** The root child of each first byte (-1 if none), per trie. */
const rootChildren = new WeakMap<TokenTrie, Int32Array>();

function rootChildOf(trie: TokenTrie): Int32Array {
  let children = rootChildren.get(trie);
  if (!children) {
    children = new Int32Array(256).fill(-1);
    for (let child = 1; child < trie.nodeCount; child += trie.subtreeSize[child]!) children[trie.byte[child]!] = child;
    rootChildren.set(trie, children);
  }
  return children;
}

/** Groups of one first byte: a walk of that root child's subtree that stops wherever a byte leaves the class. */
function groupsOf(trie: TokenTrie, index: TailIndex, first: number): FirstByteGroups {
  const known = index.byFirstByte[first];
  if (known) return known;
  const child = rootChildOf(trie)[first]!;
  if (child < 0) return (index.byFirstByte[first] = NO_GROUPS);
  const { byte, depth, subtreeSize, token } = trie;
  let scratch = scratchOf.get(trie);
  if (!scratch) {
    let largest = 0;
    for (let c = 1; c < trie.nodeCount; c += subtreeSize[c]!) largest = Math.max(largest, subtreeSize[c]!);
    scratch = { lengths: new Int32Array(largest), ids: new Int32Array(largest), exits: [], counts: new Int32Array(trie.maxDepth + 2) };
    scratchOf.set(trie, scratch);
  }
  const { lengths, ids: foundIds, exits, counts } = scratch;
  const inClass = index.inClass;
  exits.length = 0;
  counts.fill(0);
  let found = 0;
  if (token[child]! >= 0) (lengths[found] = 0), (foundIds[found++] = token[child]!), counts[1]!++;
  const end = child + subtreeSize[child]!;
  for (let i = child + 1; i < end; ) {
    if (inClass[byte[i]!]) {
      const id = token[i]!;
      if (id >= 0) {
        const k = depth[i]! - 1;
        (lengths[found] = k), (foundIds[found++] = id), counts[k + 1]!++;
      }
      i++;
    } else {
      exits.push(i);
      i += subtreeSize[i]!;
    }
  }
  // Counting sort by tail length.
  let groups = 0;
  for (let k = 1; k < counts.length; k++) if (counts[k]! > 0) groups++;
  const tailLength = new Int32Array(groups);
  const idStart = new Int32Array(groups + 1);
  const startOfLength = new Int32Array(counts.length);
  for (let k = 0, g = 0, at = 0; k + 1 < counts.length; k++) {
    const n = counts[k + 1]!;
    if (n === 0) continue;
    tailLength[g] = k;
    idStart[g++] = at;
    startOfLength[k] = at;
    at += n;
  }
  idStart[groups] = found;
  const ids = new Int32Array(found);
  for (let j = 0; j < found; j++) ids[startOfLength[lengths[j]!]!++] = foundIds[j]!;
  const groupsOfByte = { tailLength, idStart, ids, exits: Int32Array.from(exits) };
  index.byFirstByte[first] = groupsOfByte;
  return groupsOfByte;
}

function allInClassOf(trie: TokenTrie, index: TailIndex): Uint32Array {
  if (!index.allInClass) {
    const all = new Uint32Array((trie.vocabulary.size + 31) >>> 5);
    for (let b = 0; b < 256; b++) {
      if (!index.inClass[b]) continue;
      const { ids } = groupsOf(trie, index, b);
      for (let j = 0; j < ids.length; j++) all[ids[j]! >>> 5]! |= 1 << (ids[j]! & 31);
    }
    index.allInClass = all;
  }
  return index.allInClass;
}

function tailIndexFor(trie: TokenTrie, classBytes: Uint8Array): TailIndex {
  let byClass = tailIndexes.get(trie);
  if (!byClass) tailIndexes.set(trie, (byClass = new Map()));
  const key = String.fromCharCode(...classBytes);
  let index = byClass.get(key);
  if (!index) byClass.set(key, (index = { inClass: classBytes, byFirstByte: new Array(256), allInClass: null }));
  return index;
}

/** Smallest class worth an index: below this, walking is as cheap as indexing. */
const MIN_CLASS_SIZE = 4;

function planFor(trie: TokenTrie, _dfa: Dfa, tables: DfaTables, state: number): StatePlan {
  let plan = tables.plans.get(state);
  if (plan) return plan;
  const { rowOf } = tables;
  const base = state * 256;
  // The class: the bytes that lead to the most common live target.
  const counts = new Map<number, number>();
  let best = -1;
  let bestCount = 0;
  for (let x = 0; x < 256; x++) {
    const t = rowOf[base + x]!;
    if (t < 0) continue;
    const n = (counts.get(t) ?? 0) + 1;
    counts.set(t, n);
    if (n > bestCount) (bestCount = n), (best = t);
  }
  const classBytes = new Uint8Array(256);
  const members: number[] = [];
  for (let x = 0; x < 256; x++) if (rowOf[base + x] === best && best >= 0) (classBytes[x] = 1), members.push(x);
  const after: number[] = [state * 256];
  let constantTail = false;
  let usable = members.length >= MIN_CLASS_SIZE;
  while (usable && after.length <= trie.maxDepth) {
    const row = after[after.length - 1]!;
    if (row < 0) break;
    const next = rowOf[row + members[0]!]!;
    for (const x of members) if (rowOf[row + x] !== next) usable = false;
    if (!usable) break;
    if (next === row) {
      constantTail = true;
      break;
    }
    after.push(next);
  }
  let allLive = usable;
  for (let k = 0; allLive && k < trie.maxDepth; k++) if ((k < after.length ? after[k]! : constantTail ? after[after.length - 1]! : -1) < 0) allLive = false;
  plan = {
    allLive,
    index: usable ? tailIndexFor(trie, classBytes) : null,
    after: Int32Array.from(after),
    constantTail,
    selfLoop: usable && constantTail && after.length === 1,
    classBytes,
  };
  tables.plans.set(state, plan);
  return plan;
}

/** The row (state × 256) after the first byte and k tail bytes of the plan's class, or -1. */
function rowAfter(plan: StatePlan, k: number): number {
  const after = plan.after;
  if (k < after.length) return after[k]!;
  return plan.constantTail ? after[after.length - 1]! : -1;
}

/** Walks the subtree strictly below `node`, whose own state row is `row`. */
function walkBelow(trie: TokenTrie, rowOf: Int32Array, node: number, row: number, stateAt: Int32Array, mask: Uint32Array): void {
  const { byte, depth, subtreeSize, token } = trie;
  stateAt[depth[node]!] = row;
  const end = node + subtreeSize[node]!;
  let i = node + 1;
  while (i < end) {
    const d = depth[i]!;
    const next = rowOf[stateAt[d - 1]! + byte[i]!]!;
    if (next < 0) {
      i += subtreeSize[i]!;
      continue;
    }
    stateAt[d] = next;
    const id = token[i]!;
    if (id >= 0) mask[id >>> 5]! |= 1 << (id & 31);
    i++;
  }
}

function setTokenAndWalk(trie: TokenTrie, rowOf: Int32Array, node: number, row: number, stateAt: Int32Array, mask: Uint32Array): void {
  const id = trie.token[node]!;
  if (id >= 0) mask[id >>> 5]! |= 1 << (id & 31);
  if (trie.subtreeSize[node]! > 1) walkBelow(trie, rowOf, node, row, stateAt, mask);
}

/** Exits of first byte b: each leaves the class from the state after its parent's tail. */
function walkExits(trie: TokenTrie, rowOf: Int32Array, groups: FirstByteGroups, plan: StatePlan, stateAt: Int32Array, mask: Uint32Array): void {
  const { byte, depth } = trie;
  const exits = groups.exits;
  for (let e = 0; e < exits.length; e++) {
    const node = exits[e]!;
    const parentRow = rowAfter(plan, depth[node]! - 2);
    if (parentRow < 0) continue;
    const row = rowOf[parentRow + byte[node]!]!;
    if (row >= 0) setTokenAndWalk(trie, rowOf, node, row, stateAt, mask);
  }
}

/**
 * Sets in `mask` (zeroed, ⌈V/32⌉ words) the bit of every normal token whose bytes, walked from
 * `state`, stay where an accepting state is reachable, and the EOS bits when `state` accepts.
 */
export function fillMask(trie: TokenTrie, dfa: Dfa, state: number, mask: Uint32Array): void {
  if (state < 0 || !dfa.live[state]) return;
  const tables = tablesFor(dfa);
  const { rowOf } = tables;
  const stateAt = new Int32Array(trie.maxDepth + 1);
  // The fast path: the state most first bytes lead to, when every tail of its class stays live
  // there (a self-loop, or a counter far from its bound), takes all tokens of its class at once
  // (a word-wise OR); class bytes that lead elsewhere have their groups cleared again.
  const base = state * 256;
  const counts = new Map<number, number>();
  let target = -1;
  let targetCount = 0;
  for (let x = 0; x < 256; x++) {
    const row = rowOf[base + x]!;
    if (row < 0) continue;
    const n = (counts.get(row) ?? 0) + 1;
    counts.set(row, n);
    if (n > targetCount) (targetCount = n), (target = row);
  }
  let loopPlan: StatePlan | null = null;
  if (target >= 0) {
    const plan = planFor(trie, dfa, tables, target >> 8);
    let classSize = 0;
    let entering = 0;
    for (let x = 0; x < 256; x++) {
      if (!plan.classBytes[x]) continue;
      classSize++;
      if (rowOf[base + x] === target) entering++;
    }
    if (plan.allLive && entering * 2 >= classSize) loopPlan = plan;
  }
  if (loopPlan) {
    const index = loopPlan.index!;
    const all = allInClassOf(trie, index);
    for (let w = 0; w < mask.length; w++) mask[w]! |= all[w]!;
    for (let x = 0; x < 256; x++) {
      if (!loopPlan.classBytes[x] || rowOf[base + x] === target) continue;
      const { ids } = groupsOf(trie, index, x);
      for (let j = 0; j < ids.length; j++) mask[ids[j]! >>> 5]! &= ~(1 << (ids[j]! & 31));
    }
  }
  const { subtreeSize, byte } = trie;
  for (let child = 1; child < trie.nodeCount; child += subtreeSize[child]!) {
    const b = byte[child]!;
    const row = rowOf[base + b]!;
    if (row < 0) continue;
    if (loopPlan && row === target && loopPlan.classBytes[b]) {
      walkExits(trie, rowOf, groupsOf(trie, loopPlan.index!, b), loopPlan, stateAt, mask);
      continue;
    }
    const plan = planFor(trie, dfa, tables, row >> 8);
    const index = plan.index;
    if (!index) {
      setTokenAndWalk(trie, rowOf, child, row, stateAt, mask);
      continue;
    }
    const groups = groupsOf(trie, index, b);
    for (let g = 0; g < groups.tailLength.length; g++) {
      if (rowAfter(plan, groups.tailLength[g]!) < 0) continue;
      for (let j = groups.idStart[g]!; j < groups.idStart[g + 1]!; j++) {
        const id = groups.ids[j]!;
        mask[id >>> 5]! |= 1 << (id & 31);
      }
    }
    walkExits(trie, rowOf, groups, plan, stateAt, mask);
  }
  // Ids sharing bytes with another token share its verdict.
  for (const [node, more] of trie.extraTokens) {
    const id = trie.token[node]!;
    if ((mask[id >>> 5]! >>> (id & 31)) & 1) for (const other of more) mask[other >>> 5]! |= 1 << (other & 31);
  }
  if (dfa.accepting[state]) for (const id of trie.vocabulary.eos) mask[id >>> 5]! |= 1 << (id & 31);
}
