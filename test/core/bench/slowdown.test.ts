// The injected slowdown of bench:compare --inject-slowdown: each call followed by busy work lasting
// the given fraction of that call, under a clock the test drives; the spin reads the clock only
// between runs of integer steps and stops at the first reading at or past its end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { slowedDown, spinUntil } from '../../../core/bench/session.ts';
import { BenchInputError } from '../../../core/bench/types.ts';
import type { Platform } from '../../../core/platform.ts';
import { fakePlatform, withPlatform } from './fake-platform.ts';

test('spinUntil stops at the first clock reading at or past its end, and reads nothing when already there', () => {
  const readings = [100, 250, 600, 999, 1000, 5000];
  let next = 0;
  const now = (): number => readings[next++]!;
  assert.equal(spinUntil(now, 0, 1000), 5);
  assert.equal(now(), 5000);
  let reads = 0;
  assert.equal(
    spinUntil(
      () => {
        reads++;
        return 0;
      },
      1000,
      1000,
    ),
    0,
  );
  assert.equal(reads, 0);
});

test('slowedDown adds busy time of the given fraction of each call, returns the result, and refuses generators', async () => {
  // Each clock reading moves 7 ns on; the measured function takes 1,000 ns of its own.
  let clock = 0;
  const p: Platform = { ...fakePlatform({ stepNs: 0 }).platform, nowNs: () => (clock += 7) };
  await withPlatform(p, async () => {
    const slowed = slowedDown(() => {
      clock += 1000;
      return 'parsed';
    }, 0.1);
    const before = clock;
    assert.equal(slowed(), 'parsed');
    // t0 = before + 7, t1 = before + 1014: the call measured 1,007 ns, so the spin ends at the
    // first reading at or past t1 + 100.7, which is t1 + 105 (15 readings of 7 ns).
    assert.equal(clock - before, 1014 + 105);
    const plain = slowedDown(() => {
      clock += 1000;
      return 1;
    }, 0);
    const from = clock;
    assert.equal(plain(), 1);
    assert.equal(clock - from, 1014, 'a fraction of 0 adds nothing');
  });
  assert.throws(
    () =>
      slowedDown(function* () {
        yield 1;
      }, 0.1),
    (error: unknown) => error instanceof BenchInputError && /plain function/.test(error.message),
  );
});
