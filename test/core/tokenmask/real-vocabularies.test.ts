// The o200k, cl100k and Llama 3 vocabularies load offline with the tokenizers' own ids, and masks over them are exact.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as o200kTokenizer from 'gpt-tokenizer/encoding/o200k_base';
import * as cl100kTokenizer from 'gpt-tokenizer/encoding/cl100k_base';
import llama3Tokenizer from 'llama3-tokenizer-js';
import {
  MaskCache,
  constrainedDecode,
  constraintDfa,
  countAllowed,
  isAllowed,
  loadVocabulary,
  maskForRegex,
  seededRandomChooser,
  tokenBytes,
  tokenTrie,
  fillMaskByWalk,
  maskWords,
  NORMAL,
  SPECIAL,
  UNUSED,
  type Vocabulary,
} from '../../../core/tokenmask/index.ts';
import { usePlatform } from '../../support/platform.ts';
import { regexSource, withinBudget } from '../automata/arbitraries.ts';
import { bruteForceAllowed } from './reference.ts';

await usePlatform();
const [o200k, cl100k, llama3] = await Promise.all([loadVocabulary('o200k'), loadVocabulary('cl100k'), loadVocabulary('llama3')]);
const utf8 = new TextEncoder();

function concatTokens(vocab: Vocabulary, ids: number[]): string {
  const parts = ids.flatMap((id) => [...tokenBytes(vocab, id)]);
  return new TextDecoder().decode(Uint8Array.from(parts));
}

const SAMPLE_TEXT = 'hello world, naïve café: 日本語 😀 {"key": [1, 2]}\n\tfunction f(x) { return x ** 2; }';

test('o200k: the size and ids of gpt-tokenizer, tokens as bytes', () => {
  assert.equal(o200k.tokenCount, o200kTokenizer.vocabularySize);
  assert.equal(o200k.tokenCount, 200006);
  assert.equal(o200k.size, 200007); // ids 0..200006; 199998 is unused
  assert.equal(o200k.kinds[199998], UNUSED);
  assert.equal(o200k.kinds[199999], SPECIAL);
  assert.deepEqual(o200k.eos, [199999]);
  assert.equal(o200k.specialTokens.get('<|endoftext|>'), 199999);
  assert.deepEqual([...tokenBytes(o200k, 0)], [0x21]); // '!'
  assert.deepEqual(o200kTokenizer.encode('hello world'), [24912, 2375]);
  assert.equal(concatTokens(o200k, [24912]), 'hello');
  assert.equal(concatTokens(o200k, [2375]), ' world');
  assert.equal(concatTokens(o200k, o200kTokenizer.encode(SAMPLE_TEXT)), SAMPLE_TEXT);
});

test('cl100k: the size and ids of gpt-tokenizer', () => {
  assert.equal(cl100k.tokenCount, cl100kTokenizer.vocabularySize);
  assert.equal(cl100k.size, 100277);
  assert.deepEqual(cl100k.eos, [100257]);
  assert.equal(concatTokens(cl100k, cl100kTokenizer.encode(SAMPLE_TEXT)), SAMPLE_TEXT);
});

test('llama3: GPT-2 byte alphabet undone, 256 special tokens after 128000 normal ones', () => {
  assert.equal(llama3.size, llama3Tokenizer.vocabById.length);
  assert.equal(llama3.size, 128256);
  assert.deepEqual(llama3.eos, [128001, 128009]);
  assert.equal(llama3.specialTokens.get('<|eot_id|>'), 128009);
  const ids = llama3Tokenizer.encode(SAMPLE_TEXT, { bos: false, eos: false });
  assert.equal(concatTokens(llama3, ids), SAMPLE_TEXT);
  assert.deepEqual([...tokenBytes(llama3, 220)], [0x20]); // 'Ġ' is the space byte
  assert.deepEqual([...tokenBytes(llama3, 198)], [0x0a]); // 'Ċ' is the newline byte
  // Every single byte is a token of its own (byte-level BPE), so any output can be spelled.
  const singles = new Set<number>();
  for (let id = 0; id < 128000; id++) if (tokenBytes(llama3, id).length === 1) singles.add(tokenBytes(llama3, id)[0]!);
  assert.equal(singles.size, 256);
});

test('the token tries list siblings in increasing byte order and hold every normal token once', () => {
  for (const vocab of [o200k, cl100k, llama3]) {
    const trie = tokenTrie(vocab);
    let tokens = trie.extraTokens.size === 0 ? 0 : [...trie.extraTokens.values()].reduce((n, l) => n + l.length, 0);
    // Walk siblings under every node: each next sibling is at i + subtreeSize[i] and has a larger byte.
    for (let node = 0; node < trie.nodeCount; node++) {
      if (trie.token[node]! >= 0) tokens++;
      let previous = -1;
      for (let child = node + 1; child < node + trie.subtreeSize[node]!; child += trie.subtreeSize[child]!) {
        assert.equal(trie.depth[child], trie.depth[node]! + 1);
        assert.ok(trie.byte[child]! > previous, `${vocab.name}: node ${child} byte ${trie.byte[child]} after ${previous}`);
        previous = trie.byte[child]!;
      }
    }
    let normal = 0;
    for (let id = 0; id < vocab.size; id++) if (vocab.kinds[id] === NORMAL) normal++;
    assert.equal(tokens, normal, vocab.name);
  }
});

test('o200k masks equal a brute-force walk for random regexes, states and tokens', () => {
  fc.assert(
    fc.property(
      regexSource(false),
      fc.nat(),
      fc.array(fc.nat({ max: o200k.size - 1 }), { minLength: 300, maxLength: 300 }),
      withinBudget((source, pick, ids) => {
        const dfa = constraintDfa(source);
        const state = pick % dfa.stateCount;
        const mask = new MaskCache(o200k, dfa).mask(state);
        // Random ids, plus every allowed id found in the mask, plus EOS and the unused id.
        const allowed: number[] = [];
        for (let id = 0; id < o200k.size && allowed.length < 2000; id++) if (isAllowed(mask, id)) allowed.push(id);
        for (const id of [...ids, ...allowed, 199998, 199999, 200006]) {
          assert.equal(isAllowed(mask, id), bruteForceAllowed(o200k, dfa, state, id), `/${source}/ state ${state} token ${id}`);
        }
      }),
    ),
    { numRuns: 40 },
  );
});

test('the accelerated mask equals the plain trie walk in every state of realistic constraints', () => {
  const constraints: Array<[string, string[]]> = [
    ['[A-Za-z_$][A-Za-z0-9_$]*', []],
    ['"(?:[^"\\\\\\n]|\\\\.)*"', []],
    ['-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?', []],
    ['[a-zA-Z ]{1,40}', []],
    ['(?:[a-z_][a-z0-9_]* = [a-z0-9_]+\\(\\);\\n){1,3}', ['eval', 'exec']],
    ['[^]*', ['eval\\(']],
    ['[a-z]{3}[a-m]', []],
    ['"[a-z ]{0,150}"', []],
  ];
  for (const vocab of [o200k, llama3]) {
    const trie = tokenTrie(vocab);
    for (const [regex, forbid] of constraints) {
      const dfa = constraintDfa(regex, { forbid, flags: 's' });
      const cache = new MaskCache(vocab, dfa);
      for (let state = 0; state < Math.min(dfa.stateCount, 25) || (regex.includes('150') && state < dfa.stateCount); state++) {
        const reference = new Uint32Array(maskWords(vocab.size));
        fillMaskByWalk(trie, dfa, state, reference);
        assert.deepEqual(cache.mask(state), reference, `${vocab.name} /${regex}/ state ${state}`);
      }
    }
  }
});

test('states no token can tell apart share one mask (a counter far from its bound)', () => {
  const dfa = constraintDfa('"[a-z ]{0,150}"');
  const cache = new MaskCache(o200k, dfa);
  for (let state = 0; state < dfa.stateCount; state++) cache.mask(state);
  assert.equal(cache.cachedStates, dfa.stateCount);
  // o200k's longest token has 128 bytes: inside the string, the states with at least that many
  // characters left behave alike for every token; the rest (and the start and end) differ.
  assert.ok(cache.distinctMasks < dfa.stateCount - 10, `${cache.distinctMasks} distinct masks for ${dfa.stateCount} states`);
});

test('the mask of a fixed constraint is the same on every runtime', () => {
  const { mask, size, vocabulary } = maskForRegex(o200k, '[a-z_][a-z0-9_]*', { forbid: ['eval'] });
  assert.equal(vocabulary, 'o200k');
  assert.equal(size, 200007);
  assert.equal(mask.length, 6251);
  let checksum = 0;
  for (let i = 0; i < mask.length; i++) checksum = (Math.imul(checksum, 31) + mask[i]!) >>> 0;
  let expected = 0;
  const dfa = constraintDfa('[a-z_][a-z0-9_]*', { forbid: ['eval'] });
  for (let id = 0; id < o200k.size; id++) assert.equal(isAllowed(mask, id), bruteForceAllowed(o200k, dfa, dfa.start, id));
  for (let id = 0; id < o200k.size; id++) if (bruteForceAllowed(o200k, dfa, dfa.start, id)) expected++;
  assert.equal(countAllowed(mask), expected);
  // Pinned values: identical on Node, Bun and Deno.
  assert.equal(countAllowed(mask), 28394);
  assert.equal(checksum, 2148328316);
});

test('decoding over real vocabularies: EOS only when accepted, forbidden patterns never appear', () => {
  for (const vocab of [o200k, llama3]) {
    const regex = '[a-z_]+(?: [a-z_]+){0,6}';
    const forbid = ['eval', 'exec', 'os\\.system'];
    const cache = new MaskCache(vocab, constraintDfa(regex, { forbid }));
    for (let seed = 1; seed <= 25; seed++) {
      const result = constrainedDecode(cache, seededRandomChooser(seed, { eosProbability: 0.5 }), { maxTokens: 20 });
      for (const f of forbid) assert.ok(!new RegExp(f).test(result.text), `${vocab.name} seed ${seed}: ${JSON.stringify(result.text)}`);
      if (result.stoppedBy === 'eos') assert.match(result.text, new RegExp(`^(?:${regex})$`));
      assert.ok(result.stoppedBy === 'eos' || result.stoppedBy === 'max-tokens');
      assert.equal(utf8.encode(result.text).length, result.bytes.length);
    }
  }
});
