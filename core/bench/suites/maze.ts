// maze suite (the original's cargo bench suites): orchestration, cache hit/miss/eviction, hashing,
// llguidance schema generation and constraint serialisation.
import type { CatalogueEntry } from '../catalogue.ts';
import { loadPart } from '../engine.ts';
import { BenchInputError, type BenchContext, type PreparedBench, type SuiteModule } from '../types.ts';

export const mazeSuite: SuiteModule = {
  async prepare(entry: CatalogueEntry, ctx: BenchContext): Promise<PreparedBench> {
    await loadPart('maze', ctx);
    throw new BenchInputError(`${entry.id}: waiting for the Maze API it measures`);
  },
};
