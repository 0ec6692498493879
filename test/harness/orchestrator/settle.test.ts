// Waiting for quiet runners before a bench (orchestrator/settle.ts): the wait under a fake clock
// whose processes burn CPU on a script, the run's tally, and the Linux CPU reader on real processes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { procCpuNs, settle, settleLine, SettleTally, type SettleClock, type SettlePolicy } from '../../../orchestrator/settle.ts';

const POLICY: SettlePolicy = { windowMs: 10, idleShare: 0.05, maxMs: 300, pollMs: 2 };

/**
 * A clock that advances only when the code sleeps; each pid's CPU time follows `busy(pid, t)`, the
 * share of a core it uses at time t (ms), integrated over the elapsed time.
 */
function fakeClock(busy: (pid: number, t: number) => number, unreadable: readonly number[] = []): SettleClock & { reads: number } {
  let t = 0;
  const cpu = new Map<number, number>();
  const clock = {
    reads: 0,
    now: () => t,
    cpuNs(pid: number) {
      if (unreadable.includes(pid)) return null;
      clock.reads += 1;
      return cpu.get(pid) ?? 0;
    },
    async sleep(ms: number) {
      // integrate in 0.5 ms steps
      for (let step = 0; step < ms; step += 0.5) {
        for (const pid of [1, 2, 3]) cpu.set(pid, (cpu.get(pid) ?? 0) + busy(pid, t + step) * 0.5e6);
      }
      t += ms;
    },
  };
  return clock;
}

test('quiet runners: the wait is one window', async () => {
  const result = await settle(
    [1, 2],
    POLICY,
    fakeClock(() => 0),
  );
  assert.deepEqual(result, { waitedMs: 10, settled: true, busyShare: 0 });
});

test('a runner busy for 50 ms holds the bench until a window after it went quiet', async () => {
  const result = await settle(
    [1, 2],
    POLICY,
    fakeClock((pid, t) => (pid === 2 && t < 50 ? 1 : 0)),
  );
  // at 58 ms the last 10 ms still hold 2 ms of work (20%); at 60 ms none
  assert.deepEqual(result, { waitedMs: 60, settled: true, busyShare: 0 });
});

test('light background use under the share does not hold the bench; use above it does', async () => {
  const light = await settle(
    [1],
    POLICY,
    fakeClock(() => 0.04),
  );
  assert.equal(light.waitedMs, 10);
  assert.ok(Math.abs(light.busyShare - 0.04) < 1e-9);
  // 20% of a core until 30 ms: at 38 ms the window holds 2 ms of it, 4% of the window
  const heavy = await settle(
    [1],
    POLICY,
    fakeClock((_, t) => (t < 30 ? 0.2 : 0)),
  );
  assert.equal(heavy.waitedMs, 38);
});

test('a runner busy past the cap: the bench starts at the cap, reported unsettled', async () => {
  const result = await settle(
    [1, 3],
    POLICY,
    fakeClock((pid) => (pid === 3 ? 0.5 : 0)),
  );
  assert.deepEqual(result, { waitedMs: 300, settled: false, busyShare: 0.5 });
});

test('nothing readable (another OS, remote runners): no wait at all', async () => {
  const clock = fakeClock(() => 1, [1, 2]);
  assert.deepEqual(await settle([1, 2], POLICY, clock), { waitedMs: 0, settled: true, busyShare: 0 });
  assert.deepEqual(await settle([], POLICY, clock), { waitedMs: 0, settled: true, busyShare: 0 });
});

test('a thread that ended takes its time with it: a falling total reads as quiet, not negative', async () => {
  let t = 0;
  let total = 5e8;
  const clock: SettleClock = {
    now: () => t,
    cpuNs: () => total,
    sleep: async (ms) => {
      t += ms;
      total -= 1e6;
    },
  };
  assert.deepEqual(await settle([7], POLICY, clock), { waitedMs: 10, settled: true, busyShare: 0 });
});

test('the tally: waits, busy waits, capped waits and what the others used during the benches', () => {
  const tally = new SettleTally();
  tally.add({ waitedMs: 10, settled: true, busyShare: 0 }, POLICY);
  tally.add({ waitedMs: 61, settled: true, busyShare: 0.01 }, POLICY);
  tally.add({ waitedMs: 300, settled: false, busyShare: 0.5 }, POLICY);
  tally.during(20e6, 1000);
  tally.during(-5e6, 1000);
  const summary = tally.summary();
  assert.deepEqual(summary, { waits: 3, waitedMs: 371, busy: 2, unsettled: 1, othersCpuShare: 0.01 });
  assert.equal(
    settleLine(summary),
    'settling: 0.4 s waited before 3 measurements (2 found a runner busy, 1 still busy after the cap); other runners used 1.0% of a core during the benches',
  );
});

test('Linux: the CPU time of a real process, all its threads; null for a process that is gone', async () => {
  const child = spawn(
    process.execPath,
    ['-e', 'process.stdin.once("data", () => { const end = Date.now() + 150; while (Date.now() < end) {} console.log("done"); });'],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  try {
    await new Promise((ready) => setTimeout(ready, 300));
    const before = procCpuNs(child.pid!);
    assert.ok(before !== null && before > 0, `read ${before}`);
    child.stdin.write('go\n');
    await new Promise((done) => child.stdout.once('data', done));
    const after = procCpuNs(child.pid!)!;
    // 150 ms of a busy loop, on a CPU most of that time (a loaded machine may take some of it)
    assert.ok(after - before >= 50e6, `used ${(after - before) / 1e6} ms`);
  } finally {
    child.kill();
    await new Promise((done) => child.once('exit', done));
  }
  assert.equal(procCpuNs(child.pid!), null);
});
