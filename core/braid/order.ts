// Deterministic topological order of constraints. Hard edges: explicit `depends_on`
// ids and "a function's signature uses a declared type" (the type comes first). Among
// constraints that are ready, the reference's kind order decides, then priority (higher
// first), then id, then content hash: a total order on content, so the result never
// depends on input order, hash-map order or the runtime.
import { CONSTRAINT_KINDS, PRIORITIES, type Constraint } from '../model/constraint.ts';
import { contentHash } from './hash.ts';
import { referencedTypeNames } from './type-refs.ts';

export class CycleError extends Error {
  /** The ids on the cycle, each depending on the next; the last depends on the first. */
  readonly cycle: string[];
  constructor(cycle: string[]) {
    super(`dependency cycle among constraints: ${[...cycle, cycle[0]].join(' -> ')}`);
    this.name = 'CycleError';
    this.cycle = cycle;
  }
}

/** Explicit dependencies (ids), an extension field the reference lacks. */
export function explicitDependencies(c: Constraint): readonly string[] {
  const deps = (c as Constraint & { depends_on?: unknown }).depends_on;
  return Array.isArray(deps) ? deps.filter((d): d is string => typeof d === 'string') : [];
}

const KIND_RANK = new Map<string, number>(CONSTRAINT_KINDS.map((k, i) => [k, i]));
const PRIORITY_RANK = new Map<string, number>(PRIORITIES.map((p, i) => [p, i]));

export function priorityValue(c: Constraint): number {
  return PRIORITY_RANK.get(c.priority) ?? 0;
}

/** Compares two constraints by the stable tie-break key. */
export function compareByStableKey(a: Constraint, b: Constraint, hashOf: (c: Constraint) => string = contentHash): number {
  const ka = KIND_RANK.get(a.kind) ?? CONSTRAINT_KINDS.length;
  const kb = KIND_RANK.get(b.kind) ?? CONSTRAINT_KINDS.length;
  if (ka !== kb) return ka - kb;
  const pa = priorityValue(a);
  const pb = priorityValue(b);
  if (pa !== pb) return pb - pa;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  const ha = hashOf(a);
  const hb = hashOf(b);
  return ha === hb ? 0 : ha < hb ? -1 : 1;
}

/** For each constraint (by index), the indices it depends on. */
export function dependencyIndices(constraints: readonly Constraint[]): number[][] {
  const byId = new Map<string, number[]>();
  const typeDecl = new Map<string, number[]>();
  constraints.forEach((c, i) => {
    byId.set(c.id, [...(byId.get(c.id) ?? []), i]);
    if (c.facts?.fact === 'type') typeDecl.set(c.facts.name, [...(typeDecl.get(c.facts.name) ?? []), i]);
  });
  return constraints.map((c, i) => {
    const deps = new Set<number>();
    for (const id of explicitDependencies(c)) for (const j of byId.get(id) ?? []) if (j !== i) deps.add(j);
    if (c.facts?.fact === 'function') {
      for (const name of referencedTypeNames(c.facts)) for (const j of typeDecl.get(name) ?? []) if (j !== i) deps.add(j);
    }
    return [...deps];
  });
}

export function orderConstraints(constraints: Constraint[], hashOf: (c: Constraint) => string = contentHash): Constraint[] {
  const n = constraints.length;
  // Rank every constraint by the tie-break key once; the ready set is then a heap of ranks.
  const sorted = constraints.map((_, i) => i).sort((x, y) => compareByStableKey(constraints[x]!, constraints[y]!, hashOf));
  const rankOf = new Int32Array(n);
  sorted.forEach((index, rank) => {
    rankOf[index] = rank;
  });
  const deps = dependencyIndices(constraints);
  const dependents: number[][] = constraints.map(() => []);
  const waiting = new Int32Array(n);
  deps.forEach((ds, i) => {
    waiting[i] = ds.length;
    for (const d of ds) dependents[d]!.push(i);
  });

  const heap: number[] = [];
  const push = (rank: number): void => {
    heap.push(rank);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent]! <= rank) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = rank;
  };
  const pop = (): number => {
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        let mv = last;
        if (l < heap.length && heap[l]! < mv) {
          m = l;
          mv = heap[l]!;
        }
        if (r < heap.length && heap[r]! < mv) {
          m = r;
          mv = heap[r]!;
        }
        if (m === i) break;
        heap[i] = heap[m]!;
        i = m;
      }
      heap[i] = last;
    }
    return top;
  };

  for (let i = 0; i < n; i++) if (waiting[i] === 0) push(rankOf[i]!);
  const out: Constraint[] = [];
  const done = new Uint8Array(n);
  while (heap.length > 0) {
    const index = sorted[pop()]!;
    done[index] = 1;
    out.push(constraints[index]!);
    for (const d of dependents[index]!) if (--waiting[d]! === 0) push(rankOf[d]!);
  }
  if (out.length < n) throw new CycleError(findCycle(constraints, deps, done, sorted));
  return out;
}

/** Follows unresolved dependencies from the first stuck constraint until one repeats. */
function findCycle(constraints: readonly Constraint[], deps: number[][], done: Uint8Array, sorted: number[]): string[] {
  let current = sorted.find((i) => done[i] === 0)!;
  const seenAt = new Map<number, number>();
  const path: number[] = [];
  while (!seenAt.has(current)) {
    seenAt.set(current, path.length);
    path.push(current);
    const next = deps[current]!.filter((d) => done[d] === 0).sort((x, y) => sorted.indexOf(x) - sorted.indexOf(y))[0]!;
    current = next;
  }
  return path.slice(seenAt.get(current)!).map((i) => constraints[i]!.id);
}
