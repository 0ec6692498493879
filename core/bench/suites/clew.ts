// clew suite (guide: bench-clew): extraction of small snippets, a cache hit, and an incremental edit.
import type { CatalogueEntry } from '../../catalogue.ts';
import { clewFor, mazeCache, mazeHashing, type ExtractionResult, type TextEdit } from '../engine-access.ts';
import { loadFixture, typescriptSnippet } from '../inputs.ts';
import { BenchInputError, type BenchContext, type PreparedBench, type SuiteModule } from '../types.ts';

/** A one-line edit in the middle of the source: a new statement inserted after a line break. */
function insertLine(source: string): { edit: TextEdit; newSource: string } {
  const at = source.indexOf('\n', source.length >> 1) + 1;
  const inserted = 'const benchEditMarker: number = 42;\n';
  return {
    edit: { startIndex: at, oldEndIndex: at, newEndIndex: at + inserted.length },
    newSource: source.slice(0, at) + inserted + source.slice(at),
  };
}

export const clewSuite: SuiteModule = {
  async prepare(entry: CatalogueEntry, ctx: BenchContext): Promise<PreparedBench> {
    const clew = await clewFor(ctx, 'typescript');
    if (entry.id.startsWith('extract_snippet_')) {
      const source = typescriptSnippet(Number(entry.params.bytes));
      return { measured: () => clew.extract(source, { language: 'typescript', file: 'snippet.ts' }) };
    }
    if (entry.id === 'extract_incremental_edit_1000') {
      const fixture = await loadFixture(ctx, 'typescript', 1000);
      const previous = clew.extract(fixture.source, { language: 'typescript', file: fixture.file, incremental: true });
      const { edit, newSource } = insertLine(fixture.source);
      return {
        // Each call re-parses from a copy of `previous`'s tree; freeing the new result's tree keeps
        // `previous` among the trees Clew retains, so every call stays incremental.
        measured: () => {
          const result = clew.extractIncremental(previous, edit, newSource);
          result.dispose?.();
          return result;
        },
        params: { file: fixture.file, actualLines: fixture.lines },
        dispose: () => previous.dispose?.(),
      };
    }
    if (entry.id === 'extract_cache_hit') {
      // A file seen before: Maze's content key of the source, then a hit in Maze's LRU cache.
      const fixture = await loadFixture(ctx, 'typescript', 100);
      const { hasher } = await mazeHashing();
      const cache = await mazeCache<ExtractionResult>(1000);
      cache.set(hasher.source(fixture.source, 'typescript'), clew.extract(fixture.source, { language: 'typescript', file: fixture.file }));
      return {
        measured: () => {
          const result = cache.get(hasher.source(fixture.source, 'typescript'));
          if (result === undefined) throw new Error('extract_cache_hit missed');
          return result;
        },
        params: { file: fixture.file, actualLines: fixture.lines },
      };
    }
    throw new BenchInputError(`clew suite has no bench '${entry.id}'`);
  },
};
