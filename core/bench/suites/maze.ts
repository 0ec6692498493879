// maze suite (the original's cargo bench suites): orchestration, cache hit/miss/eviction, hashing,
// llguidance grammar generation and constraint serialisation. A miss bench gets a key never
// seen before on every call (prepared outside the timed region), so it can never turn into a hit.
import type { Constraint } from '../../model/constraint.ts';
import type { CatalogueEntry } from '../../catalogue.ts';
import { braidCompile, loadMaze, mazeCache, mazeHashing, type ConstraintIR, type LruCache } from '../engine-access.ts';
import { platform } from '../../platform.ts';
import { generateConstraints, loadFixture } from '../inputs.ts';
import { measureTiming } from '../timing.ts';
import type { BenchContext, PreparedBench, SuiteModule } from '../types.ts';

/**
 * The measurement that chose Maze's LRU (lru-cache unless ours is faster), kept in the suite: every
 * implementation's hit time on this bench's workload, timed with the same sampling, and its ns per
 * operation on core/maze/cache.ts's mixed workload (80% get, 20% set, skewed keys), as params
 * `<name>HitNs` and `<name>MixedNs`; `implementation` names the one Maze uses (the bench's own figure).
 */
async function cacheComparison(
  ctx: BenchContext,
  capacity: number,
  keys: string[],
  ir: ConstraintIR,
  hitLoop: (c: LruCache<ConstraintIR>) => () => unknown,
): Promise<Record<string, string | number>> {
  const { cacheImplementations: implementations, compareCacheImplementations: compare } = await loadMaze();
  const params: Record<string, string | number> = {};
  for (const impl of implementations) {
    const other = impl.create<ConstraintIR>(capacity);
    for (const key of keys) other.set(key, ir);
    params[`${impl.name}HitNs`] = Math.round((await measureTiming(hitLoop(other), ctx.sampling)).p50 * 10) / 10;
  }
  const p = platform();
  for (const r of compare(() => p.nowNs(), undefined, 3)) params[`${r.name}MixedNs`] = Math.round(r.nsPerOperation * 10) / 10;
  return params;
}

/** The same constraints with the first one's id made unique: same compile work, a never-seen hash. */
function freshVariant(constraints: Constraint[], serial: number): Constraint[] {
  const [first, ...rest] = constraints;
  return [{ ...first!, id: `${first!.id}-miss-${serial}` }, ...rest];
}

export const mazeSuite: SuiteModule = {
  async prepare(entry: CatalogueEntry, ctx: BenchContext): Promise<PreparedBench> {
    const id = entry.id;
    if (id === 'cache_hit') {
      const capacity = Number(entry.params.capacity);
      const { hasher } = await mazeHashing();
      const ir = (await braidCompile())(generateConstraints(10), { language: 'typescript' });
      const cache = await mazeCache<ConstraintIR>(capacity);
      const keys = Array.from({ length: capacity }, (_, i) => hasher.text(`entry-${i}`));
      for (const key of keys) cache.set(key, ir);
      const hitLoop = (c: LruCache<ConstraintIR>) => {
        let i = 0;
        return () => {
          const value = c.get(keys[i]!);
          i = (i + 1) % capacity;
          if (value === undefined) throw new Error('cache_hit missed: the cache lost an entry');
          return value;
        };
      };
      const { DEFAULT_CACHE_IMPLEMENTATION: chosen } = await loadMaze();
      const comparison = ctx.extras ? await cacheComparison(ctx, capacity, keys, ir, hitLoop) : {};
      return { measured: hitLoop(cache), params: { implementation: chosen.name, ...comparison } };
    }
    if (id === 'cache_miss') {
      // A miss in Maze: hash the constraint set, find nothing, compile with Braid, store.
      const { hasher } = await mazeHashing();
      const compile = await braidCompile();
      const cache = await mazeCache<ConstraintIR>(1000);
      const constraints = generateConstraints(Number(entry.params.constraints));
      let serial = 0;
      return {
        measured: function* () {
          yield {
            0: () => freshVariant(constraints, serial++),
            bench(set: Constraint[]) {
              const key = hasher.constraints(set);
              let ir = cache.get(key);
              if (ir === undefined) {
                ir = compile(set, { language: 'typescript' });
                cache.set(key, ir);
              } else {
                throw new Error('cache_miss hit: a fresh key was found in the cache');
              }
              return ir;
            },
          };
        },
      };
    }
    if (id.startsWith('cache_eviction_')) {
      const capacity = Number(entry.params.capacity);
      const cache = await mazeCache<ConstraintIR>(capacity);
      const ir = (await braidCompile())(generateConstraints(10), { language: 'typescript' });
      for (let i = 0; i < capacity; i++) cache.set(`seed-${i}`, ir);
      let serial = 0;
      return {
        // The cache is full, so each insert of a new key evicts the least recently used one.
        measured: function* () {
          yield { 0: () => `new-${serial++}`, bench: (key: string) => cache.set(key, ir) };
        },
        dispose: () => {
          if (cache.size !== capacity) throw new Error(`eviction cache holds ${cache.size} entries, expected ${capacity}`);
        },
      };
    }
    if (id.startsWith('hash_generation_')) {
      // As Maze keys a set it produced: frozen (the orchestrator caches extractions frozen), so after
      // the first call each member's digest is memoised and the call sorts and hashes the digests.
      const { hasher } = await mazeHashing();
      const { freezeConstraints } = await loadMaze();
      const count = Number(entry.params.constraints);
      const frozen = freezeConstraints(generateConstraints(count));
      // The full cost stays reported: the same set unfrozen, every member serialised and hashed on every
      // call, timed with the same sampling.
      const cold = generateConstraints(count);
      if (hasher.constraints(cold) !== hasher.constraints(frozen)) throw new Error(`${id}: the frozen and the unfrozen set hash differently`);
      if (!ctx.extras) return { measured: () => hasher.constraints(frozen), params: { members: 'frozen' } };
      const coldTiming = await measureTiming(() => hasher.constraints(cold), ctx.sampling);
      return { measured: () => hasher.constraints(frozen), params: { members: 'frozen', coldNs: Math.round(coldTiming.p50) } };
    }
    if (id.startsWith('constraint_serialization_')) {
      const { canonicalConstraints } = await mazeHashing();
      const constraints = generateConstraints(Number(entry.params.constraints));
      return { measured: () => canonicalConstraints(constraints), params: { bytes: canonicalConstraints(constraints).length } };
    }
    if (id.startsWith('llguidance_schema_generation_')) {
      const { toLlguidanceGrammar } = await loadMaze();
      const ir = (await braidCompile())(generateConstraints(Number(entry.params.constraints)), { language: 'typescript' });
      const grammar = toLlguidanceGrammar(ir);
      if (grammar === null) throw new Error(`${id}: the IR of the generated constraints gives no llguidance grammar`);
      // The grammar as the server receives it: the TopLevelGrammar built from the IR, serialised.
      return { measured: () => JSON.stringify(toLlguidanceGrammar(ir)), params: { grammarBytes: JSON.stringify(grammar).length } };
    }
    return orchestratorWorkflow(ctx);
  },
};

/** Warm calls timed per stage before the bench (orchestrator_full_workflow's params): the last ones of the preparation. */
const STAGE_SAMPLES = 200;
/**
 * How long the preparation calls generate() before the bench. On Node the call tiers up for about
 * 1.5 s (undici's Response and body streams): per 100 ms window 390 → 250 → 170 → 150 → 125 µs, in
 * every process. The warm-up's steady-state test passed on that slow descent (its window is 40 ms),
 * so a process read 145-155 or 295-320 µs depending on where it stopped (eight one-shot processes),
 * and a run's median over four forks flipped between the two. A long-running service, which this
 * bench stands for, is past it. Bun settles within 0.6 s (290 → 85 µs), Deno within 0.4 s (135 → 80).
 * Each preparation spends it, not once per process: with only the process warm-up's orchestrator
 * warmed, the measured one (a new instance) read 191–212 µs against 113–126; and keeping the warmed
 * instance for the bench's turn did not keep it warm either (A/B against preparing it afresh, quick,
 * five forks: Node 125 → 424 µs, Bun 77 → 97, Deno 80 → 120, after the rest of the suite ran between).
 */
const STAGE_WARM_NS = 1.5e9;

/** What the in-process "server" answers: a completion the validation stage accepts. */
const COMPLETION = 'export async function findEntityByName(name: string): Promise<Entity | null> {\n  return null;\n}\n';

/**
 * One generate() through Maze's orchestrator with the real stages (Clew, Braid) and a vLLM backend
 * whose fetch answers in-process, so the figure is the orchestration, not a network. Extraction and
 * compilation are cache hits after the first call, as in a long-running service (the cold path is
 * pipeline_e2e and cache_miss; the first call is extra.firstCallNs).
 */
async function orchestratorWorkflow(ctx: BenchContext): Promise<PreparedBench> {
  const { Orchestrator, VllmBackend } = await loadMaze();
  const fixture = await loadFixture(ctx, 'typescript', 100);
  const body = JSON.stringify({ model: 'bench', choices: [{ text: COMPLETION, finish_reason: 'stop' }], usage: { prompt_tokens: 100, completion_tokens: 20 } });
  const inProcessFetch = async () => new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
  const orchestrator = await Orchestrator.create({
    backend: new VllmBackend({ url: 'http://127.0.0.1:9/v1', apiKey: null, model: 'bench' }),
    send: { timeoutMs: 10_000, retry: { retries: 0, baseDelayMs: 0 }, fetch: inProcessFetch },
  });
  const request = {
    intent: 'add a function that finds an entity by name',
    language: 'typescript' as const,
    source: { text: fixture.source, file: fixture.file },
    validate: true,
  };
  const first = await orchestrator.generate(request);
  if (first.code.trim() !== COMPLETION.trim()) throw new Error('orchestrator_full_workflow: the in-process completion did not come back');
  // The process warm-up's instance is thrown away: its tier-up would not carry over (above).
  if (ctx.warming) return { measured: () => orchestrator.generate(request) };
  // Where a warm call's time goes, from the orchestrator's own stage timings (median of a few hundred
  // calls made here, before mitata's): the in-process "server" and its HTTP response (backend), the
  // validation (a Clew re-parse of the output and the checks), and the orchestration around them.
  const stages = { total: [] as number[], backend: [] as number[], validate: [] as number[] };
  const p = platform();
  const start = p.nowNs();
  while (stages.total.length < STAGE_SAMPLES || p.nowNs() - start < STAGE_WARM_NS) {
    const { timings } = await orchestrator.generate(request);
    stages.total.push(timings.total);
    stages.backend.push(timings.backend);
    stages.validate.push(timings.validate);
  }
  for (const list of Object.values(stages)) list.splice(0, list.length - STAGE_SAMPLES);
  const median = (xs: number[]) => Math.round([...xs].sort((a, b) => a - b)[xs.length >> 1]!);
  const orchestration = stages.total.map((total, i) => total - stages.backend[i]! - stages.validate[i]!);
  return {
    measured: () => orchestrator.generate(request),
    params: {
      file: fixture.file,
      actualLines: fixture.lines,
      backendNs: median(stages.backend),
      validateNs: median(stages.validate),
      orchestrationNs: median(orchestration),
    },
  };
}
