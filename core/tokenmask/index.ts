// Token masks over real tokenizer vocabularies: which token ids keep the output inside a constraint.
//
// For Braid and Maze:
//   const vocab = await loadVocabulary('o200k');            // or 'cl100k', 'llama3' (offline, from npm packages)
//   const { vocabulary, size, mask } = maskForRegex(vocab, '[a-z_][a-z0-9_]*', { forbid: ['eval'] });
//   // mask: Uint32Array of ⌈size/32⌉ words, bit (id & 31) of word (id >> 5) set = token id allowed —
//   // the layout llguidance and XGrammar hand to samplers. EOS ids are allowed only where the constraint may end.
// For a whole generation, keep a MaskCache (one mask per DFA state, computed on first use, V/8 bytes each):
//   const cache = new MaskCache(vocab, constraintDfa(regex, { forbid }));
//   cache.mask(state); state = cache.advance(state, tokenId);
// constrainedDecode(cache, chooser, { maxTokens }) runs a decoding loop without a model
// (seededRandomChooser, preferenceChooser or scoreChooser pick among allowed tokens).
//
// How a mask is computed: the vocabulary's token trie (flat arrays, depth-first, built once per
// vocabulary) is walked from the DFA state, skipping a subtree at the first dead byte
// (fillMaskByWalk, the reference). fillMask gets the same result faster where the DFA sends a
// large byte class to one state (identifier or string-body characters): tokens whose remaining
// bytes stay in the class are taken from a per-class index (or one word-wise OR), and only the
// subtrees where a token leaves the class are walked. MaskCache also shares one mask between
// states that no token-length string tells apart (maskClasses), e.g. a long counter's states.
//
// Vocabularies: o200k and cl100k from gpt-tokenizer's data/*.tiktoken (base64 token + rank per line;
// special tokens from gpt-tokenizer's encoding parameters, EOS = <|endoftext|>); llama3 from
// llama3-tokenizer-js's baked base64 vocabulary (GPT-2 byte-to-unicode alphabet, undone to bytes;
// 256 special tokens from id 128000, EOS = <|end_of_text|> and <|eot_id|>). `size` is max id + 1,
// so unused ids (o200k's 199998) are never allowed.
export {
  type Vocabulary,
  type VocabularyName,
  VOCABULARY_NAMES,
  NORMAL,
  SPECIAL,
  UNUSED,
  loadVocabulary,
  createVocabulary,
  tokenBytes,
  parseTiktoken,
  gpt2UnicodeToByte,
  gpt2TokenToBytes,
} from './vocabulary.ts';
export { type TokenTrie, buildTokenTrie, fillMaskByWalk, maskWords } from './trie.ts';
export { fillMask } from './mask-walk.ts';
export { encodeMask, decodeMask, maskIds } from './mask-codec.ts';
export { maskClasses } from './equivalence.ts';
export {
  type ConstraintOptions,
  type TokenMask,
  MaskCache,
  constraintDfa,
  tokenTrie,
  maskForRegex,
  isAllowed,
  countAllowed,
} from './masks.ts';
export {
  type TokenChooser,
  type ChoiceContext,
  type DecodeResult,
  seededRandom,
  seededRandomChooser,
  preferenceChooser,
  scoreChooser,
  constrainedDecode,
} from './decode.ts';
