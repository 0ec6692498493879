// Token masks on a small hand-made vocabulary (exact expected masks) and on random vocabularies against a brute-force walk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  MaskCache,
  buildTokenTrie,
  constrainedDecode,
  constraintDfa,
  createVocabulary,
  fillMask,
  isAllowed,
  maskForRegex,
  maskWords,
  preferenceChooser,
  scoreChooser,
  seededRandomChooser,
  tokenBytes,
} from '../../../core/tokenmask/index.ts';
import { regexSource, withinBudget } from '../automata/arbitraries.ts';
import { bruteForceAllowed } from './reference.ts';

const E_FIRST = Uint8Array.from([0xc3]);
const E_SECOND = Uint8Array.from([0xa9]);
/** ids: 0 a, 1 b, 2 ab, 3 ba, 4 abc, 5 c, 6 first byte of é, 7 its second byte, 8 é, 9 space, 10 ab again, 11 unused, 12 <eos>, 13 <pad>. */
const hand = createVocabulary(
  'hand',
  ['a', 'b', 'ab', 'ba', 'abc', 'c', E_FIRST, E_SECOND, 'é', ' ', 'ab', null],
  new Map([
    ['<eos>', 12],
    ['<pad>', 13],
  ]),
  ['<eos>'],
);

function bits(mask: Uint32Array): number[] {
  const out: number[] = [];
  for (let id = 0; id < mask.length * 32; id++) if (isAllowed(mask, id)) out.push(id);
  return out;
}

test('the hand-made vocabulary: sizes, kinds and the trie in depth-first order', () => {
  assert.equal(hand.size, 14);
  assert.equal(hand.tokenCount, 13);
  assert.deepEqual(hand.eos, [12]);
  assert.equal(maskWords(hand.size), 1);
  assert.equal(maskWords(32), 1);
  assert.equal(maskWords(33), 2);
  const trie = buildTokenTrie(hand);
  // root, ' ', a, ab, abc, b, ba, c, A9, C3, C3 A9
  assert.equal(trie.nodeCount, 11);
  assert.deepEqual([...trie.byte], [0, 0x20, 0x61, 0x62, 0x63, 0x62, 0x61, 0x63, 0xa9, 0xc3, 0xa9]);
  assert.deepEqual([...trie.subtreeSize], [11, 1, 3, 2, 1, 2, 1, 1, 1, 2, 1]);
  assert.deepEqual([...trie.token], [-1, 9, 0, 2, 4, 1, 3, 5, 7, 6, 8]);
  assert.deepEqual([...trie.extraTokens], [[3, [10]]]);
});

test('exact masks on the hand-made vocabulary', () => {
  const abc = constraintDfa('ab*c');
  const cache = new MaskCache(hand, abc);
  assert.deepEqual(bits(cache.mask(abc.start)), [0, 2, 4, 10]); // a, ab, abc, ab (duplicate id); no EOS
  assert.equal(cache.mask(abc.start)[0], 0b10000010101);
  const afterA = cache.advance(abc.start, 0);
  assert.deepEqual(bits(cache.mask(afterA)), [1, 5]); // b, c
  const done = cache.advance(abc.start, 4);
  assert.deepEqual(bits(cache.mask(done)), [12]); // only EOS once the constraint accepts and nothing may follow

  const e = constraintDfa('é+');
  const eCache = new MaskCache(hand, e);
  assert.deepEqual(bits(eCache.mask(e.start)), [6, 8]); // a token may be half of a character
  assert.deepEqual(bits(eCache.mask(eCache.advance(e.start, 6))), [7]);
  assert.deepEqual(bits(eCache.mask(eCache.advance(e.start, 8))), [6, 8, 12]);

  const noBa = constraintDfa('[a-c ]*', { forbid: ['ba'] });
  const noBaCache = new MaskCache(hand, noBa);
  assert.deepEqual(bits(noBaCache.mask(noBa.start)), [0, 1, 2, 4, 5, 9, 10, 12]); // not 'ba', never <pad> or the unused id
  assert.deepEqual(bits(noBaCache.mask(noBaCache.advance(noBa.start, 1))), [1, 5, 9, 12]); // after 'b' no token may start with 'a'

  const first = maskForRegex(hand, 'ab*c');
  assert.equal(first.vocabulary, 'hand');
  assert.equal(first.size, 14);
  assert.deepEqual([...first.mask], [0b10000010101]);
  assert.deepEqual([...maskForRegex(hand, '[a-c]+', { forbid: ['b'] }).mask], [0b100001]); // a, c
});

test('the decoding loop follows the chooser, allows EOS only where the constraint accepts, and stops at EOS', () => {
  const dfa = constraintDfa('(?:ab)+c?');
  const cache = new MaskCache(hand, dfa);
  // Prefers EOS first: refused until the output is accepted.
  const result = constrainedDecode(cache, preferenceChooser([12, 3, 10, 5]), { maxTokens: 10 });
  assert.deepEqual(result.tokens, [10, 12]);
  assert.equal(result.text, 'ab');
  assert.equal(result.stoppedBy, 'eos');
  assert.equal(result.accepted, true);
  // The longest token 'abc' first; then only EOS is allowed, whatever its score.
  const longest = constrainedDecode(
    cache,
    scoreChooser((id) => (id === 12 ? -1 : tokenBytes(hand, id).length)),
    { maxTokens: 3 },
  );
  assert.deepEqual(longest.tokens, [4, 12]);
  assert.equal(longest.stoppedBy, 'eos');
  const abs = constrainedDecode(
    cache,
    scoreChooser((id) => (id === 2 || id === 10 ? 1 : 0)),
    { maxTokens: 3 },
  );
  assert.deepEqual(abs.tokens, [2, 2, 2]); // ties go to the lowest id
  assert.equal(abs.text, 'ababab');
  assert.equal(abs.stoppedBy, 'max-tokens');
  const stuck = constrainedDecode(new MaskCache(hand, constraintDfa('x')), seededRandomChooser(1), { maxTokens: 5 });
  assert.equal(stuck.stoppedBy, 'no-allowed-token');
  assert.deepEqual(stuck.tokens, []);
});

/** A random vocabulary over a few bytes (all single bytes present, so decoding never starves). */
const randomVocabulary = fc
  .array(fc.array(fc.constantFrom(0x61, 0x62, 0x63, 0x5f, 0x31, 0x20, 0xc3, 0xa9, 0xbc, 0x0a), { minLength: 1, maxLength: 5 }), { minLength: 5, maxLength: 60 })
  .map((tokens) => {
    const singles = [0x61, 0x62, 0x63, 0x5f, 0x31, 0x20, 0xc3, 0xa9, 0xbc, 0x0a].map((b) => [b]);
    const all = [...singles, ...tokens].map((t) => Uint8Array.from(t));
    return createVocabulary(
      'random',
      all,
      new Map([
        ['<eos>', all.length],
        ['<other>', all.length + 1],
      ]),
      ['<eos>'],
    );
  });

test('every mask bit equals a brute-force walk of the token through the DFA (random regexes, vocabularies, states)', () => {
  fc.assert(
    fc.property(
      regexSource(false),
      randomVocabulary,
      fc.nat(),
      withinBudget((source, vocab, pick) => {
        const dfa = constraintDfa(source);
        const state = pick % dfa.stateCount;
        const mask = new Uint32Array(maskWords(vocab.size));
        fillMask(buildTokenTrie(vocab), dfa, state, mask);
        for (let id = 0; id < vocab.size; id++) {
          assert.equal(isAllowed(mask, id), bruteForceAllowed(vocab, dfa, state, id), `/${source}/ state ${state} token ${id}`);
        }
        for (let id = vocab.size; id < mask.length * 32; id++) assert.equal(isAllowed(mask, id), false, 'padding bits stay 0');
      }),
    ),
    { numRuns: 300 },
  );
});

test('a MaskCache (masks shared between states no token tells apart) agrees with brute force in every state', () => {
  fc.assert(
    fc.property(
      regexSource(false),
      randomVocabulary,
      withinBudget((source, vocab) => {
        const dfa = constraintDfa(source);
        const cache = new MaskCache(vocab, dfa);
        for (let state = 0; state < dfa.stateCount; state++) {
          const mask = cache.mask(state);
          for (let id = 0; id < vocab.size; id++) {
            assert.equal(isAllowed(mask, id), bruteForceAllowed(vocab, dfa, state, id), `/${source}/ state ${state} token ${id}`);
          }
        }
      }),
    ),
    { numRuns: 300 },
  );
  // Tokens of at most 2 bytes cannot tell apart the states of a{0,9} with 2 or more steps left.
  const short = createVocabulary('short', ['a', 'aa']);
  const counter = constraintDfa('a{0,9}');
  const cache = new MaskCache(short, counter);
  for (let state = 0; state < counter.stateCount; state++) cache.mask(state);
  assert.equal(counter.stateCount, 10);
  assert.equal(cache.distinctMasks, 3); // 2 or more left: {a, aa}; 1 left: {a}; none left: {}
});

test('decoded outputs match the regex when they end at EOS and never contain a forbidden pattern', () => {
  const forbidden = ['ab', 'b+c', '\\d', '_ '];
  fc.assert(
    fc.property(
      regexSource(false),
      randomVocabulary,
      fc.constantFrom(...forbidden),
      fc.integer(),
      withinBudget((source, vocab, forbid, seed) => {
        const dfa = constraintDfa(source, { forbid: [forbid] });
        const result = constrainedDecode(new MaskCache(vocab, dfa), seededRandomChooser(seed), { maxTokens: 12 });
        const output = new TextDecoder().decode(result.bytes);
        if (result.stoppedBy === 'eos') {
          assert.ok(result.accepted);
          assert.ok(new RegExp(`^(?:${source})$`, 'u').test(output), `/${source}/ produced ${JSON.stringify(output)}`);
        }
        // A live prefix cannot contain the pattern: containing it is kept by every extension.
        assert.ok(!new RegExp(forbid, 'u').test(output), `/${source}/ minus /${forbid}/ produced ${JSON.stringify(output)}`);
        for (const id of result.tokens.slice(0, -1)) assert.ok(!vocab.eos.includes(id));
      }),
    ),
    { numRuns: 300 },
  );
});
