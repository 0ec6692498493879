// The orchestrator with fake runners that speak the command protocol: the schedule (forks of fresh
// processes, bench by bench across live runners, the first target rotating), faults (a missing
// runtime, a crash, a hang, a corrupt line, an error record, another protocol version, a runner
// that never says hello, Ctrl-C), the adaptive phase, Bun's default, change against the previous run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fakeRunners, processAlive, runScript, tempDir, waitFor } from './support.ts';
import { adaptiveLine } from '../../../orchestrator/session.ts';

const THREE = ['--bench', 'extract_snippet', '--no-adaptive'];

function ndjsonLines(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '');
}

function benchIds(path: string): string[] {
  return ndjsonLines(path).flatMap((l) => {
    try {
      const r = JSON.parse(l);
      return r.type === 'bench' ? [r.id] : [];
    } catch {
      return [];
    }
  });
}

test('a runtime that is not installed is skipped with a note; the rest run and the exit code is 0', async () => {
  const results = tempDir();
  const r = await runScript('run-all.mjs', ['--results-dir', results, '--run-id', 'r1', '--format', 'json', '--forks', '1', ...THREE], {
    env: fakeRunners({ deno: null }),
  });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /note: deno skipped: \/nonexistent\/deno \(from ANANKE_RUNNER_DENO\) not found/);
  assert.deepEqual(readdirSync(join(results, 'r1')).sort(), ['bun-f1.log', 'bun-f1.ndjson', 'node-f1.log', 'node-f1.ndjson', 'run.json']);
  const report = JSON.parse(r.stdout);
  assert.deepEqual(
    report.columns.map((c: { label: string }) => c.label),
    ['node', 'bun'],
  );
  assert.match(r.stderr, /skipped: deno · no failures/);
});

test('nothing installed: nothing ran, exit code 3', async () => {
  const r = await runScript('run-all.mjs', ['--results-dir', tempDir(), ...THREE], { env: fakeRunners({ node: null, bun: null, deno: null }) });
  assert.equal(r.code, 3);
  assert.match(r.stderr, /none of the requested runtimes is installed; nothing ran/);
});

test('an unknown bench id is refused before any runner starts (exit code 2)', async () => {
  const results = tempDir();
  const log = join(results, 'log');
  const r = await runScript('run-all.mjs', ['--results-dir', results, '--bench', 'typescript_extraction_99'], { env: fakeRunners({ node: `--log ${log}` }) });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^error: no bench in any suite matches 'typescript_extraction_99'; valid bench ids: extract_snippet_50b, /m);
  assert.equal(existsSync(log), false);
  assert.deepEqual(readdirSync(results), []);
});

test('bench by bench: every target measures a bench before the next bench starts, the first target rotating; a fresh process per fork', async () => {
  const results = tempDir();
  const log = join(results, 'order.log');
  const all = `--log ${log}`;
  const r = await runScript(
    'run-all.mjs',
    ['--results-dir', results, '--run-id', 'order', '--forks', '2', '--order', 'fixed', '--format', 'markdown', ...THREE],
    {
      env: fakeRunners({ node: all, bun: all, deno: all }),
    },
  );
  assert.equal(r.code, 0, r.stderr);
  const runs = readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .filter((l) => l.includes(' run '));
  assert.deepEqual(runs, [
    'node run fork 1 extract_snippet_50b',
    'bun run fork 1 extract_snippet_50b',
    'deno run fork 1 extract_snippet_50b',
    'bun run fork 1 extract_snippet_200b',
    'deno run fork 1 extract_snippet_200b',
    'node run fork 1 extract_snippet_200b',
    'deno run fork 1 extract_snippet_800b',
    'node run fork 1 extract_snippet_800b',
    'bun run fork 1 extract_snippet_800b',
    'node run fork 2 extract_snippet_50b',
    'bun run fork 2 extract_snippet_50b',
    'deno run fork 2 extract_snippet_50b',
    'bun run fork 2 extract_snippet_200b',
    'deno run fork 2 extract_snippet_200b',
    'node run fork 2 extract_snippet_200b',
    'deno run fork 2 extract_snippet_800b',
    'node run fork 2 extract_snippet_800b',
    'bun run fork 2 extract_snippet_800b',
  ]);
  // Each fork's processes warm up on the fork's benches, in its order, before its first bench.
  const lines = readFileSync(log, 'utf8').trim().split('\n');
  for (const fork of [1, 2]) {
    const firstRun = lines.indexOf(`node run fork ${fork} extract_snippet_50b`);
    const warms = lines.filter((l, i) => l.includes(` warm fork ${fork} `) && i < firstRun).sort();
    assert.deepEqual(
      warms,
      ['bun', 'deno', 'node'].map((t) => `${t} warm fork ${fork} extract_snippet_50b,extract_snippet_200b,extract_snippet_800b`),
    );
  }
  assert.equal(lines.filter((l) => l.includes(' warm ')).length, 6);
  // Extra figures in the first fork only.
  assert.deepEqual(
    readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('node start')),
    ['node start fork 1 extras true', 'node start fork 2 extras false'],
  );
  assert.ok(existsSync(join(results, 'order', 'deno-f2.ndjson')));
  const pid = (file: string) => JSON.parse(ndjsonLines(join(results, 'order', file))[0]!).fork;
  assert.deepEqual([pid('node-f1.ndjson'), pid('node-f2.ndjson')], [1, 2]);
  assert.equal(r.stdout.split('\n')[0], '| bench | node 0.0.1-fake, 2 forks | bun 0.0.1-fake, 2 forks | deno 0.0.1-fake, 2 forks |');
  const manifest = JSON.parse(readFileSync(join(results, 'order', 'run.json'), 'utf8'));
  assert.deepEqual(
    [
      manifest.kind,
      manifest.benches.length,
      manifest.plan.forks,
      manifest.plan.order,
      manifest.plan.prewarm,
      manifest.outcome.forks,
      manifest.outcome.failures,
    ],
    ['ananke-bench-run', 3, 2, 'fixed', true, 2, []],
  );
});

test("--pin: each runner's main thread measures on that core, a thread it starts later keeps every core; --pin off pins nothing", async () => {
  const results = tempDir();
  const log = join(results, 'cores.log');
  if (process.platform !== 'linux') {
    // Affinity is set on Linux only; elsewhere the run says so and measures unpinned.
    const r = await runScript('run-all.mjs', ['--results-dir', results, '--forks', '1', ...THREE, '--runtime', 'node', '--pin', '0'], { env: fakeRunners() });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /· not pinned: core affinity is set on Linux only \(this is \w+\)\n/);
    return;
  }
  const own = /^Cpus_allowed_list:\s*(\S+)$/m.exec(readFileSync('/proc/self/status', 'utf8'))![1]!;
  const core = Number(own.split(/[-,]/)[0]);
  const args = ['--results-dir', results, '--forks', '1', '--order', 'fixed', ...THREE, '--runtime', 'node,bun'];
  const pinned = await runScript('run-all.mjs', [...args, '--run-id', 'pinned', '--pin', String(core)], {
    env: fakeRunners({ node: `--log ${log} --affinity`, bun: `--log ${log} --affinity` }),
  });
  assert.equal(pinned.code, 0, pinned.stderr);
  assert.match(pinned.stderr, new RegExp(`· measuring threads on core ${core}\\n`));
  const cores = () =>
    readFileSync(log, 'utf8')
      .split('\n')
      .filter((l) => l.includes(' cores '))
      .sort();
  // The worker starts during the first bench, after the pinning: it inherits the core once, then gets every core back.
  const many = own.includes('-') || own.includes(',');
  const later = many ? own : String(core);
  assert.deepEqual(
    cores(),
    [
      `node cores fork 1 extract_snippet_50b ${core} ${core}`,
      `bun cores fork 1 extract_snippet_50b ${core} ${core}`,
      `node cores fork 1 extract_snippet_200b ${core} ${later}`,
      `bun cores fork 1 extract_snippet_200b ${core} ${later}`,
      `node cores fork 1 extract_snippet_800b ${core} ${later}`,
      `bun cores fork 1 extract_snippet_800b ${core} ${later}`,
    ].sort(),
  );
  assert.deepEqual(JSON.parse(readFileSync(join(results, 'pinned', 'run.json'), 'utf8')).plan.pin, { mode: 'fixed', core, allCores: own });

  // The default: per bench the core a probe finds least slowed, the same for every target of that bench.
  writeFileSync(log, '');
  const probed = await runScript('run-all.mjs', [...args, '--run-id', 'probed'], {
    env: fakeRunners({ node: `--log ${log} --affinity`, bun: `--log ${log} --affinity` }),
  });
  assert.equal(probed.code, 0, probed.stderr);
  const manifest = JSON.parse(readFileSync(join(results, 'probed', 'run.json'), 'utf8'));
  if (many) {
    assert.match(probed.stderr, /· measuring threads on one core per bench, the least slowed of \d+(, \d+)+\n/);
    assert.equal(manifest.plan.pin.mode, 'probe');
    assert.equal(
      Object.values(manifest.outcome.coreTurns as Record<string, number>).reduce((a, b) => a + b, 0),
      3,
    );
    for (const id of ['extract_snippet_50b', 'extract_snippet_200b', 'extract_snippet_800b']) {
      const mains = cores()
        .filter((l) => l.includes(` ${id} `))
        .map((l) => l.split(' ').at(-2));
      assert.equal(mains.length, 2);
      assert.equal(mains[0], mains[1], `${id}: both targets on one core`);
      assert.match(mains[0]!, /^\d+$/);
    }
  } else assert.match(probed.stderr, /· not pinned: one core\n/);

  writeFileSync(log, '');
  const off = await runScript('run-all.mjs', [...args, '--run-id', 'off', '--pin', 'off'], {
    env: fakeRunners({ node: `--log ${log} --affinity`, bun: `--log ${log} --affinity` }),
  });
  assert.equal(off.code, 0, off.stderr);
  assert.match(off.stderr, /· not pinned \(--pin off\)\n/);
  assert.deepEqual(new Set(cores().map((l) => l.split(' ').slice(-2).join(' '))), new Set([`${own} ${own}`]));
  assert.equal(JSON.parse(readFileSync(join(results, 'off', 'run.json'), 'utf8')).plan.pin, null);

  const wrong = await runScript('run-all.mjs', [...args, '--run-id', 'wrong', '--pin', '4096'], { env: fakeRunners() });
  assert.equal(wrong.code, 2, wrong.stderr);
  assert.match(wrong.stderr, new RegExp(`error: --pin 4096: this process may run on cores ${own} only`));
  const word = await runScript('run-all.mjs', [...args, '--run-id', 'word', '--pin', 'last'], { env: fakeRunners() });
  assert.equal(word.code, 2, word.stderr);
  assert.match(word.stderr, /error: --pin last: expected probe, a core number \(0, 1, …\) or off/);
});

test('--no-prewarm: no process warm-up; a runner that dies warming up is reported and a fresh process takes its fork', async () => {
  const results = tempDir();
  const log = join(results, 'warm.log');
  const without = await runScript(
    'run-all.mjs',
    ['--results-dir', results, '--run-id', 'cold', '--forks', '1', '--no-adaptive', '--no-prewarm', '--runtime', 'node'],
    {
      env: fakeRunners({ node: `--log ${log}` }),
    },
  );
  assert.equal(without.code, 0, without.stderr);
  assert.deepEqual(
    readFileSync(log, 'utf8')
      .split('\n')
      .filter((l) => l.includes(' warm ')),
    [],
  );
  assert.equal(JSON.parse(readFileSync(join(results, 'cold', 'run.json'), 'utf8')).plan.prewarm, false);

  const crashed = await runScript(
    'run-all.mjs',
    ['--results-dir', results, '--run-id', 'dies', '--forks', '1', '--no-adaptive', '--order', 'fixed', '--runtime', 'node,bun'],
    {
      env: fakeRunners({ node: `--log ${log} --mode crash-warm`, bun: `--log ${log}` }),
    },
  );
  assert.equal(crashed.code, 3, crashed.stderr);
  assert.match(crashed.stderr, /node fork 1: died during its warm-up: .*\(log .*node-f1\.log\)/);
  assert.match(crashed.stderr, /node fork 1: starting a fresh process for this fork/);
  // The fresh process (it dies in fork 1's warm-up too) is measured without one; every bench has its figure on both runtimes.
  const benches = (file: string) => ndjsonLines(join(results, 'dies', file)).filter((l) => l.includes('"type":"bench"')).length;
  assert.deepEqual([benches('node-f1.ndjson'), benches('bun-f1.ndjson')], [3, 3]);

  // A runner from before the warm command (an older revision's, in bench:compare): no target warms up, so all are measured alike.
  writeFileSync(log, '');
  const older = await runScript('run-all.mjs', ['--results-dir', results, '--run-id', 'older', '--forks', '2', '--no-adaptive', '--runtime', 'node,bun'], {
    env: fakeRunners({ node: `--log ${log} --no-warm`, bun: `--log ${log}` }),
  });
  assert.equal(older.code, 0, older.stderr);
  assert.deepEqual(
    readFileSync(log, 'utf8')
      .split('\n')
      .filter((l) => l.includes(' warm ')),
    [],
  );
  assert.equal(older.stderr.match(/note: no process warm-up in this run: node cannot do it \(a runner from before the warm command\)/g)?.length, 1);
});

test('a shuffled order is recorded with its seed and gives each fork its own order', async () => {
  const results = tempDir();
  const log = join(results, 'order.log');
  const r = await runScript('run-all.mjs', ['--results-dir', results, '--run-id', 's', '--forks', '4', '--seed', '5', '--runtime', 'node', ...THREE], {
    env: fakeRunners({ node: `--log ${log}` }),
  });
  assert.equal(r.code, 0, r.stderr);
  const orders = [1, 2, 3, 4].map((f) =>
    readFileSync(log, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith(`node run fork ${f} `))
      .map((l) => l.split(' ').at(-1))
      .join(),
  );
  assert.ok(new Set(orders).size > 1, orders.join(' / '));
  assert.equal(JSON.parse(readFileSync(join(results, 's', 'run.json'), 'utf8')).plan.seed, 5);
  assert.match(r.stderr, /shuffled order \(seed 5\)/);
});

test('a runner crashing mid-fork: its records are kept, a fresh process takes the rest of the fork, the others finish, exit code 3', async () => {
  const results = tempDir();
  const r = await runScript(
    'run-all.mjs',
    ['--results-dir', results, '--run-id', 'crash', '--format', 'markdown', '--order', 'fixed', '--forks', '1', ...THREE],
    { env: fakeRunners({ bun: '--mode crash --after 1' }) },
  );
  assert.equal(r.code, 3);
  // One record before the crash; the line cut off mid-write is kept as it arrived; the fresh process measured the third bench.
  assert.deepEqual(benchIds(join(results, 'crash', 'bun-f1.ndjson')), ['extract_snippet_50b', 'extract_snippet_800b']);
  assert.match(readFileSync(join(results, 'crash', 'bun-f1.ndjson'), 'utf8'), /"cut off mid-wri\n/);
  assert.deepEqual(benchIds(join(results, 'crash', 'deno-f1.ndjson')), ['extract_snippet_50b', 'extract_snippet_200b', 'extract_snippet_800b']);
  assert.match(r.stderr, /bun fork 1: died during extract_snippet_200b: exited with code 3/);
  assert.match(r.stderr, /bun fork 1: starting a fresh process for the rest of this fork/);
  assert.match(r.stderr, /failed: 1 planned measurement\(s\) produced no record \(e\.g\. bun fork 1 extract_snippet_200b: /);
  assert.match(r.stdout, /\| `extract_snippet_200b` \(clew\) \| [^|]+ \| ∅ no result \| [^|]+ \|/);
});

test('a hanging runner is killed at the timeout, its records kept; a fresh process and the others finish', async () => {
  const results = tempDir();
  const pidFile = join(results, 'node.pid');
  const r = await runScript('run-all.mjs', ['--results-dir', results, '--run-id', 'hang', '--timeout', '3', '--forks', '1', '--order', 'fixed', ...THREE], {
    env: fakeRunners({ node: `--mode hang --after 1 --pid-file ${pidFile}` }),
  });
  assert.equal(r.code, 3);
  assert.match(r.stderr, /node fork 1: hung during extract_snippet_200b: no reply within 3 s \(hung\); killed/);
  assert.deepEqual(benchIds(join(results, 'hang', 'node-f1.ndjson')), ['extract_snippet_50b', 'extract_snippet_800b']);
  assert.equal(benchIds(join(results, 'hang', 'bun-f1.ndjson')).length, 3);
  assert.match(readFileSync(join(results, 'hang', 'node-f1.log'), 'utf8'), /\[node\] hanging now/);
});

test('a corrupt line from a runner is reported with file and line; the rest is kept and shown', async () => {
  const results = tempDir();
  const r = await runScript(
    'run-all.mjs',
    ['--results-dir', results, '--run-id', 'bad', '--runtime', 'node', '--format', 'json', '--forks', '1', '--order', 'fixed', ...THREE],
    { env: fakeRunners({ node: '--mode corrupt --after 1' }) },
  );
  assert.equal(r.code, 3);
  assert.match(r.stderr, /warning: \S+\/bad\/node-f1\.ndjson:3: not valid JSON \([^)]*\): "this is not json"/);
  assert.match(r.stderr, /failed: node-f1\.ndjson:3: not valid JSON/);
  const report = JSON.parse(r.stdout);
  assert.deepEqual(
    report.rows.map((row: { id: string }) => row.id),
    ['extract_snippet_50b', 'extract_snippet_200b', 'extract_snippet_800b'],
  );
});

test('an error record from a runner fails the run and names the bench and message', async () => {
  const r = await runScript('run-all.mjs', ['--results-dir', tempDir(), '--runtime', 'deno', '--forks', '1', ...THREE], {
    env: fakeRunners({ deno: '--mode error --after 0' }),
  });
  assert.equal(r.code, 3);
  assert.match(r.stderr, /deno fork 1: error record: clew extract_snippet_\w+: fixture not found: fixtures\/missing\.ts/);
});

test('a runner of another protocol version, or one that never says hello, is dropped with the reason; the others run', async () => {
  const results = tempDir();
  const r = await runScript('run-all.mjs', ['--results-dir', results, '--run-id', 'p', '--forks', '2', ...THREE], {
    env: { ...fakeRunners({ bun: '--mode protocol' }), ANANKE_HELLO_TIMEOUT_MS: '2000' },
  });
  assert.equal(r.code, 3);
  assert.match(r.stderr, /bun fork 1: could not start: the runner speaks protocol 99, this orchestrator 1: rebuild dist\/ \(npm run build\)/);
  assert.equal(benchIds(join(results, 'p', 'node-f2.ndjson')).length, 3);
  assert.equal(existsSync(join(results, 'p', 'bun-f2.ndjson')), false);
  const silent = await runScript('run-all.mjs', ['--results-dir', tempDir(), '--runtime', 'node', '--forks', '1', ...THREE], {
    env: { ...fakeRunners({ node: '--mode silent' }), ANANKE_HELLO_TIMEOUT_MS: '1500' },
  });
  assert.equal(silent.code, 3);
  assert.match(silent.stderr, /node fork 1: could not start: no hello within 2 s/);
});

test('Ctrl-C stops every runner and keeps what was written; it says what did not run', async () => {
  const results = tempDir();
  const pidFile = join(results, 'node.pid');
  const log = join(results, 'invocations.log');
  const file = join(results, 'int', 'node-f1.ndjson');
  const r = await runScript('run-all.mjs', ['--results-dir', results, '--run-id', 'int', '--timeout', '60', '--order', 'fixed', '--forks', '2', ...THREE], {
    env: fakeRunners({ node: `--mode hang --after 1 --pid-file ${pidFile} --log ${log}`, bun: `--log ${log}` }),
    onStart: (child) => {
      waitFor(
        () =>
          existsSync(file) && benchIds(file).length === 1 && existsSync(pidFile) && readFileSync(log, 'utf8').includes('node run fork 1 extract_snippet_200b'),
        'the hang',
      ).then(() => child.kill('SIGINT'));
    },
  });
  assert.equal(r.code, 130, r.stderr);
  assert.match(r.stderr, /SIGINT: stopping the runners; records written so far are kept/);
  assert.deepEqual(benchIds(file), ['extract_snippet_50b']);
  assert.equal(processAlive(Number(readFileSync(pidFile, 'utf8'))), false);
  // Nothing started after the interrupt: no second fork.
  assert.doesNotMatch(readFileSync(log, 'utf8'), /fork 2/);
  assert.match(r.stderr, /interrupted by SIGINT: \d+ planned measurement\(s\) did not run \(node, bun, deno\)/);
  assert.match(r.stdout, /interrupted by SIGINT/);
  assert.match(r.stdout, /extract_snippet_50b/);
});

test('adaptiveLine: how many forks the adaptive phase added and why it stopped, or why it added none', () => {
  const forks = (...counts: number[]) => counts.map((n, i) => ({ fork: 4 + i, benches: Array.from({ length: n }, (_, j) => `b${j}`) }));
  assert.equal(adaptiveLine({ adaptiveForks: [], adaptiveStop: null }, 270_000, 10), null);
  assert.equal(
    adaptiveLine({ adaptiveForks: [], adaptiveStop: 'settled' }, 270_000, 10),
    'adaptive forks: none needed: every bench was within its precision goal after the base forks',
  );
  assert.equal(
    adaptiveLine({ adaptiveForks: [], adaptiveStop: 'time budget' }, 270_000, 10),
    'adaptive forks: none: the base forks left too little of the 270 s time budget for any loose bench (--time-budget SECONDS gives more)',
  );
  assert.equal(
    adaptiveLine({ adaptiveForks: [], adaptiveStop: 'fork cap' }, 270_000, 3),
    'adaptive forks: none: the loose benches already had 3 forks (--max-forks N)',
  );
  assert.equal(
    adaptiveLine({ adaptiveForks: forks(5, 2), adaptiveStop: 'time budget' }, 840_000, 12),
    'adaptive forks: 2, 7 bench(es) measured again in all; stopped: the 840 s time budget spent',
  );
  assert.equal(
    adaptiveLine({ adaptiveForks: forks(1), adaptiveStop: 'settled' }, 270_000, 10),
    'adaptive forks: 1, 1 bench(es) measured again in all; stopped: every bench within its precision goal',
  );
  assert.equal(
    adaptiveLine({ adaptiveForks: forks(1), adaptiveStop: 'interrupted' }, 270_000, 10),
    'adaptive forks: 1, 1 bench(es) measured again in all; stopped: interrupted',
  );
});

test('the adaptive phase measures again, in fresh processes, only the benches whose figures are still loose', async () => {
  const results = tempDir();
  const log = join(results, 'log');
  const r = await runScript(
    'run-all.mjs',
    ['--results-dir', results, '--run-id', 'ad', '--bench', 'extract_snippet', '--forks', '3', '--max-forks', '6', '--runtime', 'node,bun'],
    {
      env: fakeRunners({ node: `--log ${log} --jitter extract_snippet_200b`, bun: `--log ${log}` }),
    },
  );
  assert.equal(r.code, 0, r.stderr);
  const forks = (id: string) =>
    readFileSync(log, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('node run') && l.endsWith(id)).length;
  assert.deepEqual([forks('extract_snippet_50b'), forks('extract_snippet_200b'), forks('extract_snippet_800b')], [3, 6, 3]);
  assert.match(r.stderr, /fork 4: 1 bench\(es\) not yet settled, measured again in fresh processes: extract_snippet_200b/);
  const manifest = JSON.parse(readFileSync(join(results, 'ad', 'run.json'), 'utf8'));
  assert.deepEqual(
    [manifest.outcome.forks, manifest.outcome.adaptiveStop, manifest.outcome.adaptiveForks.map((f: { benches: string[] }) => f.benches.length)],
    [6, 'fork cap', [1, 1, 1]],
  );
  assert.match(r.stderr, /^adaptive forks: 3, 3 bench\(es\) measured again in all; stopped: the loose benches at 6 forks$/m);
  // A budget the base forks use up: no adaptive fork, and the run says why and what gives more.
  const short = await runScript(
    'run-all.mjs',
    ['--results-dir', results, '--run-id', 'short', '--bench', 'extract_snippet', '--forks', '3', '--time-budget', '0.001', '--runtime', 'node,bun'],
    { env: fakeRunners({ node: '--jitter extract_snippet_200b' }) },
  );
  assert.equal(short.code, 0, short.stderr);
  assert.match(
    short.stderr,
    /^adaptive forks: none: the base forks left too little of the 0\.001 s time budget for any loose bench \(--time-budget SECONDS gives more\)$/m,
  );
  assert.equal(JSON.parse(readFileSync(join(results, 'short', 'run.json'), 'utf8')).outcome.adaptiveForks.length, 0);
});

test('invoked by Bun (bun bench), the default runtime is Bun', async () => {
  const results = tempDir();
  const log = join(results, 'who.log');
  const r = await runScript('run-all.mjs', ['--results-dir', results, '--forks', '1', ...THREE], {
    env: {
      ...fakeRunners({ node: `--log ${log}`, bun: `--log ${log}`, deno: `--log ${log}` }),
      npm_config_user_agent: 'bun/1.4.5 npm/? node/v24.3.0 linux x64',
    },
  });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(
    [
      ...new Set(
        readFileSync(log, 'utf8')
          .trim()
          .split('\n')
          .map((l) => l.split(' ')[0]),
      ),
    ],
    ['bun'],
  );
  // The compact table: a header line with the one target, a line per bench.
  assert.match(r.stdout, /^bench +bun$/m);
  assert.match(r.stdout, /^extract_snippet_50b +\d/m);
});

test('change: against the newest earlier run like this one (same testbed, profile, benches, finished), named; --against picks another', async () => {
  const results = tempDir();
  const run = (id: string, extra: string, more: string[] = [], bench = 'extract_snippet') =>
    runScript(
      'run-all.mjs',
      ['--results-dir', results, '--run-id', id, '--runtime', 'node', '--forks', '2', '--format', 'markdown', '--no-adaptive', '--bench', bench, ...more],
      { env: fakeRunners({ node: extra }) },
    );
  const first = await run('a-first', '');
  assert.equal(first.code, 0, first.stderr);
  assert.doesNotMatch(first.stdout, /change: [+-]/);
  assert.match(first.stdout, /change: no earlier run like this one \(same testbed, profile and benches, finished cleanly\); pick one with --against <run>/);
  // Runs that are not like it: another machine, a crashed run, other benches, another profile.
  assert.equal((await run('b-other-testbed', '--cpu Other --slowdown 3')).code, 0);
  assert.equal((await run('c-crashed', '--slowdown 3 --mode crash --after 1')).code, 3);
  assert.equal((await run('d-fewer-benches', '--slowdown 3', [], 'extract_snippet_50b')).code, 0);
  assert.equal((await run('e-quick-profile', '--slowdown 3', ['--profile', 'quick'])).code, 0);
  // sampled by another definition of the profile (another harness): ruled out once its records are read
  assert.equal((await run('e2-other-sampling', '--slowdown 3 --sampling-key full-0badc0de')).code, 0);
  const second = await run('f-second', '--slowdown 1.1');
  assert.equal(second.code, 0, second.stderr);
  const row = second.stdout.split('\n').find((l) => l.includes('extract_snippet_50b'))!;
  assert.match(row, /change: \+10\.0% \[\+10\.0% … \+10\.0%\] ✗ slower/);
  assert.match(second.stdout, /^change against run a-first$/m);
  assert.match(
    second.stdout,
    /^change: against run a-first \(\d{4}-\d\d-\d\d \d\d:\d\d, full, 3 benches\); 5 newer run\(s\) passed over \(newest: e2-other-sampling: sampled otherwise \(full-0badc0de, not fake-full\)\)$/m,
  );
  assert.match(second.stdout, /against a-first: 3 slower, 0 faster, 0 same, 0 unsure/);
  // --against names the run to compare with, and says how it differs.
  const asked = await run('g-asked', '--slowdown 1.1', ['--against', 'b-other-testbed']);
  assert.match(asked.stdout, /change: against run b-other-testbed \([^)]*\), as asked \(unlike this one: another testbed \(Other · 2 cores · linux x64\)\)/);
  assert.match(asked.stdout.split('\n').find((l) => l.includes('extract_snippet_50b'))!, /change: -63\.3% /);
  const none = await run('h-none', '', ['--against', 'none']);
  assert.doesNotMatch(none.stdout, /change: [+-]/);
  const unknown = await run('i-unknown', '', ['--against', 'no-such-run']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /error: --against no-such-run: no such run/);
});

test('--list-runs lists the results folder: suites, profile, targets, forks, date, outcome, testbed', async () => {
  const results = tempDir();
  const base = ['--results-dir', results, '--runtime', 'node,bun', '--forks', '2', '--format', 'json', ...THREE];
  assert.equal((await runScript('run-all.mjs', [...base, '--run-id', 'r1'], { env: fakeRunners() })).code, 0);
  assert.equal(
    (await runScript('run-all.mjs', [...base, '--run-id', 'r2', '--suite', 'clew'], { env: fakeRunners({ bun: '--mode crash --after 0' }) })).code,
    3,
  );
  const list = await runScript('run-all.mjs', ['--results-dir', results, '--list-runs'], { env: fakeRunners() });
  assert.equal(list.code, 0, list.stderr);
  const lines = list.stdout.trimEnd().split('\n');
  assert.match(lines[0]!, /^run +started \(UTC\) +outcome +profile +suites +benches +targets +forks +testbed$/);
  assert.match(lines[1]!, /r1 +\d{4}-\d\d-\d\d \d\d:\d\d +complete +full +all +3 +node 0\.0\.1-fake, bun 0\.0\.1-fake +2 +Fake CPU · 2 cores · linux x64$/);
  assert.match(lines[2]!, /r2 +\d{4}-\d\d-\d\d \d\d:\d\d +failed +full +clew +3 +node 0\.0\.1-fake, bun 0\.0\.1-fake +2 +Fake CPU · 2 cores · linux x64$/);
  assert.equal(lines.length, 3);
});

test('a bad option or a bad value is one clear line, no stack trace', async () => {
  const r = await runScript('run-all.mjs', ['--forks', 'zero'], { env: fakeRunners() });
  assert.equal(r.code, 2);
  assert.equal(r.stderr.trim(), 'error: --forks zero: expected a whole number ≥ 1');
  const f = await runScript('run-all.mjs', ['--format', 'html', ...THREE], { env: fakeRunners() });
  assert.equal(f.stderr.trim(), 'error: --format html: unknown format (use table, markdown, json, bmf, github-benchmark, csv)');
  const w = await runScript('run-all.mjs', ['--warmup', 'lots'], { env: fakeRunners() });
  assert.equal(w.stderr.trim(), 'error: --warmup lots: expected steady or fixed:MILLISECONDS');
});

test('a readable CPU governor other than performance is warned about up front', async () => {
  const sysfs = tempDir();
  for (const [cpu, governor] of [
    ['cpu0', 'powersave'],
    ['cpu1', 'performance'],
  ]) {
    mkdirSync(join(sysfs, cpu!, 'cpufreq'), { recursive: true });
    writeFileSync(join(sysfs, cpu!, 'cpufreq', 'scaling_governor'), `${governor}\n`);
  }
  const args = ['--results-dir', tempDir(), '--runtime', 'node', '--forks', '1', ...THREE];
  const r = await runScript('run-all.mjs', args, { env: { ...fakeRunners(), ANANKE_CPU_SYSFS: sysfs } });
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stderr.split('\n')[0]!,
    /^warning: CPU governor is powersave\/performance, not performance: timings will drift\. Check: cat \/sys\/devices\/system\/cpu\/cpu0\/cpufreq\/scaling_governor; set: sudo cpupower frequency-set -g performance$/,
  );
  writeFileSync(join(sysfs, 'cpu0', 'cpufreq', 'scaling_governor'), 'performance\n');
  const quiet = await runScript('run-all.mjs', ['--results-dir', tempDir(), '--runtime', 'node', '--forks', '1', ...THREE], {
    env: { ...fakeRunners(), ANANKE_CPU_SYSFS: sysfs },
  });
  assert.doesNotMatch(quiet.stderr, /governor/);
});

test("a run never writes into an earlier run's folder: a reused --run-id is refused and the old records stay", async () => {
  const results = tempDir();
  const args = ['--results-dir', results, '--run-id', 'same', '--runtime', 'node', '--forks', '1', ...THREE];
  const first = await runScript('run-all.mjs', [...args, '--format', 'json'], { env: fakeRunners() });
  assert.equal(first.code, 0, first.stderr);
  const before = readFileSync(join(results, 'same', 'node-f1.ndjson'), 'utf8');
  const second = await runScript('run-all.mjs', args, { env: fakeRunners() });
  assert.notEqual(second.code, 0);
  assert.match(second.stderr, /same already holds a run; pick another --run-id/);
  assert.equal(readFileSync(join(results, 'same', 'node-f1.ndjson'), 'utf8'), before);
});

test('--rerun-noisy measures a cell with noisy measurements again until three are clean; the table marks what was set aside', async () => {
  const results = tempDir();
  const log = join(results, 'log');
  const r = await runScript(
    'run-all.mjs',
    [
      '--results-dir',
      results,
      '--run-id',
      'noisy',
      '--runtime',
      'node',
      '--bench',
      'extract_snippet',
      '--forks',
      '3',
      '--no-adaptive',
      '--rerun-noisy',
      '--format',
      'markdown',
    ],
    {
      env: fakeRunners({ node: `--log ${log} --contended extract_snippet_200b:1,2` }),
    },
  );
  assert.equal(r.code, 0, r.stderr);
  const forks = (id: string) =>
    readFileSync(log, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('node run') && l.endsWith(id)).length;
  // Forks 1 and 2 were contended: two more forks give it three clean measurements.
  assert.deepEqual([forks('extract_snippet_50b'), forks('extract_snippet_200b'), forks('extract_snippet_800b')], [3, 5, 3]);
  assert.match(r.stdout, /\| `extract_snippet_200b` \(clew\) \| \*\*20\.0 µs \[20\.0–20\.0 µs\] ~2\/5 noisy\*\*/);
  assert.match(r.stdout, /1 noisy cell\(s\)/);
});

test('before each bench the orchestrator waits until the other runners are quiet; --no-settle starts at once', async () => {
  const events = (file: string) =>
    readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => {
        const [who, event, at] = l.split(' ');
        return { who: who!, event: event!, at: Number(at) };
      });
  /** Benches another runner started while node was still busy after its own bench. */
  const startedWhileBusy = (file: string) => {
    const all = events(file);
    return all.filter((e, i) => {
      if (e.event !== 'start' || e.who === 'node') return false;
      const lastNodeStart = all.slice(0, i).findLast((x) => x.who === 'node' && x.event === 'start');
      const end = all.find((x) => x.who === 'node' && x.event === 'busy-end' && lastNodeStart !== undefined && x.at >= lastNodeStart.at);
      return lastNodeStart !== undefined && end !== undefined && e.at < end.at;
    }).length;
  };
  const results = tempDir();
  const on = join(results, 'on.stamps');
  const off = join(results, 'off.stamps');
  const runs = (stamps: string) => fakeRunners({ node: `--busy-after 200 --stamps ${stamps}`, bun: `--stamps ${stamps}`, deno: `--stamps ${stamps}` });
  const settled = await runScript('run-all.mjs', ['--results-dir', results, '--run-id', 'on', '--forks', '1', '--order', 'fixed', ...THREE], { env: runs(on) });
  assert.equal(settled.code, 0, settled.stderr);
  const outcome = JSON.parse(readFileSync(join(results, 'on', 'run.json'), 'utf8')).outcome;
  // 9 measurements; node's first two benches are each followed by another runner's (its third by its own exit)
  assert.equal(outcome.settle.waits, 9);
  assert.ok(outcome.settle.busy >= 1, JSON.stringify(outcome.settle));
  assert.ok(outcome.settle.waitedMs >= 150, JSON.stringify(outcome.settle));
  assert.match(settled.stderr, /settling: [0-9.]+ s waited before 9 measurements \(\d+ found a runner busy\)/);
  const plain = await runScript('run-all.mjs', ['--results-dir', results, '--run-id', 'off', '--forks', '1', '--order', 'fixed', '--no-settle', ...THREE], {
    env: runs(off),
  });
  assert.equal(plain.code, 0, plain.stderr);
  assert.equal(JSON.parse(readFileSync(join(results, 'off', 'run.json'), 'utf8')).outcome.settle, null);
  assert.doesNotMatch(plain.stderr, /settling:/);
  // without the wait, the next runner starts while node is still busy
  assert.ok(startedWhileBusy(off) >= 1, readFileSync(off, 'utf8'));
});
