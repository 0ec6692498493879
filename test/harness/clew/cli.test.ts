// `ananke extract` end to end (Node only: it reads files and writes to stdout): output shape, bad input, exit codes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runWith } from '../../../cli/commands/extract.ts';
import { usePlatform } from '../../support/platform.ts';

interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the command in-process, collecting what it prints. */
async function extract(...args: string[]): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const code = await runWith(args, {
    out: (t) => {
      stdout += `${t}\n`;
    },
    err: (t) => {
      stderr += `${t}\n`;
    },
  });
  return { code, stdout, stderr };
}

let dir = '';
before(async () => {
  await usePlatform();
  dir = mkdtempSync(join(tmpdir(), 'clew-cli-'));
  mkdirSync(join(dir, 'tree', 'sub'), { recursive: true });
  writeFileSync(join(dir, 'svc.ts'), 'export async function load(id: number): Promise<string> { return await get(id); }\n');
  writeFileSync(join(dir, 'script.txt'), 'def f(x: int) -> int:\n    return x\n');
  writeFileSync(join(dir, 'empty.py'), '');
  writeFileSync(join(dir, 'tree', 'ok.go'), 'package x\nfunc Add(a, b int) int { return a + b }\n');
  writeFileSync(join(dir, 'tree', 'sub', 'broken.py'), 'def f(:\n    pass\ndef g() -> int:\n    return 1\n');
  writeFileSync(join(dir, 'tree', 'sub', 'binary.rs'), Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2]));
  writeFileSync(join(dir, 'tree', 'sub', 'latin1.py'), Uint8Array.from([0x78, 0x3d, 0x22, 0xe9, 0x22, 0x0a]));
  symlinkSync(join(dir, 'does-not-exist.ts'), join(dir, 'tree', 'sub', 'dangling.ts'));
  writeFileSync(join(dir, 'tree', 'notes.md'), '# not source\n');
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('a file gives reference JSON with origin file and line', async () => {
  const out = await extract(join(dir, 'svc.ts'));
  assert.equal(out.code, 0);
  assert.equal(out.stderr, '');
  const json = JSON.parse(out.stdout);
  assert.equal(json.name, join(dir, 'svc.ts'));
  assert.deepEqual(json.parse_errors, []);
  const fn = json.constraints.find((c: { name: string }) => c.name === 'function:load');
  assert.equal(fn.origin_file, join(dir, 'svc.ts'));
  assert.equal(fn.origin_line, 1);
  assert.equal(fn.description, 'exported async function load(id: number): Promise<string>');
  for (const c of json.constraints)
    assert.deepEqual(Object.keys(c).slice(0, 10), [
      'id',
      'name',
      'description',
      'kind',
      'source',
      'enforcement',
      'priority',
      'confidence',
      'frequency',
      'severity',
    ]);
});

test('--format pretty prints a rule the source follows (no dynamic any) as a rule, not a warning (issue 16)', async () => {
  const pretty = await extract(join(dir, 'svc.ts'), '--format', 'pretty');
  assert.equal(pretty.code, 0);
  assert.match(
    pretty.stdout,
    /\n {2}:1 {5}rule {4}type_safety {3}avoid_any_type\n {9}followed here: no dynamic 'any' type in 2 type annotations; generated code that uses it gets a warning \(confidence 0\.7\)/,
  );
  assert.doesNotMatch(pretty.stdout, /warning type_safety +avoid_any_type/);
  const json = JSON.parse((await extract(join(dir, 'svc.ts'))).stdout);
  assert.equal(json.constraints.find((c: { name: string }) => c.name === 'avoid_any_type').severity, 'warning', 'the JSON keeps the reference severity');
});

test('--min-confidence drops constraints below it; --format pretty lists them', async () => {
  const all = JSON.parse((await extract(join(dir, 'svc.ts'))).stdout).constraints as Array<{ confidence: number }>;
  const high = JSON.parse((await extract(join(dir, 'svc.ts'), '--min-confidence', '0.95')).stdout).constraints as Array<{ confidence: number }>;
  assert.ok(high.length < all.length);
  assert.deepEqual(
    high,
    all.filter((c) => c.confidence >= 0.95),
  );
  const pretty = await extract(join(dir, 'svc.ts'), '--format', 'pretty');
  assert.equal(pretty.code, 0);
  assert.match(pretty.stdout, /svc\.ts \(typescript, 1 lines\): \d+ constraints/);
  assert.match(pretty.stdout, /function:load/);
});

test('--lang overrides an unknown extension; without it the extension is a clear error', async () => {
  const unknown = await extract(join(dir, 'script.txt'));
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /script\.txt: unknown extension \.txt; give the language with --lang/);
  const forced = await extract(join(dir, 'script.txt'), '--lang', 'python');
  assert.equal(forced.code, 0);
  assert.ok(JSON.parse(forced.stdout).constraints.some((c: { name: string }) => c.name === 'function:f'));
});

test('missing file, bad flag values and an empty file', async () => {
  const missing = await extract(join(dir, 'nope.ts'));
  assert.deepEqual([missing.code, missing.stderr.trim()], [1, `ananke extract: ${join(dir, 'nope.ts')}: no such file or directory`]);
  assert.equal((await extract(join(dir, 'svc.ts'), '--lang', 'cobol')).code, 2);
  assert.equal((await extract(join(dir, 'svc.ts'), '--format', 'xml')).code, 2);
  assert.equal((await extract(join(dir, 'svc.ts'), '--min-confidence', '1.5')).code, 2);
  assert.equal((await extract()).code, 2);
  const empty = await extract(join(dir, 'empty.py'));
  assert.equal(empty.code, 0);
  assert.deepEqual(JSON.parse(empty.stdout).constraints, []);
});

test('a directory run reports every failing file, still extracts the others, and exits 1', async () => {
  const out = await extract(join(dir, 'tree'));
  assert.equal(out.code, 1);
  const json = JSON.parse(out.stdout);
  const files = [...new Set(json.constraints.map((c: { origin_file: string }) => c.origin_file))];
  assert.deepEqual(files, [join(dir, 'tree', 'ok.go'), join(dir, 'tree', 'sub', 'broken.py')]);
  assert.deepEqual(
    json.failed_files.map((f: { file: string; message: string }) => [f.file.slice(dir.length + 1), f.message]),
    [
      ['tree/sub/binary.rs', 'binary content (contains NUL bytes), not source text'],
      ['tree/sub/dangling.ts', 'no such file or directory'],
      ['tree/sub/latin1.py', 'not valid UTF-8 text (incomplete sequence starting with byte 0xe9 at offset 3)'],
    ],
  );
  assert.deepEqual(
    json.parse_errors.map((e: { file: string; line: number }) => [e.file.slice(dir.length + 1), e.line]),
    [['tree/sub/broken.py', 1]],
  );
  assert.match(out.stderr, /broken\.py:1:\d+: syntax error/);
  assert.match(out.stderr, /binary\.rs: binary content/);
  assert.match(out.stderr, /latin1\.py: not valid UTF-8/);
  assert.match(out.stderr, /dangling\.ts: no such file or directory/);
  assert.ok(
    json.constraints.some((c: { name: string }) => c.name === 'function:g'),
    'extraction went on past the syntax error',
  );
  const onlyGo = JSON.parse((await extract(join(dir, 'tree'), '--lang', 'go')).stdout);
  assert.deepEqual([...new Set(onlyGo.constraints.map((c: { language: string }) => c.language))], ['go']);
});
