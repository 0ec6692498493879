// The benchmark catalogue: the single source of truth for suites, bench ids, their
// parameters, the guide's command groups and the extra figure each suite reports.
// Runners, the orchestrator, tables and baselines all read ids from here.
import { LANGUAGE_EXTENSIONS, LANGUAGES, type Language } from './model/facts.ts';

export const SUITE_NAMES = ['clew', 'multi-lang', 'braid', 'density', 'memory', 'ffi', 'pipeline', 'maze', 'tokenmask'] as const;
export type SuiteName = (typeof SUITE_NAMES)[number];

/** The extra figure a suite reports beside its timings (see ExtraSchema in core/record/schema.ts). */
export type ExtraFigure = 'none' | 'linesPerSecond' | 'nsPerConstraint' | 'memory';

export type BenchParams = Record<string, string | number | boolean>;

export interface CatalogueEntry {
  suite: SuiteName;
  id: string;
  params: BenchParams;
  /** The guide's sub-command group (maze: orchestration | cache_performance | constraint_compilation | ffi_overhead), else null. */
  group: string | null;
  /** What one measured call does, for readers of tables and --list. */
  measures: string;
}

export interface SuiteInfo {
  name: SuiteName;
  /** The guide's command this suite stands for. */
  guideCommand: string;
  extraFigure: ExtraFigure;
  entries: CatalogueEntry[];
}

/** Fixture sizes: the generator's folder name for each nominal line count. */
export const FIXTURE_SIZES = { 100: 'small', 500: 'medium', 1000: 'large', 5000: 'xlarge' } as const;
export type FixtureLines = keyof typeof FIXTURE_SIZES;

/** A fixture's extension: its language's own (the first of LANGUAGE_EXTENSIONS), without the dot. */
export const FIXTURE_EXTENSIONS = Object.fromEntries(LANGUAGES.map((l) => [l, LANGUAGE_EXTENSIONS[l][0]!.slice(1)])) as Record<Language, string>;

/** Fixture path relative to the repository root, e.g. fixtures/typescript/small/entity_service_100.ts. */
export function fixturePath(language: Language, lines: FixtureLines): string {
  return `fixtures/${language}/${FIXTURE_SIZES[lines]}/entity_service_${lines}.${FIXTURE_EXTENSIONS[language]}`;
}

function entry(suite: SuiteName, id: string, params: BenchParams, measures: string, group: string | null = null): CatalogueEntry {
  return { suite, id, params, group, measures };
}

const SNIPPET_BYTES = [50, 200, 800] as const;
const EXTRACTION_LINES = [100, 500, 1000, 5000] as const;
const COMPILATION_COUNTS = [1, 5, 10, 25, 50] as const;
const DENSITY_COUNTS = [5, 20, 50, 100, 250] as const;
const MEMORY_EXTRACTION_LINES = [100, 500, 1000] as const;
const MEMORY_COMPILATION_COUNTS = [10, 50, 250] as const;
const EVICTION_CAPACITIES = [10, 100, 1000] as const;
const HASH_COUNTS = [1, 10, 50] as const;
const SCHEMA_COUNTS = [1, 5, 10] as const;
/** Constraint counts of the serialisation sizes. */
export const SERIALIZATION_SIZES = { small: 5, medium: 50, large: 250 } as const;

export const SUITES: readonly SuiteInfo[] = [
  {
    name: 'clew',
    guideCommand: 'bench-clew',
    extraFigure: 'none',
    entries: [
      ...SNIPPET_BYTES.map((bytes) =>
        entry('clew', `extract_snippet_${bytes}b`, { language: 'typescript', bytes }, `Clew extraction of a ${bytes}-byte TypeScript snippet`),
      ),
      entry(
        'clew',
        'extract_cache_hit',
        { language: 'typescript', lines: 100 },
        "a file seen before: Maze XXH3 key of the 100-line fixture, then a hit in Maze's LRU",
      ),
      entry(
        'clew',
        'extract_incremental_edit_1000',
        { language: 'typescript', lines: 1000 },
        'incremental re-extraction of the 1000-line fixture after inserting one line',
      ),
    ],
  },
  {
    name: 'multi-lang',
    guideCommand: 'bench-multi-lang',
    extraFigure: 'linesPerSecond',
    entries: LANGUAGES.flatMap((language) =>
      EXTRACTION_LINES.map((lines) =>
        entry('multi-lang', `${language}_extraction_${lines}`, { language, lines }, `Clew extraction of the ${lines}-line ${language} fixture`),
      ),
    ),
  },
  {
    name: 'braid',
    guideCommand: 'bench-braid',
    extraFigure: 'nsPerConstraint',
    entries: [
      ...COMPILATION_COUNTS.map((constraints) =>
        entry(
          'braid',
          `constraint_compilation_${constraints}`,
          { constraints },
          `Braid compile of ${constraints} mixed constraints to IR (engine memos warm; cold call in firstCallNs)`,
        ),
      ),
      entry('braid', 'conflict_detection_50', { constraints: 50 }, 'Braid conflict detection over 50 constraints that share targets'),
    ],
  },
  {
    name: 'density',
    guideCommand: 'bench-density',
    extraFigure: 'nsPerConstraint',
    entries: DENSITY_COUNTS.map((constraints) =>
      entry(
        'density',
        `constraint_density_${constraints}`,
        { constraints },
        `Braid compile of ${constraints} constraints that share targets (dense graph, conflicts)`,
      ),
    ),
  },
  {
    name: 'memory',
    guideCommand: 'bench-memory',
    extraFigure: 'memory',
    entries: [
      ...MEMORY_EXTRACTION_LINES.map((lines) =>
        entry(
          'memory',
          `memory_extraction_${lines}`,
          { language: 'typescript', lines },
          `bytes allocated/retained/peak by one extraction of the ${lines}-line TypeScript fixture; WASM growth over many`,
        ),
      ),
      ...MEMORY_COMPILATION_COUNTS.map((constraints) =>
        entry(
          'memory',
          `memory_compilation_${constraints}`,
          { constraints },
          `bytes allocated/retained/peak by one Braid compile of ${constraints} constraints`,
        ),
      ),
    ],
  },
  {
    name: 'ffi',
    guideCommand: 'bench-ffi, bench-ffi-roundtrip',
    extraFigure: 'none',
    entries: [
      entry('ffi', 'ffi_struct_roundtrip', { boundary: 'serialization', constraints: 50 }, 'ConstraintIR of 50 constraints to JSON bytes and back'),
      entry(
        'ffi',
        'ffi_string_100',
        { boundary: 'js-wasm', bytes: 100 },
        "100-byte string into tree-sitter's WASM memory (malloc, native UTF-8 encodeInto) and read back (TextDecoder), free",
      ),
      entry('ffi', 'ffi_vector_100', { boundary: 'js-wasm', items: 100 }, "100 syntax nodes marshalled out of tree-sitter's WASM memory"),
      entry('ffi', 'ffi_roundtrip', { boundary: 'js-wasm', bytes: 100 }, '100 bytes of source parsed in WASM, the tree read back as an S-expression'),
      entry(
        'ffi',
        'ffi_worker_roundtrip',
        { boundary: 'thread', constraints: 50 },
        'ConstraintIR of 50 constraints to a worker and back (two structured clones)',
      ),
    ],
  },
  {
    name: 'pipeline',
    guideCommand: 'bench-pipeline',
    extraFigure: 'none',
    entries: [
      ...LANGUAGES.map((language) =>
        entry('pipeline', `pipeline_${language}_small`, { language, lines: 100 }, `extract + compile of the 100-line ${language} fixture`),
      ),
      entry('pipeline', 'pipeline_typescript_medium', { language: 'typescript', lines: 500 }, 'extract + compile of the 500-line TypeScript fixture'),
      entry(
        'pipeline',
        'pipeline_e2e',
        { language: 'typescript', lines: 100 },
        'extract, XXH3 key, cache miss, compile, store, serialise IR (100-line TypeScript)',
      ),
    ],
  },
  {
    name: 'maze',
    guideCommand: 'cargo bench (maze)',
    extraFigure: 'none',
    entries: [
      entry(
        'maze',
        'orchestrator_full_workflow',
        { language: 'typescript', lines: 100, backend: 'vllm-in-process' },
        'Maze generate(): caches (warm), prompt, vLLM request, in-process response, validation (params: the medians of the backend, validation and orchestration stages)',
        'orchestration',
      ),
      entry('maze', 'cache_hit', { capacity: 1000 }, 'LRU get of a present key (1000 entries)', 'cache_performance'),
      entry('maze', 'cache_miss', { constraints: 10 }, 'never-seen constraint set: hash, miss, Braid compile, store', 'cache_performance'),
      ...EVICTION_CAPACITIES.map((capacity) =>
        entry('maze', `cache_eviction_${capacity}`, { capacity }, `insert of a new key into a full LRU of ${capacity} (one eviction)`, 'cache_performance'),
      ),
      ...HASH_COUNTS.map((constraints) =>
        entry(
          'maze',
          `hash_generation_${constraints}`,
          { constraints },
          `set hash of ${constraints} constraints frozen as Maze caches them (XXH3-64 of the members' sorted digests, memoised per member after the first call); params.coldNs: the same set unfrozen, every member serialised and hashed (p50)`,
          'constraint_compilation',
        ),
      ),
      ...SCHEMA_COUNTS.map((constraints) =>
        entry(
          'maze',
          `llguidance_schema_generation_${constraints}`,
          { constraints },
          `llguidance TopLevelGrammar from the IR of ${constraints} constraints, serialised`,
          'constraint_compilation',
        ),
      ),
      ...Object.entries(SERIALIZATION_SIZES).map(([size, constraints]) =>
        entry(
          'maze',
          `constraint_serialization_${size}`,
          { size, constraints },
          `canonical JSON text of ${constraints} constraints (keys and members sorted), built as a string: the full serialisation, no memo`,
          'ffi_overhead',
        ),
      ),
    ],
  },
  {
    name: 'tokenmask',
    guideCommand: 'bench-tokenmask',
    extraFigure: 'none',
    entries: [
      entry('tokenmask', 'token_mask_trie_build', { vocabulary: 'o200k' }, 'token trie of the o200k vocabulary'),
      entry('tokenmask', 'token_mask_cached', { vocabulary: 'o200k' }, 'mask of a DFA state already in the per-state cache'),
      entry('tokenmask', 'token_mask_cold_sparse', { vocabulary: 'o200k' }, 'mask computed from scratch for a state allowing few tokens ([0-9]+)'),
      entry('tokenmask', 'token_mask_cold_dense', { vocabulary: 'o200k' }, 'mask computed from scratch for a state allowing almost every token'),
      entry(
        'tokenmask',
        'token_mask_decode_step',
        { vocabulary: 'o200k', steps: 32 },
        '32 constrained decoding steps (masks cached per state); per token in nsPerToken',
      ),
    ],
  },
];

export const CATALOGUE: readonly CatalogueEntry[] = SUITES.flatMap((s) => s.entries);

export function suiteInfo(name: SuiteName): SuiteInfo {
  return SUITES.find((s) => s.name === name)!;
}

/** Every group name (maze's guide sub-commands). */
export function groupNames(): string[] {
  return [...new Set(CATALOGUE.flatMap((e) => (e.group === null ? [] : [e.group])))];
}

const SIZE_SUFFIX = /_(\d+b?|small|medium|large|xlarge)$/;

/**
 * The benches that do the same work at different sizes (typescript_extraction_100 … _5000,
 * cache_eviction_10 … _1000): their shared prefix names the family, and its first entry (the
 * smallest) is the natural baseline. A bench with no such sibling is a family of its own: comparing
 * unrelated work (a cache hit with a compile) says nothing.
 */
export function comparisonFamily(id: string): { name: string; baseline: string } {
  const prefix = id.replace(SIZE_SUFFIX, '');
  const members = prefix === id ? [] : CATALOGUE.filter((e) => e.id.replace(SIZE_SUFFIX, '') === prefix && SIZE_SUFFIX.test(e.id));
  return members.length < 2 ? { name: id, baseline: id } : { name: prefix, baseline: members[0]!.id };
}

export type Selection = { ok: true; entries: CatalogueEntry[] } | { ok: false; message: string };

/**
 * Picks catalogue entries: `suites` by name (null = all), then `filter` tokens, each an exact
 * bench id (that bench only), else a group name (that group only), else an id prefix (null = all). A token that names nothing is an error
 * listing what is valid, so a typo never runs an empty benchmark silently.
 */
export function selectBenches(suites: string[] | null, filter: string[] | null): Selection {
  const unknownSuites = (suites ?? []).filter((s) => !(SUITE_NAMES as readonly string[]).includes(s));
  if (unknownSuites.length > 0) {
    return { ok: false, message: `unknown suite ${unknownSuites.map((s) => `'${s}'`).join(', ')}; valid suites: ${SUITE_NAMES.join(', ')}` };
  }
  let entries = CATALOGUE.filter((e) => suites === null || suites.includes(e.suite));
  if (filter === null) return { ok: true, entries };
  const unknown: string[] = [];
  const picked = new Set<CatalogueEntry>();
  for (const token of filter) {
    // An exact id means that bench only (typescript_extraction_100 must not also pick _1000); a group
    // name means that group only (maze's constraint_compilation is not braid's constraint_compilation_N).
    const exact = entries.filter((e) => e.id === token);
    const group = entries.filter((e) => e.group === token);
    const matches = exact.length > 0 ? exact : group.length > 0 ? group : entries.filter((e) => e.id.startsWith(token));
    if (matches.length === 0) unknown.push(token);
    for (const m of matches) picked.add(m);
  }
  if (unknown.length > 0) {
    const scope = suites === null ? 'any suite' : `suite ${suites.join(', ')}`;
    return {
      ok: false,
      message:
        `no bench in ${scope} matches ${unknown.map((t) => `'${t}'`).join(', ')}; ` +
        `valid bench ids: ${entries.map((e) => e.id).join(', ')}` +
        (groupNames().length > 0 ? `; groups: ${groupNames().join(', ')}` : ''),
    };
  }
  entries = entries.filter((e) => picked.has(e));
  return { ok: true, entries };
}
