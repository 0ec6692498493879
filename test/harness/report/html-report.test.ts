// The HTML report of a real run (two runs of the project's VM cut to eight benches: fixtures/),
// opened in headless Chromium over the DevTools protocol: nothing but the file itself is requested,
// no console error, the expected charts and marks; screenshots in light and dark go to
// test-output/report/. The palette keeps a 3:1 contrast on both backgrounds; `npm run bench --
// --report` writes the report of the run it made.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BACKGROUNDS, MORE_COLOURS, RUNTIME_COLOURS, contrast } from '../../../report/palette.ts';
import { openInChromium } from '../../support/chromium.ts';
import { repoPath } from '../../support/platform.ts';
import { tempDir } from '../../support/temp.ts';
import { fakeRunners, runScript } from '../orchestrator/support.ts';

const FIXTURES = repoPath('test/harness/report/fixtures/results');
const RUN = '20261204T131728Z-stability2-af04';
const OUTPUT = repoPath('test-output/report');

test('the HTML report of a real run in Chromium: self-contained, no errors, every chart and mark', { timeout: 120_000 }, async () => {
  const out = join(tempDir('ananke-report-'), 'report.html');
  const r = await runScript('report.mjs', [join(FIXTURES, RUN), '--results-dir', FIXTURES, '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), `report: ${out}`);
  const html = readFileSync(out, 'utf8');
  // Nothing to fetch: no script, stylesheet, image or font from anywhere.
  assert.doesNotMatch(html, /<script|<link|<img|@import|url\(|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  const page = await openInChromium(pathToFileURL(out).href);
  try {
    const count = (selector: string) => page.evaluate<number>(`document.querySelectorAll(${JSON.stringify(selector)}).length`);
    assert.deepEqual(
      {
        benchCharts: await count('figure.bench-chart svg'),
        medians: await count('figure.bench-chart g.median circle'),
        forks: await count('figure.bench-chart g.fork circle'),
        intervals: await count('figure.bench-chart g.interval line'),
        heatmapCells: await count('figure.heatmap g.ratio rect'),
        historyCharts: await count('figure.history-chart svg'),
        historyRuns: await count('figure.history-chart g.run circle'),
        statusRows: await count('table.statuses tbody tr'),
        testbedRows: await count('table.testbeds tbody tr'),
      },
      {
        // 8 benches × 3 targets; every fork's median (117 bench records in the run); both runs of the history.
        benchCharts: 8,
        medians: 24,
        forks: 117,
        intervals: 24,
        heatmapCells: 24,
        historyCharts: 8,
        historyRuns: 48,
        statusRows: 8,
        testbedRows: 3,
      },
    );
    // One colour per runtime, the same in every chart.
    const fills = await page.evaluate<string[]>(
      `[...new Set([...document.querySelectorAll('figure.bench-chart g.median circle')].map((c) => c.getAttribute('fill')))]`,
    );
    assert.deepEqual(fills.sort(), [RUNTIME_COLOURS.node, RUNTIME_COLOURS.bun, RUNTIME_COLOURS.deno].sort());
    assert.match(
      await page.evaluate<string>('document.querySelector("#changes").textContent'),
      /change: against run 20261204T131257Z-stability1-69d4 \(2026-12-04 13:12, quick, 8 benches\)/,
    );
    assert.match(
      await page.evaluate<string>('document.querySelector("table.testbeds").textContent'),
      /V8 11\.3\.244\.8-node\.38.*JavaScriptCore.*V8 15\.0\.245\.2-rusty/s,
    );
    assert.match(await page.evaluate<string>('document.querySelector("figure.bench-chart").textContent'), /median time \((ns|µs|ms)\) →/);
    // The page follows the colour scheme: dark background, light text.
    const light = await page.screenshot({ width: 1280, height: 2400 });
    const dark = await page.screenshot({ width: 1280, height: 2400, dark: true });
    assert.equal(await page.evaluate<string>('getComputedStyle(document.body).backgroundColor'), 'rgb(18, 18, 18)');
    mkdirSync(OUTPUT, { recursive: true });
    writeFileSync(join(OUTPUT, 'report-light.png'), light);
    writeFileSync(join(OUTPUT, 'report-dark.png'), dark);
    for (const png of [light, dark]) assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.deepEqual(page.errors, []);
    assert.deepEqual(page.requests, [pathToFileURL(out).href]);
  } finally {
    await page.close();
  }
});

test('every target colour keeps a 3:1 contrast on the light and the dark page', () => {
  for (const colour of [...Object.values(RUNTIME_COLOURS), ...MORE_COLOURS]) {
    for (const [scheme, background] of Object.entries(BACKGROUNDS)) {
      assert.ok(contrast(colour, background) >= 3, `${colour} on ${scheme} (${background}): ${contrast(colour, background).toFixed(2)}`);
    }
  }
});

test('npm run bench -- --report writes the report of the run it made and says where', async () => {
  const results = tempDir('ananke-report-run-');
  const r = await runScript(
    'run-all.mjs',
    ['--results-dir', results, '--run-id', 'with-report', '--forks', '2', '--no-adaptive', '--bench', 'extract_snippet', '--report'],
    { env: fakeRunners() },
  );
  assert.equal(r.code, 0, r.stderr);
  const path = join(results, 'with-report', 'report.html');
  assert.match(r.stdout, new RegExp(`^report: ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
  assert.ok(existsSync(path));
  assert.equal((readFileSync(path, 'utf8').match(/<figure class="chart bench-chart"/g) ?? []).length, 3);
  const without = await runScript(
    'run-all.mjs',
    ['--results-dir', results, '--run-id', 'without', '--forks', '1', '--no-adaptive', '--bench', 'extract_snippet'],
    { env: fakeRunners() },
  );
  assert.match(without.stdout, /^report: npm run bench:report -- \S+without \(or --report next time\)$/m);
});
