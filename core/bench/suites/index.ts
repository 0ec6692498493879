// Every suite's module, by suite name (the catalogue says which ids each one must produce).
import type { SuiteName } from '../../catalogue.ts';
import type { SuiteModule } from '../types.ts';
import { braidSuite } from './braid.ts';
import { clewSuite } from './clew.ts';
import { densitySuite } from './density.ts';
import { ffiSuite } from './ffi.ts';
import { mazeSuite } from './maze.ts';
import { memorySuite } from './memory.ts';
import { multiLangSuite } from './multi-lang.ts';
import { pipelineSuite } from './pipeline.ts';
import { tokenmaskSuite } from './tokenmask.ts';

export const SUITE_MODULES: Record<SuiteName, SuiteModule> = {
  clew: clewSuite,
  'multi-lang': multiLangSuite,
  braid: braidSuite,
  density: densitySuite,
  memory: memorySuite,
  ffi: ffiSuite,
  pipeline: pipelineSuite,
  maze: mazeSuite,
  tokenmask: tokenmaskSuite,
};
