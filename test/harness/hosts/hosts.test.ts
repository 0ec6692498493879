// Measuring on other machines over real OpenSSH: two throwaway sshd servers on 127.0.0.2 and
// 127.0.0.3, each with its own host key, authorised key and work folder. Compare mode gives a
// column per runtime and host with ratios within a host; split mode shares the benches out and pools
// one testbed's hosts; a wrong key, a closed port, a missing runtime and a host killed mid-run are
// reported with their reason while the other host finishes, and no record is lost or written twice.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runScript, tempDir, waitFor } from '../orchestrator/support.ts';
import { repoPath } from '../../support/platform.ts';
import { hostEntry, startSshd, type ThrowawaySshd } from './sshd.ts';

let one: ThrowawaySshd;
let two: ThrowawaySshd;

before(async () => {
  [one, two] = await Promise.all([startSshd('h1', '127.0.0.2'), startSshd('h2', '127.0.0.3')]);
});

after(() => {
  one?.kill();
  two?.kill();
});

const TINY = ['--runtime', 'node,bun', '--sampling', 'tiny', '--forks', '1', '--no-adaptive', '--format', 'json'];

function hostsFile(...entries: string[]): string {
  const path = join(tempDir(), 'hosts.toml');
  writeFileSync(path, entries.join('\n'));
  return path;
}

function records(dir: string): Array<{ type: string; id?: string; fork?: number; target?: string }> {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ndjson'))
    .flatMap((f) =>
      readFileSync(join(dir, f), 'utf8')
        .split('\n')
        .filter(Boolean)
        .flatMap((l) => {
          try {
            return [JSON.parse(l)];
          } catch {
            return [];
          }
        }),
    );
}

test('compare mode: every host runs every bench; a column per runtime and host, ratios within a host', { timeout: 300_000 }, async () => {
  const results = tempDir();
  const r = await runScript('run-all.mjs', [
    '--hosts',
    hostsFile(hostEntry(one), hostEntry(two)),
    '--results-dir',
    results,
    '--run-id',
    'cmp',
    '--bench',
    'cache_hit,ffi_string_100',
    ...TINY,
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /h1: sending the tree \(\d+ files, [0-9a-f]{16}\)/);
  assert.match(r.stderr, /h2: node v\d+\.\d+\.\d+, bun \d+\.\d+\.\d+/);
  const report = JSON.parse(r.stdout);
  assert.deepEqual(
    report.columns.map((c: { label: string }) => c.label),
    ['node@h1', 'node@h2', 'bun@h1', 'bun@h2'],
  );
  for (const row of report.rows) {
    // Each host has its own fastest: two ranks among lowest/fastest, never one for all four columns.
    const leaders = Object.values(row.results as Record<string, { rank: string }>).filter((c) => ['fastest', 'tie', 'unclear'].includes(c.rank));
    assert.equal(leaders.length, 2, JSON.stringify(row));
  }
  for (const host of ['h1', 'h2']) {
    const ids = records(join(results, 'cmp', host))
      .filter((x) => x.type === 'bench')
      .map((x) => `${x.target} ${x.id}`)
      .sort();
    assert.deepEqual(ids, ['bun cache_hit', 'bun ffi_string_100', 'node cache_hit', 'node ffi_string_100']);
  }
  const manifest = JSON.parse(readFileSync(join(results, 'cmp', 'run.json'), 'utf8'));
  assert.deepEqual(
    manifest.hosts.map((h: { host: string; failed: null }) => [h.host, h.failed]),
    [
      ['h1', null],
      ['h2', null],
    ],
  );
  // The same tree is not sent again.
  // ...and a run over hosts says which earlier run its changes are against and writes the HTML report when asked.
  const again = await runScript('run-all.mjs', [
    '--hosts',
    hostsFile(hostEntry(one)),
    '--results-dir',
    results,
    '--run-id',
    'again',
    '--bench',
    'cache_hit',
    '--report',
    ...TINY,
  ]);
  assert.equal(again.code, 0, again.stderr);
  assert.doesNotMatch(again.stderr, /sending the tree/);
  assert.match(again.stderr, /\(tree already there\)/);
  assert.match(again.stderr, /^change: no earlier run like this one .*cmp: .*other benches \(2, not 1\)/m);
  assert.match(again.stderr, new RegExp(`^report: ${join(results, 'again', 'report.html')}$`, 'm'));
  assert.match(readFileSync(join(results, 'again', 'report.html'), 'utf8'), /cache_hit/);
});

test("split mode: the benches are shared out among one testbed's hosts; one column per runtime", { timeout: 300_000 }, async () => {
  const results = tempDir();
  const file = hostsFile(hostEntry(one, { testbed: 'lab' }), hostEntry(two, { testbed: 'lab' }));
  const r = await runScript('run-all.mjs', [
    '--hosts',
    file,
    '--mode',
    'split',
    '--results-dir',
    results,
    '--run-id',
    'split',
    '--bench',
    'cache_hit,ffi_string_100,hash_generation_10,ffi_struct_roundtrip',
    ...TINY,
  ]);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.deepEqual(
    report.columns.map((c: { label: string }) => c.label),
    ['node', 'bun'],
  );
  assert.equal(report.rows.length, 4);
  const h1 = new Set(
    records(join(results, 'split', 'h1'))
      .filter((x) => x.type === 'bench')
      .map((x) => x.id),
  );
  const h2 = new Set(
    records(join(results, 'split', 'h2'))
      .filter((x) => x.type === 'bench')
      .map((x) => x.id),
  );
  assert.equal(h1.size, 2);
  assert.equal(h2.size, 2);
  assert.deepEqual(
    [...h1].filter((id) => h2.has(id)),
    [],
  );
});

test('a wrong key, a closed port and a missing runtime are reported with their reason; the other host finishes', { timeout: 300_000 }, async () => {
  const results = tempDir();
  // A host whose install has every package but bun.
  const modules = repoPath('node_modules');
  const noBun = `mkdir -p node_modules/.bin && for p in ${modules}/*; do ln -s $p node_modules/; done && for b in ${modules}/.bin/*; do ln -s $b node_modules/.bin/; done && rm node_modules/.bin/bun`;
  const file = hostsFile(
    hostEntry(one, { name: 'stranger', identity: one.strangerIdentity }),
    hostEntry(two, { name: 'closed', port: 9 }),
    // Its own work folder: installs are shared per lockfile within one.
    hostEntry(one, { name: 'nobun', install: noBun, workdir: join(one.dir, 'nobun-work') }),
    hostEntry(two, { name: 'good' }),
  );
  const r = await runScript('run-all.mjs', ['--hosts', file, '--results-dir', results, '--run-id', 'faults', '--bench', 'cache_hit', ...TINY]);
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stderr, /failed: stranger: authentication refused by \S+@127\.0\.0\.2:\d+ \(check the identity file/);
  assert.match(r.stderr, /failed: closed: connection refused by \S+@127\.0\.0\.3:9 \(no sshd listening there\?\)/);
  assert.match(r.stderr, /nobun: no bun \(missing/);
  const report = JSON.parse(r.stdout);
  assert.ok(report.columns.some((c: { label: string }) => c.label === 'bun@good'));
  assert.ok(report.columns.some((c: { label: string }) => c.label === 'node@nobun'));
});

test('a host killed mid-run: its records so far are kept, none twice, the reason given; the other host finishes', { timeout: 300_000 }, async () => {
  const victim = await startSshd('victim', '127.0.0.2');
  const results = tempDir();
  const file = hostsFile(hostEntry(victim), hostEntry(two, { name: 'survivor' }));
  const dir = join(results, 'kill', 'victim');
  const r = await runScript(
    'run-all.mjs',
    [
      '--hosts',
      file,
      '--results-dir',
      results,
      '--run-id',
      'kill',
      '--profile',
      'quick',
      '--bench',
      'ffi_string_100,ffi_struct_roundtrip,hash_generation_10,cache_hit,cache_miss',
      '--runtime',
      'node,bun',
      '--forks',
      '1',
      '--no-adaptive',
      '--format',
      'json',
    ],
    {
      onStart: () => {
        waitFor(() => existsSync(dir) && records(dir).filter((x) => x.type === 'bench').length >= 2, 'two records from the victim', 120_000).then(() =>
          victim.kill(),
        );
      },
    },
  );
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stderr, /victim: .*(the connection to \S+ was lost|died during|could not start)/);
  const benches = records(dir)
    .filter((x) => x.type === 'bench')
    .map((x) => `${x.target} ${x.id}`);
  assert.ok(benches.length >= 2 && benches.length < 10, benches.join(', '));
  assert.equal(new Set(benches).size, benches.length, `a record written twice: ${benches.join(', ')}`);
  const survivor = records(join(results, 'kill', 'survivor')).filter((x) => x.type === 'bench');
  assert.equal(survivor.length, 10);
});

test('a connection lost mid-run: a fresh process over a new connection takes the rest; no record twice, none lost but the one in flight', {
  timeout: 300_000,
}, async () => {
  const results = tempDir();
  const file = hostsFile(hostEntry(two, { name: 'flaky', workdir: join(two.dir, 'work') }));
  const dir = join(results, 'cut', 'flaky');
  let cut = false;
  const r = await runScript(
    'run-all.mjs',
    [
      '--hosts',
      file,
      '--results-dir',
      results,
      '--run-id',
      'cut',
      '--profile',
      'quick',
      '--order',
      'fixed',
      '--bench',
      'ffi_string_100,ffi_struct_roundtrip,hash_generation_10,cache_hit,cache_miss',
      '--runtime',
      'node',
      '--forks',
      '1',
      '--no-adaptive',
      '--format',
      'json',
    ],
    {
      onStart: () => {
        waitFor(() => existsSync(dir) && records(dir).filter((x) => x.type === 'bench').length >= 2, 'two records', 120_000).then(() => {
          two.cutSessions();
          cut = true;
        });
      },
    },
  );
  assert.ok(cut);
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stderr, /flaky: node fork 1: died during \w+: exited with code 255/);
  assert.match(r.stderr, /flaky: node fork 1: starting a fresh process for the rest of this fork/);
  const benches = records(dir)
    .filter((x) => x.type === 'bench')
    .map((x) => x.id!);
  assert.equal(new Set(benches).size, benches.length, `a record written twice: ${benches.join(', ')}`);
  // Five planned, one lost in flight when the connection went.
  assert.equal(benches.length, 4, benches.join(', '));
  assert.equal(records(dir).filter((x) => x.type === 'run').length, 2);
});

test('Ctrl-C stops every host and keeps every record written', { timeout: 300_000 }, async () => {
  const results = tempDir();
  const file = hostsFile(hostEntry(one), hostEntry(two));
  const dir = join(results, 'int', 'h1');
  const r = await runScript(
    'run-all.mjs',
    [
      '--hosts',
      file,
      '--results-dir',
      results,
      '--run-id',
      'int',
      '--profile',
      'quick',
      '--bench',
      'typescript_extraction,cache_hit',
      '--runtime',
      'node',
      '--forks',
      '2',
      '--no-adaptive',
      '--format',
      'json',
    ],
    {
      onStart: (child) => {
        waitFor(() => existsSync(dir) && records(dir).filter((x) => x.type === 'bench').length >= 1, 'a record', 120_000).then(() => child.kill('SIGINT'));
      },
    },
  );
  assert.equal(r.code, 130, r.stderr);
  assert.match(r.stderr, /SIGINT: stopping every host; records written so far are kept/);
  assert.ok(records(dir).filter((x) => x.type === 'bench').length >= 1);
  const manifest = JSON.parse(readFileSync(join(results, 'int', 'run.json'), 'utf8'));
  assert.ok(manifest.hosts.every((h: { outcome: { interrupted: string | null } | null }) => h.outcome === null || h.outcome.interrupted === 'SIGINT'));
});
