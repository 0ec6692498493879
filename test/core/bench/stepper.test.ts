// Stepping a measured function outside mitata (deno bench): plain and generator forms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stepper } from '../../../core/bench/stepper.ts';

test('a plain function is called with no arguments', async () => {
  let calls = 0;
  const s = stepper(() => ++calls);
  assert.equal(s.perCallSetup, false);
  assert.equal(s.call(await s.setup()), 1);
  assert.equal(s.call(await s.setup()), 2);
});

test("a generator bench's parameter is computed afresh by setup before each call", async () => {
  let next = 0;
  const seen: number[] = [];
  const s = stepper(function* () {
    yield {
      0: () => next++,
      bench: (key: number) => {
        seen.push(key);
        return key * 10;
      },
    };
  });
  assert.equal(s.perCallSetup, true);
  assert.equal(s.call(await s.setup()), 0);
  assert.equal(s.call(await s.setup()), 10);
  assert.deepEqual(seen, [0, 1]);
});
