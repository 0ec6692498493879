#!/usr/bin/env node
// @ts-check
// Runs the test suite under Node (every test), then the core's tests under Bun and
// Deno (the same compiled files), and ends with one line counting all of them.
// A skipped or todo test fails the run (a skipped test checks nothing), and so does a runtime
// that ran fewer tests than its minimum below or not every test file (a file that silently
// stopped loading).
// Usage: node scripts/test.mjs [--runtime node,bun,deno]
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { READ_COUNTS, runProblems } from './test-counts.mjs';

const root = new URL('..', import.meta.url).pathname;
const bin = (name) => {
  const local = join(root, 'node_modules', '.bin', name);
  return existsSync(local) ? local : name;
};

/** Every test file under a folder with this ending (node 20's --test takes no globs). */
function testFiles(dir, ending = '.test.js') {
  if (!existsSync(join(root, dir))) return [];
  return readdirSync(join(root, dir), { recursive: true })
    .filter((name) => String(name).endsWith(ending))
    .map((name) => join(dir, String(name)))
    .sort();
}

/**
 * The fewest tests each runtime may run, a little under its count when last raised (raise them
 * when you add tests): fewer means a test file stopped loading or a test stopped registering.
 */
const MINIMUM_TESTS = { node: 600, bun: 400, deno: 325 };

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(
    "usage: npm test   (or: node scripts/test.mjs [--runtime node,bun,deno])\n  every test under Node, the core's tests under Bun and Deno, one count per runtime and a total\n  a skipped test, a runtime under its minimum count or a test file that did not run fails the run\nexit codes: 0 every test passed, 1 a test failed or a runner could not run",
  );
  process.exit(0);
}
const runtimeFlag = process.argv.indexOf('--runtime');
const only = runtimeFlag > 0 ? process.argv[runtimeFlag + 1].split(',') : ['node', 'bun', 'deno'];

/** Each runtime's test command and the test sources it must run. */
const RUNS = [
  {
    runtime: 'node',
    files: 'dist/test (core and harness)',
    sources: testFiles('test', '.test.ts'),
    cmd: process.execPath,
    // Node 20 has WebSocket (the report test drives Chromium with it) behind a flag.
    args: [
      '--expose-gc',
      ...(typeof WebSocket === 'undefined' ? ['--experimental-websocket'] : []),
      '--test',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      ...testFiles('dist/test'),
    ],
  },
  {
    runtime: 'bun',
    files: 'dist/test/core',
    sources: testFiles('test/core', '.test.ts'),
    cmd: bin('bun'),
    // bun test stops a test at 5 s by default; property tests over fixtures take longer on a busy 2-core machine.
    args: ['test', '--timeout', '120000', './dist/test/core/'],
  },
  {
    runtime: 'deno',
    files: 'dist/test/core',
    sources: testFiles('test/core', '.test.ts'),
    cmd: bin('deno'),
    args: ['test', '-A', '--v8-flags=--expose-gc', 'dist/test/core/'],
  },
];

function run({ cmd, args }) {
  return new Promise((resolve) => {
    // NO_COLOR keeps runners' output plain for the count patterns; FORCE_COLOR must be absent, since
    // Deno forces colour when it is set at all, even to 0.
    /** @type {NodeJS.ProcessEnv} */
    const env = { ...process.env, NO_COLOR: '1' };
    delete env.FORCE_COLOR;
    const child = spawn(cmd, args, { cwd: root, env });
    let out = '';
    const relay = (stream, sink) =>
      stream.on('data', (chunk) => {
        out += chunk;
        sink.write(chunk);
      });
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
  const counts = READ_COUNTS[spec.runtime](out, spec.args.filter((a) => a.endsWith('.test.js')).length);
  const problems = runProblems(counts, { code, minimum: MINIMUM_TESTS[spec.runtime], sources: spec.sources.length });
  passed += counts.passed ?? 0;
  failed += (counts.failed ?? 0) + problems.length;
  lines.push(
    `${spec.runtime}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped (minimum ${MINIMUM_TESTS[spec.runtime]})${problems.map((p) => `; ${p}`).join('')}`,
  );
}
console.log('\n=== summary ===');
for (const line of lines) console.log(line);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
