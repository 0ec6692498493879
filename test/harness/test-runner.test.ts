// scripts/test.mjs reads every runtime's report right (checked on the runtimes' own output for a
// file with a passing, a skipped and a todo test), and fails a run that skipped, ran too few tests
// or not every file; and no test source asks to be skipped (Deno reports t.skip() as passed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { repoPath } from '../support/platform.ts';
import { sourceFiles } from '../support/source-files.ts';

type Counts = typeof import('../../scripts/test-counts.mjs');
const { READ_COUNTS, runProblems } = (await import(pathToFileURL(repoPath('scripts/test-counts.mjs')).href)) as Counts;

const SAMPLE = `import { test } from 'node:test';
test('passes', () => {});
test('skipped', { skip: 'why' }, () => {});
test('todo', { todo: true }, () => {});
test('fails', () => { throw new Error('no'); });
`;

/** Each runtime's command over one test file, as scripts/test.mjs runs it. */
const COMMANDS: Record<'node' | 'bun' | 'deno', (file: string) => [string, string[]]> = {
  node: (file) => [process.execPath, ['--test', '--test-reporter=spec', '--test-reporter-destination=stdout', file]],
  bun: (file) => [repoPath('node_modules/.bin/bun'), ['test', `./${file}`]],
  deno: (file) => [repoPath('node_modules/.bin/deno'), ['test', '-A', file]],
};

test("the counts read from each runtime's real report: 1 passed, 1 failed, 2 skipped or todo, 1 file", () => {
  const dir = mkdtempSync(join(tmpdir(), 'ananke-counts-'));
  try {
    writeFileSync(join(dir, 'sample.test.mjs'), SAMPLE);
    for (const [runtime, command] of Object.entries(COMMANDS) as Array<[keyof typeof COMMANDS, (typeof COMMANDS)['node']]>) {
      const [cmd, args] = command('sample.test.mjs');
      // as scripts/test.mjs runs them; NODE_TEST_CONTEXT would make the inner node --test report to this one
      const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
      delete env.FORCE_COLOR;
      delete env.NODE_TEST_CONTEXT;
      const run = spawnSync(cmd, args, { cwd: dir, env, encoding: 'utf8' });
      const counts = READ_COUNTS[runtime](`${run.stdout}\n${run.stderr}`, 1);
      assert.deepEqual(counts, { passed: 1, failed: 1, skipped: 2, files: 1 }, `${runtime}:\n${run.stdout}\n${run.stderr}`);
      assert.deepEqual(runProblems(counts, { code: run.status ?? 1, minimum: 2, sources: 1 }), ['2 skipped or todo: no test may skip']);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a run fails on too few tests, a file not run, a crash without a failing test, or an unreadable report', () => {
  const clean = { passed: 300, failed: 0, skipped: 0, files: 51 };
  assert.deepEqual(runProblems(clean, { code: 0, minimum: 300, sources: 51 }), []);
  assert.deepEqual(runProblems(clean, { code: 0, minimum: 301, sources: 51 }), ['ran 300 tests, fewer than its minimum 301: did a test file stop loading?']);
  assert.deepEqual(runProblems(clean, { code: 0, minimum: 300, sources: 52 }), ['ran 51 test files, for 52 test sources']);
  assert.deepEqual(runProblems(clean, { code: 1, minimum: 300, sources: 51 }), ['exited 1']);
  assert.deepEqual(runProblems({ ...clean, failed: 2 }, { code: 1, minimum: 300, sources: 51 }), []);
  assert.deepEqual(runProblems({ ...clean, passed: null }, { code: 1, minimum: 300, sources: 51 }), ['could not read its test counts (exit code 1)']);
  assert.deepEqual(runProblems({ ...clean, files: null }, { code: 0, minimum: 300, sources: 51 }), [
    'ran an unknown number of test files, for 51 test sources',
  ]);
});

/** Where a source asks for a test to be skipped: a `skip` or `todo` option, or a `.skip(` / `.todo(` call. */
export function skipRequests(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const line = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const visit = (node: ts.Node): void => {
    if (
      (ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) &&
      ts.isIdentifier(node.name) &&
      (node.name.text === 'skip' || node.name.text === 'todo')
    )
      found.push(`${line(node)}: ${node.name.text} option`);
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ['skip', 'todo'].includes(node.expression.name.text))
      found.push(`${line(node)}: .${node.expression.name.text}()`);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

test('no test source asks to skip a test', () => {
  const requests = sourceFiles(repoPath('test')).flatMap((file) =>
    skipRequests(file, readFileSync(file, 'utf8')).map((hit) => `${relative(repoPath(''), file)}:${hit}`),
  );
  // this file's own sample (a string) does not count; the check itself is tested below
  assert.deepEqual(requests, []);
  assert.deepEqual(
    skipRequests(
      's.ts',
      "test('a', { skip: !ok }, f);\nit.todo('b');\ntest('c', (t) => { t.skip('x'); });\nconst todo = 1; use({ todo });\nconst s = \"{ skip: true }\";",
    ),
    ['1: skip option', '2: .todo()', '3: .skip()', '4: todo option'],
  );
});
