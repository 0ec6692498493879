// tokenmask suite: token masks over the o200k vocabulary (trie build, cached, cold sparse/dense, decode step).
import type { CatalogueEntry } from '../catalogue.ts';
import { loadPart } from '../engine.ts';
import { BenchInputError, type BenchContext, type PreparedBench, type SuiteModule } from '../types.ts';

export const tokenmaskSuite: SuiteModule = {
  async prepare(entry: CatalogueEntry, ctx: BenchContext): Promise<PreparedBench> {
    await loadPart('tokenmask', ctx);
    throw new BenchInputError(`${entry.id}: waiting for the token-mask API it measures`);
  },
};
