// The multi-lang suite's preparation: which fixtures time their parse figures under which sampling.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CATALOGUE } from '../../../core/catalogue.ts';
import { multiLangSuite } from '../../../core/bench/suites/multi-lang.ts';
import { SAMPLING } from '../../../core/bench/sampling.ts';
import type { BenchContext } from '../../../core/bench/types.ts';
import { repoPath, usePlatform } from '../../support/platform.ts';

test('the quick profile leaves the 5000-line parse figures to the full one; every other size keeps them, at 1000 lines in every fork', async () => {
  await usePlatform();
  const shared = new Map<string, unknown>();
  const seen: string[] = [];
  for (const name of ['quick', 'full'] as const) {
    const ctx: BenchContext = {
      sampling: SAMPLING[name],
      repoRoot: repoPath('.').replace(/\/\.$/, ''),
      shared,
      extras: true,
      warming: false,
      onDispose: () => {},
    };
    for (const lines of [100, 1000, 5000]) {
      const entry = CATALOGUE.find((e) => e.id === `go_extraction_${lines}`)!;
      const prepared = await multiLangSuite.prepare(entry, ctx);
      assert.ok(prepared.lines! > lines * 0.8, `${entry.id}: ${prepared.lines} lines`);
      seen.push(
        `${name} ${lines}: ${[prepared.parseAlone && 'parse', prepared.parseAndWalk && 'walk', prepared.parseFiguresEveryFork && 'every fork'].filter(Boolean).join(' ')}`,
      );
    }
  }
  assert.deepEqual(seen, [
    'quick 100: parse walk',
    'quick 1000: parse walk every fork',
    'quick 5000: ',
    'full 100: parse walk',
    'full 1000: parse walk every fork',
    'full 5000: parse walk',
  ]);
});
