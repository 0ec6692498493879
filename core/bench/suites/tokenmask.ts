// tokenmask suite: token masks over the o200k vocabulary — building the token trie, a mask the
// per-state cache already holds, masks computed from scratch for a sparse and a dense state, and
// the average cost of one constrained decoding step (per-state masks cached, as in generation).
import type { CatalogueEntry } from '../catalogue.ts';
import { loadPart, need } from '../engine.ts';
import type { BenchContext, PreparedBench, SuiteModule } from '../types.ts';

interface Vocabulary { size: number }
interface Dfa { start: number }
interface MaskCacheInstance { dfa: Dfa; mask(state: number): Uint32Array }
interface TokenmaskApi {
  loadVocabulary(name: string): Promise<Vocabulary>;
  buildTokenTrie(vocab: Vocabulary): unknown;
  tokenTrie(vocab: Vocabulary): unknown;
  fillMask(trie: unknown, dfa: Dfa, state: number, mask: Uint32Array): void;
  maskWords(size: number): number;
  constraintDfa(regex: string, options?: { forbid?: readonly string[] }): Dfa;
  countAllowed(mask: Uint32Array): number;
  MaskCache: new (vocab: Vocabulary, dfa: Dfa) => MaskCacheInstance;
  seededRandomChooser(seed: number, options?: { eosProbability?: number }): unknown;
  constrainedDecode(cache: MaskCacheInstance, chooser: unknown, options: { maxTokens: number }): { tokens: number[] };
}

/** Digits only: few o200k tokens qualify (a sparse mask). */
const SPARSE_REGEX = '[0-9]+';
/** Any text without `eval(`: nearly every token qualifies (a dense mask). */
const DENSE_REGEX = '[\\s\\S]*';
const DENSE_FORBID = ['eval\\('];
/** Identifiers: every step has many choices and the output never has to end. */
const DECODE_REGEX = '[a-z_][a-z0-9_]*';

async function api(ctx: BenchContext): Promise<TokenmaskApi> {
  const mod = await loadPart('tokenmask', ctx);
  const names = ['loadVocabulary', 'buildTokenTrie', 'tokenTrie', 'fillMask', 'maskWords', 'constraintDfa', 'countAllowed', 'MaskCache', 'seededRandomChooser', 'constrainedDecode'];
  return Object.fromEntries(names.map((n) => [n, need(mod, 'tokenmask', n)])) as unknown as TokenmaskApi;
}

export const tokenmaskSuite: SuiteModule = {
  async prepare(entry: CatalogueEntry, ctx: BenchContext): Promise<PreparedBench> {
    const tm = await api(ctx);
    const vocab = await tm.loadVocabulary(String(entry.params.vocabulary));
    const words = tm.maskWords(vocab.size);
    const coldMask = (regex: string, forbid: readonly string[]) => {
      const dfa = tm.constraintDfa(regex, { forbid });
      const trie = tm.tokenTrie(vocab);
      const probe = new Uint32Array(words);
      tm.fillMask(trie, dfa, dfa.start, probe);
      // A fresh mask every call: nothing is cached between calls, so each one computes the mask.
      return { measured: () => { const mask = new Uint32Array(words); tm.fillMask(trie, dfa, dfa.start, mask); return mask; }, params: { regex, allowedTokens: tm.countAllowed(probe) } };
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
