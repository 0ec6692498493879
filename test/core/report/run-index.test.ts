// The run index: what a run folder holds (from run.json and the records), how it ended, and which
// earlier run a new one is compared with (like with like: same testbed, profile, benches, finished).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  differencesFrom,
  parseRunManifest,
  previousComparable,
  runName,
  summarizeRun,
  type RunManifestView,
  type RunSummary,
} from '../../../core/report/run-index.ts';
import { fingerprintOf } from '../../../core/report/testbed.ts';
import { SAMPLING, samplingKey } from '../../../core/bench/sampling.ts';
import { benchRecord, loadedRun, runRecord } from './helpers.ts';

function manifest(runId: string, startedAt: string, extra: Partial<RunManifestView> = {}): RunManifestView {
  return {
    kind: 'ananke-bench-run',
    runId,
    startedAt,
    endedAt: null,
    profile: 'quick',
    suites: null,
    benches: ['a', 'b'],
    targets: [
      { label: 'node', runtime: 'node', version: 'v20.20.2' },
      { label: 'bun', runtime: 'bun', version: '1.4.5' },
    ],
    plan: { forks: 3 },
    outcome: { failures: [], interrupted: null, missed: 0, forks: 4 },
    ...extra,
  };
}

function summary(runId: string, startedAt: string, extra: Partial<RunManifestView> = {}, cpu = 'Test CPU', samplingKey?: string): RunSummary {
  const runs = ['node', 'bun'].map((t) =>
    loadedRun(runRecord(t, { runId, host: { ...runRecord(t).host, cpuModel: cpu }, ...(samplingKey === undefined ? {} : { samplingKey }) }), [
      benchRecord('a', { p50: 1 }, runId),
      benchRecord('b', { p50: 2 }, runId),
    ]),
  );
  return summarizeRun(`results/${runId}`, manifest(runId, startedAt, extra), runs);
}

test('a run folder summed up: targets with versions, forks, outcome, testbed', () => {
  const s = summary('r1', '2026-12-04T13:17:28.227Z');
  assert.deepEqual(s, {
    runId: 'r1',
    folder: 'results/r1',
    startedAt: '2026-12-04T13:17:28.227Z',
    profile: 'quick',
    sampling: null,
    samplingKeys: [],
    suites: null,
    benches: ['a', 'b'],
    targets: [
      { label: 'node', versions: ['1.0.0'] },
      { label: 'bun', versions: ['1.0.0'] },
    ],
    forks: 4,
    state: 'complete',
    testbeds: ['Test CPU · 2 cores · linux x64'],
    benchRecords: 4,
  });
  assert.equal(runName(s), 'r1 (2026-12-04 13:17, quick, 2 benches)');
  assert.equal(fingerprintOf({ cpuModel: '  AMD  EPYC 7B13 ', cores: 2, os: 'linux', arch: 'x64' }), 'AMD EPYC 7B13 · 2 cores · linux x64');
});

test('how a run ended: complete, failed, interrupted, unfinished, unknown; over hosts the worst one', () => {
  const state = (extra: Partial<RunManifestView>) => summary('r', '2026-12-04T10:00:00Z', extra).state;
  assert.equal(state({ outcome: { failures: ['bun fork 1: died'], interrupted: null, missed: 1 } }), 'failed');
  assert.equal(state({ outcome: { failures: [], interrupted: null, missed: [{}] } }), 'failed');
  assert.equal(state({ outcome: { failures: [], interrupted: 'SIGINT', missed: 12 } }), 'interrupted');
  assert.equal(state({ outcome: null }), 'unfinished');
  assert.equal(summarizeRun('old', null, []).state, 'unknown');
  const hosts = (outcomes: Array<RunManifestView['outcome']>) =>
    state({ outcome: undefined, hosts: outcomes.map((outcome, i) => ({ host: `h${i}`, failed: null, outcome: outcome ?? null })) });
  assert.equal(
    hosts([
      { failures: [], interrupted: null, missed: [] },
      { failures: [], interrupted: null, missed: [] },
    ]),
    'complete',
  );
  assert.equal(hosts([{ failures: [], interrupted: null, missed: [] }, null]), 'unfinished');
});

test('like with like: the newest earlier run of the same testbed, profile and benches that finished cleanly', () => {
  const current = summary('r9', '2026-12-04T18:00:00Z');
  const candidates = [
    summary('r1', '2026-12-04T10:00:00Z'),
    summary('r2', '2026-12-04T11:00:00Z'),
    summary('r3-other-machine', '2026-12-04T12:00:00Z', {}, 'Other CPU'),
    summary('r4-interrupted', '2026-12-04T13:00:00Z', { outcome: { failures: [], interrupted: 'SIGINT', missed: 3 } }),
    summary('r5-clew-only', '2026-12-04T14:00:00Z', { suites: ['clew'], benches: ['a'] }),
    summary('r6-full', '2026-12-04T15:00:00Z', { profile: 'full' }),
    summary('r10-later', '2026-12-04T19:00:00Z'),
  ];
  const { run, passedOver } = previousComparable(current, candidates);
  assert.equal(run?.runId, 'r2');
  assert.deepEqual(
    passedOver.map((p) => [p.run.runId, p.why.join('; ')]),
    [
      ['r6-full', 'profile full, not quick'],
      ['r5-clew-only', 'other benches (1, not 2)'],
      ['r4-interrupted', 'interrupted run'],
      ['r3-other-machine', 'another testbed (Other CPU · 2 cores · linux x64)'],
    ],
  );
  assert.deepEqual(differencesFrom(current, summarizeRun('v1', null, [])), [
    'no run.json (cannot tell whether it finished)',
    'another testbed (unknown)',
    'profile unknown, not quick',
    'other benches (0, not 2)',
  ]);
  assert.equal(previousComparable(current, [candidates[2]!]).run, null);
});

test("a run sampled by another definition of the same profile is not like (the records' sampling fingerprint)", () => {
  const quick = samplingKey(SAMPLING.quick);
  assert.match(quick, /^quick-[0-9a-f]{8}$/);
  assert.notEqual(samplingKey(SAMPLING.full), samplingKey({ ...SAMPLING.full, name: 'full' as const, warmup: { kind: 'fixed', ns: 150e6 } }));
  assert.equal(samplingKey(SAMPLING.quick), samplingKey({ ...SAMPLING.quick }));
  const current = summary('r9', '2026-12-04T18:00:00Z', {}, 'Test CPU', quick);
  const { run, passedOver } = previousComparable(current, [
    summary('r1-same', '2026-12-04T10:00:00Z', {}, 'Test CPU', quick),
    summary('r2-redefined', '2026-12-04T11:00:00Z', {}, 'Test CPU', 'quick-0badc0de'),
    summary('r3-older-harness', '2026-12-04T12:00:00Z'),
  ]);
  assert.equal(run?.runId, 'r1-same');
  assert.deepEqual(
    passedOver.map((p) => [p.run.runId, p.why.join('; ')]),
    [
      ['r3-older-harness', 'sampled by an older harness (no sampling fingerprint)'],
      ['r2-redefined', `sampled otherwise (quick-0badc0de, not ${quick})`],
    ],
  );
});

test('run.json is checked: a broken one is named with its path', () => {
  assert.equal(parseRunManifest(JSON.stringify(manifest('r', '2026-12-04T10:00:00Z')), 'run.json').ok, true);
  const broken = parseRunManifest('{"kind": "ananke-bench-run", "runId": 3, "benches": []}', 'results/x/run.json');
  assert.deepEqual(broken, { ok: false, message: 'results/x/run.json: $.runId: Invalid type: Expected string but received 3' });
  assert.deepEqual(parseRunManifest('{', 'run.json').ok, false);
});
