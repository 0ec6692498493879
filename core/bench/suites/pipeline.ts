// pipeline suite (guide: bench-pipeline): extraction followed by compilation, per language and end to end.
import type { CatalogueEntry, FixtureLines } from '../catalogue.ts';
import type { Language } from '../../model/facts.ts';
import { braidCompile, clewFor } from '../engine-access.ts';
import { loadFixture } from '../inputs.ts';
import { BenchInputError, type BenchContext, type PreparedBench, type SuiteModule } from '../types.ts';

export const pipelineSuite: SuiteModule = {
  async prepare(entry: CatalogueEntry, ctx: BenchContext): Promise<PreparedBench> {
    const language = entry.params.language as Language;
    const fixture = await loadFixture(ctx, language, entry.params.lines as FixtureLines);
    const clew = await clewFor(ctx, language);
    const compile = await braidCompile(ctx);
    const options = { language, file: fixture.file };
    if (entry.id === 'pipeline_e2e') throw new BenchInputError('pipeline_e2e: waiting for Maze (engine part maze)');
    return {
      measured: () => compile(clew.extract(fixture.source, options).constraints, { language }),
      params: { file: fixture.file, actualLines: fixture.lines },
    };
  },
};
