// density suite (guide: bench-density): compilation of 5–250 constraints that share targets; cost per constraint.
import type { CatalogueEntry } from '../../catalogue.ts';
import { braidCompile } from '../engine-access.ts';
import { generateConstraints } from '../inputs.ts';
import type { BenchContext, PreparedBench, SuiteModule } from '../types.ts';

export const densitySuite: SuiteModule = {
  async prepare(entry: CatalogueEntry, _ctx: BenchContext): Promise<PreparedBench> {
    const compile = await braidCompile();
    const count = Number(entry.params.constraints);
    const constraints = generateConstraints(count, { dense: true });
    return { measured: () => compile(constraints, { language: 'typescript' }), constraints: count };
  },
};
