// memory suite (guide: bench-memory): bytes allocated, retained and peak per extraction and per
// compilation, per line / per constraint; tree-sitter's WASM memory growth is reported apart.
import type { CatalogueEntry, FixtureLines } from '../../catalogue.ts';
import { braidCompile, clewFor } from '../engine-access.ts';
import { generateConstraints, loadFixture } from '../inputs.ts';
import { treeSitter } from '../tree-sitter.ts';
import type { BenchContext, PreparedBench, SuiteModule } from '../types.ts';

export const memorySuite: SuiteModule = {
  async prepare(entry: CatalogueEntry, ctx: BenchContext): Promise<PreparedBench> {
    if (entry.id.startsWith('memory_extraction_')) {
      const fixture = await loadFixture(ctx, 'typescript', entry.params.lines as FixtureLines);
      const clew = await clewFor(ctx, 'typescript');
      const ts = await treeSitter();
      const op = () => clew.extract(fixture.source, { language: 'typescript', file: fixture.file });
      // Scaled from the nominal size, so the full profile's 100-line bench runs exactly 10,000 extractions.
      const runs = ctx.sampling.wasmGrowthExtractions(Number(entry.params.lines));
      return {
        measured: op,
        memory: { op, lines: fixture.lines, wasm: { bytes: ts.wasmBytes, runs } },
        params: { file: fixture.file, actualLines: fixture.lines, wasmExtractions: runs },
      };
    }
    const compile = await braidCompile();
    const count = Number(entry.params.constraints);
    const constraints = generateConstraints(count);
    const op = () => compile(constraints, { language: 'typescript' });
    return { measured: op, memory: { op, constraints: count } };
  },
};
