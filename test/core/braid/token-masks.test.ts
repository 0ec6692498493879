// Braid's token_masks with a vocabulary: masks equal tokenmask's own, survive JSON, and compile without one is unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { StateBudgetError, deserializeDfa, serializeDfa, type Dfa } from '../../../core/automata/index.ts';
import { compile } from '../../../core/braid/index.ts';
import type { ConstraintIR } from '../../../core/braid/index.ts';
import type { Constraint } from '../../../core/model/constraint.ts';
import {
  MaskCache,
  NORMAL,
  createVocabulary,
  decodeMask,
  encodeMask,
  loadVocabulary,
  maskForRegex,
  maskIds,
  tokenBytes,
} from '../../../core/tokenmask/index.ts';
import { vocabularyTokenMasks, wholeOutputDfa } from '../../../core/braid/token-masks.ts';
import { usePlatform } from '../../support/platform.ts';
import { constraint } from './fixtures.ts';
import { regexSource } from '../automata/arbitraries.ts';
import { bruteForceAllowed } from '../tokenmask/reference.ts';

await usePlatform();

/** ids: 0 a, 1 b, 2 ab, 3 ba, 4 abc, 5 c, 6 '1', 7 a1, 8 ' ', 9 eval, 10 'eval(', 11 unused, 12 <eos>. */
const hand = createVocabulary('hand', ['a', 'b', 'ab', 'ba', 'abc', 'c', '1', 'a1', ' ', 'eval', 'eval(', null], new Map([['<eos>', 12]]), ['<eos>']);

const IDENT = '[a-z_][a-z0-9_( ]*';
const FORBID_EVAL = '\\beval\\s*(?:\\(|::)';
const constraints = (): Constraint[] => [
  constraint({ fact: 'pattern', target: 'output', mode: 'require', regex: IDENT }, { id: 'ident' }),
  constraint({ fact: 'forbidden_call', callee: 'eval', reason: 'code injection' }, { id: 'no-eval' }),
  constraint({ fact: 'bounds', target: 'tokens', min: null, max: 64 }, { id: 'short' }),
];

test("compile with a hand-made vocabulary: the first-step mask is tokenmask's own mask for the regex minus the forbidden call", () => {
  const ir = compile(constraints(), { vocabulary: hand });
  const tm = ir.token_masks!;
  assert.equal(tm.max_tokens, 64, 'the token-count bound stays');
  assert.equal(tm.vocabulary, 'hand');
  assert.equal(tm.size, 13);
  assert.deepEqual(tm.eos, [12]);
  assert.deepEqual(tm.require, [IDENT]);
  assert.deepEqual(tm.forbid, [FORBID_EVAL]);
  const direct = maskForRegex(hand, IDENT, { forbid: [FORBID_EVAL] });
  assert.deepEqual(decodeMask(tm.initial_mask!, tm.size!), direct.mask);
  // By hand: a first token must start with [a-z_], stay in the class, and not be `eval(` (\b at the start);
  // '1', ' ' and <eos> (the empty output does not match) are out.
  assert.deepEqual(maskIds(direct.mask, hand.size), [0, 1, 2, 3, 4, 5, 7, 9]);
  // Little-endian word 0x2bf.
  assert.equal(tm.initial_mask, 'vwIAAA==');
  assert.equal(tm.initial_allowed, 8);
});

test('the static mask is the union over every state, checked token by token against a walk from each state', () => {
  const ir = compile(constraints(), { vocabulary: hand });
  const dfa = wholeOutputDfa(ir.regex_patterns);
  const expected: number[] = [];
  for (let id = 0; id < hand.size; id++) {
    let some = false;
    for (let s = 0; s < dfa.stateCount && !some; s++) some = bruteForceAllowed(hand, dfa, s, id);
    if (some) expected.push(id);
  }
  // Later steps may use digits, spaces and `eval(` after a word character (no \b there), and may end.
  assert.deepEqual(expected, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12]);
  assert.deepEqual(maskIds(decodeMask(ir.token_masks!.static_mask!, hand.size), hand.size), expected);
  assert.equal(ir.token_masks!.static_allowed, 12);
});

test('the IR goes through JSON and back: masks decode to the same words, the DFA to the same automaton', () => {
  const ir = compile(constraints(), { vocabulary: hand });
  const back = JSON.parse(JSON.stringify(ir)) as ConstraintIR;
  assert.deepEqual(back, ir);
  const tm = back.token_masks!;
  const dfa = deserializeDfa(tm.dfa!);
  const original = wholeOutputDfa(ir.regex_patterns);
  assert.equal(dfa.stateCount, original.stateCount);
  assert.equal(dfa.start, original.start);
  assert.deepEqual(dfa.transitions, original.transitions);
  assert.deepEqual(dfa.accepting, original.accepting);
  assert.deepEqual(dfa.live, original.live);
  // A per-step sampler rebuilt from the JSON alone gets the IR's first-step mask.
  const cache = new MaskCache(hand, dfa);
  assert.deepEqual(cache.mask(dfa.start), decodeMask(tm.initial_mask!, tm.size!));
});

test('serialised DFAs of random regexes read back identically', () => {
  fc.assert(
    fc.property(regexSource(true), (source) => {
      let dfa: Dfa;
      try {
        dfa = wholeOutputDfa([{ pattern: source, flags: '', target: 'output', mode: 'require', sources: [] }], { maxStates: 2000 });
      } catch (error) {
        // over the state budget: nothing to serialise (none of these 150 is today); any other error is a bug
        assert.ok(error instanceof StateBudgetError, `/${source}/: ${String(error)}`);
        assert.match(error.message, /needs more than 2000 states \(the state budget\)/);
        return;
      }
      const back = deserializeDfa(JSON.parse(JSON.stringify(serializeDfa(dfa))));
      assert.deepEqual(back.transitions, dfa.transitions);
      assert.deepEqual(back.accepting, dfa.accepting);
      assert.equal(back.start, dfa.start);
    }),
    { numRuns: 150, seed: 5 },
  );
});

test('mask encoding: random masks round-trip; wrong lengths, bits past the size and bad DFAs are clear errors', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 200 }), fc.array(fc.nat(), { maxLength: 40 }), (size, picks) => {
      const mask = new Uint32Array(Math.ceil(size / 32));
      for (const p of picks) mask[(p % size) >>> 5]! |= 1 << ((p % size) & 31);
      assert.deepEqual(decodeMask(encodeMask(mask), size), mask);
    }),
    { numRuns: 200, seed: 7 },
  );
  assert.throws(() => decodeMask('vwIAAA==', 40), /4 bytes, expected 8 for 40 token ids/);
  assert.throws(() => decodeMask(encodeMask(Uint32Array.of(1 << 20)), 13), /bits set past token id 12/);
  assert.throws(() => decodeMask('@@@', 13), /not base64/);
  assert.throws(() => deserializeDfa({ states: 2, start: 0, accepting: [1], transitions: [[97, 97, 2], []] }), /transitions\[0\]\[0\]: bad range \[97,97,2\]/);
  assert.throws(() => deserializeDfa({ states: 1, start: 0, accepting: [], transitions: [] }), /expected 1 rows/);
});

test('compile without a vocabulary is unchanged: no mask fields, and the same JSON as before this hook', () => {
  const ir = compile(constraints());
  assert.deepEqual(ir.token_masks, { max_tokens: 64 });
  const withVocab = compile(constraints(), { vocabulary: hand });
  const { token_masks: _a, ...rest } = withVocab;
  const { token_masks: _b, ...restPlain } = ir;
  assert.deepEqual(rest, restPlain, 'the vocabulary changes token_masks only');
  assert.equal(compile([constraint({ fact: 'pattern', target: 'output', mode: 'require', regex: 'x+' })]).token_masks, undefined);
});

test('no whole-output pattern: the masks allow any UTF-8 text (and EOS at once); name patterns do not count', () => {
  const ir = compile([constraint({ fact: 'pattern', target: 'identifier', mode: 'require', regex: '[a-z]+' })], { vocabulary: hand });
  const tm = ir.token_masks!;
  assert.deepEqual(tm.require, []);
  assert.deepEqual(maskIds(decodeMask(tm.initial_mask!, 13), 13), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12]);
});

test('a DFA over the state budget: compile does not throw, it says why there are no masks', () => {
  assert.throws(
    () => vocabularyTokenMasks(hand, [{ pattern: '[a-z]{40}', flags: '', target: 'output', mode: 'require', sources: [] }], { maxStates: 10 }),
    /state/i,
  );
  // Each length constraint is small and safe; together they need lengths divisible by 7·11·13·17 = 17017 (over 10 000 states).
  const ir = compile(
    [7, 11, 13, 17].map((p) => constraint({ fact: 'pattern', target: 'output', mode: 'require', regex: `(?:a{${p}})*` }, { id: `mod${p}` })),
    { vocabulary: hand },
  );
  assert.equal(ir.regex_patterns.length, 4);
  assert.equal(ir.token_masks, undefined);
  assert.deepEqual(ir.rejected, [
    {
      constraint: '*',
      reason: 'token masks over hand not computed: intersection needs more than 10000 states (the state budget); simplify the pattern or raise maxStates',
    },
  ]);
});

test('over the static-mask state limit: the first-step mask and the DFA only', () => {
  const ir = compile(constraints());
  const tm = vocabularyTokenMasks(hand, ir.regex_patterns, { staticMaskStateLimit: 2 });
  assert.equal(tm.dfa!.states > 2, true);
  assert.equal(tm.static_mask, undefined);
  assert.equal(tm.static_allowed, undefined);
  assert.equal(tm.initial_mask, 'vwIAAA==');
  assert.equal(vocabularyTokenMasks(hand, ir.regex_patterns, { includeDfa: false }).dfa, undefined);
});

test("o200k: the IR's masks equal maskForRegex, and the static mask admits what later steps need", async () => {
  const o200k = await loadVocabulary('o200k');
  const ir = compile([constraint({ fact: 'pattern', target: 'code', mode: 'require', regex: '[a-z_][a-z0-9_]*' })], { vocabulary: o200k });
  const tm = ir.token_masks!;
  assert.equal(tm.size, o200k.size);
  const first = decodeMask(tm.initial_mask!, tm.size!);
  assert.deepEqual(first, maskForRegex(o200k, '[a-z_][a-z0-9_]*').mask);
  const id = (text: string): number => {
    const bytes = new TextEncoder().encode(text);
    for (let i = 0; i < o200k.size; i++) if (o200k.kinds[i] === NORMAL && tokenBytes(o200k, i).join() === bytes.join()) return i;
    throw new Error(`no token ${text}`);
  };
  const staticIds = new Set(maskIds(decodeMask(tm.static_mask!, tm.size!), tm.size!));
  const firstIds = new Set(maskIds(first, tm.size!));
  assert.ok(firstIds.has(id('get')) && staticIds.has(id('get')));
  assert.ok(!firstIds.has(id('1')) && staticIds.has(id('1')), 'a digit cannot start an identifier but may follow');
  assert.ok(!staticIds.has(id(' ')), 'a space is never allowed');
  assert.ok(!firstIds.has(o200k.eos[0]!) && staticIds.has(o200k.eos[0]!));
  assert.equal(tm.initial_allowed, firstIds.size);
});
