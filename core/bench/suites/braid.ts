// braid suite (guide: bench-braid): compilation of 1–50 constraints to IR, and conflict detection; cost per constraint.
import type { CatalogueEntry } from '../../catalogue.ts';
import { braidCompile, braidDetectConflicts } from '../engine-access.ts';
import { generateConstraints } from '../inputs.ts';
import type { BenchContext, PreparedBench, SuiteModule } from '../types.ts';

export const braidSuite: SuiteModule = {
  async prepare(entry: CatalogueEntry, _ctx: BenchContext): Promise<PreparedBench> {
    const count = Number(entry.params.constraints);
    if (entry.id.startsWith('conflict_detection_')) {
      const detectConflicts = await braidDetectConflicts();
      // Dense constraints share targets, so there are real conflicts to find.
      const constraints = generateConstraints(count, { dense: true });
      return { measured: () => detectConflicts(constraints), constraints: count };
    }
    const compile = await braidCompile();
    const constraints = generateConstraints(count);
    return { measured: () => compile(constraints, { language: 'typescript' }), constraints: count };
  },
};
