// Incremental compilation: keeps per-constraint artefacts (JSON Schemas per type, regex
// verdicts, pattern automata, the code grammar) keyed by content hashes, so recompiling after
// an edit redoes only what the edit touched. The result equals a full compile's.
import type { Constraint } from '../model/constraint.ts';
import { compileWith, hashMemo, type ArtefactStore, type CompileOptions } from './compile.ts';
import type { ConstraintIR } from './ir.ts';

/** A store that forgets entries the latest compile did not touch, so memory follows the current set. */
class GenerationalStore implements ArtefactStore {
  private entries = new Map<string, { value: unknown; generation: number }>();
  private generation = 0;

  get(key: string): unknown {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    entry.generation = this.generation;
    return entry.value;
  }

  set(key: string, value: unknown): void {
    this.entries.set(key, { value, generation: this.generation });
  }

  begin(): void {
    this.generation += 1;
  }

  /** Drops entries unused since the previous compile began. */
  sweep(): void {
    for (const [key, entry] of this.entries) if (entry.generation < this.generation) this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}

export interface IncrementalStats {
  /** Constraints of the last compile whose artefacts all came from the previous compiles. */
  reused: number;
  /** Constraints of the last compile that were new or changed, or whose artefacts had to be rebuilt. */
  recompiled: number;
}

export class IncrementalCompiler {
  readonly stats: IncrementalStats = { reused: 0, recompiled: 0 };
  private readonly store = new GenerationalStore();
  private previousHashes = new Set<string>();

  constructor(private readonly options: CompileOptions = {}) {}

  compile(constraints: Constraint[]): ConstraintIR {
    this.store.begin();
    const hashOf = hashMemo();
    const rebuilt = new Set<string>();
    const ir = compileWith(constraints, this.options, {
      store: this.store,
      keyOf: hashOf,
      onConstraint: (id, reused) => {
        if (!reused) rebuilt.add(id);
      },
    });
    const hashes = new Set<string>();
    let reused = 0;
    for (const c of constraints) {
      const h = hashOf(c);
      hashes.add(h);
      if (this.previousHashes.has(h) && !rebuilt.has(c.id)) reused += 1;
    }
    this.stats.reused = reused;
    this.stats.recompiled = constraints.length - reused;
    this.previousHashes = hashes;
    this.store.sweep();
    return ir;
  }

  /** Entries held in the artefact store (for tests and memory figures). */
  get storeSize(): number {
    return this.store.size;
  }
}
