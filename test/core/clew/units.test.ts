// A full extraction queries the whole tree once and splits its records into units only when an
// incremental run needs them: the records and the unit cache must be those of the unit-by-unit walk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Language, Parser } from 'web-tree-sitter';
import { compileQuery, type MatchRecord } from '../../../core/clew/records.ts';
import { collectAllRecords, collectRecords, sortByPosition, unitsFromRecords, type UnitCache } from '../../../core/clew/units.ts';
import { spec as goSpec } from '../../../core/clew/languages/go.ts';
import { spec as pythonSpec } from '../../../core/clew/languages/python.ts';
import { spec as rustSpec } from '../../../core/clew/languages/rust.ts';
import { spec as typescriptSpec } from '../../../core/clew/languages/typescript.ts';
import { spec as zigSpec } from '../../../core/clew/languages/zig.ts';
import type { LanguageSpec } from '../../../core/clew/spec.ts';
import { grammarTables, SyntaxTree } from '../../../core/clew/syntax.ts';
import { platform } from '../../../core/platform.ts';
import { repoPath } from '../../support/platform.ts';
import { loadedClew } from './support.ts';

const CASES: Array<[LanguageSpec, string]> = [
  [typescriptSpec, 'typescript/%s/entity_service_%n.ts'],
  [pythonSpec, 'python/%s/entity_service_%n.py'],
  [rustSpec, 'rust/%s/entity_service_%n.rs'],
  [goSpec, 'go/%s/entity_service_%n.go'],
  [zigSpec, 'zig/%s/entity_service_%n.zig'],
];
const SIZES: Array<[string, number]> = [
  ['small', 100],
  ['medium', 500],
  ['large', 1000],
  ['xlarge', 5000],
];

// the root node id is only meaningful within one query run
const plain = (records: readonly MatchRecord[]) => records.map(({ rootId: _rootId, ...rest }) => rest);
const byPosition = (a: MatchRecord, b: MatchRecord) => a.start - b.start || a.patternIndex - b.patternIndex || a.lastCapture - b.lastCapture;

function cacheShape(cache: UnitCache) {
  return [...cache.entries()].map(([key, unit]) => ({ key, start: unit.start, row: unit.row, records: plain([...unit.records].sort(byPosition)) }));
}

for (const [spec, pattern] of CASES) {
  test(`${spec.language}: one query over the tree gives the unit walk's records and units`, async () => {
    await loadedClew(); // initialises web-tree-sitter
    const p = platform();
    const language = await Language.load(await p.readFile(p.resolvePackageFile(spec.wasm)));
    const parser = new Parser();
    parser.setLanguage(language);
    const compiled = compileQuery(language, spec.query);
    const tables = grammarTables(language);
    for (const [size, lines] of SIZES) {
      const path = repoPath(`fixtures/${pattern.replace('%s', size).replace('%n', String(lines))}`);
      const source = new TextDecoder().decode(await p.readFile(path));
      const tree = parser.parse(source)!;
      const root = new SyntaxTree(tree, source, tables).rootNode;
      try {
        const walked: UnitCache = new Map();
        const unitRecords = collectRecords(spec, compiled, root, null, walked);
        const once = collectAllRecords(spec, compiled, root);
        assert.ok(once.length > lines / 4, `${path}: ${once.length} records`);
        assert.deepEqual(plain(once), plain(unitRecords), path);
        const split = unitsFromRecords(root, once);
        assert.ok(split !== null, `${path}: every record lies in a unit`);
        assert.ok(split.size > (lines >= 500 ? 10 : 0), `${path}: ${split.size} units`);
        assert.deepEqual(cacheShape(split), cacheShape(walked), path);
      } finally {
        tree.delete();
      }
    }
    parser.delete();
  });
}

test('records are put in document order: nearly sorted by insertion, anything else handed to the full sort', () => {
  const record = (start: number, patternIndex: number, lastCapture: number): MatchRecord => ({ kind: 'marker', start, patternIndex, lastCapture, rootId: 0 });
  const key = (r: MatchRecord) => `${r.start}/${r.patternIndex}/${r.lastCapture}`;
  // as tree-sitter yields them: a match rooted at an outer node after the inner ones it encloses
  const nearly = [record(10, 0, 12), record(20, 1, 25), record(5, 2, 30), record(20, 0, 22), record(20, 1, 21), record(40, 0, 40)];
  sortByPosition(nearly);
  assert.deepEqual(nearly.map(key), ['5/2/30', '10/0/12', '20/0/22', '20/1/21', '20/1/25', '40/0/40']);
  // reversed: past 8 shifts per record the insertion stops half-way and Array.prototype.sort finishes
  const reversed = Array.from({ length: 40 }, (_, i) => record(1000 - 10 * i, i % 3, i));
  const expected = reversed.map(key).reverse();
  sortByPosition(reversed);
  assert.deepEqual(reversed.map(key), expected);
  assert.equal(new Set(reversed).size, 40);
  const empty: MatchRecord[] = [];
  sortByPosition(empty);
  assert.deepEqual(empty, []);
});
