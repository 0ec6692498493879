// The engine parts the suites measure (Clew, Braid, Maze, token masks), imported lazily with their
// own types: a runner process loads only the parts its benches use, after it has said hello, and a
// renamed or retyped export fails the build, not a bench run.
import type { Clew } from '../clew/index.ts';
import type { Constraint } from '../model/constraint.ts';
import type { Language } from '../model/facts.ts';
import { treeSitter } from './tree-sitter.ts';
import type { BenchContext } from './types.ts';

export type { ExtractionResult, TextEdit } from '../clew/index.ts';
export type { ConstraintIR } from '../braid/index.ts';
export type { LruCache } from '../maze/index.ts';

/** The parts, imported on first use (each import() is cached by the runtime). */
export const loadClew = () => import('../clew/index.ts');
export const loadBraid = () => import('../braid/index.ts');
export const loadMaze = () => import('../maze/index.ts');
export const loadTokenmask = () => import('../tokenmask/index.ts');

/** Clew with `language` loaded, one instance per run; tree-sitter is initialised by the harness first (see tree-sitter.ts). */
export async function clewFor(ctx: BenchContext, language: Language): Promise<Clew> {
  await treeSitter();
  let instance = ctx.shared.get('clew:instance') as Clew | undefined;
  if (instance === undefined) {
    instance = await (await loadClew()).Clew.create();
    ctx.shared.set('clew:instance', instance);
  }
  const loadedKey = `clew:loaded:${language}`;
  if (!ctx.shared.has(loadedKey)) {
    await instance.load(language);
    ctx.shared.set(loadedKey, true);
  }
  return instance;
}

/** Braid's compile. */
export async function braidCompile(): Promise<typeof import('../braid/index.ts')['compile']> {
  return (await loadBraid()).compile;
}

/** Braid's detectConflicts. */
export async function braidDetectConflicts(): Promise<(constraints: Constraint[]) => unknown> {
  const { detectConflicts } = await loadBraid();
  return (constraints) => detectConflicts(constraints);
}

/** Maze's hasher (XXH3-64 of canonical serialisations) and its serialiser. */
export async function mazeHashing() {
  const maze = await loadMaze();
  return { hasher: await maze.loadContentHasher(), canonicalConstraints: maze.canonicalConstraints };
}

/** Maze's LRU cache (the implementation Maze itself uses). */
export async function mazeCache<V extends {}>(capacity: number) {
  return (await loadMaze()).createLruCache<V>(capacity);
}
