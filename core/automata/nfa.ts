// Thompson construction: a regex syntax tree to a byte-level NFA with conditional epsilon edges for assertions.
import { StateBudgetError } from './errors.ts';
import type { RegexNode } from './regex-parser.ts';
import { utf8Sequences } from './utf8.ts';

/** Epsilon edge kinds: plain, or guarded by an assertion checked during subset construction. */
export const EPS = 0;
export const EPS_START = 1;
export const EPS_END = 2;
export const EPS_WORD_BOUNDARY = 3;
export const EPS_NOT_WORD_BOUNDARY = 4;

export interface Nfa {
  start: number;
  accept: number;
  /** Per state: epsilon edges as [kind, target, kind, target, …]. */
  epsilon: number[][];
  /** Per state: byte edges as [lo, hi, target, …]. */
  bytes: number[][];
  /** Whether any \b or \B edge exists (then the DFA tracks whether the previous byte was a word byte). */
  usesWordBoundary: boolean;
  /** Whether any ^ edge exists (then the start state is distinct from later states). */
  usesStart: boolean;
}

/** A fragment under construction: a start state and an end state. */
interface Fragment {
  start: number;
  end: number;
}

const ASSERTION_KIND = { start: EPS_START, end: EPS_END, wordBoundary: EPS_WORD_BOUNDARY, notWordBoundary: EPS_NOT_WORD_BOUNDARY } as const;

/**
 * Builds the NFA. In 'search' mode the pattern may occur anywhere: any bytes before and after.
 * `maxStates` bounds the NFA too (a{100000} would otherwise exhaust memory), reported as `what`.
 */
export function buildNfa(tree: RegexNode, mode: 'full' | 'search', maxNfaStates: number, what: string): Nfa {
  const epsilon: number[][] = [];
  const bytes: number[][] = [];
  let usesWordBoundary = false;
  let usesStart = false;

  const newState = (): number => {
    if (epsilon.length >= maxNfaStates) throw new StateBudgetError(`${what} (NFA)`, maxNfaStates);
    epsilon.push([]);
    bytes.push([]);
    return epsilon.length - 1;
  };
  const eps = (from: number, to: number, kind = EPS): void => {
    epsilon[from]!.push(kind, to);
  };

  function build(node: RegexNode): Fragment {
    switch (node.kind) {
      case 'set': {
        const start = newState();
        const end = newState();
        // Sequences share suffix states (most multi-byte tails are [80-BF] runs), keeping classes small.
        const suffixState = new Map<string, number>();
        for (const sequence of utf8Sequences(node.set)) {
          let target = end;
          for (let i = sequence.length - 2; i >= 2; i -= 2) {
            const key = `${sequence[i]},${sequence[i + 1]},${target}`;
            let state = suffixState.get(key);
            if (state === undefined) {
              state = newState();
              bytes[state]!.push(sequence[i]!, sequence[i + 1]!, target);
              suffixState.set(key, state);
            }
            target = state;
          }
          bytes[start]!.push(sequence[0]!, sequence[1]!, target);
        }
        return { start, end };
      }
      case 'concat': {
        if (node.items.length === 0) {
          const s = newState();
          return { start: s, end: s };
        }
        const parts = node.items.map(build);
        for (let i = 0; i + 1 < parts.length; i++) eps(parts[i]!.end, parts[i + 1]!.start);
        return { start: parts[0]!.start, end: parts[parts.length - 1]!.end };
      }
      case 'alt': {
        const start = newState();
        const end = newState();
        for (const item of node.items) {
          const part = build(item);
          eps(start, part.start);
          eps(part.end, end);
        }
        return { start, end };
      }
      case 'repeat': {
        const start = newState();
        let current = start;
        for (let i = 0; i < node.min; i++) {
          const part = build(node.item);
          eps(current, part.start);
          current = part.end;
        }
        if (node.max === Infinity) {
          const part = build(node.item);
          const loopEnd = newState();
          eps(current, part.start);
          eps(part.end, part.start);
          eps(current, loopEnd);
          eps(part.end, loopEnd);
          return { start, end: loopEnd };
        }
        const end = newState();
        eps(current, end);
        for (let i = node.min; i < node.max; i++) {
          const part = build(node.item);
          eps(current, part.start);
          eps(part.end, end);
          current = part.end;
        }
        return { start, end };
      }
      case 'assert': {
        const start = newState();
        const end = newState();
        if (node.assertion === 'wordBoundary' || node.assertion === 'notWordBoundary') usesWordBoundary = true;
        if (node.assertion === 'start') usesStart = true;
        eps(start, end, ASSERTION_KIND[node.assertion]);
        return { start, end };
      }
    }
  }

  const body = build(tree);
  if (mode === 'full') return { start: body.start, accept: body.end, epsilon, bytes, usesWordBoundary, usesStart };
  const start = newState();
  const accept = newState();
  bytes[start]!.push(0, 255, start);
  eps(start, body.start);
  eps(body.end, accept);
  bytes[accept]!.push(0, 255, accept);
  return { start, accept, epsilon, bytes, usesWordBoundary, usesStart };
}
