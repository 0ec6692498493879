// The catalogue holds exactly DESIGN.md's bench ids, and selection by suite, id, prefix and group works.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CATALOGUE, SUITES, SUITE_NAMES, comparisonFamily, fixturePath, selectBenches } from '../../../core/catalogue.ts';

const LANGS = ['typescript', 'python', 'rust', 'zig', 'go'];
/** DESIGN.md's catalogue table, expanded by hand (the brace forms written out). */
const DESIGN_IDS: Record<string, string[]> = {
  clew: ['extract_snippet_50b', 'extract_snippet_200b', 'extract_snippet_800b', 'extract_cache_hit', 'extract_incremental_edit_1000'],
  'multi-lang': LANGS.flatMap((l) => [100, 500, 1000, 5000].map((n) => `${l}_extraction_${n}`)),
  braid: [
    'constraint_compilation_1',
    'constraint_compilation_5',
    'constraint_compilation_10',
    'constraint_compilation_25',
    'constraint_compilation_50',
    'conflict_detection_50',
  ],
  density: ['constraint_density_5', 'constraint_density_20', 'constraint_density_50', 'constraint_density_100', 'constraint_density_250'],
  memory: [
    'memory_extraction_100',
    'memory_extraction_500',
    'memory_extraction_1000',
    'memory_compilation_10',
    'memory_compilation_50',
    'memory_compilation_250',
  ],
  ffi: ['ffi_struct_roundtrip', 'ffi_string_100', 'ffi_vector_100', 'ffi_roundtrip', 'ffi_worker_roundtrip'],
  pipeline: [
    'pipeline_typescript_small',
    'pipeline_python_small',
    'pipeline_rust_small',
    'pipeline_zig_small',
    'pipeline_go_small',
    'pipeline_typescript_medium',
    'pipeline_e2e',
  ],
  maze: [
    'orchestrator_full_workflow',
    'cache_hit',
    'cache_miss',
    'cache_eviction_10',
    'cache_eviction_100',
    'cache_eviction_1000',
    'hash_generation_1',
    'hash_generation_10',
    'hash_generation_50',
    'llguidance_schema_generation_1',
    'llguidance_schema_generation_5',
    'llguidance_schema_generation_10',
    'constraint_serialization_small',
    'constraint_serialization_medium',
    'constraint_serialization_large',
  ],
  tokenmask: ['token_mask_trie_build', 'token_mask_cached', 'token_mask_cold_sparse', 'token_mask_cold_dense', 'token_mask_decode_step'],
};

test('every suite has exactly the bench ids of the design catalogue, each id once', () => {
  assert.deepEqual([...SUITE_NAMES], Object.keys(DESIGN_IDS));
  for (const suite of SUITES)
    assert.deepEqual(
      suite.entries.map((e) => e.id),
      DESIGN_IDS[suite.name],
      suite.name,
    );
  assert.equal(new Set(CATALOGUE.map((e) => e.id)).size, 74);
  assert.equal(CATALOGUE.length, 74);
  // Every bench says what it measures, and no two say the same.
  assert.ok(CATALOGUE.every((e) => e.measures.length > 10));
  assert.equal(new Set(CATALOGUE.map((e) => e.measures)).size, 74);
});

test('the extra figure per suite follows the guide', () => {
  const figures = Object.fromEntries(SUITES.map((s) => [s.name, s.extraFigure]));
  assert.equal(figures['multi-lang'], 'linesPerSecond');
  assert.equal(figures.braid, 'nsPerConstraint');
  assert.equal(figures.density, 'nsPerConstraint');
  assert.equal(figures.memory, 'memory');
});

test('maze benches carry the guide sub-command group', () => {
  const groups = (name: string) => CATALOGUE.filter((e) => e.group === name).map((e) => e.id);
  assert.deepEqual(groups('orchestration'), ['orchestrator_full_workflow']);
  assert.deepEqual(groups('cache_performance'), ['cache_hit', 'cache_miss', 'cache_eviction_10', 'cache_eviction_100', 'cache_eviction_1000']);
  assert.equal(groups('constraint_compilation').length, 6);
  assert.deepEqual(groups('ffi_overhead'), ['constraint_serialization_small', 'constraint_serialization_medium', 'constraint_serialization_large']);
});

test('selection by suite, exact id, prefix and group', () => {
  const ids = (suites: string[] | null, filter: string[] | null) => {
    const s = selectBenches(suites, filter);
    assert.ok(s.ok, s.ok ? '' : s.message);
    return s.entries.map((e) => e.id);
  };
  assert.equal(ids(null, null).length, 74);
  assert.deepEqual(ids(['ffi'], ['ffi_roundtrip', 'ffi_worker_roundtrip']), ['ffi_roundtrip', 'ffi_worker_roundtrip']);
  assert.deepEqual(ids(null, ['typescript_extraction_100']), ['typescript_extraction_100']);
  assert.deepEqual(ids(['multi-lang'], ['go_']), ['go_extraction_100', 'go_extraction_500', 'go_extraction_1000', 'go_extraction_5000']);
  assert.deepEqual(ids(['maze'], ['orchestration']), ['orchestrator_full_workflow']);
  // A group name beats the id prefix it shares with braid's benches.
  assert.deepEqual(ids(null, ['constraint_compilation']), [
    'hash_generation_1',
    'hash_generation_10',
    'hash_generation_50',
    'llguidance_schema_generation_1',
    'llguidance_schema_generation_5',
    'llguidance_schema_generation_10',
  ]);
  assert.deepEqual(ids(null, ['constraint_compilation_']).length, 5);
  assert.deepEqual(ids(['braid', 'density'], null).length, 11);
});

test('an unknown suite or bench lists the valid ones', () => {
  const suite = selectBenches(['clew', 'nope'], null);
  assert.ok(!suite.ok);
  assert.equal(suite.message, "unknown suite 'nope'; valid suites: clew, multi-lang, braid, density, memory, ffi, pipeline, maze, tokenmask");
  const bench = selectBenches(['ffi'], ['ffi_nope']);
  assert.ok(!bench.ok);
  assert.match(
    bench.message,
    /^no bench in suite ffi matches 'ffi_nope'; valid bench ids: ffi_struct_roundtrip, ffi_string_100, ffi_vector_100, ffi_roundtrip, ffi_worker_roundtrip; groups: orchestration/,
  );
});

test('fixture paths follow the generator layout', () => {
  assert.equal(fixturePath('typescript', 100), 'fixtures/typescript/small/entity_service_100.ts');
  assert.equal(fixturePath('zig', 5000), 'fixtures/zig/xlarge/entity_service_5000.zig');
  assert.equal(fixturePath('go', 1000), 'fixtures/go/large/entity_service_1000.go');
});

test('comparison families: the same work at different sizes, the smallest the baseline; anything else alone', () => {
  assert.deepEqual(comparisonFamily('typescript_extraction_1000'), { name: 'typescript_extraction', baseline: 'typescript_extraction_100' });
  assert.deepEqual(comparisonFamily('extract_snippet_800b'), { name: 'extract_snippet', baseline: 'extract_snippet_50b' });
  assert.deepEqual(comparisonFamily('constraint_serialization_large'), { name: 'constraint_serialization', baseline: 'constraint_serialization_small' });
  assert.deepEqual(comparisonFamily('pipeline_typescript_medium'), { name: 'pipeline_typescript', baseline: 'pipeline_typescript_small' });
  for (const alone of ['cache_hit', 'cache_miss', 'pipeline_python_small', 'extract_incremental_edit_1000', 'token_mask_cached', 'ffi_string_100']) {
    assert.deepEqual(comparisonFamily(alone), { name: alone, baseline: alone });
  }
  const families = new Set(CATALOGUE.map((e) => comparisonFamily(e.id).name));
  // clew 3, multi-lang 5, braid 2, density 1, memory 2, ffi 5, pipeline 6, maze 7, tokenmask 5.
  assert.equal(families.size, 36);
});
