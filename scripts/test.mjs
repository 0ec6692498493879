#!/usr/bin/env node
// @ts-check
// Runs the test suite under Node (every test), then the core's tests under Bun and
// Deno (the same compiled files), and ends with one line counting all of them.
// Usage: node scripts/test.mjs [--runtime node,bun,deno]
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const bin = (name) => {
  const local = join(root, 'node_modules', '.bin', name);
  return existsSync(local) ? local : name;
};

/** Every compiled test file under a folder (node 20's --test takes no globs). */
function testFiles(dir) {
  if (!existsSync(join(root, dir))) return [];
  return readdirSync(join(root, dir), { recursive: true })
    .filter((name) => String(name).endsWith('.test.js'))
    .map((name) => join(dir, String(name)))
    .sort();
}

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log('usage: npm test   (or: node scripts/test.mjs [--runtime node,bun,deno])\n  every test under Node, the core\'s tests under Bun and Deno, one count per runtime and a total\nexit codes: 0 every test passed, 1 a test failed or a runner could not run');
  process.exit(0);
}
const runtimeFlag = process.argv.indexOf('--runtime');
const only = runtimeFlag > 0 ? process.argv[runtimeFlag + 1].split(',') : ['node', 'bun', 'deno'];

/** Each runtime's test command and how to read its counts from its output. */
const RUNS = [
  {
    runtime: 'node',
    files: 'dist/test (core and harness)',
    cmd: process.execPath,
    // Node 20 has WebSocket (the report test drives Chromium with it) behind a flag.
    args: ['--expose-gc', ...(typeof WebSocket === 'undefined' ? ['--experimental-websocket'] : []), '--test', '--test-reporter=spec', '--test-reporter-destination=stdout', ...testFiles('dist/test')],
    counts: (out) => ({ passed: lastNumber(out, /^\s*[ℹ#] pass (\d+)/gm), failed: lastNumber(out, /^\s*[ℹ#] fail (\d+)/gm) }),
  },
  {
    runtime: 'bun',
    files: 'dist/test/core',
    cmd: bin('bun'),
    // bun test stops a test at 5 s by default; property tests over fixtures take longer on a busy 2-core machine.
    args: ['test', '--timeout', '120000', './dist/test/core/'],
    counts: (out) => ({ passed: lastNumber(out, /^\s*(\d+) pass$/gm), failed: lastNumber(out, /^\s*(\d+) fail$/gm) }),
  },
  {
    runtime: 'deno',
    files: 'dist/test/core',
    cmd: bin('deno'),
    args: ['test', '-A', '--v8-flags=--expose-gc', 'dist/test/core/'],
    counts: (out) => ({ passed: lastNumber(out, /(\d+) passed/g), failed: lastNumber(out, /(\d+) failed/g) }),
  },
];

function lastNumber(text, pattern) {
  let value = null;
  for (const match of text.matchAll(pattern)) value = Number(match[1]);
  return value;
}

function run({ cmd, args }) {
  return new Promise((resolve) => {
    // NO_COLOR keeps runners' output plain for the count patterns; FORCE_COLOR must be absent, since
    // Deno forces colour when it is set at all, even to 0.
    /** @type {NodeJS.ProcessEnv} */
    const env = { ...process.env, NO_COLOR: '1' };
    delete env.FORCE_COLOR;
    const child = spawn(cmd, args, { cwd: root, env });
    let out = '';
    const relay = (stream, sink) => stream.on('data', (chunk) => { out += chunk; sink.write(chunk); });
    relay(child.stdout, process.stdout);
    relay(child.stderr, process.stderr);
    child.on('error', (error) => resolve({ code: 127, out: `${out}\n${error.message}` }));
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

let passed = 0;
let failed = 0;
const lines = [];
for (const spec of RUNS.filter((r) => only.includes(r.runtime))) {
  console.log(`\n=== ${spec.runtime}: ${spec.files} ===`);
  const { code, out } = await run(spec);
  const counts = spec.counts(out);
  if (counts.passed === null || counts.failed === null) {
    lines.push(`${spec.runtime}: could not read its test counts (exit code ${code})`);
    failed += 1;
    continue;
  }
  // A runner that exits non-zero with no failing test still failed (a crash, a load error).
  const extra = code !== 0 && counts.failed === 0 ? 1 : 0;
  passed += counts.passed;
  failed += counts.failed + extra;
  lines.push(`${spec.runtime}: ${counts.passed} passed, ${counts.failed} failed${extra ? ` (and exited ${code})` : ''}`);
}
console.log('\n=== summary ===');
for (const line of lines) console.log(line);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
