// The benchmark catalogue: the single source of truth for suites, bench ids, their
// parameters, the guide's command groups and the extra figure each suite reports.
// Runners, the orchestrator, tables and baselines all read ids from here.
import { LANGUAGES, type Language } from '../model/facts.ts';

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

export const FIXTURE_EXTENSIONS: Record<Language, string> = { typescript: 'ts', python: 'py', rust: 'rs', zig: 'zig', go: 'go' };

/** Fixture path relative to the repository root, e.g. fixtures/typescript/small/entity_service_100.ts. */
export function fixturePath(language: Language, lines: FixtureLines): string {
  return `fixtures/${language}/${FIXTURE_SIZES[lines]}/entity_service_${lines}.${FIXTURE_EXTENSIONS[language]}`;
}

function entry(suite: SuiteName, id: string, params: BenchParams = {}, group: string | null = null): CatalogueEntry {
  return { suite, id, params, group };
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
      ...SNIPPET_BYTES.map((bytes) => entry('clew', `extract_snippet_${bytes}b`, { language: 'typescript', bytes })),
      entry('clew', 'extract_cache_hit', { language: 'typescript', lines: 100 }),
      entry('clew', 'extract_incremental_edit_1000', { language: 'typescript', lines: 1000 }),
    ],
  },
  {
    name: 'multi-lang',
    guideCommand: 'bench-multi-lang',
    extraFigure: 'linesPerSecond',
    entries: LANGUAGES.flatMap((language) =>
      EXTRACTION_LINES.map((lines) => entry('multi-lang', `${language}_extraction_${lines}`, { language, lines })),
    ),
  },
  {
    name: 'braid',
    guideCommand: 'bench-braid',
    extraFigure: 'nsPerConstraint',
    entries: [
      ...COMPILATION_COUNTS.map((constraints) => entry('braid', `constraint_compilation_${constraints}`, { constraints })),
      entry('braid', 'conflict_detection_50', { constraints: 50 }),
    ],
  },
  {
    name: 'density',
    guideCommand: 'bench-density',
    extraFigure: 'nsPerConstraint',
    entries: DENSITY_COUNTS.map((constraints) => entry('density', `constraint_density_${constraints}`, { constraints })),
  },
  {
    name: 'memory',
    guideCommand: 'bench-memory',
    extraFigure: 'memory',
    entries: [
      ...MEMORY_EXTRACTION_LINES.map((lines) => entry('memory', `memory_extraction_${lines}`, { language: 'typescript', lines })),
      ...MEMORY_COMPILATION_COUNTS.map((constraints) => entry('memory', `memory_compilation_${constraints}`, { constraints })),
    ],
  },
  {
    name: 'ffi',
    guideCommand: 'bench-ffi, bench-ffi-roundtrip',
    extraFigure: 'none',
    entries: [
      entry('ffi', 'ffi_struct_roundtrip', { boundary: 'serialization', constraints: 50 }),
      entry('ffi', 'ffi_string_100', { boundary: 'js-wasm', bytes: 100 }),
      entry('ffi', 'ffi_vector_100', { boundary: 'js-wasm', items: 100 }),
      entry('ffi', 'ffi_roundtrip', { boundary: 'js-wasm', bytes: 100 }),
      entry('ffi', 'ffi_worker_roundtrip', { boundary: 'thread', constraints: 50 }),
    ],
  },
  {
    name: 'pipeline',
    guideCommand: 'bench-pipeline',
    extraFigure: 'none',
    entries: [
      ...LANGUAGES.map((language) => entry('pipeline', `pipeline_${language}_small`, { language, lines: 100 })),
      entry('pipeline', 'pipeline_typescript_medium', { language: 'typescript', lines: 500 }),
      entry('pipeline', 'pipeline_e2e', { language: 'typescript', lines: 100 }),
    ],
  },
  {
    name: 'maze',
    guideCommand: 'cargo bench (maze)',
    extraFigure: 'none',
    entries: [
      entry('maze', 'orchestrator_full_workflow', { language: 'typescript', lines: 100, backend: 'vllm-in-process' }, 'orchestration'),
      entry('maze', 'cache_hit', { capacity: 1000 }, 'cache_performance'),
      entry('maze', 'cache_miss', { constraints: 10 }, 'cache_performance'),
      ...EVICTION_CAPACITIES.map((capacity) => entry('maze', `cache_eviction_${capacity}`, { capacity }, 'cache_performance')),
      ...HASH_COUNTS.map((constraints) => entry('maze', `hash_generation_${constraints}`, { constraints }, 'constraint_compilation')),
      ...SCHEMA_COUNTS.map((constraints) => entry('maze', `llguidance_schema_generation_${constraints}`, { constraints }, 'constraint_compilation')),
      ...Object.entries(SERIALIZATION_SIZES).map(([size, constraints]) =>
        entry('maze', `constraint_serialization_${size}`, { size, constraints }, 'ffi_overhead'),
      ),
    ],
  },
  {
    name: 'tokenmask',
    guideCommand: 'bench-tokenmask',
    extraFigure: 'none',
    entries: [
      entry('tokenmask', 'token_mask_trie_build', { vocabulary: 'o200k' }),
      entry('tokenmask', 'token_mask_cached', { vocabulary: 'o200k' }),
      entry('tokenmask', 'token_mask_cold_sparse', { vocabulary: 'o200k' }),
      entry('tokenmask', 'token_mask_cold_dense', { vocabulary: 'o200k' }),
      entry('tokenmask', 'token_mask_decode_step', { vocabulary: 'o200k', steps: 32 }),
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
