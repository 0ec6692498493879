// Byte-level DFAs: subset construction from the NFA, Hopcroft minimisation, and the language operations.
import { isWordByte } from './codepoints.ts';
import { StateBudgetError } from './errors.ts';
import { EPS, EPS_END, EPS_NOT_WORD_BOUNDARY, EPS_START, EPS_WORD_BOUNDARY, type Nfa } from './nfa.ts';

/**
 * A deterministic automaton over bytes. `transitions[state * 256 + byte]` is the next state or -1
 * (dead: no continuation can be accepted). `live[state]` is 1 when some accepting state is
 * reachable from it. DFAs built by this library are minimal, trimmed (every state reachable and,
 * unless the language is empty, live) and numbered canonically (breadth-first by byte from start),
 * so two DFAs for the same language are identical.
 */
export interface Dfa {
  readonly stateCount: number;
  readonly start: number;
  readonly transitions: Int32Array;
  readonly accepting: Uint8Array;
  readonly live: Uint8Array;
}

export const DEFAULT_MAX_STATES = 10_000;

/** Wraps raw tables as a Dfa, computing liveness (no minimisation). */
export function createDfa(stateCount: number, start: number, transitions: Int32Array, accepting: Uint8Array): Dfa {
  if (transitions.length !== stateCount * 256) throw new Error(`transitions must hold stateCount*256 = ${stateCount * 256} entries`);
  return { stateCount, start, transitions, accepting, live: computeLive(stateCount, transitions, accepting) };
}

function computeLive(n: number, trans: Int32Array, accepting: Uint8Array): Uint8Array {
  // Reverse reachability from accepting states, via a predecessor list in CSR form.
  const count = new Int32Array(n + 1);
  for (let i = 0; i < n * 256; i++) if (trans[i]! >= 0) count[trans[i]! + 1]!++;
  for (let i = 0; i < n; i++) count[i + 1]! += count[i]!;
  const preds = new Int32Array(count[n]!);
  const fill = count.slice(0, n);
  for (let s = 0; s < n; s++) {
    for (let b = 0; b < 256; b++) {
      const t = trans[s * 256 + b]!;
      if (t >= 0) preds[fill[t]!++] = s;
    }
  }
  const live = new Uint8Array(n);
  const queue: number[] = [];
  for (let s = 0; s < n; s++) if (accepting[s]) (live[s] = 1), queue.push(s);
  while (queue.length > 0) {
    const t = queue.pop()!;
    for (let i = count[t]!; i < count[t + 1]!; i++) {
      const p = preds[i]!;
      if (!live[p]) (live[p] = 1), queue.push(p);
    }
  }
  return live;
}

// Lookahead conditions on what follows a position, for \b, \B and $: bit set = allowed. A UTF-8
// continuation byte next means the position is inside a code point, where no assertion holds.
const NEXT_WORD = 1;
const NEXT_NON_WORD = 2;
const NEXT_END = 4;
const NEXT_CONTINUATION = 8;
const NEXT_ANY = 15;

/** Subset construction. `what` names the pattern in budget errors. */
export function determinize(nfa: Nfa, maxStates: number, what: string): Dfa {
  const n = nfa.epsilon.length;
  const maskOf = new Int32Array(n);
  const active: number[] = [];

  /** Epsilon closure of the seeds (each with NEXT_ANY) in a context; returns [state, mask] pairs sorted by state. */
  function closure(seeds: number[], atStart: boolean, prevWord: boolean): number[] {
    active.length = 0;
    const work: number[] = [];
    const add = (state: number, mask: number): void => {
      const old = maskOf[state]!;
      const merged = old | mask;
      if (merged === old) return;
      if (old === 0) active.push(state);
      maskOf[state] = merged;
      work.push(state);
    };
    for (const s of seeds) add(s, NEXT_ANY);
    while (work.length > 0) {
      const s = work.pop()!;
      const mask = maskOf[s]!;
      const edges = nfa.epsilon[s]!;
      for (let i = 0; i < edges.length; i += 2) {
        const kind = edges[i]!;
        let m = mask;
        if (kind === EPS_START) m = atStart ? mask : 0;
        else if (kind === EPS_END) m = mask & NEXT_END;
        else if (kind === EPS_WORD_BOUNDARY) m = prevWord ? mask & (NEXT_NON_WORD | NEXT_END) : mask & NEXT_WORD;
        else if (kind === EPS_NOT_WORD_BOUNDARY) m = prevWord ? mask & NEXT_WORD : mask & (NEXT_NON_WORD | NEXT_END);
        else if (kind !== EPS) throw new Error(`unknown epsilon kind ${kind}`);
        if (m !== 0) add(edges[i + 1]!, m);
      }
    }
    active.sort((a, b) => a - b);
    const items: number[] = [];
    for (const s of active) {
      items.push(s, maskOf[s]!);
      maskOf[s] = 0;
    }
    return items;
  }

  const trackStart = nfa.usesStart;
  const trackWord = nfa.usesWordBoundary;
  const ids = new Map<string, number>();
  const itemsOf: number[][] = [];
  const transitions: number[] = [];
  const accepting: number[] = [];

  const stateFor = (items: number[], atStart: boolean, prevWord: boolean): number => {
    if (items.length === 0) return -1;
    const key = `${trackStart && atStart ? 1 : 0}${trackWord && prevWord ? 1 : 0}|${items.join(',')}`;
    let id = ids.get(key);
    if (id === undefined) {
      id = itemsOf.length;
      if (id >= maxStates) throw new StateBudgetError(what, maxStates);
      ids.set(key, id);
      itemsOf.push(items);
      let accepts = 0;
      for (let i = 0; i < items.length; i += 2) if (items[i] === nfa.accept && items[i + 1]! & NEXT_END) accepts = 1;
      accepting.push(accepts);
    }
    return id;
  };

  const start = stateFor(closure([nfa.start], true, false), true, false);
  if (start < 0) return emptyDfa();
  const wordBoundaries = [0x30, 0x3a, 0x41, 0x5b, 0x5f, 0x60, 0x61, 0x7b, 0x80, 0xc0];
  for (let d = 0; d < itemsOf.length; d++) {
    const items = itemsOf[d]!;
    const points = new Set<number>([0, 256]);
    for (let i = 0; i < items.length; i += 2) {
      const edges = nfa.bytes[items[i]!]!;
      for (let e = 0; e < edges.length; e += 3) points.add(edges[e]!).add(edges[e + 1]! + 1);
    }
    if (trackWord) for (const p of wordBoundaries) points.add(p);
    const sorted = [...points].sort((a, b) => a - b);
    const row = new Int32Array(256).fill(-1);
    for (let p = 0; p + 1 < sorted.length; p++) {
      const byte = sorted[p]!;
      const cls = isWordByte(byte) ? NEXT_WORD : byte >= 0x80 && byte < 0xc0 ? NEXT_CONTINUATION : NEXT_NON_WORD;
      const seeds: number[] = [];
      for (let i = 0; i < items.length; i += 2) {
        if (!(items[i + 1]! & cls)) continue;
        const edges = nfa.bytes[items[i]!]!;
        for (let e = 0; e < edges.length; e += 3) if (edges[e]! <= byte && byte <= edges[e + 1]!) seeds.push(edges[e + 2]!);
      }
      if (seeds.length === 0) continue;
      const prevWord = trackWord && cls === NEXT_WORD;
      const target = stateFor(closure(seeds, false, prevWord), false, prevWord);
      row.fill(target, byte, sorted[p + 1]!);
    }
    for (let b = 0; b < 256; b++) transitions.push(row[b]!);
  }
  return minimize(createDfa(itemsOf.length, start, Int32Array.from(transitions), Uint8Array.from(accepting)));
}

function emptyDfa(): Dfa {
  return { stateCount: 1, start: 0, transitions: new Int32Array(256).fill(-1), accepting: new Uint8Array(1), live: new Uint8Array(1) };
}

/** The minimal, trimmed, canonically numbered DFA for the same language (Hopcroft's algorithm). */
export function minimize(dfa: Dfa): Dfa {
  // Keep only states that are reachable and live; every other state behaves like the dead state.
  const reach = new Uint8Array(dfa.stateCount);
  const stack = [dfa.start];
  reach[dfa.start] = 1;
  while (stack.length > 0) {
    const s = stack.pop()!;
    for (let b = 0; b < 256; b++) {
      const t = dfa.transitions[s * 256 + b]!;
      if (t >= 0 && !reach[t]) (reach[t] = 1), stack.push(t);
    }
  }
  const keptId = new Int32Array(dfa.stateCount).fill(-1);
  let m = 0;
  for (let s = 0; s < dfa.stateCount; s++) if (reach[s] && dfa.live[s]) keptId[s] = m++;
  if (keptId[dfa.start]! < 0) return emptyDfa();
  const M = m + 1; // state m is the dead state, making the automaton complete
  const dead = m;
  const trans = new Int32Array(M * 256).fill(dead);
  const accepting = new Uint8Array(M);
  for (let s = 0; s < dfa.stateCount; s++) {
    const id = keptId[s]!;
    if (id < 0) continue;
    accepting[id] = dfa.accepting[s]!;
    for (let b = 0; b < 256; b++) {
      const t = dfa.transitions[s * 256 + b]!;
      if (t >= 0 && keptId[t]! >= 0) trans[id * 256 + b] = keptId[t]!;
    }
  }
  const blockOf = hopcroft(M, trans, accepting);
  return canonical(blockOf, keptId[dfa.start]!, dead, M, trans, accepting);
}

/** Bytes that every state treats alike form one symbol class; returns [classOfByte, representative bytes]. */
function byteClasses(M: number, trans: Int32Array): [Uint16Array, number[]] {
  let classOf = new Uint16Array(256);
  let count = 1;
  const key = new Map<number, number>();
  for (let s = 0; s < M && count < 256; s++) {
    key.clear();
    const next = new Uint16Array(256);
    for (let b = 0; b < 256; b++) {
      const k = classOf[b]! * M + trans[s * 256 + b]!;
      let c = key.get(k);
      if (c === undefined) key.set(k, (c = key.size));
      next[b] = c;
    }
    classOf = next;
    count = key.size;
  }
  const reps: number[] = [];
  for (let b = 0; b < 256; b++) if (reps.length === classOf[b]) reps.push(b);
  return [classOf, reps];
}

/** Hopcroft partition refinement over a complete DFA; returns the block of each state. */
function hopcroft(M: number, trans: Int32Array, accepting: Uint8Array): Int32Array {
  const [, reps] = byteClasses(M, trans);
  const k = reps.length;
  // Predecessors by (symbol, target) in CSR form.
  const offsets = new Int32Array(k * M + 1);
  for (let c = 0; c < k; c++) for (let s = 0; s < M; s++) offsets[c * M + trans[s * 256 + reps[c]!]! + 1]!++;
  for (let i = 0; i < k * M; i++) offsets[i + 1]! += offsets[i]!;
  const preds = new Int32Array(k * M);
  const fill = offsets.slice(0, k * M);
  for (let c = 0; c < k; c++) for (let s = 0; s < M; s++) preds[fill[c * M + trans[s * 256 + reps[c]!]!]!++] = s;

  const elems = new Int32Array(M);
  const loc = new Int32Array(M);
  const blockOf = new Int32Array(M);
  const bStart = new Int32Array(M + 1);
  const bEnd = new Int32Array(M + 1);
  const bMarked = new Int32Array(M + 1);
  let blocks = 0;
  let pos = 0;
  for (const wanted of [1, 0]) {
    const begin = pos;
    for (let s = 0; s < M; s++) if (accepting[s] === wanted) (elems[pos] = s), (loc[s] = pos), (blockOf[s] = blocks), pos++;
    if (pos > begin) (bStart[blocks] = begin), (bEnd[blocks] = pos), blocks++;
  }
  if (blocks === 1) return blockOf;
  const inW = new Uint8Array((M + 1) * k);
  const work: number[] = [];
  const first = bEnd[0]! - bStart[0]! <= bEnd[1]! - bStart[1]! ? 0 : 1;
  for (let c = 0; c < k; c++) work.push(first, c), (inW[first * k + c] = 1);
  const touched: number[] = [];
  const members: number[] = [];
  while (work.length > 0) {
    const c = work.pop()!;
    const a = work.pop()!;
    inW[a * k + c] = 0;
    members.length = 0;
    for (let i = bStart[a]!; i < bEnd[a]!; i++) members.push(elems[i]!);
    for (const t of members) {
      for (let i = offsets[c * M + t]!; i < offsets[c * M + t + 1]!; i++) {
        const p = preds[i]!;
        const b = blockOf[p]!;
        const boundary = bStart[b]! + bMarked[b]!;
        if (loc[p]! < boundary) continue; // already marked
        // Swap p into the marked prefix of its block.
        const other = elems[boundary]!;
        elems[boundary] = p;
        elems[loc[p]!] = other;
        loc[other] = loc[p]!;
        loc[p] = boundary;
        if (bMarked[b]!++ === 0) touched.push(b);
      }
    }
    for (const b of touched) {
      const marked = bMarked[b]!;
      bMarked[b] = 0;
      const size = bEnd[b]! - bStart[b]!;
      if (marked === size) continue;
      const fresh = blocks++;
      bStart[fresh] = bStart[b]!;
      bEnd[fresh] = bStart[b]! + marked;
      bStart[b] = bEnd[fresh]!;
      for (let i = bStart[fresh]!; i < bEnd[fresh]!; i++) blockOf[elems[i]!] = fresh;
      const smaller = marked <= size - marked ? fresh : b;
      for (let d = 0; d < k; d++) {
        if (inW[b * k + d]) work.push(fresh, d), (inW[fresh * k + d] = 1);
        else work.push(smaller, d), (inW[smaller * k + d] = 1);
      }
    }
    touched.length = 0;
  }
  return blockOf;
}

/** Builds the quotient automaton, numbering blocks breadth-first by byte from the start and dropping the dead block. */
function canonical(blockOf: Int32Array, start: number, dead: number, M: number, trans: Int32Array, accepting: Uint8Array): Dfa {
  const deadBlock = blockOf[dead]!;
  const representative = new Int32Array(M).fill(-1);
  for (let s = M - 1; s >= 0; s--) representative[blockOf[s]!] = s;
  const newId = new Int32Array(M).fill(-1);
  const order: number[] = [blockOf[start]!];
  newId[blockOf[start]!] = 0;
  for (let i = 0; i < order.length; i++) {
    const rep = representative[order[i]!]!;
    for (let byte = 0; byte < 256; byte++) {
      const tb = blockOf[trans[rep * 256 + byte]!]!;
      if (tb !== deadBlock && newId[tb]! < 0) (newId[tb] = order.length), order.push(tb);
    }
  }
  const n = order.length;
  const out = new Int32Array(n * 256);
  const acc = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const rep = representative[order[i]!]!;
    acc[i] = accepting[rep]!;
    for (let byte = 0; byte < 256; byte++) {
      const tb = blockOf[trans[rep * 256 + byte]!]!;
      out[i * 256 + byte] = tb === deadBlock ? -1 : newId[tb]!;
    }
  }
  return { stateCount: n, start: 0, transitions: out, accepting: acc, live: new Uint8Array(n).fill(1) };
}

/** Product construction; `accept` decides acceptance from the two sides' acceptance (dead side = false). */
function product(a: Dfa, b: Dfa, accept: (x: boolean, y: boolean) => boolean, keepDeadSide: boolean, maxStates: number, what: string): Dfa {
  const nb = b.stateCount + 1;
  const ids = new Map<number, number>();
  const pairs: number[] = [];
  const transitions: number[] = [];
  const accepting: number[] = [];
  const idFor = (x: number, y: number): number => {
    if (x >= 0 && !a.live[x]) x = -1;
    if (y >= 0 && !b.live[y]) y = -1;
    if (keepDeadSide ? x < 0 && y < 0 : x < 0 || y < 0) return -1;
    const key = (x + 1) * nb + (y + 1);
    let id = ids.get(key);
    if (id === undefined) {
      id = pairs.length / 2;
      if (id >= maxStates) throw new StateBudgetError(what, maxStates);
      ids.set(key, id);
      pairs.push(x, y);
      accepting.push(accept(x >= 0 && a.accepting[x] === 1, y >= 0 && b.accepting[y] === 1) ? 1 : 0);
    }
    return id;
  };
  const start = idFor(a.start, b.start);
  if (start < 0) return emptyDfa();
  for (let i = 0; i < pairs.length / 2; i++) {
    const x = pairs[2 * i]!;
    const y = pairs[2 * i + 1]!;
    for (let byte = 0; byte < 256; byte++) {
      transitions.push(idFor(x < 0 ? -1 : a.transitions[x * 256 + byte]!, y < 0 ? -1 : b.transitions[y * 256 + byte]!));
    }
  }
  return minimize(createDfa(pairs.length / 2, start, Int32Array.from(transitions), Uint8Array.from(accepting)));
}

export function intersect(a: Dfa, b: Dfa, options: { maxStates?: number } = {}): Dfa {
  return product(a, b, (x, y) => x && y, false, options.maxStates ?? DEFAULT_MAX_STATES, 'intersection');
}

export function union(a: Dfa, b: Dfa, options: { maxStates?: number } = {}): Dfa {
  return product(a, b, (x, y) => x || y, true, options.maxStates ?? DEFAULT_MAX_STATES, 'union');
}

/** The DFA of every byte string not in L(a). */
export function complement(a: Dfa): Dfa {
  const n = a.stateCount;
  const sink = n;
  const trans = new Int32Array((n + 1) * 256).fill(sink);
  const accepting = new Uint8Array(n + 1);
  for (let s = 0; s < n; s++) {
    accepting[s] = a.accepting[s] ? 0 : 1;
    for (let b = 0; b < 256; b++) {
      const t = a.transitions[s * 256 + b]!;
      if (t >= 0) trans[s * 256 + b] = t;
    }
  }
  accepting[sink] = 1;
  return minimize(createDfa(n + 1, a.start, trans, accepting));
}

export function isEmpty(a: Dfa): boolean {
  return !a.live[a.start];
}

/** L(a) ⊆ L(b), by searching the product for a word accepted by a and not by b. */
export function isSubset(a: Dfa, b: Dfa): boolean {
  return counterexample(a, b) === null;
}

/** Some byte string in L(a) \ L(b) (shortest, then least), or null. */
export function counterexample(a: Dfa, b: Dfa): Uint8Array | null {
  if (!a.live[a.start]) return null;
  const nb = b.stateCount + 1;
  const seen = new Map<number, number>(); // pair key -> index into the queue
  const queueX: number[] = [];
  const queueY: number[] = [];
  const parent: number[] = [];
  const viaByte: number[] = [];
  const push = (x: number, y: number, from: number, byte: number): number | null => {
    if (y >= 0 && !b.live[y]) y = -1;
    const key = x * nb + (y + 1);
    if (seen.has(key)) return null;
    seen.set(key, queueX.length);
    queueX.push(x), queueY.push(y), parent.push(from), viaByte.push(byte);
    return queueX.length - 1;
  };
  push(a.start, b.start, -1, -1);
  for (let i = 0; i < queueX.length; i++) {
    const x = queueX[i]!;
    const y = queueY[i]!;
    if (a.accepting[x] && !(y >= 0 && b.accepting[y])) return pathTo(i, parent, viaByte);
    for (let byte = 0; byte < 256; byte++) {
      const tx = a.transitions[x * 256 + byte]!;
      if (tx < 0 || !a.live[tx]) continue;
      push(tx, y < 0 ? -1 : b.transitions[y * 256 + byte]!, i, byte);
    }
  }
  return null;
}

function pathTo(index: number, parent: number[], viaByte: number[]): Uint8Array {
  const bytes: number[] = [];
  for (let i = index; parent[i]! >= 0; i = parent[i]!) bytes.push(viaByte[i]!);
  return Uint8Array.from(bytes.reverse());
}

export function equivalent(a: Dfa, b: Dfa): boolean {
  return isSubset(a, b) && isSubset(b, a);
}

/** A shortest accepted byte string (the least one among the shortest), or null when the language is empty. */
export function shortestMember(a: Dfa): Uint8Array | null {
  if (!a.live[a.start]) return null;
  const parent = new Int32Array(a.stateCount).fill(-2);
  const viaByte = new Int32Array(a.stateCount);
  const queue = [a.start];
  parent[a.start] = -1;
  for (let i = 0; i < queue.length; i++) {
    const s = queue[i]!;
    if (a.accepting[s]) {
      const bytes: number[] = [];
      for (let t = s; parent[t]! >= 0; t = parent[t]!) bytes.push(viaByte[t]!);
      return Uint8Array.from(bytes.reverse());
    }
    for (let byte = 0; byte < 256; byte++) {
      const t = a.transitions[s * 256 + byte]!;
      if (t >= 0 && a.live[t] && parent[t] === -2) (parent[t] = s), (viaByte[t] = byte), queue.push(t);
    }
  }
  return null;
}

const encoder = new TextEncoder();

export function matches(a: Dfa, input: Uint8Array | string): boolean {
  const bytes = typeof input === 'string' ? encoder.encode(input) : input;
  let s = a.start;
  for (let i = 0; i < bytes.length; i++) {
    s = a.transitions[s * 256 + bytes[i]!]!;
    if (s < 0) return false;
  }
  return a.accepting[s] === 1;
}

export function step(a: Dfa, state: number, byte: number): number {
  return state < 0 ? -1 : a.transitions[state * 256 + byte]!;
}

export function canReachAccept(a: Dfa, state: number): boolean {
  return state >= 0 && a.live[state] === 1;
}
