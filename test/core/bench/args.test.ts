// The runners' command line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRunnerArgs } from '../../../core/bench/args.ts';

test('defaults: every suite, full profile, fork 1, stdout, one-shot', () => {
  const parsed = parseRunnerArgs([]);
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.args, {
    suites: null,
    bench: null,
    profile: 'full',
    sampling: null,
    list: false,
    help: false,
    out: null,
    runId: null,
    fork: 1,
    serve: false,
    calibrate: false,
    shard: null,
    root: null,
  });
});

test('every flag, in both --flag value and --flag=value forms', () => {
  const parsed = parseRunnerArgs([
    '--suite',
    'clew,ffi',
    '--bench=ffi_roundtrip',
    '--profile',
    'quick',
    '--list',
    '--out',
    '/tmp/x.ndjson',
    '--run-id=r1',
    '--fork',
    '3',
    '--shard',
    's2',
    '--sampling',
    'tiny',
    '--root',
    '/repo',
    '--serve',
    '--calibrate',
  ]);
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.args, {
    suites: ['clew', 'ffi'],
    bench: ['ffi_roundtrip'],
    profile: 'quick',
    sampling: 'tiny',
    list: true,
    help: false,
    out: '/tmp/x.ndjson',
    runId: 'r1',
    fork: 3,
    serve: true,
    calibrate: true,
    shard: 's2',
    root: '/repo',
  });
});

test('bad flags are usage errors with a message', () => {
  const cases: Array<[string[], RegExp]> = [
    [['--profile', 'slow'], /--profile must be one of quick, full, not 'slow'/],
    [['--fork', '0'], /--fork must be a positive integer/],
    [['--suite'], /option --suite needs a value/],
    [['--frobnicate'], /unknown option '--frobnicate'/],
  ];
  for (const [argv, message] of cases) {
    const parsed = parseRunnerArgs(argv);
    assert.ok(!parsed.ok);
    assert.match(parsed.message, message);
  }
});
