// Intersection, union, complement, subset and equivalence obey the set laws, checked on random regexes and strings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  complement,
  counterexample,
  createDfa,
  equivalent,
  intersect,
  isEmpty,
  isSubset,
  matches,
  minimize,
  regexToDfa,
  shortestMember,
  union,
  canReachAccept,
  step,
  type Dfa,
} from '../../../core/automata/index.ts';
import { regexSource, testString, withinBudget } from './arbitraries.ts';

const pair = fc.tuple(regexSource(false), regexSource(false), fc.array(testString, { minLength: 8, maxLength: 8 }));

function sameTables(a: Dfa, b: Dfa): void {
  assert.equal(a.stateCount, b.stateCount);
  assert.equal(a.start, b.start);
  assert.deepEqual([...a.transitions], [...b.transitions]);
  assert.deepEqual([...a.accepting], [...b.accepting]);
}

test('membership in intersection, union and complement is and, or, not', () => {
  fc.assert(
    fc.property(
      pair,
      withinBudget(([p, q, inputs]) => {
        const a = regexToDfa(p);
        const b = regexToDfa(q);
        const both = intersect(a, b);
        const either = union(a, b);
        const notA = complement(a);
        for (const input of inputs) {
          const inA = new RegExp(`^(?:${p})$`, 'u').test(input);
          const inB = new RegExp(`^(?:${q})$`, 'u').test(input);
          assert.equal(matches(both, input), inA && inB, `(${p}) ∩ (${q}) on ${JSON.stringify(input)}`);
          assert.equal(matches(either, input), inA || inB, `(${p}) ∪ (${q}) on ${JSON.stringify(input)}`);
          assert.equal(matches(notA, input), !inA, `¬(${p}) on ${JSON.stringify(input)}`);
        }
      }),
    ),
    { numRuns: 100 },
  );
});

test('subset, equivalence, emptiness and canonical form laws', () => {
  fc.assert(
    fc.property(
      pair,
      withinBudget(([p, q]) => {
        const a = regexToDfa(p);
        const b = regexToDfa(q);
        const both = intersect(a, b);
        const either = union(a, b);
        assert.ok(isSubset(both, a) && isSubset(both, b) && isSubset(a, either));
        assert.ok(isEmpty(intersect(a, complement(a))));
        assert.ok(isEmpty(complement(union(a, complement(a)))));
        // Minimal DFAs are numbered canonically, so equal languages give identical tables.
        sameTables(complement(complement(a)), a);
        sameTables(union(a, a), a);
        sameTables(regexToDfa(`(?:${p})|(?:${q})`), either);
        assert.equal(equivalent(a, b), isSubset(a, b) && isSubset(b, a));
        // De Morgan.
        sameTables(complement(union(a, b)), intersect(complement(a), complement(b)));
        const witness = counterexample(a, b);
        assert.equal(witness === null, isSubset(a, b));
        if (witness) assert.ok(matches(a, witness) && !matches(b, witness));
      }),
    ),
    { numRuns: 100 },
  );
});

test('concrete subset facts used by conflict detection', () => {
  const camel = regexToDfa('[a-z][a-zA-Z0-9]*');
  const snake = regexToDfa('[a-z][a-z0-9]*(?:_[a-z0-9]+)*');
  const lower = regexToDfa('[a-z]+');
  assert.ok(isSubset(lower, camel) && isSubset(lower, snake));
  assert.ok(!isSubset(camel, snake));
  assert.equal(new TextDecoder().decode(counterexample(camel, snake)!), 'aA');
  assert.equal(new TextDecoder().decode(shortestMember(intersect(camel, complement(snake)))!), 'aA');
  const noEval = complement(regexToDfa('eval', { mode: 'search' }));
  assert.ok(isEmpty(intersect(noEval, regexToDfa('x = eval\\(.*\\)'))));
  assert.ok(!isEmpty(intersect(noEval, regexToDfa('x = [a-z]+\\(\\)'))));
  // Every valid UTF-8 string: its complement is the invalid byte strings.
  const invalidUtf8 = complement(regexToDfa('[^]*'));
  assert.ok(matches(invalidUtf8, Uint8Array.from([0x61, 0xff])) && !matches(invalidUtf8, 'aé😀'));
  assert.ok(isEmpty(complement(complement(regexToDfa('[]')))));
});

test('step and canReachAccept walk the automaton; createDfa computes liveness', () => {
  const dfa = regexToDfa('ab|ac');
  const a = step(dfa, dfa.start, 0x61);
  assert.ok(canReachAccept(dfa, a));
  assert.equal(step(dfa, dfa.start, 0x62), -1);
  assert.equal(canReachAccept(dfa, -1), false);
  assert.equal(dfa.accepting[step(dfa, a, 0x63)], 1);
  // A hand-made automaton with an unreachable and a non-live state minimises to the same canonical DFA.
  const transitions = new Int32Array(4 * 256).fill(-1);
  transitions[0 * 256 + 0x61] = 1;
  transitions[0 * 256 + 0x7a] = 3; // 3 never accepts
  transitions[1 * 256 + 0x62] = 2;
  transitions[1 * 256 + 0x63] = 2;
  const raw = createDfa(4, 0, transitions, Uint8Array.from([0, 0, 1, 0]));
  assert.deepEqual([...raw.live], [1, 1, 1, 0]);
  sameTables(minimize(raw), dfa);
});
