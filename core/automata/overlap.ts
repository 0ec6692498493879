// Whether two regexes share a string, decided on the product of their NFAs without building DFAs.
import { StateBudgetError } from './errors.ts';
import { buildNfa, EPS, type Nfa } from './nfa.ts';
import { parseFlags, parseRegex } from './regex-parser.ts';

function nfaOf(source: string, maxNfaStates: number): Nfa | null {
  const nfa = buildNfa(parseRegex(source, parseFlags(source, '')), 'full', maxNfaStates, `regex /${source}/`);
  if (nfa.usesStart || nfa.usesWordBoundary) return null;
  // $ is an assertion edge too; a pattern with one goes through the DFA path.
  for (const edges of nfa.epsilon) for (let i = 0; i < edges.length; i += 2) if (edges[i] !== EPS) return null;
  return nfa;
}

/**
 * L(a) ∩ L(b) ≠ ∅ for two patterns read in full mode (the byte-level semantics of regexToDfa),
 * by a breadth-first search of the pairs of NFA states reachable together: no subset
 * construction, no minimisation, and only the pairs a common prefix can reach. Null when a
 * pattern holds an assertion (^, $, \b, \B) or more than `maxPairs` pairs are reachable: then
 * the caller decides on DFAs. Throws as regexToDfa does for invalid or unsupported patterns.
 */
export function regexesOverlap(a: string, b: string, options: { maxPairs?: number } = {}): boolean | null {
  const maxPairs = options.maxPairs ?? 200_000;
  let na: Nfa | null;
  let nb: Nfa | null;
  try {
    na = nfaOf(a, 100_000);
    nb = nfaOf(b, 100_000);
  } catch (error) {
    if (error instanceof StateBudgetError) return null;
    throw error;
  }
  if (na === null || nb === null) return null;
  const width = nb.epsilon.length;
  const dense = na.epsilon.length * width <= 1 << 22;
  const seenBits = dense ? new Uint8Array(na.epsilon.length * width) : null;
  const seenSet = dense ? null : new Set<number>();
  const queue: number[] = [];
  const visit = (p: number, q: number): void => {
    const key = p * width + q;
    if (seenBits !== null) {
      if (seenBits[key]) return;
      seenBits[key] = 1;
    } else {
      if (seenSet!.has(key)) return;
      seenSet!.add(key);
    }
    queue.push(p, q);
  };
  visit(na.start, nb.start);
  for (let head = 0; head < queue.length; head += 2) {
    if (head / 2 >= maxPairs) return null;
    const p = queue[head]!;
    const q = queue[head + 1]!;
    if (p === na.accept && q === nb.accept) return true;
    const epsA = na.epsilon[p]!;
    for (let i = 0; i < epsA.length; i += 2) visit(epsA[i + 1]!, q);
    const epsB = nb.epsilon[q]!;
    for (let i = 0; i < epsB.length; i += 2) visit(p, epsB[i + 1]!);
    const bytesA = na.bytes[p]!;
    if (bytesA.length === 0) continue;
    const bytesB = nb.bytes[q]!;
    for (let i = 0; i < bytesA.length; i += 3) {
      const lo = bytesA[i]!;
      const hi = bytesA[i + 1]!;
      for (let j = 0; j < bytesB.length; j += 3) {
        if (bytesB[j]! <= hi && lo <= bytesB[j + 1]!) visit(bytesA[i + 2]!, bytesB[j + 2]!);
      }
    }
  }
  return false;
}
