// A DFA's JSON form: byte ranges per state (what Braid's IR carries as token_masks.dfa).
import { createDfa, type Dfa } from './dfa.ts';

/**
 * A DFA over bytes as JSON: its states are 0..states-1, `start` one of them, `accepting` the final ones,
 * its transitions as flat [lo, hi, target] triples over byte ranges; a byte not listed is dead.
 */
export interface SerializedDfa {
  states: number;
  start: number;
  /** Accepting state ids, ascending. */
  accepting: number[];
  /** transitions[state] = [lo, hi, target, lo, hi, target, …], ranges ascending and disjoint. */
  transitions: number[][];
}

/** A DFA as byte ranges per state (see SerializedDfa). */
export function serializeDfa(dfa: Dfa): SerializedDfa {
  const transitions: number[][] = [];
  const accepting: number[] = [];
  for (let s = 0; s < dfa.stateCount; s++) {
    if (dfa.accepting[s]) accepting.push(s);
    const ranges: number[] = [];
    const row = s * 256;
    for (let b = 0; b < 256; ) {
      const target = dfa.transitions[row + b]!;
      let end = b;
      while (end + 1 < 256 && dfa.transitions[row + end + 1] === target) end++;
      if (target >= 0) ranges.push(b, end, target);
      b = end + 1;
    }
    transitions.push(ranges);
  }
  return { states: dfa.stateCount, start: dfa.start, accepting, transitions };
}

/** Reads serializeDfa's form back; throws naming the first malformed entry. */
export function deserializeDfa(json: SerializedDfa): Dfa {
  const n = json.states;
  if (!Number.isInteger(n) || n < 1) throw new Error(`dfa.states: expected a positive integer, got ${JSON.stringify(n)}`);
  const isState = (x: unknown): x is number => Number.isInteger(x) && (x as number) >= 0 && (x as number) < n;
  if (!isState(json.start)) throw new Error(`dfa.start: not a state (0..${n - 1})`);
  if (!Array.isArray(json.transitions) || json.transitions.length !== n) throw new Error(`dfa.transitions: expected ${n} rows`);
  const transitions = new Int32Array(n * 256).fill(-1);
  for (let s = 0; s < n; s++) {
    const ranges = json.transitions[s]!;
    if (!Array.isArray(ranges) || ranges.length % 3 !== 0) throw new Error(`dfa.transitions[${s}]: expected [lo, hi, target] triples`);
    for (let i = 0; i < ranges.length; i += 3) {
      const [lo, hi, target] = [ranges[i], ranges[i + 1], ranges[i + 2]];
      if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo! < 0 || hi! > 255 || lo! > hi! || !isState(target)) {
        throw new Error(`dfa.transitions[${s}][${i / 3}]: bad range ${JSON.stringify([lo, hi, target])}`);
      }
      transitions.fill(target, s * 256 + lo!, s * 256 + hi! + 1);
    }
  }
  const accepting = new Uint8Array(n);
  for (const s of json.accepting) {
    if (!isState(s)) throw new Error(`dfa.accepting: ${JSON.stringify(s)} is not a state`);
    accepting[s] = 1;
  }
  return createDfa(n, json.start, transitions, accepting);
}
