// bench:compare and the regression gate's compare mode: the base revision prepared in a git worktree
// (cached per commit; a base that fails to build says so and nothing is measured), base and head
// measured as two targets per runtime in the same forks, each bench's change with its verdict.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepareRevision, WorktreeError } from '../../../orchestrator/worktree.ts';
import { repoPath } from '../../support/platform.ts';
import { fakeRunners, runScript, tempDir } from './support.ts';

const worktrees = tempDir();
// The worktrees of this repository the tests made are removed again (git keeps a note of each).
after(() => {
  for (const entry of spawnSync('git', ['worktree', 'list', '--porcelain'], { cwd: repoPath(''), encoding: 'utf8' }).stdout.split('\n')) {
    const path = entry.startsWith('worktree ') ? entry.slice(9) : null;
    if (path?.startsWith(worktrees)) spawnSync('git', ['worktree', 'remove', '--force', path], { cwd: repoPath('') });
  }
  spawnSync('git', ['worktree', 'prune'], { cwd: repoPath('') });
});

/** The options every comparison here shares: HEAD as the base, prepared without installing, three forks. */
const common = (runtimes: string) => [
  '--base',
  'HEAD',
  '--worktrees',
  worktrees,
  '--prepare-command',
  'true',
  '--no-build',
  '--bench',
  'extract_snippet',
  '--forks',
  '3',
  '--no-adaptive',
  '--runtime',
  runtimes,
];
const COMMON = common('node,bun');

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

test('base and head run as two targets per runtime in the same forks; an unchanged head is the same, a slower one slower', async () => {
  const results = tempDir();
  const log = join(results, 'log');
  const same = await runScript('compare.mjs', [...COMMON, '--results-dir', results, '--order', 'fixed'], {
    env: fakeRunners({ node: `--log ${log}`, bun: `--log ${log}` }),
  });
  assert.equal(same.code, 0, same.stderr);
  assert.match(same.stderr, /preparing HEAD \([0-9a-f]{12}\) in /);
  assert.match(same.stdout, /node: 0 slower, 0 faster, 3 same, 0 unsure · bun: 0 slower, 0 faster, 3 same, 0 unsure/);
  // Bench by bench: the four targets back to back in each fork, the first rotating.
  const runs = readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .filter((l) => l.includes(' run fork 1 '));
  assert.equal(runs.length, 12);
  assert.deepEqual(
    runs.slice(0, 4).map((l) => l.split(' ')[0]),
    ['node', 'node', 'bun', 'bun'],
  );

  const slower = await runScript('compare.mjs', [...COMMON, '--results-dir', results, '--format', 'json'], {
    env: fakeRunners({ node: '--head-slowdown 1.2', bun: '' }),
  });
  assert.equal(slower.code, 0, slower.stderr);
  assert.match(slower.stderr, /base HEAD \([0-9a-f]{12}\): reusing /);
  const report = JSON.parse(slower.stdout);
  const row = report.rows.find((r: { id: string }) => r.id === 'extract_snippet_50b');
  assert.equal(row.results.node.verdict, 'slower');
  assert.ok(Math.abs(row.results.node.change - 0.2) < 1e-9);
  assert.equal(row.results.node.forks, 3);
  assert.equal(row.results.bun.verdict, 'same');
  const gate = await runScript('compare.mjs', [...COMMON, '--results-dir', results, '--fail-on-slower'], { env: fakeRunners({ node: '--head-slowdown 1.2' }) });
  assert.equal(gate.code, 1);
});

test('the gate in compare mode fails on a slowdown beyond the tolerance, passes an unchanged head', async () => {
  const results = tempDir();
  const args = [...common('node'), '--results-dir', results];
  const same = await runScript('regression.mjs', args, { env: fakeRunners() });
  assert.equal(same.code, 0, same.stderr + same.stdout);
  assert.match(same.stdout, /no regression against HEAD/);
  const slow = await runScript('regression.mjs', args, { env: fakeRunners({ node: '--head-slowdown 1.25' }) });
  assert.equal(slow.code, 1, slow.stderr);
  assert.match(
    slow.stdout,
    /3 regression\(s\) \(slower than HEAD beyond the noise band and by more than \+10\.0%\):\n {2}node extract_snippet_\w+: \+25\.0% \[\+25\.0% … \+25\.0%\] ✗ slower/,
  );
  const small = await runScript('regression.mjs', args, { env: fakeRunners({ node: '--head-slowdown 1.05' }) });
  assert.equal(small.code, 0, small.stdout);
});

test('a revision is prepared once per commit; one that fails to build says so with its log, and the next attempt starts over', async () => {
  const repo = tempDir();
  git(repo, 'init', '-q');
  git(repo, 'config', 'user.email', 't@example.com');
  git(repo, 'config', 'user.name', 't');
  writeFileSync(join(repo, 'build.sh'), 'echo building; test ! -e broken || { echo "error TS2322: broken on purpose" >&2; exit 2; }\nmkdir -p dist\n');
  git(repo, 'add', '.');
  git(repo, 'commit', '-qm', 'good');
  const good = git(repo, 'rev-parse', 'HEAD');
  writeFileSync(join(repo, 'broken'), '');
  git(repo, 'add', '.');
  git(repo, 'commit', '-qm', 'bad');
  const cache = tempDir();
  const first = await prepareRevision({ root: repo, rev: good, cacheDir: cache, prepareCommand: 'sh build.sh' });
  assert.deepEqual([first.commit, first.reused, existsSync(join(first.checkout, 'dist'))], [good, false, true]);
  const second = await prepareRevision({ root: repo, rev: good.slice(0, 8), cacheDir: cache, prepareCommand: 'sh build.sh' });
  assert.deepEqual([second.checkout, second.reused], [first.checkout, true]);
  await assert.rejects(prepareRevision({ root: repo, rev: 'HEAD', cacheDir: cache, prepareCommand: 'sh build.sh' }), (error: Error) => {
    assert.ok(error instanceof WorktreeError);
    assert.match(
      error.message,
      /^HEAD \([0-9a-f]{12}\) failed to install or build \(`sh build\.sh` exited with 2\); nothing was measured\. Its worktree stays at \S+ for a look; the end of \S+\.ananke-prepare\.log:\nbuilding\nerror TS2322: broken on purpose$/,
    );
    return true;
  });
  // Nothing was lost: the good preparation is still there and reused.
  assert.equal((await prepareRevision({ root: repo, rev: good, cacheDir: cache, prepareCommand: 'sh build.sh' })).reused, true);
  await assert.rejects(prepareRevision({ root: repo, rev: 'no-such-branch', cacheDir: cache }), /no-such-branch: not a commit in /);
});

test('bench:compare without --base, or a base that is not a commit, is one clear line', async () => {
  const none = await runScript('compare.mjs', ['--runtime', 'node'], { env: fakeRunners() });
  assert.equal(none.code, 2);
  assert.equal(none.stderr.trim(), 'error: --base is required: the revision to compare against (e.g. --base main)');
  const bad = await runScript('compare.mjs', ['--base', 'no-such-branch', '--worktrees', worktrees, '--runtime', 'node', '--bench', 'extract_snippet'], {
    env: fakeRunners(),
  });
  assert.equal(bad.code, 3);
  assert.match(bad.stderr, /^error: no-such-branch: not a commit in /m);
});

test('--repeat tallies the verdicts over several comparisons; --write-noise writes the bands an A/A comparison shows', async () => {
  const results = tempDir();
  const noise = join(tempDir(), 'noise.json');
  // A bands file of another machine stands there: it is replaced, and the output says whose it was.
  const foreign = {
    _meta: {
      measuredOn: 'measured on: other',
      date: '2026-12-01T00:00:00.000Z',
      host: { hostname: 'other', cpuModel: 'Other CPU', cores: 8, os: 'linux', arch: 'x64' },
      profile: 'quick',
      runs: 3,
      method: 'test',
    },
    floor: 0.01,
    bands: { node: { extract_snippet_50b: 0.5 } },
  };
  writeFileSync(noise, JSON.stringify(foreign));
  const r = await runScript('compare.mjs', [...COMMON, '--head', 'HEAD', '--results-dir', results, '--repeat', '2', '--write-noise', '--noise', noise], {
    env: fakeRunners(),
  });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /\n {2}it replaces the bands measured on Other CPU · 8 cores · linux x64\n/);
  assert.match(
    r.stdout,
    /verdicts over 2 comparison\(s\):\nnode: 2 run\(s\), 6 bench comparison\(s\), 0 said slower or faster \(0\.00%\); read \+0\.0%\nbun: 2 run\(s\), 6 bench comparison\(s\), 0 said slower or faster \(0\.00%\); read \+0\.0%\n/,
  );
  const written = JSON.parse(readFileSync(noise, 'utf8'));
  // Identical fakes: every band is the floor.
  assert.deepEqual(written.bands.node, { extract_snippet_50b: 0.01, extract_snippet_200b: 0.01, extract_snippet_800b: 0.01 });
  assert.deepEqual([written._meta.runs, written._meta.profile, written.floor], [2, 'quick', 0.01]);
  assert.match(written._meta.measuredOn, /^measured on: fake-host \(Fake CPU, 2 cores, linux x64\), quick profile, 2 A\/A run\(s\)/);
  // Another machine's bands judge nothing here: the warning names both machines, the default band decides.
  const other = join(tempDir(), 'noise.json');
  writeFileSync(other, JSON.stringify(foreign));
  const judged = await runScript('compare.mjs', [...COMMON, '--head', 'HEAD', '--results-dir', results, '--noise', other], { env: fakeRunners() });
  assert.equal(judged.code, 0, judged.stderr);
  assert.match(
    judged.stderr,
    /warning: .*noise\.json was measured on Other CPU · 8 cores · linux x64, not on Fake CPU · 2 cores · linux x64: its bands do not apply there, the default ±3% band stands in/,
  );
  assert.match(judged.stdout, /node: 0 slower, 0 faster, 3 same, 0 unsure/);
});
