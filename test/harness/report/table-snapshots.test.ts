// The compact terminal table at 80, 120 and 200 columns for 3 and 6 targets, against committed
// snapshots (test/harness/report/snapshots/; ANANKE_UPDATE_SNAPSHOTS=1 rewrites them after a
// deliberate change, to be read in the diff), and the properties every layout keeps: no line wider
// than the terminal, one line per bench where the targets fit side by side.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import stringWidth from 'string-width';
import { exporterFor } from '../../../core/report/exporters/index.ts';
import { repoPath } from '../../support/platform.ts';
import { fixtureReport } from './fixture.ts';

const SNAPSHOTS = repoPath('test/harness/report/snapshots');
const table = exporterFor('table')!;

function matchesSnapshot(name: string, text: string): void {
  const path = `${SNAPSHOTS}/${name}.txt`;
  if (process.env.ANANKE_UPDATE_SNAPSHOTS === '1' || !existsSync(path)) {
    if (process.env.CI !== undefined && !existsSync(path)) assert.fail(`${path} is missing: run the test with ANANKE_UPDATE_SNAPSHOTS=1 and commit it`);
    mkdirSync(SNAPSHOTS, { recursive: true });
    writeFileSync(path, `${text}\n`);
  }
  assert.equal(`${text}\n`, readFileSync(path, 'utf8'), `${name} differs from ${path}`);
}

for (const targets of [3, 6] as const) {
  for (const width of [80, 120, 200]) {
    test(`compact table, ${targets} targets, ${width} columns`, () => {
      const text = table.render(fixtureReport(targets), { color: false, width });
      for (const line of text.split('\n')) assert.ok(stringWidth(line) <= width, `${stringWidth(line)} > ${width}: ${line}`);
      matchesSnapshot(`table-${targets}-targets-${width}`, text);
    });
  }
}

test('the layouts: all targets side by side with intervals, narrower cells and cut ids, split tables, one block per bench', () => {
  const lines = (targets: 3 | 6, width: number) => table.render(fixtureReport(targets), { color: false, width }).split('\n');
  const row = (text: string[], id: string) => text.find((l) => l.startsWith(id))!.replace(/ +/g, ' ');
  // 3 targets at 200: one line per bench with each ratio's interval, ties and unsure ones said so.
  const wide = lines(3, 200);
  assert.equal(row(wide, 'extract_snippet_50b'), 'extract_snippet_50b 182 µs 1.36× [1.31–1.40] ✓ 135 µs ★ fastest ✓ 220 µs 1.62× [1.57–1.69] ⚠');
  assert.equal(row(wide, 'extract_snippet_200b'), 'extract_snippet_200b 410 µs ★ unsure · 410 µs ? 0.99× [0.97–1.04] · 540 µs 1.32× [1.32–1.32] ·');
  assert.equal(
    row(wide, 'python_extraction_1000'),
    'python_extraction_1000 12.6 ms ★ tied · 17.2 ms 1.37× [1.31–1.41] · ~1/3 13.0 ms ≈ tie 1.03× [1.03–1.03] ·',
  );
  assert.equal(row(wide, 'go_extraction_5000'), 'go_extraction_5000 48.1 ms ★ fastest · 68.3 ms 1.41× [1.37–1.47] · ∅');
  // 3 targets at 120: ± the larger half of the interval.
  assert.equal(row(lines(3, 120), 'extract_snippet_50b'), 'extract_snippet_50b 182 µs 1.36×±4% ✓ 135 µs ★ ✓ 220 µs 1.62×±5% ⚠');
  // 3 targets at 80: the ratio alone, long ids cut in the middle; still one line per bench.
  const narrow = lines(3, 80);
  assert.equal(row(narrow, 'extract_snippet_50b'), 'extract_snippet_50b 182 µs 1.36× ✓ 135 µs ★ ✓ 220 µs 1.62× ⚠');
  assert.equal(row(narrow, 'llguidance'), 'llguidance_schema_gene…_10 61.8 µs ?1.01× · 78.1 µs 1.30× · 60.9 µs ★? ·');
  // 6 targets: side by side at 200, two tables of three at 120, three of two at 80, one block per bench with a line per target at 50.
  const splits = (width: number) =>
    lines(6, width)
      .filter((l) => l.startsWith('targets '))
      .map((l) => l.split(' (')[0]);
  assert.deepEqual(splits(200), []);
  assert.deepEqual(splits(120), ['targets 1–3 of 6', 'targets 4–6 of 6']);
  assert.deepEqual(splits(80), ['targets 1–2 of 6', 'targets 3–4 of 6', 'targets 5–6 of 6']);
  const stacked = lines(6, 50);
  const at = stacked.indexOf('cache_hit');
  assert.deepEqual(
    stacked.slice(at + 1, at + 7).map((l) => l.trim().split(/\s+/)[0]),
    ['node', 'node@22', 'bun', 'bun@1.3.14', 'deno', 'deno@2.5'],
  );
  for (const line of stacked) assert.ok(stringWidth(line) <= 50, line);
});

test('colour only when asked for: the fastest green, statuses by level, noisy marks yellow', () => {
  const plain = table.render(fixtureReport(3), { color: false, width: 120 });
  assert.doesNotMatch(plain, /\u001b\[/);
  const coloured = table.render(fixtureReport(3), { color: true, width: 200 });
  assert.match(coloured, /\u001b\[32m★ fastest\u001b\[0m/);
  assert.match(coloured, /\u001b\[31m✗\u001b\[0m/);
  assert.match(coloured, /\u001b\[33m ~1\/3\u001b\[0m/);
});
