// What a run shows while it measures: on a terminal a progress bar with done/total, where it is,
// elapsed and the time left, rewritten in place and cut to the terminal's width; elsewhere one plain
// line per bench.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { progressBar, ProgressReporter } from '../../../orchestrator/progress.ts';

function fakeStream(columns: number) {
  const writes: string[] = [];
  return { writes, stream: { columns, isTTY: true, write: (text: string) => writes.push(text) } as unknown as NodeJS.WriteStream };
}

const step = (done: number, bench: string, target: string) => ({ done, total: 40, fork: 2, forks: 3, round: 1, rounds: 1, bench, target, adaptive: false });

test('the bar: 20 cells and a percentage', () => {
  assert.equal(progressBar(0, 40), '▕░░░░░░░░░░░░░░░░░░░░▏   0%');
  assert.equal(progressBar(14, 40), '▕███████░░░░░░░░░░░░░▏  35%');
  assert.equal(progressBar(40, 40), '▕████████████████████▏ 100%');
});

test('on a terminal: one line rewritten in place, with elapsed and the time left, cut to the width', () => {
  let now = 0;
  const { writes, stream } = fakeStream(200);
  const reporter = new ProgressReporter(stream, { tty: true, now: () => now });
  now = 0;
  reporter.step(step(1, 'cache_hit', 'node'));
  now = 90_000;
  reporter.step(step(16, 'typescript_extraction_100', 'bun'));
  assert.equal(writes[0], '\r\u001b[2K▕░░░░░░░░░░░░░░░░░░░░▏   0% 1/40 · fork 2/3 · cache_hit · node · 0 s');
  // 15 steps took 90 s: 25 left take 150 s.
  assert.equal(writes[1], '\r\u001b[2K▕████████░░░░░░░░░░░░▏  37% 16/40 · fork 2/3 · typescript_extraction_100 · bun · 1 min 30 s, 2 min 30 s left');
  const narrow = fakeStream(40);
  new ProgressReporter(narrow.stream, { tty: true, now: () => 0 }).step(step(16, 'typescript_extraction_100', 'bun'));
  // One column short of the width, so the terminal never wraps the line.
  assert.equal(narrow.writes[0], '\r\u001b[2K▕████████░░░░░░░░░░░░▏  37% 16/40 · for');
  reporter.message('note: something');
  assert.deepEqual(writes.slice(2), ['\r\u001b[2K', 'note: something\n']);
});

test('not a terminal: one plain line per bench (not per target)', () => {
  const { writes, stream } = fakeStream(80);
  const reporter = new ProgressReporter(stream, { tty: false, now: () => 0 });
  reporter.step(step(1, 'cache_hit', 'node'));
  reporter.step(step(2, 'cache_hit', 'bun'));
  reporter.step(step(3, 'cache_miss', 'node'));
  assert.deepEqual(writes, ['[fork 2/3] cache_hit (1/40, 0 s)\n', '[fork 2/3] cache_miss (3/40, 0 s)\n']);
});
