// tokenmask suite: token masks over the o200k vocabulary — building the token trie, a mask the
// per-state cache already holds, masks computed from scratch for a sparse and a dense state, and
// the average cost of one constrained decoding step (per-state masks cached, as in generation).
import type { CatalogueEntry } from '../../catalogue.ts';
import { loadTokenmask } from '../engine-access.ts';
import { BenchInputError, type BenchContext, type PreparedBench, type SuiteModule } from '../types.ts';

/** Digits only: few o200k tokens qualify (a sparse mask). */
const SPARSE_REGEX = '[0-9]+';
/** Any text without `eval(`: nearly every token qualifies (a dense mask). */
const DENSE_REGEX = '[\\s\\S]*';
const DENSE_FORBID = ['eval\\('];
/** Identifiers: every step has many choices and the output never has to end. */
const DECODE_REGEX = '[a-z_][a-z0-9_]*';

export const tokenmaskSuite: SuiteModule = {
  async prepare(entry: CatalogueEntry, _ctx: BenchContext): Promise<PreparedBench> {
    const tm = await loadTokenmask();
    const name = String(entry.params.vocabulary);
    if (!(tm.VOCABULARY_NAMES as readonly string[]).includes(name))
      throw new BenchInputError(`${entry.id}: unknown vocabulary '${name}' (known: ${tm.VOCABULARY_NAMES.join(', ')})`);
    const vocab = await tm.loadVocabulary(name as (typeof tm.VOCABULARY_NAMES)[number]);
    const words = tm.maskWords(vocab.size);
    const coldMask = (regex: string, forbid: readonly string[]) => {
      const dfa = tm.constraintDfa(regex, { forbid });
      const trie = tm.tokenTrie(vocab);
      const probe = new Uint32Array(words);
      tm.fillMask(trie, dfa, dfa.start, probe);
      // A fresh mask every call: nothing is cached between calls, so each one computes the mask.
      return {
        measured: () => {
          const mask = new Uint32Array(words);
          tm.fillMask(trie, dfa, dfa.start, mask);
          return mask;
        },
        params: { regex, allowedTokens: tm.countAllowed(probe) },
      };
    };
    switch (entry.id) {
      case 'token_mask_trie_build':
        return { measured: () => tm.buildTokenTrie(vocab), params: { vocabularySize: vocab.size } };
      case 'token_mask_cached': {
        const cache = new tm.MaskCache(vocab, tm.constraintDfa(DECODE_REGEX));
        const state = cache.dfa.start;
        cache.mask(state);
        return { measured: () => cache.mask(state), params: { regex: DECODE_REGEX } };
      }
      case 'token_mask_cold_sparse':
        return coldMask(SPARSE_REGEX, []);
      case 'token_mask_cold_dense':
        return coldMask(DENSE_REGEX, DENSE_FORBID);
      case 'token_mask_decode_step': {
        const steps = Number(entry.params.steps);
        const cache = new tm.MaskCache(vocab, tm.constraintDfa(DECODE_REGEX));
        const decode = () => tm.constrainedDecode(cache, tm.seededRandomChooser(7, { eosProbability: 0 }), { maxTokens: steps });
        const produced = decode().tokens.length;
        if (produced !== steps) throw new Error(`decode produced ${produced} tokens, expected ${steps}`);
        return { measured: decode, tokens: steps, params: { regex: DECODE_REGEX } };
      }
      default:
        throw new Error(`tokenmask suite has no bench '${entry.id}'`);
    }
  },
};
