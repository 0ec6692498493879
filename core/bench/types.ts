// What a suite gives the driver for one catalogue entry: the measured function, the units its
// extra figure is computed from, and clean-up. Suites never see records or the runtime.
import type { CatalogueEntry } from '../catalogue.ts';
import type { Sampling } from './sampling.ts';
import type { MemoryPlan } from './memory.ts';

/**
 * A function mitata can measure: a plain function (sync or async), or a generator that yields
 * `{ [0]() { setup }, bench(x) { … } }` so the setup runs per call outside the timed region. A
 * generator's parameter is mitata's state object, which the suites do not read: `never` admits a
 * generator function of any parameter type.
 */
export type Measured = (() => unknown) | ((state: never) => Generator<unknown, void, undefined> | AsyncGenerator<unknown, void, undefined>);

export interface PreparedBench {
  measured: Measured;
  /** Lines processed per call (extraction suites' lines/s). */
  lines?: number;
  /** Constraints processed per call (compilation suites' per-constraint cost). */
  constraints?: number;
  /** Tokens decoded per call (token-mask decoding's per-token cost). */
  tokens?: number;
  /** The memory suite's plan, measured after the timings. */
  memory?: Omit<MemoryPlan, 'trials'> & { wasmRuns?: number };
  /**
   * The same input's cost without the engine's own work (multi-lang: parsing the fixture alone),
   * timed in turn with `measured` after its measurement, call by call; reported as extra.parseNs
   * and extra.overParse.
   */
  parseAlone?: () => unknown;
  /** Parsing plus the engine's unavoidable walk of the result (multi-lang: an all-disabled query), as extra.floorOverParse. */
  parseAndWalk?: () => unknown;
  /**
   * Time the parse figures in every fork, not only in the one that times the side figures: where
   * they are a goal's figure (multi-lang at 1000 lines), so that the table pools them over processes
   * instead of reporting one process's draw.
   */
  parseFiguresEveryFork?: boolean;
  /**
   * The bench's own work runs on other threads (a worker): the warm-up's test that the runtime's
   * other threads are quiet (WarmupPolicy quietShare) cannot apply to it.
   */
  ownThreads?: boolean;
  /** Extra parameters learnt while preparing (e.g. the fixture's real line count). */
  params?: Record<string, string | number | boolean>;
  dispose?: () => void | Promise<void>;
}

export interface BenchContext {
  sampling: Sampling;
  /** Absolute path of the repository root (fixtures live under it). */
  repoRoot: string;
  /** Values shared between benches of a run (loaded engines, grammars), cleaned up at the end. */
  shared: Map<string, unknown>;
  /**
   * Whether the preparation also times its side figures (params that are measurements, e.g.
   * `cache_hit`'s LRU comparison): not in the process warm-up, whose preparations are thrown away,
   * nor in the forks that skip the extra figures (the report reads a bench's params from fork 1).
   */
  extras: boolean;
  /**
   * Whether the preparation is the process warm-up's: its bench is called for a few milliseconds
   * and thrown away, so work that only readies the measured instance (a long tier-up) is skipped.
   */
  warming: boolean;
  /** Registers clean-up to run when the whole run ends (e.g. terminating a worker). */
  onDispose(cleanup: () => void | Promise<void>): void;
}

export interface SuiteModule {
  prepare(entry: CatalogueEntry, ctx: BenchContext): Promise<PreparedBench>;
}

/** An error whose message is the whole story (a missing fixture, a missing engine part): no stack needed. */
export class BenchInputError extends Error {
  override name = 'BenchInputError';
}
