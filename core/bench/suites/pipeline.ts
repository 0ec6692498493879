// pipeline suite (guide: bench-pipeline): extraction followed by compilation, per language; and
// pipeline_e2e, one file through the whole engine short of the network: extract (Clew), content
// key (Maze XXH3), cache miss, compile (Braid), store in Maze's LRU, IR serialised for the server.
import type { CatalogueEntry, FixtureLines } from '../../catalogue.ts';
import type { Language } from '../../model/facts.ts';
import { braidCompile, clewFor, mazeCache, mazeHashing, type ConstraintIR, type LruCache } from '../engine-access.ts';
import { loadFixture } from '../inputs.ts';
import type { BenchContext, PreparedBench, SuiteModule } from '../types.ts';

export const pipelineSuite: SuiteModule = {
  async prepare(entry: CatalogueEntry, ctx: BenchContext): Promise<PreparedBench> {
    const language = entry.params.language as Language;
    const fixture = await loadFixture(ctx, language, entry.params.lines as FixtureLines);
    const clew = await clewFor(ctx, language);
    const compile = await braidCompile();
    const options = { language, file: fixture.file };
    const params = { file: fixture.file, actualLines: fixture.lines };
    if (entry.id !== 'pipeline_e2e') {
      return { measured: () => compile(clew.extract(fixture.source, options).constraints, { language }), params };
    }
    const { hasher } = await mazeHashing();
    // Built before the suite runs so the cache module is loaded; each call gets an empty cache.
    await mazeCache(16);
    return {
      measured: function* () {
        yield {
          // A fresh, empty cache per call (untimed), so the lookup is a genuine miss every time.
          0: async () => mazeCache<ConstraintIR>(16),
          bench(cache: LruCache<ConstraintIR>) {
            const key = hasher.source(fixture.source, language);
            if (cache.get(key) !== undefined) throw new Error('pipeline_e2e found its key in an empty cache');
            const extraction = clew.extract(fixture.source, options);
            const ir = compile(extraction.constraints, { language });
            cache.set(key, ir);
            return JSON.stringify(ir);
          },
        };
      },
      params,
    };
  },
};
