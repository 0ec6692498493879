// Typed access to the engine parts the suites measure (Clew, Braid, Maze, token masks), each loaded
// lazily through engine.ts; these interfaces are what the suites rely on of each part's API.
import type { Constraint } from '../model/constraint.ts';
import type { Language } from '../model/facts.ts';
import { loadPart, need } from './engine.ts';
import { treeSitter } from './tree-sitter.ts';
import type { BenchContext } from './types.ts';

export interface ExtractionResult {
  constraints: Constraint[];
  parseErrors: unknown;
  lineCount: number;
  /** Frees the tree Clew keeps for incremental re-extraction. */
  dispose?(): void;
}

/** An edit in JavaScript string indices (Clew computes rows and columns). */
export interface TextEdit {
  startIndex: number;
  oldEndIndex: number;
  newEndIndex: number;
}

export interface ClewInstance {
  load(language: Language): Promise<void>;
  extract(source: string, options: { language: Language; file?: string }): ExtractionResult;
  parseOnly?(source: string, language: Language): unknown;
  parseAndWalk?(source: string, language: Language): unknown;
  extractIncremental(previous: ExtractionResult, edit: TextEdit, newSource: string): ExtractionResult;
}

/** Clew with `language` loaded; tree-sitter is initialised by the harness first (see tree-sitter.ts). */
export async function clewFor(ctx: BenchContext, language: Language): Promise<ClewInstance> {
  await treeSitter().catch(() => null);
  const mod = await loadPart('clew', ctx);
  let instance = ctx.shared.get('clew:instance') as ClewInstance | undefined;
  if (!instance) {
    const Clew = need<{ create(): ClewInstance | Promise<ClewInstance> }>(mod, 'clew', 'Clew');
    instance = await Clew.create();
    ctx.shared.set('clew:instance', instance);
  }
  const loadedKey = `clew:loaded:${language}`;
  if (!ctx.shared.has(loadedKey)) {
    await instance.load(language);
    ctx.shared.set(loadedKey, true);
  }
  return instance;
}

export type ConstraintIR = Record<string, unknown>;

export type CompileFn = (constraints: Constraint[], options: { language?: Language }) => ConstraintIR;

/** Braid's compile(constraints, { language }). */
export async function braidCompile(ctx: BenchContext): Promise<CompileFn> {
  return need<CompileFn>(await loadPart('braid', ctx), 'braid', 'compile');
}

/** Braid's detectConflicts(constraints). */
export async function braidDetectConflicts(ctx: BenchContext): Promise<(constraints: Constraint[]) => unknown> {
  return need(await loadPart('braid', ctx), 'braid', 'detectConflicts');
}

export interface ContentHasher {
  text(text: string): string;
  source(source: string, language: string): string;
  constraints(constraints: readonly Constraint[]): string;
  ir(ir: unknown): string;
}

export interface LruCache<V> {
  readonly size: number;
  get(key: string): V | undefined;
  set(key: string, value: V): void;
  delete(key: string): boolean;
  clear(): void;
  stats(): { hits: number; misses: number; evictions: number };
}

/** Maze's hasher (XXH3-64 of canonical serialisations) and its serialiser. */
export async function mazeHashing(ctx: BenchContext): Promise<{ hasher: ContentHasher; canonicalConstraints(constraints: readonly Constraint[]): string }> {
  const mod = await loadPart('maze-hash', ctx);
  const load = need<() => Promise<ContentHasher>>(mod, 'maze', 'loadContentHasher');
  return { hasher: await load(), canonicalConstraints: need(mod, 'maze', 'canonicalConstraints') };
}

/** Maze's LRU cache (the implementation Maze itself uses). */
export async function mazeCache<V>(ctx: BenchContext, capacity: number): Promise<LruCache<V>> {
  const create = need<(capacity: number) => LruCache<V>>(await loadPart('maze-cache', ctx), 'maze', 'createLruCache');
  return create(capacity);
}
