// Incremental re-extraction on every language's 1000-line fixture: equal to a full extraction after
// edits that keep, shift and change context (renaming the class or impl a method belongs to), and
// it re-queries only the units an edit touched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Clew, MAX_RETAINED_TREES, type ExtractionResult, type TextEdit } from '../../../core/clew/index.ts';
import { lastUnitStats } from '../../../core/clew/units.ts';
import type { Language } from '../../../core/model/facts.ts';
import { repoPath } from '../../support/platform.ts';
import { loadedClew } from './support.ts';

const FIXTURES: Array<[Language, string, string]> = [
  ['typescript', 'fixtures/typescript/large/entity_service_1000.ts', 'class EntityService'],
  ['python', 'fixtures/python/large/entity_service_1000.py', 'class EntityService'],
  ['rust', 'fixtures/rust/large/entity_service_1000.rs', 'impl EntityService'],
  // a Go method's owner is its receiver type: rename one receiver
  ['go', 'fixtures/go/large/entity_service_1000.go', 'func (s *EntityService'],
  ['zig', 'fixtures/zig/large/entity_service_1000.zig', 'pub const EntityService'],
];

function replaceAt(source: string, at: number, removed: number, inserted: string): { source: string; edit: TextEdit } {
  return {
    source: source.slice(0, at) + inserted + source.slice(at + removed),
    edit: { startIndex: at, oldEndIndex: at + removed, newEndIndex: at + inserted.length },
  };
}

test('only results extracted with incremental: true keep a tree, at most MAX_RETAINED_TREES of them', async () => {
  await loadedClew(); // the platform and the grammars
  const clew = await Clew.create(); // its own kept trees, apart from other tests'
  const [language, path] = FIXTURES[0]!;
  const source = readFileSync(repoPath(path), 'utf8');
  const plain = clew.extract(source, { language, file: path });
  assert.equal(clew.retainedTrees, 0, 'a plain extraction frees its tree before returning');
  assert.equal(plain.dispose, undefined);
  // an edit after a result that kept nothing: extracted afresh (the whole tree queried once), and kept
  const first = replaceAt(source, source.indexOf('\n', source.length >> 1), 0, ' ');
  const fresh = clew.extractIncremental(plain, first.edit, first.source);
  assert.deepEqual({ ...lastUnitStats }, { reused: 0, queried: 1, split: 0 });
  assert.equal(clew.retainedTrees, 1);
  assert.deepEqual(fresh, clew.extract(first.source, { language, file: path }));
  // so the next edit is incremental: most units reused
  const second = replaceAt(first.source, first.source.indexOf('\n') + 1, 0, '\n');
  const next = clew.extractIncremental(fresh, second.edit, second.source);
  assert.ok(lastUnitStats.reused > 10 * lastUnitStats.queried, `reused ${lastUnitStats.reused}, queried ${lastUnitStats.queried}`);
  assert.equal(clew.retainedTrees, 2);
  const kept = Array.from({ length: MAX_RETAINED_TREES + 3 }, () => clew.extract(source, { language, file: path, incremental: true }));
  assert.equal(clew.retainedTrees, MAX_RETAINED_TREES, 'the oldest kept trees are freed');
  kept.at(-1)!.dispose!();
  assert.equal(clew.retainedTrees, MAX_RETAINED_TREES - 1);
  next.dispose?.(); // already freed by the cap: a second release does nothing
  clew.disposeAll();
  assert.equal(clew.retainedTrees, 0);
});

for (const [language, path, owner] of FIXTURES) {
  test(`incremental equals full on ${path}, re-querying only what changed`, async () => {
    const clew = await loadedClew();
    let source = readFileSync(repoPath(path), 'utf8');
    let previous: ExtractionResult = clew.extract(source, { language, file: path, incremental: true });
    // each step finds its place in the source as it is by then
    const middleOf = (s: string) => s.indexOf('\n', Math.floor(s.length / 2));
    const steps: Array<{ what: string; place: (s: string) => [number, number, string]; fewQueries: boolean }> = [
      { what: 'a trailing space in the middle', place: (s) => [middleOf(s), 0, ' '], fewQueries: true },
      { what: 'a new line near the top', place: (s) => [s.indexOf('\n') + 1, 0, '\n'], fewQueries: true },
      { what: 'renaming the owner of the methods', place: (s) => [s.indexOf(owner) + owner.length, 0, 'Renamed'], fewQueries: false },
      { what: 'deleting a line in the middle', place: (s) => [middleOf(s) + 1, s.indexOf('\n', middleOf(s) + 1) - middleOf(s), ''], fewQueries: true },
    ];
    for (const step of steps) {
      const next = replaceAt(source, ...step.place(source));
      const incremental = clew.extractIncremental(previous, next.edit, next.source);
      const stats = { ...lastUnitStats };
      const full = clew.extract(next.source, { language, file: path });
      assert.deepEqual(incremental, full, `${language}: ${step.what}`);
      if (step.fewQueries) {
        assert.ok(
          stats.reused > 10 * stats.queried && stats.queried <= 4,
          `${language}: ${step.what} reused ${stats.reused} units and queried ${stats.queried}`,
        );
      }
      full.dispose?.();
      previous.dispose?.();
      previous = incremental;
      source = next.source;
    }
    const renamed = previous.constraints.filter((c) => c.facts?.fact === 'function' && c.facts.owner?.includes('Renamed'));
    assert.ok(renamed.length >= (language === 'go' ? 1 : 10), `${language}: methods follow their renamed owner (${renamed.length})`);
    previous.dispose?.();
  });
}

test('incremental follows context that lives outside a unit: attributes, decorators, export clauses', async () => {
  const clew = await loadedClew();
  // files longer than a unit, so the edited context and the declarations that read it are separate units
  const filler = (n: number, make: (i: number) => string) => Array.from({ length: n }, (_, i) => make(i)).join('\n');
  const cases: Array<[Language, string, string, string]> = [
    [
      'rust',
      `#[serde(rename_all = "camelCase")]\npub struct Entity { pub created_at: String, pub is_active: bool }\n${filler(40, (i) => `pub fn helper_${i}(value: u64) -> u64 { value + ${i} }`)}\n`,
      'camelCase',
      'SCREAMING_SNAKE_CASE',
    ],
    [
      'python',
      `@dataclass\nclass Entity:\n    created_at: str\n    is_active: bool = True\n\n${filler(40, (i) => `def helper_${i}(value: int) -> int:\n    return value + ${i}\n`)}`,
      '@dataclass\n',
      '',
    ],
    [
      'typescript',
      `interface Entity { id: number }\n${filler(40, (i) => `function helper${i}(value: number): number { return value + ${i}; }`)}\nexport { Entity };\n`,
      'export { Entity };',
      'export { Entity, helper3 };',
    ],
    // the methods of the struct a Zig type function returns are owned by the function's name
    [
      'zig',
      `pub fn Queue(comptime T: type) type {\n    return struct {\n${filler(40, (i) => `        pub fn get${i}(self: *@This(), value: T) T { return value; }`)}\n    };\n}\n`,
      'Queue(',
      'Ring(',
    ],
  ];
  for (const [language, source, from, to] of cases) {
    assert.ok(source.length > 1500, `${language} case must span several units`);
    const first = clew.extract(source, { language, file: `case.${language}`, incremental: true });
    const at = source.indexOf(from);
    const next = replaceAt(source, at, from.length, to);
    const incremental = clew.extractIncremental(first, next.edit, next.source);
    const full = clew.extract(next.source, { language, file: `case.${language}` });
    assert.deepEqual(incremental, full, language);
    assert.notDeepEqual(incremental.constraints, first.constraints, `${language}: the edit changes the output`);
    for (const r of [first, incremental, full]) r.dispose?.();
  }
});

test('property: after any chain of random edits, incremental extraction equals a full one', async () => {
  const fc = (await import('fast-check')).default;
  const clew = await loadedClew();
  for (const [language, path] of FIXTURES) {
    const base = readFileSync(repoPath(path.replace('/large/', '/medium/').replace('_1000.', '_500.')), 'utf8');
    // an edit: replace [start, start + removed) with a slice of the file itself (keeps the text plausible) or random text
    const edit = fc.record({
      start: fc.nat(),
      removed: fc.nat({ max: 40 }),
      from: fc.nat(),
      length: fc.nat({ max: 60 }),
      noise: fc.option(fc.string({ maxLength: 8 }), { nil: null }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 4 }), async (edits) => {
        let source = base;
        let previous = clew.extract(source, { language, file: path, incremental: true });
        for (const e of edits) {
          const start = e.start % (source.length + 1);
          const removed = Math.min(e.removed, source.length - start);
          const from = e.from % (source.length + 1);
          const inserted = e.noise ?? source.slice(from, from + e.length);
          const next = replaceAt(source, start, removed, inserted);
          const incremental = clew.extractIncremental(previous, next.edit, next.source);
          const full = clew.extract(next.source, { language, file: path });
          assert.deepEqual(incremental, full);
          full.dispose?.();
          previous.dispose?.();
          previous = incremental;
          source = next.source;
        }
        previous.dispose?.();
      }),
      { numRuns: 15, seed: 20261127 },
    );
  }
});
