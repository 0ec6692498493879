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
  return { stateCount, start, transitions, accepting, live: liveStates(stateCount, transitions, 256, accepting) };
}

// Lookahead conditions on what follows a position, for \b, \B and $: bit set = allowed. A UTF-8
// continuation byte next means the position is inside a code point, where no assertion holds.
const NEXT_WORD = 1;
const NEXT_NON_WORD = 2;
const NEXT_END = 4;
const NEXT_CONTINUATION = 8;
const NEXT_ANY = 15;

/**
 * Subset construction. `what` names the pattern in budget errors.
 *
 * Works over byte classes (bytes no NFA edge and no assertion tells apart), so each subset is
 * stepped once per class rather than once per interval of its own edges; subsets are found by a
 * numeric hash of their [state, mask] items; rows stay class-wide until minimisation, which
 * refines those same classes instead of recomputing them from 256-wide rows.
 */
export function determinize(nfa: Nfa, maxStates: number, what: string): Dfa {
  const n = nfa.epsilon.length;
  const trackStart = nfa.usesStart;
  const trackWord = nfa.usesWordBoundary;

  // Global byte classes: intervals between every edge boundary (and, with \b/\B, word and UTF-8 lead boundaries).
  const cut = new Uint8Array(257);
  cut[0] = 1;
  cut[256] = 1;
  for (let s = 0; s < n; s++) {
    const edges = nfa.bytes[s]!;
    for (let e = 0; e < edges.length; e += 3) (cut[edges[e]!] = 1), (cut[edges[e + 1]! + 1] = 1);
  }
  if (trackWord) for (const p of [0x30, 0x3a, 0x41, 0x5b, 0x5f, 0x60, 0x61, 0x7b, 0x80, 0xc0]) cut[p] = 1;
  const classOf = new Uint16Array(256);
  const classStart: number[] = [];
  for (let b = 0; b < 256; b++) {
    if (cut[b]) classStart.push(b);
    classOf[b] = classStart.length - 1;
  }
  const k = classStart.length;
  const contextOf = new Uint8Array(k);
  for (let c = 0; c < k; c++) {
    const byte = classStart[c]!;
    contextOf[c] = isWordByte(byte) ? NEXT_WORD : byte >= 0x80 && byte < 0xc0 ? NEXT_CONTINUATION : NEXT_NON_WORD;
  }
  // Byte edges in class terms: [firstClass, lastClass, target, …] per NFA state.
  const classEdges: Int32Array[] = new Array(n);
  for (let s = 0; s < n; s++) {
    const edges = nfa.bytes[s]!;
    const out = new Int32Array(edges.length);
    for (let e = 0; e < edges.length; e += 3) (out[e] = classOf[edges[e]!]!), (out[e + 1] = classOf[edges[e + 1]!]!), (out[e + 2] = edges[e + 2]!);
    classEdges[s] = out;
  }

  const maskOf = new Int32Array(n);
  const active: number[] = [];
  const work: number[] = [];

  /** Epsilon closure of the seeds (each with NEXT_ANY) in a context; returns [state, mask] pairs sorted by state. */
  function closure(seeds: ArrayLike<number>, seedCount: number, atStart: boolean, prevWord: boolean): Int32Array {
    active.length = 0;
    work.length = 0;
    for (let i = 0; i < seedCount; i++) {
      const s = seeds[i]!;
      if (maskOf[s] === NEXT_ANY) continue;
      if (maskOf[s] === 0) active.push(s);
      maskOf[s] = NEXT_ANY;
      work.push(s);
    }
    while (work.length > 0) {
      const s = work.pop()!;
      const mask = maskOf[s]!;
      const edges = nfa.epsilon[s]!;
      for (let i = 0; i < edges.length; i += 2) {
        const kind = edges[i]!;
        let m = mask;
        if (kind === EPS) m = mask;
        else if (kind === EPS_START) m = atStart ? mask : 0;
        else if (kind === EPS_END) m = mask & NEXT_END;
        else if (kind === EPS_WORD_BOUNDARY) m = prevWord ? mask & (NEXT_NON_WORD | NEXT_END) : mask & NEXT_WORD;
        else if (kind === EPS_NOT_WORD_BOUNDARY) m = prevWord ? mask & NEXT_WORD : mask & (NEXT_NON_WORD | NEXT_END);
        else throw new Error(`unknown epsilon kind ${kind}`);
        if (m === 0) continue;
        const t = edges[i + 1]!;
        const old = maskOf[t]!;
        const merged = old | m;
        if (merged === old) continue;
        if (old === 0) active.push(t);
        maskOf[t] = merged;
        work.push(t);
      }
    }
    if (active.length > 1) active.sort((a, b) => a - b);
    const items = new Int32Array(active.length * 2);
    for (let i = 0; i < active.length; i++) {
      const s = active[i]!;
      items[2 * i] = s;
      items[2 * i + 1] = maskOf[s]!;
      maskOf[s] = 0;
    }
    return items;
  }

  // Subsets by hash; a bucket holds the ids whose items (and context) hash alike.
  const ids = new Map<number, number | number[]>();
  const itemsOf: Int32Array[] = [];
  const contextBits: number[] = [];
  const accepting: number[] = [];
  let rows = new Int32Array(64 * k);

  const sameItems = (a: Int32Array, b: Int32Array): boolean => {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  };
  const stateFor = (items: Int32Array, atStart: boolean, prevWord: boolean): number => {
    if (items.length === 0) return -1;
    const context = (trackStart && atStart ? 2 : 0) | (trackWord && prevWord ? 1 : 0);
    let h = 0x811c9dc5 ^ context;
    for (let i = 0; i < items.length; i++) h = Math.imul(h ^ items[i]!, 0x01000193);
    const bucket = ids.get(h);
    if (bucket !== undefined) {
      if (typeof bucket === 'number') {
        if (contextBits[bucket] === context && sameItems(itemsOf[bucket]!, items)) return bucket;
      } else {
        for (const id of bucket) if (contextBits[id] === context && sameItems(itemsOf[id]!, items)) return id;
      }
    }
    const id = itemsOf.length;
    if (id >= maxStates) throw new StateBudgetError(what, maxStates);
    if (bucket === undefined) ids.set(h, id);
    else if (typeof bucket === 'number') ids.set(h, [bucket, id]);
    else bucket.push(id);
    itemsOf.push(items);
    contextBits.push(context);
    let accepts = 0;
    for (let i = 0; i < items.length; i += 2) if (items[i] === nfa.accept && items[i + 1]! & NEXT_END) accepts = 1;
    accepting.push(accepts);
    return id;
  };

  const start = stateFor(closure([nfa.start], 1, true, false), true, false);
  if (start < 0) return emptyDfa();
  // Per class: the NFA targets reached (a bucket), reused across subsets.
  const bucketOf: number[][] = Array.from({ length: k }, () => []);
  const touched: number[] = [];
  const seen = new Map<number, number[]>();
  for (let d = 0; d < itemsOf.length; d++) {
    const items = itemsOf[d]!;
    for (let i = 0; i < items.length; i += 2) {
      const edges = classEdges[items[i]!]!;
      const mask = items[i + 1]!;
      for (let e = 0; e < edges.length; e += 3) {
        const target = edges[e + 2]!;
        for (let c = edges[e]!; c <= edges[e + 1]!; c++) {
          if (!(mask & contextOf[c]!)) continue;
          const bucket = bucketOf[c]!;
          if (bucket.length === 0) touched.push(c);
          bucket.push(target);
        }
      }
    }
    if ((d + 1) * k > rows.length) {
      const grown = new Int32Array(rows.length * 2);
      grown.set(rows);
      rows = grown;
    }
    const base = d * k;
    rows.fill(-1, base, base + k);
    // Classes that reach the same NFA states (in the same context) step to the same subset.
    seen.clear();
    for (const c of touched) {
      const seeds = bucketOf[c]!;
      const prevWord = trackWord && contextOf[c] === NEXT_WORD;
      let h = prevWord ? 0x2c9277b5 : 0x811c9dc5;
      for (let i = 0; i < seeds.length; i++) h = Math.imul(h ^ seeds[i]!, 0x01000193);
      let target = -2;
      const known = seen.get(h);
      if (known !== undefined) {
        for (let j = 0; j < known.length; j++) {
          const other = bucketOf[known[j]!]!;
          if (other.length === seeds.length && (trackWord && contextOf[known[j]!] === NEXT_WORD) === prevWord && other.every((v, i) => v === seeds[i])) {
            target = rows[base + known[j]!]!;
            break;
          }
        }
      }
      if (target === -2) {
        target = stateFor(closure(seeds, seeds.length, false, prevWord), false, prevWord);
        if (known === undefined) seen.set(h, [c]);
        else known.push(c);
      }
      rows[base + c] = target;
    }
    for (const c of touched) bucketOf[c]!.length = 0;
    touched.length = 0;
  }
  return minimizeClasses(itemsOf.length, start, rows, k, classOf, Uint8Array.from(accepting));
}

function emptyDfa(): Dfa {
  return { stateCount: 1, start: 0, transitions: new Int32Array(256).fill(-1), accepting: new Uint8Array(1), live: new Uint8Array(1) };
}

/** The minimal, trimmed, canonically numbered DFA for the same language (Hopcroft's algorithm). */
export function minimize(dfa: Dfa): Dfa {
  const [classOf, reps] = columnClasses(dfa.stateCount, dfa.transitions, 256);
  const k = reps.length;
  const rows = new Int32Array(dfa.stateCount * k);
  for (let s = 0; s < dfa.stateCount; s++) for (let c = 0; c < k; c++) rows[s * k + c] = dfa.transitions[s * 256 + reps[c]!]!;
  return minimizeClasses(dfa.stateCount, dfa.start, rows, k, classOf, dfa.accepting);
}

/**
 * Minimisation over a class-compressed table: `rows[state * k + class]` is the next state or -1,
 * `classOf[byte]` the class of a byte, classes numbered in order of their least byte.
 */
function minimizeClasses(n: number, start: number, rows: Int32Array, k: number, classOf: Uint16Array, accepts: Uint8Array): Dfa {
  // Keep only states that are reachable and live; every other state behaves like the dead state.
  const reach = new Uint8Array(n);
  const stack = [start];
  reach[start] = 1;
  while (stack.length > 0) {
    const s = stack.pop()!;
    for (let c = 0; c < k; c++) {
      const t = rows[s * k + c]!;
      if (t >= 0 && !reach[t]) (reach[t] = 1), stack.push(t);
    }
  }
  const live = liveStates(n, rows, k, accepts);
  const keptId = new Int32Array(n).fill(-1);
  let m = 0;
  for (let s = 0; s < n; s++) if (reach[s] && live[s]) keptId[s] = m++;
  if (keptId[start]! < 0) return emptyDfa();
  const M = m + 1; // state m is the dead state, making the automaton complete
  const dead = m;
  const trans = new Int32Array(M * k).fill(dead);
  const accepting = new Uint8Array(M);
  for (let s = 0; s < n; s++) {
    const id = keptId[s]!;
    if (id < 0) continue;
    accepting[id] = accepts[s]!;
    for (let c = 0; c < k; c++) {
      const t = rows[s * k + c]!;
      if (t >= 0 && keptId[t]! >= 0) trans[id * k + c] = keptId[t]!;
    }
  }
  // Classes the kept states treat alike are merged, so refinement runs over as few symbols as possible.
  const [merged, reps] = columnClasses(M, trans, k);
  const k2 = reps.length;
  let table = trans;
  let byteClass = classOf;
  if (k2 < k) {
    table = new Int32Array(M * k2);
    for (let s = 0; s < M; s++) for (let c = 0; c < k2; c++) table[s * k2 + c] = trans[s * k + reps[c]!]!;
    byteClass = new Uint16Array(256);
    for (let b = 0; b < 256; b++) byteClass[b] = merged[classOf[b]!]!;
  }
  const blockOf = hopcroft(M, table, k2, accepting);
  return canonical(blockOf, keptId[start]!, dead, M, table, k2, byteClass, accepting);
}

/**
 * States from which an accepting state is reachable (reverse reachability over a predecessor list in
 * CSR form), over a table of k columns: 256 bytes, or byte classes when compressed.
 */
function liveStates(n: number, rows: Int32Array, k: number, accepting: Uint8Array): Uint8Array {
  const count = new Int32Array(n + 1);
  for (let i = 0; i < n * k; i++) if (rows[i]! >= 0) count[rows[i]! + 1]!++;
  for (let i = 0; i < n; i++) count[i + 1]! += count[i]!;
  const preds = new Int32Array(count[n]!);
  const fill = count.slice(0, n);
  for (let s = 0; s < n; s++) {
    for (let c = 0; c < k; c++) {
      const t = rows[s * k + c]!;
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

/**
 * Columns (symbols) of an n×k table that every state treats alike form one class; returns
 * [classOfColumn, representative columns], classes numbered in order of their least column.
 * Columns are grouped by a hash, then compared.
 */
function columnClasses(n: number, trans: Int32Array, k: number): [Uint16Array, number[]] {
  const classOf = new Uint16Array(k);
  const reps: number[] = [];
  const byHash = new Map<number, number[]>();
  for (let b = 0; b < k; b++) {
    let h = 0x811c9dc5;
    for (let s = 0; s < n; s++) h = Math.imul(h ^ trans[s * k + b]!, 0x01000193);
    let candidates = byHash.get(h);
    let found = -1;
    if (candidates !== undefined) {
      for (const c of candidates) {
        const r = reps[c]!;
        let same = true;
        for (let s = 0; s < n && same; s++) same = trans[s * k + b] === trans[s * k + r];
        if (same) {
          found = c;
          break;
        }
      }
    } else byHash.set(h, (candidates = []));
    if (found < 0) {
      found = reps.length;
      reps.push(b);
      candidates.push(found);
    }
    classOf[b] = found;
  }
  return [classOf, reps];
}

/** Hopcroft partition refinement over a complete DFA with k symbol classes; returns the block of each state. */
function hopcroft(M: number, trans: Int32Array, k: number, accepting: Uint8Array): Int32Array {
  // Predecessors by (symbol, target) in CSR form.
  const offsets = new Int32Array(k * M + 1);
  for (let s = 0; s < M; s++) for (let c = 0; c < k; c++) offsets[c * M + trans[s * k + c]! + 1]!++;
  for (let i = 0; i < k * M; i++) offsets[i + 1]! += offsets[i]!;
  const preds = new Int32Array(k * M);
  const fill = offsets.slice(0, k * M);
  for (let s = 0; s < M; s++) for (let c = 0; c < k; c++) preds[fill[c * M + trans[s * k + c]!]!++] = s;

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
function canonical(
  blockOf: Int32Array,
  start: number,
  dead: number,
  M: number,
  trans: Int32Array,
  k: number,
  classOf: Uint16Array,
  accepting: Uint8Array,
): Dfa {
  const deadBlock = blockOf[dead]!;
  const representative = new Int32Array(M).fill(-1);
  for (let s = M - 1; s >= 0; s--) representative[blockOf[s]!] = s;
  const newId = new Int32Array(M).fill(-1);
  const order: number[] = [blockOf[start]!];
  newId[blockOf[start]!] = 0;
  // Classes are numbered by their least byte, so visiting classes in order visits bytes in order.
  for (let i = 0; i < order.length; i++) {
    const rep = representative[order[i]!]!;
    for (let c = 0; c < k; c++) {
      const tb = blockOf[trans[rep * k + c]!]!;
      if (tb !== deadBlock && newId[tb]! < 0) (newId[tb] = order.length), order.push(tb);
    }
  }
  const n = order.length;
  const out = new Int32Array(n * 256);
  const acc = new Uint8Array(n);
  const next = new Int32Array(k);
  for (let i = 0; i < n; i++) {
    const rep = representative[order[i]!]!;
    acc[i] = accepting[rep]!;
    for (let c = 0; c < k; c++) {
      const tb = blockOf[trans[rep * k + c]!]!;
      next[c] = tb === deadBlock ? -1 : newId[tb]!;
    }
    for (let byte = 0; byte < 256; byte++) out[i * 256 + byte] = next[classOf[byte]!]!;
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
