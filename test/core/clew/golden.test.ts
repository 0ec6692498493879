// Golden outputs: Clew's reference JSON for every fixture, checked on Node, Bun and Deno alike
// (so the three runtimes produce identical output). Regenerate after an intended change with
//   UPDATE_GOLDEN=1 node --import tsx --test test/core/clew/golden.test.ts
// and review the diff by eye before committing it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { languageFromPath, toReferenceJson } from '../../../core/clew/index.ts';
import { KIND_ENFORCEMENTS } from '../../../core/model/constraint.ts';
import { parseConstraintSet } from '../../../core/model/schema.ts';
import { repoPath } from '../../support/platform.ts';
import { loadedClew } from './support.ts';

const FIXTURE_NAME = /^entity_service_\d+\.(ts|py|rs|zig|go)$/;
const update = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.UPDATE_GOLDEN === '1';

/** fixtures/<lang>/<size>/entity_service_<N>.<ext>, sorted. */
function fixtures(): string[] {
  const root = repoPath('fixtures');
  const out: string[] = [];
  for (const lang of readdirSync(root, { withFileTypes: true })) {
    if (!lang.isDirectory()) continue;
    for (const size of readdirSync(`${root}/${lang.name}`, { withFileTypes: true })) {
      if (!size.isDirectory()) continue;
      for (const file of readdirSync(`${root}/${lang.name}/${size.name}`)) {
        if (FIXTURE_NAME.test(file)) out.push(`fixtures/${lang.name}/${size.name}/${file}`);
      }
    }
  }
  return out.sort();
}

// repoPath resolves to the source tree even from dist/, so compiled tests read the same goldens
const goldenDir = repoPath('test/core/clew/golden');
const goldenPath = (fixture: string) => `${goldenDir}/${fixture.slice('fixtures/'.length).replaceAll('/', '__')}.json`;

test('there are fixtures for all five languages', () => {
  const languages = new Set(fixtures().map((f) => languageFromPath(f)));
  assert.deepEqual([...languages].sort(), ['go', 'python', 'rust', 'typescript', 'zig']);
});

test("the benches' parse-and-walk floor (the tree read from WASM memory, no query run): extraction afterwards still matches the goldens", async () => {
  const clew = await loadedClew();
  // runs before the golden tests below, so a floor that left its walk's nodes for the next extraction to read would fail them
  for (const fixture of fixtures().filter((f) => f.includes('/small/'))) {
    const language = languageFromPath(fixture)!;
    const source = readFileSync(repoPath(fixture), 'utf8');
    clew.parseAndWalk(source, language);
    const result = clew.extract(source, { language, file: fixture });
    const golden = JSON.parse(readFileSync(goldenPath(fixture), 'utf8')) as { constraints: unknown[] };
    assert.equal(result.constraints.length, golden.constraints.length, fixture);
    result.dispose?.();
  }
});

for (const fixture of fixtures()) {
  test(`golden: ${fixture}`, async () => {
    const clew = await loadedClew();
    const language = languageFromPath(fixture)!;
    const source = readFileSync(repoPath(fixture), 'utf8');
    const result = clew.extract(source, { language, file: fixture });
    const actual = { ...(toReferenceJson(result) as object), line_count: result.lineCount, parse_errors: result.parseErrors };
    result.dispose?.();
    // the output is valid input: the model's schema reads it back unchanged (facts included)
    const reread = parseConstraintSet(JSON.parse(JSON.stringify(toReferenceJson(result))));
    assert.ok(reread.ok, reread.ok ? '' : JSON.stringify(reread.issues.slice(0, 3)));
    assert.deepEqual(reread.value.constraints, result.constraints);
    for (const c of result.constraints) {
      assert.ok(KIND_ENFORCEMENTS[c.kind].includes(c.enforcement), `${c.name}: ${c.kind}/${c.enforcement}`);
      assert.equal(c.origin_file, fixture);
      assert.ok(Number.isInteger(c.origin_line) && c.origin_line! >= 1 && c.origin_line! <= result.lineCount, `${c.name} line ${c.origin_line}`);
      assert.equal(c.language, language);
    }
    const path = goldenPath(fixture);
    if (update) {
      mkdirSync(goldenDir, { recursive: true });
      writeFileSync(path, `${JSON.stringify(actual, null, 1)}\n`);
      return;
    }
    assert.ok(existsSync(path), `no golden for ${fixture}; run with UPDATE_GOLDEN=1 and review it`);
    assert.deepEqual(actual, JSON.parse(readFileSync(path, 'utf8')));
  });
}
