// `ananke mask` and `ananke sample` end to end in a subprocess: statistics, a constrained sample, and
// clear usage errors (exit 2) for a bad option or an invalid regex.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { repoPath } from '../support/platform.ts';

function ananke(...args: string[]) {
  const r = spawnSync(process.execPath, [repoPath('bin/ananke.mjs'), ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("ananke mask prints the vocabulary, the DFA and the start state's mask", () => {
  const r = ananke('mask', '--vocab', 'cl100k', '--regex', '[a-z]+');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^vocabulary +cl100k: 100264 tokens, mask size 100277 bits = 3134 words \(12536 bytes\)$/m);
  assert.match(r.stdout, /^constraint +\/\[a-z\]\+\/: 2 DFA states$/m);
  assert.match(r.stdout, /^start state +\d+ allowed \([\d.]+%\), EOS not allowed$/m);
});

test('ananke sample produces text the regex accepts', () => {
  const r = ananke('sample', '--vocab', 'cl100k', '--regex', '(get|set)[A-Z][a-z]{2,8}', '--seed', '2', '--quiet');
  assert.equal(r.code, 0, r.stderr);
  const text = /^text +"(.*)"$/m.exec(r.stdout)?.[1];
  assert.ok(text !== undefined, r.stdout);
  assert.match(text, /^(get|set)[A-Z][a-z]{2,8}$/);
});

test('a bad option or an invalid regex is a usage error with exit code 2', () => {
  const bad = ananke('mask', '--vocab', 'cl100k', '--bogus');
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^ananke mask: Unknown option '--bogus'/);
  const invalid = ananke('sample', '--vocab', 'cl100k', '--regex', '(a');
  assert.equal(invalid.code, 2);
  assert.match(invalid.stderr, /invalid regex \/\(a\/ at position 2: expected '\)'/);
});
